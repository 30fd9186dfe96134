"""The network layer: one pooled httpx client with the manners and limits a feed reader needs.

Every fetch is bounded (global and per-host concurrency, connect/read timeouts, one overall
deadline, a byte cap on the raw and on the decoded body, decoded by `reader.core.decoding`) and
every network failure becomes a `FetchError` whose ``reason`` is one short line fit to show next
to a feed (worded in `reader.core.http_errors`).
"""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType

import httpx

from reader import __version__
from reader.core.decoding import BodyDecoder, BodyTooLarge, DecodeError
from reader.core.host_pools import HostPools
from reader.core.http_errors import (
    MiB,
    failure_reason,
    format_seconds,
    format_size,
    printable,
    show_url,
    status_reason,
)
from reader.core.models import FetchResult
from reader.core.text import CleanError
from reader.core.url_safety import is_private_host

__all__ = [
    "FEED_ACCEPT",
    "PAGE_ACCEPT",
    "FetchError",
    "HttpClient",
    "NetworkSettings",
]

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8"
ACCEPT_ENCODING = "gzip, deflate, br"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_RETRY_STATUS = frozenset({429, 503})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_DRAIN_BYTES = 64 * 1024  # error and redirect bodies up to this are read to keep the connection


@dataclass(slots=True)
class NetworkSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0  # per fetch, redirects and retries included; queueing excluded
    max_connections: int = 64  # at once, all hosts; a pool per host makes more cost no CPU
    max_per_host: int = 4
    max_feed_bytes: int = 10 * MiB
    max_page_bytes: int = 8 * MiB
    retries: int = 2
    backoff: float = 0.5
    max_retry_after: float = 30.0  # a longer Retry-After means "give up now", not "wait"
    max_redirects: int = 8
    user_agent: str = f"Sinmun/{__version__} (terminal news reader; python-httpx)"


class FetchError(CleanError):
    """A fetch failed; ``reason`` is one short human line ("HTTP 404 Not Found")."""


class _Retryable(FetchError):
    """A failure worth another try (connection refused/reset); never escapes `fetch`."""


@dataclass(slots=True)
class _Reply:
    url: httpx.URL
    status: int
    headers: httpx.Headers
    body: bytes = b""


def _parse_url(raw: str) -> httpx.URL:
    try:
        url = httpx.URL(raw)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        detail = printable(str(exc))
        raise FetchError(f"malformed URL: {detail[:1].lower()}{detail[1:]}") from None
    if not url.scheme:
        raise FetchError("malformed URL: not absolute (expected http:// or https://)")
    if url.scheme not in _DEFAULT_PORTS:
        raise FetchError(f"unsupported URL scheme '{printable(url.scheme, 20)}'")
    if not url.host:
        raise FetchError("malformed URL: no host")
    if "%" in url.host or " " in url.host:
        raise FetchError(f"malformed URL: bad host '{printable(url.host, 60)}'")
    if url.port is not None and not 0 < url.port < 65536:
        raise FetchError(f"malformed URL: bad port {url.port}")
    return url


def _host_key(url: httpx.URL) -> str:
    return f"{url.host}:{url.port or _DEFAULT_PORTS[url.scheme]}"


def _header_ok(value: str) -> bool:
    # Stored validators go back on the wire verbatim; a corrupt one must not break the fetch.
    return value.isascii() and value.isprintable()


def _retry_after(headers: httpx.Headers) -> float | None:
    """Retry-After as seconds from now (delta-seconds or an HTTP date), None when absent/bad."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(seconds, 0.0) if math.isfinite(seconds) else None


class HttpClient:
    """Owns ONE httpx.AsyncClient; use it from one event loop and close it (``async with``)."""

    def __init__(
        self,
        settings: NetworkSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        s = self.settings = settings or NetworkSettings()
        self._client = httpx.AsyncClient(
            # A pool per host (see host_pools): the semaphores below bound the connections.
            transport=transport or HostPools(s.max_per_host, keep_hosts=s.max_connections),
            timeout=httpx.Timeout(
                connect=s.connect_timeout,
                read=s.read_timeout,
                write=s.read_timeout,
                pool=s.connect_timeout,
            ),
            follow_redirects=False,
            headers={"User-Agent": s.user_agent},
        )
        self._global = asyncio.Semaphore(s.max_connections)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        accept: str = FEED_ACCEPT,
    ) -> FetchResult:
        """GET ``url`` (a feed by default); raises FetchError with a short reason."""
        target = _parse_url(url)
        cap = self.settings.max_feed_bytes if max_bytes is None else max_bytes
        headers = {"Accept": accept, "Accept-Encoding": ACCEPT_ENCODING}
        if etag and _header_ok(etag):
            headers["If-None-Match"] = etag
        if last_modified and _header_ok(last_modified):
            headers["If-Modified-Since"] = last_modified
        try:
            async with asyncio.timeout(self.settings.total_timeout) as deadline:
                result = await self._follow(target, headers, cap, deadline)
        except TimeoutError:
            raise FetchError(
                f"timed out after {format_seconds(self.settings.total_timeout)} s"
            ) from None
        if result.not_modified:
            result.etag = result.etag or etag
            result.last_modified = result.last_modified or last_modified
        return result

    async def fetch_page(self, url: str) -> FetchResult:
        """GET an article page: HTML Accept header and the page byte cap."""
        return await self.fetch(url, max_bytes=self.settings.max_page_bytes, accept=PAGE_ACCEPT)

    async def _follow(
        self, url: httpx.URL, headers: dict[str, str], cap: int, deadline: asyncio.Timeout
    ) -> FetchResult:
        seen = {str(url)}
        all_permanent = True
        retries_left = [self.settings.retries]  # shared by every hop of this fetch
        for _hop in range(self.settings.max_redirects + 1):
            reply = await self._with_retries(url, headers, cap, deadline, retries_left)
            if reply.status not in _REDIRECTS:
                return self._result(reply, url, all_permanent and len(seen) > 1)
            all_permanent = all_permanent and reply.status in _PERMANENT
            url = self._next_hop(reply)
            if str(url) in seen:
                raise FetchError("redirect loop")
            seen.add(str(url))
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})")

    @staticmethod
    def _next_hop(reply: _Reply) -> httpx.URL:
        location = reply.headers.get("location", "").strip()
        if not location:
            raise FetchError(f"{status_reason(reply.status)} without a Location")
        try:
            nxt = reply.url.join(location)
        except (httpx.InvalidURL, ValueError):
            raise FetchError(f"bad redirect Location '{printable(location, 60)}'") from None
        if nxt.scheme not in _DEFAULT_PORTS:
            raise FetchError(f"refused redirect to non-http URL {show_url(nxt)}")
        try:
            target = _parse_url(str(nxt))
        except FetchError as exc:
            raise FetchError(f"bad redirect: {exc.reason}") from None
        # A public server must not steer us into this machine or the user's network (SSRF).
        if is_private_host(target.host) and not is_private_host(reply.url.host):
            raise FetchError(f"refused redirect to a private address {show_url(target)}")
        return target

    @staticmethod
    def _result(reply: _Reply, url: httpx.URL, permanent: bool) -> FetchResult:
        if reply.status != 304 and not 200 <= reply.status < 300:
            raise FetchError(status_reason(reply.status))
        headers = {k.lower(): v for k, v in reply.headers.items()}
        return FetchResult(
            url=str(url),
            status_code=reply.status,
            body=reply.body,  # empty for a 304: its body is never read
            headers=headers,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            not_modified=reply.status == 304,
            permanent_redirect=str(url) if permanent else None,
        )

    async def _with_retries(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        cap: int,
        deadline: asyncio.Timeout,
        retries_left: list[int],
    ) -> _Reply:
        s = self.settings
        attempt = 0
        while True:
            hint: float | None = None
            try:
                reply = await self._exchange(url, headers, cap, deadline)
            except _Retryable as exc:
                reason = exc.reason
            else:
                if reply.status not in _RETRY_STATUS:
                    return reply
                reason = status_reason(reply.status)
                hint = _retry_after(reply.headers)
            if retries_left[0] <= 0:
                raise FetchError(reason)
            remaining = _remaining(deadline)
            if hint is not None:
                if hint > s.max_retry_after or hint >= remaining:
                    # The server asked for more patience than this fetch has: say so now.
                    wait = f"retry after {math.ceil(hint)} s"
                    if reason.endswith(")"):
                        raise FetchError(f"{reason[:-1]}, {wait})")
                    raise FetchError(f"{reason} ({wait})")
                delay = hint
            else:
                delay = s.backoff * 2**attempt
                delay += random.uniform(0, delay / 4)  # jitter: spread out synchronized retries
                if delay >= remaining:
                    raise FetchError(reason)
            retries_left[0] -= 1
            attempt += 1
            await asyncio.sleep(delay)

    async def _exchange(
        self, url: httpx.URL, headers: dict[str, str], cap: int, deadline: asyncio.Timeout
    ) -> _Reply:
        """One request/response under the concurrency limits; the body read only for a 2xx."""
        encoding = ""
        async with self._slot(url, deadline):
            try:
                request = self._client.build_request("GET", url, headers=headers)
                response = await self._client.send(request, stream=True)
                try:
                    encoding = response.headers.get("content-encoding", "")
                    body = b""
                    if 200 <= response.status_code < 300:
                        body = await _read_capped(response, cap)
                    elif _drainable(response):
                        # Read to the end of the message, or the connection cannot be reused:
                        # an unread 304 cost a new connection for every feed on every refresh.
                        # Raw and discarded: decoding a short brotli body could cost gigabytes.
                        with suppress(httpx.HTTPError, OSError):
                            async for _ in response.aiter_raw():
                                pass
                finally:
                    await response.aclose()
            except (httpx.HTTPError, OSError) as exc:
                reason, retry = failure_reason(exc, url, printable(encoding, 20))
                raise (_Retryable if retry else FetchError)(reason) from None
        return _Reply(url=url, status=response.status_code, headers=response.headers, body=body)

    @asynccontextmanager
    async def _slot(self, url: httpx.URL, deadline: asyncio.Timeout) -> AsyncIterator[None]:
        """Hold a per-host and a global slot. Time spent queueing does not count against the
        fetch's deadline: with hundreds of feeds, the last in line must not time out unserved."""
        host = self._hosts.get(key := _host_key(url))
        if host is None:
            host = self._hosts[key] = asyncio.Semaphore(self.settings.max_per_host)
        loop = asyncio.get_running_loop()
        started, when = loop.time(), deadline.when()
        deadline.reschedule(None)
        try:
            await host.acquire()
            try:
                await self._global.acquire()
            except BaseException:
                host.release()
                raise
        finally:
            if when is not None:
                deadline.reschedule(when + (loop.time() - started))
        try:
            yield
        finally:
            self._global.release()
            host.release()


def _remaining(deadline: asyncio.Timeout) -> float:
    when = deadline.when()
    return math.inf if when is None else when - asyncio.get_running_loop().time()


def _drainable(response: httpx.Response) -> bool:
    """A response without a body (304) or with a short one, cheap to read to its end."""
    if response.status_code == 304:
        return True
    declared = response.headers.get("content-length", "")
    return declared.isdigit() and int(declared) <= _DRAIN_BYTES


async def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """The decoded body, refused as soon as the raw or the decoded bytes would pass ``cap``.

    Every body the client returns comes through here. It reads the raw bytes and decodes them
    with `reader.core.decoding`, never httpx's decoders: those expand a whole network chunk at
    once, so a compression bomb reached gigabytes before any count could stop it.
    """
    too_big = f"body larger than {format_size(cap)}"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(too_big)
    if response.is_stream_consumed:  # built in memory (httpx.MockTransport): nothing to stream
        if len(response.content) > cap:
            raise FetchError(too_big)
        return response.content
    chunks: list[bytes] = []
    size = 0
    try:
        decoder = BodyDecoder(response.headers.get("content-encoding", ""), cap)
        async for raw in response.aiter_raw():
            size += len(raw)
            if size > cap:
                raise FetchError(too_big)
            chunks.extend(decoder.feed(raw))
        chunks.extend(decoder.end())
    except BodyTooLarge:
        raise FetchError(too_big) from None
    except DecodeError as exc:
        raise FetchError(exc.reason) from None
    return b"".join(chunks)
