"""Politeness: the configured per-host cap holds during a real refresh (while different hosts
proceed side by side), a failing feed is marked with its reason and a growing failure count,
and a feed that keeps failing is not fetched again until a backoff has passed.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import pytest

from reader.newsroom import Newsroom
from tests.robustness.conftest import open_service, sinmun, write_config

FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Counted</title>'
    b"<item><title>one</title><guid>%s</guid></item></channel></rss>"
)


class Counting:
    """Tiny HTTP servers on several loopback hosts that record concurrent requests per host."""

    def __init__(self, hosts: list[str], delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.now: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.total_now = 0
        self.total_peak = 0
        self.servers = [ThreadingHTTPServer((h, 0), self._handler()) for h in hosts]
        for s in self.servers:
            s.daemon_threads = True
            threading.Thread(
                target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            ).start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        counting = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                host = self.server.server_address[0]
                with counting.lock:
                    counting.now[host] += 1
                    counting.total_now += 1
                    counting.peak[host] = max(counting.peak[host], counting.now[host])
                    counting.total_peak = max(counting.total_peak, counting.total_now)
                time.sleep(counting.delay)
                with counting.lock:
                    counting.now[host] -= 1
                    counting.total_now -= 1
                body = FEED % self.path.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def urls(self, per_host: int) -> list[str]:
        return [
            f"http://{s.server_address[0]}:{s.server_address[1]}/feed/{i}.xml"
            for s in self.servers
            for i in range(per_host)
        ]

    def close(self) -> None:
        for s in self.servers:
            s.shutdown()
            s.server_close()


@pytest.fixture
def counting() -> Iterator[Counting]:
    servers = Counting(["127.0.0.2", "127.0.0.3"], delay=0.25)
    yield servers
    servers.close()


async def test_per_host_cap_holds_during_a_refresh(tmp_path: Path, counting: Counting) -> None:
    urls = counting.urls(per_host=4)  # twice the cap: two rounds per host
    service = open_service(tmp_path / "data", urls, max_per_host=2, max_connections=32)
    try:
        results = await service.refresh()
    finally:
        await service.aclose()
    assert all(r.status == "ok" for r in results), results
    assert dict(counting.peak) == {"127.0.0.2": 2, "127.0.0.3": 2}
    assert counting.total_peak == 4  # the hosts did not wait for each other


def test_a_failing_feed_is_marked_and_then_rested(tmp_path: Path, newsroom: Newsroom) -> None:
    bad, good = newsroom.url("/faults/500"), newsroom.url("/feeds/mudeung/rss.xml")
    config = write_config(tmp_path / "c.toml", [bad, good], "[network]\nretries = 0\n")
    args = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
    for _ in range(2):
        assert sinmun(*args, "refresh").code == 0
    # the third refresh comes within the backoff after two failures: not fetched, but said
    third = {r["url"]: r for r in sinmun(*args, "refresh", "--json").json()}
    assert third[bad]["status"] == "error"
    assert "failed 2 times in a row; next try after" in third[bad]["error"]
    feeds = {f["url"]: f for f in sinmun(*args, "feeds", "list", "--json").json()}
    assert feeds[bad]["last_error"] == "HTTP 500 Internal Server Error"
    assert feeds[good]["last_error"] is None
    listed = sinmun(*args, "feeds", "list").text
    assert "failing: HTTP 500 Internal Server Error" in listed
    service = open_service(tmp_path / "d", [bad, good])
    try:
        counts = {f.url: f.error_count for f in service.feeds()}
    finally:
        service.close()
    assert counts == {bad: 2, good: 0}


# --- backoff across refreshes ----------------------------------------------------
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_next_attempt_backs_off_and_is_capped() -> None:
    from reader.core.decisions import next_attempt  # type: ignore[attr-defined]

    assert next_attempt(0, NOW) == NOW  # healthy feeds: whenever the user refreshes
    assert next_attempt(1, NOW) == NOW  # one failure is often a glitch: try again next time
    delays = [next_attempt(n, NOW) - NOW for n in range(2, 12)]
    assert delays[0] == timedelta(minutes=10)
    assert all(a < b for a, b in pairwise(delays) if b < timedelta(days=1))
    assert delays == sorted(delays)
    assert max(delays) == timedelta(days=1)
    assert next_attempt(10**6, NOW) == NOW + timedelta(days=1)  # no overflow, same cap


async def test_a_feed_failing_for_days_is_not_hammered(tmp_path: Path, newsroom: Newsroom) -> None:
    url = newsroom.url("/faults/500?hammer=1")
    clock = [NOW]
    service = open_service(tmp_path / "data", [url], retries=0)
    service.now = lambda: clock[0]
    try:
        for day in range(6):  # fails once a day for six days
            if day:
                clock[0] += timedelta(days=1)
            [result] = await service.refresh()
            assert result.status == "error"
        assert service.feeds()[0].error_count == 6
        before = len(newsroom.requests_to(url))
        clock[0] += timedelta(minutes=1)
        for _ in range(5):  # the user hits "r" five times in the next minute
            [result] = await service.refresh()
            assert result.status == "error" and result.error  # still shown as failing
        assert len(newsroom.requests_to(url)) == before
    finally:
        await service.aclose()
