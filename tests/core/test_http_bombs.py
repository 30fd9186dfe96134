"""Compression bombs and odd codings through the real client, against a server on 127.0.0.1.

The fetches run in ONE child process under a 1.5 GB address-space limit, so a decoder that
expands a bomb in full fails with MemoryError there instead of taking the machine down. The
child reports, per fetch, the reason it saw and its tracemalloc peak, and its own peak RSS.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import brotli
import pytest

from tests.core.bombs import MiB, zeros_brotli, zeros_deflate, zeros_gzip

# Hostile input: the test process stays under the memory budget (tests/memory.py).
pytestmark = pytest.mark.usefixtures("memory_budget")

BODY = b"<rss><channel><title>Sinmun bombs</title></channel></rss>"
FEED_CAP, PAGE_CAP = 1 * MiB, 2 * MiB
HTML = "text/html; charset=utf-8"

# path: (status, Content-Encoding, body, Content-Type). Built once, in about 0.1 s.
ROUTES: dict[str, tuple[int, str, bytes, str]] = {
    "/br-bomb": (200, "br", zeros_brotli(256), "application/rss+xml"),  # 4 GiB in 3.6 KB
    "/gzip-gzip": (200, "gzip, gzip", gzip.compress(zeros_gzip(256)), "application/rss+xml"),
    "/deflate-bomb": (200, "deflate", zeros_deflate(256), "application/rss+xml"),  # 266 KB
    "/three": (200, "gzip, gzip, gzip", gzip.compress(gzip.compress(gzip.compress(BODY))), ""),
    "/zstd": (200, "zstd", BODY, "application/rss+xml"),
    "/truncated": (200, "gzip", gzip.compress(BODY * 20)[:-20], "application/rss+xml"),
    "/corrupt": (200, "gzip", b"\x1f\x8b\x08\x00" + b"\xff" * 40, "application/rss+xml"),
    "/gzip-br": (200, "gzip, br", brotli.compress(gzip.compress(BODY)), "application/rss+xml"),
    "/page-bomb": (200, "br", zeros_brotli(256), HTML),
    # Bodies the client only drains to keep the connection: never to be decoded.
    "/redirect-bomb": (301, "br", zeros_brotli(256), HTML),
    "/404-bomb": (404, "br", zeros_brotli(256), HTML),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/ok":
            status, coding, body, ctype = 200, "", BODY, "application/rss+xml"
        else:
            status, coding, body, ctype = ROUTES[self.path]
        self.send_response(status)
        if coding:
            self.send_header("Content-Encoding", coding)
        if ctype:
            self.send_header("Content-Type", ctype)
        if status == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except ConnectionError:  # the client refused the body: that is the point
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # refused bodies are expected
            super().handle_error(request, client_address)  # type: ignore[arg-type]


CHILD = r"""
import asyncio, json, resource, sys, tracemalloc

limit = 1536 * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from reader.core.http import FetchError, HttpClient, NetworkSettings

async def main(jobs, feed_cap, page_cap):
    s = NetworkSettings(connect_timeout=5, read_timeout=10, total_timeout=30, retries=0,
                        max_feed_bytes=feed_cap, max_page_bytes=page_cap)
    out = {}
    async with HttpClient(s) as client:
        tracemalloc.start()
        for kind, url in jobs:
            if kind == "page":
                from reader.core.extract.fetch import fetch_article  # before the measure
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            try:
                if kind == "page":
                    result = "ok " + (await fetch_article(client, url)).text()[:80]
                else:
                    result = "ok " + (await client.fetch(url)).body[:80].decode("latin-1")
            except FetchError as exc:
                result = exc.reason
            except BaseException as exc:  # MemoryError: the protection is missing
                result = type(exc).__name__
            out[url.rsplit("/", 1)[1]] = [result, tracemalloc.get_traced_memory()[1] - before]
    from tests.memory import own_peak_rss  # the child's own peak, nothing inherited

    maxrss = own_peak_rss()
    print(json.dumps({"results": out, "maxrss": maxrss}))

asyncio.run(main(*json.loads(sys.argv[1])))
"""


@pytest.fixture(scope="module")
def child() -> Iterator[dict[str, Any]]:
    """Serve ROUTES and fetch every one of them in a memory-limited child process."""
    server = Server(("127.0.0.1", 0), Handler)
    # A short poll: shutdown() waits for it (0.5 s by default).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    jobs = [
        ["page" if path.startswith("/page") else "feed", f"http://{host}:{port}{path}"]
        for path in ROUTES
    ]
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps([jobs, FEED_CAP, PAGE_CAP])],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-2000:]
    yield json.loads(done.stdout)


def result(child: dict[str, Any], path: str) -> str:
    return child["results"][path.lstrip("/")][0]


def peak(child: dict[str, Any], path: str) -> int:
    return child["results"][path.lstrip("/")][1]


@pytest.mark.parametrize("path", ["/br-bomb", "/gzip-gzip", "/deflate-bomb"])
def test_bombs_are_refused_at_the_cap_with_bounded_memory(child: dict[str, Any], path: str):
    assert result(child, path) == "body larger than 1 MiB"
    # The cap plus a few decoding steps: unbounded decoders hold 64 MiB (one 64 KiB network
    # read of deflate) to 4 GiB (brotli, gzip in gzip) at once.
    assert peak(child, path) < FEED_CAP + 3 * MiB


def test_an_article_page_bomb_is_refused_at_the_page_cap(child: dict[str, Any]):
    assert result(child, "/page-bomb") == "body larger than 2 MiB"
    assert peak(child, "/page-bomb") < PAGE_CAP + 3 * MiB


@pytest.mark.parametrize("path", ["/redirect-bomb", "/404-bomb"])
def test_drained_bodies_are_never_decoded(child: dict[str, Any], path: str):
    expected = "ok " + BODY.decode() if path == "/redirect-bomb" else "HTTP 404 Not Found"
    assert result(child, path) == expected
    assert peak(child, path) < 3 * MiB


def test_the_whole_run_stayed_small(child: dict[str, Any]):
    assert child["maxrss"] < 300 * MiB, child  # about 80 MB


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/three", "too many content encodings (gzip, gzip, gzip; at most 2)"),
        ("/zstd", "unsupported content encoding 'zstd'"),
        ("/truncated", "could not decode the gzip body (truncated data)"),
        ("/corrupt", "could not decode the gzip body (corrupt data)"),
    ],
)
def test_bad_codings_are_one_clear_line(child: dict[str, Any], path: str, reason: str):
    assert result(child, path) == reason


def test_stacked_codings_decode_in_reverse_order(child: dict[str, Any]):
    assert result(child, "/gzip-br") == "ok " + BODY.decode()
