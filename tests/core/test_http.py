"""The network layer against a real HTTP server on loopback (127.0.0.1 and 127.0.0.2)."""

from __future__ import annotations

import asyncio
import gzip
import re
import socket
import sys
import threading
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import httpx
import pytest

from reader.core.http import FEED_ACCEPT, FetchError, HttpClient, NetworkSettings

KiB = 1024
MiB = 1024 * KiB
BODY = b"<rss><channel><title>Sinmun test</title></channel></rss>"


@dataclass
class ServerState:
    """What the handlers saw; reset before every test."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)  # frees hanging handlers
    hits: Counter[str] = field(default_factory=Counter)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    times: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    peers: list[tuple[str, int]] = field(default_factory=list)  # client (host, port) per request
    inflight: Counter[str] = field(default_factory=Counter)
    max_inflight: Counter[str] = field(default_factory=Counter)
    total_inflight: int = 0
    max_total_inflight: int = 0

    def reset(self) -> None:
        """Forget what earlier tests did. A handler one of them left hanging (/hang, /drip) is
        freed and waited for first: ending later, it would count itself out of this test."""
        self.release.set()
        deadline = time.monotonic() + 5
        while self.total_inflight and time.monotonic() < deadline:
            time.sleep(0.005)
        self.release.clear()
        with self.lock:
            for c in (self.hits, self.inflight, self.max_inflight):
                c.clear()
            self.headers.clear()
            self.times.clear()
            self.peers.clear()
            self.total_inflight = self.max_total_inflight = 0


_BOMB: list[bytes] = []


def bomb() -> bytes:
    """20 MB of zeros, gzipped to ~20 KB (built once)."""
    if not _BOMB:
        _BOMB.append(gzip.compress(bytes(20 * 1000 * 1000), compresslevel=9))
    return _BOMB[0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without NODELAY, Nagle plus delayed ACK
        # add ~40 ms to every response (and to every timing these tests measure).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    # -- helpers ---------------------------------------------------------------------------
    def send(self, status: int, body: bytes = BODY, **headers: str) -> None:
        self.send_response(status)
        headers.setdefault("Content-Type", "application/rss+xml; charset=utf-8")
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, status: int, location: str) -> None:
        self.send(status, b"", Location=location)

    def hang(self) -> None:
        self.server.state.release.wait(10)
        self.close_connection = True

    # -- routing ---------------------------------------------------------------------------
    def do_GET(self) -> None:
        state = self.server.state
        path = self.path
        host = self.server.server_address[0]
        with state.lock:
            state.hits[path] += 1
            state.headers[path] = {k.lower(): v for k, v in self.headers.items()}
            state.times[path].append(time.monotonic())
            state.peers.append(self.client_address[:2])
            state.inflight[host] += 1
            state.max_inflight[host] = max(state.max_inflight[host], state.inflight[host])
            state.total_inflight += 1
            state.max_total_inflight = max(state.max_total_inflight, state.total_inflight)
        try:
            self.route(path, state.hits[path])
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with state.lock:
                state.inflight[host] -= 1
                state.total_inflight -= 1

    def route(self, path: str, hit: int) -> None:
        if path == "/ok":
            self.send(200)
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, b"", ETag='"v1"')
            else:
                self.send(200, ETag='"v1"', Last_Modified="Tue, 24 Nov 2026 02:00:00 GMT")
        elif path == "/304-bare":  # a 304 that repeats no validators
            self.send(304, b"")
        elif path == "/gzip":
            self.send(200, gzip.compress(BODY), Content_Encoding="gzip")
        elif path == "/br":
            self.send(200, brotli.compress(BODY), Content_Encoding="br")
        elif path == "/deflate":
            self.send(200, zlib.compress(BODY), Content_Encoding="deflate")
        elif path == "/deflate-raw":  # no zlib wrapper: browsers accept it, so do we
            raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            self.send(200, raw.compress(BODY) + raw.flush(), Content_Encoding="deflate")
        elif path == "/gzip-br":  # gzip applied first, then br
            self.send(200, brotli.compress(gzip.compress(BODY)), Content_Encoding="gzip, br")
        elif path == "/bad-gzip":
            self.send(200, b"this is not gzip at all", Content_Encoding="gzip")
        elif path == "/bomb":
            self.send(200, bomb(), Content_Encoding="gzip")
        elif path == "/declared-big":  # declares 5 MiB, sends a little, then stalls
            self.send_response(200)
            self.send_header("Content-Length", str(5 * MiB))
            self.end_headers()
            self.wfile.write(b"x" * 100)
            self.wfile.flush()
            self.hang()
        elif path == "/undeclared-big":  # 2 MiB with no Content-Length (ends at close)
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            for _ in range(32):
                self.wfile.write(b"y" * (64 * KiB))
        elif path == "/lie":  # promises 1000 bytes, sends 10 and hangs up
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.close_connection = True
        elif path == "/hang":
            self.hang()
        elif path == "/drip":  # one byte every 0.1 s: never a read timeout, always too slow
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                if self.server.state.release.wait(0.1):
                    break
                self.wfile.write(b".")
                self.wfile.flush()
            self.close_connection = True
        elif path == "/slow":  # 0.1 s of work: long enough for requests to overlap
            time.sleep(0.1)
            self.send(200)
        elif m := re.fullmatch(r"/chain/([\d-]+)", path):  # /chain/301-302 → … → /ok
            code, _, rest = m[1].partition("-")
            self.redirect(int(code), f"/chain/{rest}" if rest else "/ok")
        elif path == "/loop/a":
            self.redirect(302, "/loop/b")
        elif path == "/loop/b":
            self.redirect(301, "http://{}:{}/loop/a".format(*self.server.server_address))
        elif path == "/to-ftp":
            self.redirect(301, "ftp://files.example.org/feed.xml")
        elif path == "/to-host2":
            self.redirect(301, f"http://127.0.0.2:{self.server.server_address[1]}/ok")
        elif path == "/429-then-ok":
            if hit == 1:
                self.send(429, b"slow down", Retry_After="1")
            else:
                self.send(200)
        elif path == "/503-always":
            self.send(503, b"down")
        elif path == "/429-long":
            self.send(429, b"", Retry_After="120")
        elif path == "/503-date":  # Retry-After as an HTTP date two minutes ahead
            when = datetime.now(UTC) + timedelta(seconds=121)
            self.send(503, b"", Retry_After=format_datetime(when, usegmt=True))
        elif path == "/429-past-deadline":
            self.send(429, b"", Retry_After="5")
        elif path == "/reset-once":
            if hit == 1:
                self.close_connection = True  # hang up without a response
            else:
                self.send(200)
        elif path == "/404":
            self.send(404, b"nope")
        elif path == "/500":
            self.send(500, b"oops")
        else:
            self.send(404, b"unknown test path")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, host: str, port: int, state: ServerState) -> None:
        self.state = state
        super().__init__((host, port), Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients hanging up on purpose (aborted bodies, timeouts) are not test failures.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def url(self, path: str) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{path}"


@dataclass
class Servers:
    one: Server  # 127.0.0.1
    two: Server  # 127.0.0.2, same port: only the host name differs
    state: ServerState

    def url(self, path: str) -> str:
        return self.one.url(path)


@pytest.fixture(scope="module")
def servers_module() -> Iterator[Servers]:
    state = ServerState()
    one = Server("127.0.0.1", 0, state)
    two = Server("127.0.0.2", one.server_address[1], state)
    threads = [  # a short poll: shutdown() waits for it (the default 0.5 s, at every module end)
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for s in (one, two)
    ]
    for t in threads:
        t.start()
    yield Servers(one, two, state)
    state.release.set()
    for s in (one, two):
        s.shutdown()
        s.server_close()


@pytest.fixture
def servers(servers_module: Servers) -> Servers:
    servers_module.state.reset()
    return servers_module


def settings(**overrides: float) -> NetworkSettings:
    base: dict[str, float] = {
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "total_timeout": 2.0,
        "max_feed_bytes": 1 * MiB,
        "retries": 2,
        "backoff": 0.01,
    }
    base.update(overrides)
    return NetworkSettings(**base)  # type: ignore[arg-type]


async def fetch_error(
    url: str, s: NetworkSettings | None = None, *, guard: float = 10, **kw: object
) -> FetchError:
    """The FetchError a fetch raises; ``guard`` stops a broken protection from hanging the run."""
    async with HttpClient(s or settings()) as client:
        with pytest.raises(FetchError) as info:
            await asyncio.wait_for(client.fetch(url, **kw), guard)  # type: ignore[arg-type]
    return info.value


# -- requests, headers, validators ---------------------------------------------------------


async def test_plain_get_sends_honest_headers_and_returns_lowercase_headers(servers: Servers):
    s = settings()
    async with HttpClient(s) as client:
        result = await client.fetch(servers.url("/ok"))
    sent = servers.state.headers["/ok"]
    assert sent["user-agent"] == s.user_agent
    assert s.user_agent.startswith("Sinmun/")
    assert sent["accept"] == FEED_ACCEPT
    assert sent["accept-encoding"] == "gzip, deflate, br"
    assert "if-none-match" not in sent and "if-modified-since" not in sent
    assert result.status_code == 200 and result.body == BODY and not result.not_modified
    assert result.url == servers.url("/ok")
    assert result.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert all(k == k.lower() for k in result.headers)
    assert result.permanent_redirect is None


async def test_page_fetch_uses_its_own_accept_and_cap(servers: Servers):
    async with HttpClient(settings(max_page_bytes=10)) as client:
        with pytest.raises(FetchError, match="body larger than 10 bytes"):
            await client.fetch_page(servers.url("/ok"))
    assert servers.state.headers["/ok"]["accept"].startswith("text/html")


async def test_conditional_get_sends_validators_and_maps_304(servers: Servers):
    async with HttpClient(settings()) as client:
        first = await client.fetch(servers.url("/etag"))
        assert first.etag == '"v1"' and first.last_modified == "Tue, 24 Nov 2026 02:00:00 GMT"
        second = await client.fetch(
            servers.url("/etag"), etag=first.etag, last_modified=first.last_modified
        )
    sent = servers.state.headers["/etag"]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 24 Nov 2026 02:00:00 GMT"
    assert second.not_modified and second.status_code == 304 and second.body == b""
    assert second.etag == '"v1"'
    # The 304 did not repeat Last-Modified: the one we passed in is kept.
    assert second.last_modified == "Tue, 24 Nov 2026 02:00:00 GMT"


async def test_304_and_short_error_replies_leave_the_connection_reusable(servers: Servers):
    # An unread 304 used to cost a new connection per feed per refresh (a TLS handshake each).
    async with HttpClient(settings()) as client:
        for _ in range(3):
            assert (await client.fetch(servers.url("/etag"), etag='"v1"')).not_modified
        with pytest.raises(FetchError, match="HTTP 404"):
            await client.fetch(servers.url("/404"))
        assert (await client.fetch(servers.url("/ok"))).body == BODY
    assert len(servers.state.peers) == 5
    assert len(set(servers.state.peers)) == 1


async def test_304_without_validators_keeps_the_ones_passed_in(servers: Servers):
    async with HttpClient(settings()) as client:
        result = await client.fetch(servers.url("/304-bare"), etag='"old"', last_modified="x")
    assert result.not_modified and (result.etag, result.last_modified) == ('"old"', "x")


async def test_corrupt_stored_validator_is_not_sent(servers: Servers):
    async with HttpClient(settings()) as client:
        result = await client.fetch(servers.url("/ok"), etag='"a\nb"', last_modified="мир")
    assert result.status_code == 200
    assert "if-none-match" not in servers.state.headers["/ok"]
    assert "if-modified-since" not in servers.state.headers["/ok"]


# -- bodies --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/gzip", "/br", "/deflate", "/deflate-raw", "/gzip-br"])
async def test_compressed_bodies_are_decoded(servers: Servers, path: str):
    async with HttpClient(settings()) as client:
        result = await client.fetch(servers.url(path))
    assert result.body == BODY


async def test_corrupt_gzip_is_a_clear_error(servers: Servers):
    err = await fetch_error(servers.url("/bad-gzip"))
    assert err.reason == "could not decode the gzip body (corrupt data)"


async def test_declared_length_over_cap_fails_before_reading(servers: Servers):
    # The server stalls after 100 bytes: only the up-front Content-Length check ends this fast.
    start = time.monotonic()
    err = await fetch_error(servers.url("/declared-big"), settings(read_timeout=5, total_timeout=5))
    assert err.reason == "body larger than 1 MiB"
    assert time.monotonic() - start < 0.8


async def test_streamed_body_over_cap_is_refused(servers: Servers):
    err = await fetch_error(servers.url("/undeclared-big"))
    assert err.reason == "body larger than 1 MiB"
    async with HttpClient(settings(max_feed_bytes=4 * MiB)) as client:
        result = await client.fetch(servers.url("/undeclared-big"))
    assert len(result.body) == 2 * MiB


async def test_gzip_bomb_is_capped_on_decoded_bytes(servers: Servers):
    assert len(bomb()) < 1 * MiB  # small on the wire: only the decoded count can catch it
    err = await fetch_error(servers.url("/bomb"))
    assert err.reason == "body larger than 1 MiB"
    err = await fetch_error(servers.url("/bomb"), max_bytes=5 * MiB)
    assert err.reason == "body larger than 5 MiB"


async def test_content_length_lie_is_a_clear_error(servers: Servers):
    err = await fetch_error(servers.url("/lie"))
    assert err.reason == "connection closed before the whole body arrived"


# -- timeouts ------------------------------------------------------------------------------


async def test_hanging_server_ends_at_total_timeout(servers: Servers):
    s = settings(read_timeout=10, total_timeout=0.5)
    start = time.monotonic()
    err = await fetch_error(servers.url("/hang"), s)
    elapsed = time.monotonic() - start
    assert err.reason == "timed out after 0.5 s"
    assert 0.45 < elapsed < 1.1


async def test_hanging_server_hits_read_timeout(servers: Servers):
    err = await fetch_error(servers.url("/hang"), settings(read_timeout=0.3, retries=0))
    assert err.reason == "read timed out"


async def test_drip_feed_ends_at_total_timeout(servers: Servers):
    # Every read gets a byte well within read_timeout; only the overall deadline stops it.
    s = settings(read_timeout=0.5, total_timeout=0.8)
    start = time.monotonic()
    err = await fetch_error(servers.url("/drip"), s)
    elapsed = time.monotonic() - start
    assert err.reason == "timed out after 0.8 s"
    assert 0.75 < elapsed < 1.4


# -- redirects -----------------------------------------------------------------------------


async def test_permanent_redirect_chain(servers: Servers):
    async with HttpClient(settings()) as client:
        result = await client.fetch(servers.url("/chain/301-308"))
    assert result.body == BODY and result.url == servers.url("/ok")
    assert result.permanent_redirect == servers.url("/ok")
    assert servers.state.hits["/chain/301-308"] == servers.state.hits["/chain/308"] == 1


async def test_one_temporary_hop_makes_the_redirect_temporary(servers: Servers):
    async with HttpClient(settings()) as client:
        result = await client.fetch(servers.url("/chain/301-302"))
    assert result.url == servers.url("/ok") and result.permanent_redirect is None


async def test_redirect_to_other_host_is_followed(servers: Servers):
    async with HttpClient(settings()) as client:
        result = await client.fetch(servers.url("/to-host2"))
    assert result.url == servers.two.url("/ok") and result.permanent_redirect == result.url


async def test_redirect_loop_is_detected(servers: Servers):
    err = await fetch_error(servers.url("/loop/a"))
    assert err.reason == "redirect loop"
    assert servers.state.hits["/loop/a"] == 1 and servers.state.hits["/loop/b"] == 1


async def test_too_many_redirects(servers: Servers):
    err = await fetch_error(servers.url("/chain/302-302-302"), settings(max_redirects=2))
    assert err.reason == "too many redirects (more than 2)"
    async with HttpClient(settings(max_redirects=3)) as client:
        assert (await client.fetch(servers.url("/chain/302-302-302"))).body == BODY


async def test_redirect_to_non_http_is_refused(servers: Servers):
    err = await fetch_error(servers.url("/to-ftp"))
    assert err.reason == "refused redirect to non-http URL ftp://files.example.org/feed.xml"


# -- retries -------------------------------------------------------------------------------


async def test_429_retry_after_is_honoured_then_succeeds(servers: Servers):
    async with HttpClient(settings(total_timeout=3)) as client:
        result = await client.fetch(servers.url("/429-then-ok"))
    assert result.body == BODY
    first, second = servers.state.times["/429-then-ok"]
    assert 0.95 <= second - first < 1.6  # Retry-After: 1, not the 0.01 s backoff


async def test_503_retries_exhausted(servers: Servers):
    err = await fetch_error(servers.url("/503-always"), settings(retries=2))
    assert err.reason == "HTTP 503 Service Unavailable"
    assert servers.state.hits["/503-always"] == 3


async def test_retry_after_too_long_fails_immediately(servers: Servers):
    start = time.monotonic()
    # The deadline would allow the wait: only max_retry_after (30 s) refuses it.
    s = settings(total_timeout=200)
    err = await fetch_error(servers.url("/429-long"), s, guard=2)
    assert err.reason == "rate limited (HTTP 429, retry after 120 s)"
    err = await fetch_error(servers.url("/503-date"), s, guard=2)
    assert re.fullmatch(r"HTTP 503 Service Unavailable \(retry after 12[01] s\)", err.reason)
    assert time.monotonic() - start < 1
    assert servers.state.hits["/429-long"] == servers.state.hits["/503-date"] == 1


async def test_retry_after_past_the_deadline_fails_immediately(servers: Servers):
    start = time.monotonic()
    err = await fetch_error(servers.url("/429-past-deadline"), settings(total_timeout=2))
    assert err.reason == "rate limited (HTTP 429, retry after 5 s)"
    assert time.monotonic() - start < 1 and servers.state.hits["/429-past-deadline"] == 1


async def test_dropped_connection_is_retried(servers: Servers):
    async with HttpClient(settings()) as client:
        result = await client.fetch(servers.url("/reset-once"))
    assert result.body == BODY and servers.state.hits["/reset-once"] == 2


@pytest.mark.parametrize(
    ("path", "reason"), [("/404", "HTTP 404 Not Found"), ("/500", "HTTP 500 Internal Server Error")]
)
async def test_other_errors_are_not_retried(servers: Servers, path: str, reason: str):
    err = await fetch_error(servers.url(path))
    assert err.reason == reason and servers.state.hits[path] == 1


async def test_connection_refused_is_retried_then_reported():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    start = time.monotonic()
    err = await fetch_error(f"http://127.0.0.1:{port}/", settings(retries=2, backoff=0.1))
    assert err.reason == "connection refused"
    assert time.monotonic() - start >= 0.3  # backoff 0.1 then 0.2: two retries happened


# -- URLs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/feed", "unsupported URL scheme 'ftp'"),
        ("feeds/rss.xml", "malformed URL: not absolute (expected http:// or https://)"),
        ("http://", "malformed URL: no host"),
        ("http://exa mple.org/", "malformed URL: bad host 'exa%20mple.org'"),
        ("http://example.org:99999/", "malformed URL: bad port 99999"),
        ("http://[::1/", "malformed URL: invalid port: ':1'"),
    ],
)
async def test_bad_urls_are_refused_cleanly(url: str, reason: str):
    assert (await fetch_error(url)).reason == reason


# -- concurrency ---------------------------------------------------------------------------


async def test_per_host_limit_and_hosts_are_independent(servers: Servers):
    s = settings(max_per_host=2, max_connections=10)
    urls = [servers.url("/slow")] * 6 + [servers.two.url("/slow")] * 6
    async with HttpClient(s) as client:
        results = await asyncio.gather(*(client.fetch(u) for u in urls))
    assert all(r.body == BODY for r in results)
    assert servers.state.max_inflight == {"127.0.0.1": 2, "127.0.0.2": 2}
    assert servers.state.max_total_inflight == 4  # both hosts ran side by side


async def test_global_limit(servers: Servers):
    s = settings(max_per_host=10, max_connections=3)
    urls = [servers.url("/slow"), servers.two.url("/slow")] * 4
    async with HttpClient(s) as client:
        await asyncio.gather(*(client.fetch(u) for u in urls))
    assert servers.state.max_total_inflight == 3


@pytest.mark.parametrize(("per_host", "overall"), [(1, 10), (10, 1)])
async def test_time_queued_behind_a_limit_does_not_count_as_timeout(
    servers: Servers, per_host: int, overall: int
):
    # Five 0.1 s fetches one at a time: the last waits ~0.4 s in line, past a 0.3 s deadline.
    s = settings(max_per_host=per_host, max_connections=overall, total_timeout=0.3)
    urls = [servers.url("/slow")] * 5 if per_host == 1 else [servers.two.url("/slow")] * 5
    async with HttpClient(s) as client:
        results = await asyncio.gather(*(client.fetch(u) for u in urls))
    assert len(results) == 5 and servers.state.max_total_inflight == 1


@pytest.mark.parametrize(
    "location",
    ["http://127.0.0.1:8080/admin", "http://[::1]/", "http://192.168.0.1/", "http://localhost/"],
)
async def test_a_public_server_cannot_redirect_into_the_private_network(location: str) -> None:
    """SSRF: a feed or page on the internet cannot make Sinmun GET this machine or the LAN."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "public.example":
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(200, text="<rss/>")

    async with HttpClient(transport=httpx.MockTransport(answer)) as client:
        with pytest.raises(FetchError, match="refused redirect to a private address"):
            await client.fetch("http://public.example/feed.xml")
    assert seen == ["http://public.example/feed.xml"]


async def test_a_private_server_may_redirect_within_the_private_network() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "http://127.0.0.2/new"})
        return httpx.Response(200, text="ok")

    async with HttpClient(transport=httpx.MockTransport(answer)) as client:
        result = await client.fetch("http://127.0.0.1/old")
    assert result.body == b"ok" and result.url == "http://127.0.0.2/new"
