"""Network faults end to end through `Service.refresh()`: each ends within its deadline with a
clear reason for that feed, and the good feed in the same refresh is stored.

tests/core/test_refresh.py covers 500, redirect loop, ftp redirect, HTML, malformed XML, reset,
a big body with Content-Length and an empty body; this adds the rest of the issue's list.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from reader.core.models import ArticleQuery
from reader.newsroom import Newsroom
from tests.robustness.conftest import open_service

TOTAL = 2.0  # the per-fetch deadline these tests run with

# path → fragment of the reason (None: the feed must come back ok)
FAULTS: dict[str, str | None] = {
    "/faults/hang": "read timed out",  # read_timeout (1 s) comes first
    "/faults/drip?interval=0.1": f"timed out after {TOTAL:g} s",  # a byte well within it
    "/faults/429?retry_after=1": "rate limited (HTTP 429)",
    "/faults/429?retry_after=120": "rate limited (HTTP 429, retry after 120 s)",
    "/faults/503?retry_after=0": "HTTP 503 Service Unavailable",
    "/faults/gzip-bomb": "body larger than 1 MiB",
    "/faults/big-chunked?mb=3": "body larger than 1 MiB",
    "/faults/wrong-length": "closed before the whole body arrived",
    "/faults/flaky?fail=1&retry_after=0": None,
    "/faults/bozo.xml": None,
}


async def test_every_fault_ends_in_time_with_its_reason_and_good_feeds_are_stored(
    tmp_path: Path, newsroom: Newsroom
) -> None:
    tag = uuid.uuid4().hex  # flaky counts attempts per URL: this run's URLs are its own
    urls = {newsroom.url(f"{p}{'&' if '?' in p else '?'}run={tag}"): p for p in FAULTS}
    # TLS-less: an https:// URL whose server speaks plain HTTP is a clear TLS error, and the
    # same server over http:// is just a feed.
    plain = newsroom.url("/feeds/ledger/rss.xml")
    https = plain.replace("http://", "https://")
    good = newsroom.url("/feeds/bitgoeul/rss.xml")
    service = open_service(
        tmp_path / "data",
        [*urls, https, plain, good],
        total_timeout=TOTAL,
        read_timeout=1.0,
        retries=1,
        backoff=0.1,
        max_feed_bytes=1024 * 1024,
    )
    started = time.monotonic()
    try:
        results = {r.url: r for r in await service.refresh()}
        elapsed = time.monotonic() - started
        for url, path in urls.items():
            result = results[url]
            expected = FAULTS[path]
            if expected is None:
                assert result.status == "ok" and result.new > 0, (path, result)
            else:
                assert result.status == "error", (path, result)
                assert expected in (result.error or ""), (path, result.error)
                assert "\n" not in result.error and len(result.error) < 120
        assert results[https].status == "error"
        assert "TLS" in results[https].error or "SSL" in results[https].error, results[https]
        for url in (plain, good):
            assert results[url].status == "ok" and results[url].new > 0
        # Everything ran concurrently: the slowest fault bounds the refresh, not their sum.
        assert elapsed < TOTAL + 4, elapsed
        stored = {f.url: f for f in service.feeds()}
        assert stored[good].total == results[good].new
        for url, path in urls.items():
            if FAULTS[path] is not None:
                assert stored[url].last_error == results[url].error
                assert stored[url].error_count == 1 and stored[url].total == 0
        assert service.count(ArticleQuery(feed_url=good)) > 0
    finally:
        await service.aclose()


async def test_retry_after_is_waited_for_then_the_feed_arrives(
    tmp_path: Path, newsroom: Newsroom
) -> None:
    url = newsroom.url(f"/faults/flaky?fail=1&status=429&retry_after=1&run={uuid.uuid4().hex}")
    service = open_service(tmp_path / "data", [url], total_timeout=10.0, retries=2)
    started = time.monotonic()
    try:
        [result] = await service.refresh()
    finally:
        await service.aclose()
    elapsed = time.monotonic() - started
    assert result.status == "ok" and result.new > 0, result
    assert 0.9 <= elapsed < 6, elapsed  # waited the second the server asked for, not more
    attempts = newsroom.requests_to(url)
    assert len([r for r in attempts if r.path.endswith(url.split("/faults/")[1])]) == 2
