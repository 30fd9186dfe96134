"""One connection pool per host: keep-alive per host, idle hosts' pools closed past a bound."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from reader.core.host_pools import HostPools

BODY = b"<rss></rss>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def do_GET(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        with server.lock:
            server.peers.append((str(server.server_address[0]), self.client_address[1]))
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, peers: list[tuple[str, int]]) -> None:
        self.lock = threading.Lock()
        self.peers = peers  # (server host, client port) per request
        super().__init__((host, port), _Handler)


@pytest.fixture
def hosts() -> Iterator[tuple[list[str], list[tuple[str, int]]]]:
    peers: list[tuple[str, int]] = []
    one = _Server("127.0.0.1", 0, peers)
    two = _Server("127.0.0.2", one.server_address[1], peers)
    for s in (one, two):
        threading.Thread(
            target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
    port = one.server_address[1]
    yield [f"http://127.0.0.1:{port}/feed", f"http://127.0.0.2:{port}/feed"], peers
    for s in (one, two):
        s.shutdown()
        s.server_close()


async def _get_all(transport: HostPools, urls: list[str]) -> None:
    async with httpx.AsyncClient(transport=transport) as client:
        for url in urls:
            assert (await client.get(url)).content == BODY


async def test_each_host_keeps_its_connection(
    hosts: tuple[list[str], list[tuple[str, int]]],
) -> None:
    urls, peers = hosts
    await _get_all(HostPools(per_host=1, keep_hosts=2), urls * 3)
    assert len(peers) == 6
    assert len(set(peers)) == 2  # one connection per host, reused in turn


async def test_least_recently_used_idle_pool_is_closed_past_the_bound(
    hosts: tuple[list[str], list[tuple[str, int]]],
) -> None:
    urls, peers = hosts
    await _get_all(HostPools(per_host=1, keep_hosts=1), urls * 2)
    assert len(set(peers)) == 4  # each switch of host closed the other's connection


async def test_a_pool_with_an_open_response_is_not_closed(
    hosts: tuple[list[str], list[tuple[str, int]]],
) -> None:
    urls, peers = hosts
    async with httpx.AsyncClient(transport=HostPools(per_host=1, keep_hosts=1)) as client:
        async with client.stream("GET", urls[0]) as first:
            assert (await client.get(urls[1])).content == BODY
            assert await first.aread() == BODY
        assert (await client.get(urls[0])).content == BODY
    hosts_seen = [host for host, _ in peers]
    assert hosts_seen == ["127.0.0.1", "127.0.0.2", "127.0.0.1"]
    assert peers[0] == peers[2]  # the first host's pool outlived the second's request
