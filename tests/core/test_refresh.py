"""Refresh through the service against a live newsroom: what a reader relies on."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.models import ArticleQuery, FeedSpec, RefreshProgress
from reader.core.parse_workers import FeedParser
from reader.core.refresh import refresh_feeds
from reader.core.retention import RetentionPolicy
from reader.core.service import Service
from reader.core.settings import Config
from reader.core.storage import StorageError
from reader.newsroom import Newsroom

_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def own_newsroom():
    # tests that publish need a newsroom of their own
    with Newsroom() as newsroom:
        yield newsroom


def open_service(tmp_path, urls, storage=None, **network) -> Service:
    config = replace(Config.default(), feeds=tuple(FeedSpec(u) for u in urls), network=network)
    if storage is not None:
        config = replace(config, storage=storage)
    return Service.open(config, tmp_path / "data")


async def test_new_entries_arrive_and_read_state_is_kept(tmp_path, own_newsroom):
    url = own_newsroom.url("/feeds/bitgoeul/rss.xml")
    service = open_service(tmp_path, [url])
    try:
        [first] = await service.refresh()
        assert first.status == "ok" and first.new == len(own_newsroom.feed_articles("bitgoeul"))
        existing = service.articles(ArticleQuery(), limit=100)
        service.set_read([a.id for a in existing], True)

        own_newsroom.publish("bitgoeul", "광주시는 오늘 새 소식을 전했다")
        [second] = await service.refresh()
        assert (second.status, second.new, second.updated) == ("ok", 1, 0)
        unread = service.articles(ArticleQuery(unread_only=True))
        assert [a.title for a in unread] == ["광주시는 오늘 새 소식을 전했다"]
        assert service.count(ArticleQuery()) == len(existing) + 1
        # done means indexed too: the full-text index has every article, none is left above it
        assert service.storage.index_fts() == 0
    finally:
        await service.aclose()


async def test_progress_reports_every_feed(tmp_path, newsroom):
    urls = [spec.url for spec in newsroom.feed_specs()] + newsroom.broken_feed_urls()
    service = open_service(tmp_path, urls)
    seen: list[RefreshProgress] = []
    try:
        results = await service.refresh(on_progress=seen.append)
    finally:
        await service.aclose()
    assert [p.done for p in seen] == list(range(1, len(urls) + 1))
    assert seen[-1].total == len(urls) and seen[-1].failed == 1
    assert [r.url for r in results] == urls  # feed-list order, whatever finished first


async def test_progress_names_the_last_feeds_still_running(tmp_path, newsroom):
    """A refresh that seems stuck near its end says which feeds it is waiting for."""
    good = [spec.url for spec in newsroom.feed_specs()]
    slow = newsroom.url("/faults/slow?delay=0.75")  # the others take 0.05-0.3 s
    service = open_service(tmp_path, [*good, slow])
    seen: list[RefreshProgress] = []
    try:
        await service.refresh(on_progress=seen.append)
    finally:
        await service.aclose()
    named = slow.split("://", 1)[1]  # never refreshed: no title yet, so its URL
    assert seen[-2].waiting == (named,)  # every other feed was done long before
    assert all(len(p.waiting) <= 3 for p in seen)
    assert all(p.waiting == () for p in seen if p.total - p.done > 3)
    assert seen[-1].waiting == ()
    # once it has a title, the title names it
    service = open_service(tmp_path, [*good, slow])
    seen.clear()
    try:
        title = service.storage.get_feed(slow).title
        await service.refresh(on_progress=seen.append)
    finally:
        await service.aclose()
    assert title.startswith("빛고을일보")  # the slow fault serves that feed
    assert seen[-2].waiting == (title,)


async def test_permanent_redirect_moves_the_feed_and_the_config_url_follows(tmp_path, newsroom):
    old = newsroom.url("/faults/moved")
    service = open_service(tmp_path, [old])
    try:
        [result] = await service.refresh()
    finally:
        await service.aclose()
    target = newsroom.url("/feeds/bitgoeul/rss.xml")
    assert result.status == "ok" and result.url == target
    # the config still names the old URL: reopening must not subscribe to it again
    again = open_service(tmp_path, [old])
    try:
        assert [f.url for f in again.feeds()] == [target]
    finally:
        again.close()


async def test_temporary_redirect_keeps_the_url(tmp_path, newsroom):
    url = newsroom.url("/faults/found")
    service = open_service(tmp_path, [url])
    try:
        [result] = await service.refresh()
        assert result.status == "ok" and result.url == url
        assert [f.url for f in service.feeds()] == [url]
    finally:
        await service.aclose()


async def test_faults_are_reported_per_feed_and_good_feeds_still_stored(tmp_path, newsroom):
    faults = {
        "/faults/500": "HTTP 500",
        "/faults/redirect-loop": "redirect loop",
        "/faults/redirect-ftp": "non-http",
        "/faults/html": "not a feed",
        "/faults/malformed.xml": "malformed XML",
        "/faults/reset": "connection",
        "/faults/big?mb=3": "larger than",
        "/faults/empty": "empty",
    }
    good = newsroom.url("/feeds/ledger/rss.xml")
    urls = [newsroom.url(path) for path in faults] + [good]
    service = open_service(tmp_path, urls, retries=0, total_timeout=5.0, max_feed_bytes=1024 * 1024)
    try:
        results = {r.url: r for r in await service.refresh()}
    finally:
        await service.aclose()
    for path, reason in faults.items():
        result = results[newsroom.url(path)]
        assert result.status == "error", (path, result)
        assert reason in result.error, (path, result.error)
    assert results[good].status == "ok" and results[good].new > 0
    reopened = open_service(tmp_path, urls)
    try:
        failing = {f.url: f for f in reopened.feeds()}
    finally:
        reopened.close()
    assert failing[newsroom.url("/faults/500")].last_error == "HTTP 500 Internal Server Error"
    assert failing[newsroom.url("/faults/500")].error_count == 1


PRESTART = """
import asyncio, sys, threading
from pathlib import Path
from reader.core.parse_workers import FeedParser

rss = Path(sys.argv[1]).read_bytes()
parser = FeedParser(processes=2)
parser.prestart()  # no other thread yet: the workers are forked now
pool = parser._pool
print(pool._mp_context.get_start_method(), len(pool._processes))

async def main():
    feeds = await asyncio.gather(
        *(parser.parse(rss, {}, "https://feeds.example.org/f.xml", many=True) for _ in range(6))
    )
    print(len({f.entries for f in feeds}), len(feeds[0].entries) > 0)

asyncio.run(main())
parser.close()
threading.Thread(target=parser.prestart).start()  # with threads running: nothing is forked
print(parser._pool)
"""


def test_parser_workers_are_forked_before_any_thread_and_only_then() -> None:
    root = Path(__file__).resolve().parents[2]
    rss = root / "tests" / "data" / "feeds" / "rss20.xml"
    out = subprocess.run(
        [sys.executable, "-c", PRESTART, str(rss)],
        capture_output=True, text=True, cwd=root, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["fork", "2", "1", "True", "None"]


async def test_a_feed_removed_mid_refresh_costs_that_feed_alone(tmp_path, own_newsroom):
    good = [spec.url for spec in own_newsroom.feed_specs()[:2]]
    slow = own_newsroom.url("/faults/slow?delay=0.5&feed=mudeung")
    service = open_service(tmp_path, good)
    try:
        service.add_feed(slow)  # not from the config: the user may remove it
        refresh = asyncio.create_task(service.refresh())
        deadline = time.monotonic() + 30
        while not own_newsroom.requests_to("/faults/slow"):
            assert time.monotonic() < deadline, "the slow feed was never asked for"
            await asyncio.sleep(0.01)
        assert service.remove_feed(slow)  # `sinmun feeds remove`, while it is on its way
        results = await refresh
    finally:
        await service.aclose()
    assert [(r.url, r.status, r.error) for r in results] == [
        (good[0], "ok", None),
        (good[1], "ok", None),
        (slow, "error", "feed removed during refresh"),
    ]


async def test_each_stored_document_is_reported_with_the_keys_it_lists(tmp_path, own_newsroom):
    url = own_newsroom.url("/feeds/bitgoeul/rss.xml")
    service = open_service(tmp_path, [url])
    heard: list[tuple[int, frozenset[str]]] = []
    try:
        client = await service.http_client()
        for _ in range(2):  # the second time the feed is unchanged: nothing stored, no report
            feeds = service.feeds()
            await refresh_feeds(
                service.storage,
                client,
                feeds,
                FeedParser(0),
                on_stored=lambda feed_id, keys: heard.append((feed_id, keys)),
            )
        keys = frozenset(a.key for a in service.articles(ArticleQuery(), limit=1000))
    finally:
        await service.aclose()
    assert keys and heard == [(feeds[0].id, keys)]


async def test_refresh_applies_retention_to_the_feeds_it_stored(tmp_path, own_newsroom):
    url = own_newsroom.url("/faults/hostile/churn/3.xml?items=3")  # 3 items + 2 fresh each time
    service = open_service(tmp_path, [url], storage=RetentionPolicy(0, 4))
    try:
        await service.refresh()
        first = service.articles(ArticleQuery(), limit=100)
        assert len(first) == 5  # over the cap, but all listed: all kept
        starred = next(a for a in first if a.title.startswith("Fresh"))
        service.set_starred(starred.id, True)
        for _ in range(2):
            await service.refresh()
        left = {a.id for a in service.articles(ArticleQuery(), limit=100)}
    finally:
        await service.aclose()
    assert len(left) == 6 and starred.id in left  # the 5 listed, and the starred one


async def test_retention_failing_leaves_the_refresh_standing(
    tmp_path, own_newsroom, caplog, monkeypatch
):
    url = own_newsroom.url("/feeds/bitgoeul/rss.xml")
    service = open_service(tmp_path, [url])

    def busy(*args, **kwargs):
        raise StorageError("database is busy")

    monkeypatch.setattr(service.storage, "prune", busy)
    try:
        with caplog.at_level(logging.WARNING, logger="reader.core.service"):
            [result] = await service.refresh()
        assert result.status == "ok" and service.count(ArticleQuery()) == result.new > 0
    finally:
        await service.aclose()
    assert "retention skipped: database is busy" in caplog.text


def test_a_parse_worker_cannot_map_more_than_its_budget() -> None:
    """The backstop behind the parsers' own budgets: in a worker, an allocation past the
    address-space budget is a MemoryError (one feed's error), not the machine's memory."""
    code = (
        "from reader.core.parse_workers import bound_memory\n"
        "bound_memory(1024**3)\n"
        "try:\n"
        "    bytearray(2 * 1024**3)\n"
        "except MemoryError:\n"
        "    print('refused')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=_ROOT
    )
    assert out.stdout.strip() == "refused", out.stderr


def test_a_memory_error_while_parsing_is_that_feeds_error(monkeypatch) -> None:
    from reader.core import parsing
    from reader.core.parse_workers import parse_and_tag
    from reader.core.parsing import FeedParseError

    def explode(*_args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(parsing, "parse_feed", explode)
    with pytest.raises(FeedParseError, match="more memory than a parse may use"):
        parse_and_tag(b"<rss/>", {}, "http://127.0.0.1/feed", ())
