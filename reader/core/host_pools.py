"""One small connection pool per host, for `reader.core.http.HttpClient`.

httpcore's pool looks at every connection it holds, and every queued request against every
connection, each time a request starts or ends. One pool shared by all hosts is then quadratic
in its size: a refresh of 200 feeds on 20 hosts cost 0.4 s of CPU in the pool at 32
connections and 0.8 s at 80, and still opened a new connection for almost every feed, because
a pool smaller than hosts × per-host limit must close one host's idle connection to open
another's. A pool per host holds at most ``per_host`` connections (what the client's per-host
limit lets run at once), so each look is a few steps and keep-alive always finds its host.

Pools of hosts no longer used are closed, least recently used first, once more than
``keep_hosts`` are open: idle sockets stay bounded in a long-running app.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx


@dataclass(slots=True)
class _Pool:
    transport: httpx.AsyncHTTPTransport
    active: int = 0  # requests whose response is not closed yet


class _Counted(httpx.AsyncByteStream):
    """A response body that tells its pool when it is closed (the request is then over)."""

    def __init__(self, stream: httpx.AsyncByteStream, pool: _Pool) -> None:
        self._stream = stream
        self._pool: _Pool | None = pool

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        if self._pool is not None:
            self._pool.active -= 1
            self._pool = None
        await self._stream.aclose()


class HostPools(httpx.AsyncBaseTransport):
    """An httpx transport: requests go to their host's own `httpx.AsyncHTTPTransport`."""

    def __init__(self, per_host: int, keep_hosts: int) -> None:
        self._limits = httpx.Limits(max_connections=per_host, max_keepalive_connections=per_host)
        self._keep_hosts = max(1, keep_hosts)
        self._pools: dict[tuple[bytes, bytes, int | None], _Pool] = {}  # oldest use first
        self._tls: ssl.SSLContext | None = None
        self._plain: ssl.SSLContext | None = None

    def _context(self, scheme: bytes) -> ssl.SSLContext:
        # Loading the CA bundle costs 20 ms of CPU: only once, and only when a host is https.
        # Plain-http pools get a context that verifies against nothing, should TLS ever be
        # asked of it, so it can never accept a certificate.
        if scheme == b"https":
            if self._tls is None:
                self._tls = httpx.create_ssl_context()
            return self._tls
        if self._plain is None:
            self._plain = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        return self._plain

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        # No await until the pool is in place, so concurrent requests never make two for a host.
        pool = self._pools.pop(key, None)
        unused: list[_Pool] = []
        if pool is None:
            unused = self._make_room()
            context = self._context(url.raw_scheme)
            pool = _Pool(httpx.AsyncHTTPTransport(verify=context, limits=self._limits))
        self._pools[key] = pool  # now the most recently used
        pool.active += 1
        try:
            for old in unused:
                await old.transport.aclose()
            response = await pool.transport.handle_async_request(request)
        except BaseException:
            pool.active -= 1
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_Counted(response.stream, pool),
            extensions=response.extensions,
        )

    def _make_room(self) -> list[_Pool]:
        """Take out the least recently used idle pools, leaving room for one more; the caller
        closes them."""
        excess = len(self._pools) + 1 - self._keep_hosts
        if excess <= 0:
            return []
        idle = [key for key, pool in self._pools.items() if not pool.active][:excess]
        return [self._pools.pop(key) for key in idle]

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.transport.aclose()
