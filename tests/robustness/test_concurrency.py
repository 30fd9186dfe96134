"""Sinmun processes sharing one data dir: the app open while cron runs `sinmun refresh`, two
refreshes at once, `sinmun feeds remove` in the middle of a refresh. Writers wait their turn:
nothing the user does is lost, no refresh fails because another process writes.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.models import ArticleQuery
from reader.newsroom import Newsroom
from tests.robustness.conftest import ROOT, Run, open_service, sinmun, write_config
from tests.robustness.proctree import wait_for


@pytest.fixture
def own_newsroom() -> Iterator[Newsroom]:
    with Newsroom() as nr:  # its own: publishes nothing, and stopping it ends slow answers
        yield nr


def _start(config: Path, data: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--config", str(config), "--data-dir", str(data), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _finish(proc: subprocess.Popen[bytes], timeout: float = 120) -> Run:
    out, err = proc.communicate(timeout=timeout)
    return Run(proc.returncode, out, err)


def _lock_holder(data: Path) -> str:
    try:
        return (data / "refresh.lock").read_text().strip()
    except OSError:
        return ""


def test_two_refreshes_of_one_data_dir_take_turns(tmp_path: Path, own_newsroom: Newsroom) -> None:
    # A slow feed keeps the first refresh running while the second starts (both start at once:
    # a second is ample for the other to reach the lock).
    urls = [spec.url for spec in own_newsroom.feed_specs()]
    urls.append(own_newsroom.url("/faults/slow?delay=1&feed=mudeung"))
    config = write_config(tmp_path / "config.toml", urls)
    data = tmp_path / "data"
    procs = [_start(config, data, "refresh", "--json") for _ in range(2)]
    runs = [_finish(proc) for proc in procs]
    for run in runs:
        assert run.code == 0, run.error
        assert run.err == b"", run.error  # waiting is not news off a terminal
        assert [r["url"] for r in run.json()] == urls
    # The second waited for the first and then found nothing new (conditional GET): had they
    # run side by side, both would have fetched and parsed everything.
    statuses = sorted(" ".join(sorted({r["status"] for r in run.json()})) for run in runs)
    assert statuses == ["not_modified", "ok"], [run.json() for run in runs]
    conn = sqlite3.connect(data / "sinmun.db")
    try:
        rows = conn.execute("SELECT count(*), count(DISTINCT feed_id || ' ' || key) FROM articles")
        total, distinct = rows.fetchone()
    finally:
        conn.close()
    slow_feed_articles = len(own_newsroom.feed_articles("mudeung"))
    assert total == distinct == own_newsroom.article_count + slow_feed_articles


def test_a_refresh_that_will_not_wait_leaves_the_feeds_to_the_running_one(
    tmp_path: Path, own_newsroom: Newsroom
) -> None:
    urls = [own_newsroom.url("/faults/slow?delay=2"), own_newsroom.feed_specs()[0].url]
    config = write_config(tmp_path / "config.toml", urls)
    data = tmp_path / "data"
    first = _start(config, data, "refresh", "--json")
    try:
        wait_for(lambda: own_newsroom.requests_to("/faults/slow"), 30, "the first refresh")
        second = sinmun(
            "--config", str(config), "--data-dir", str(data), "refresh", "--json", "--wait", "0"
        )
        assert second.code == 0, second.error
        assert second.json() == []
        assert second.error == (
            f"sinmun: a refresh is already running (process {first.pid}); not starting another\n"
        )
        run = _finish(first)
        assert run.code == 0, run.error
        assert {r["status"] for r in run.json()} == {"ok"}
    finally:
        first.kill()
        first.wait(10)


def test_removing_a_feed_mid_refresh_costs_that_feed_alone(
    tmp_path: Path, own_newsroom: Newsroom
) -> None:
    good = [spec.url for spec in own_newsroom.feed_specs()[:3]]
    slow = own_newsroom.url("/faults/slow?delay=2.5&feed=mudeung")
    config = write_config(tmp_path / "config.toml", good)
    data = tmp_path / "data"
    cli = ("--config", str(config), "--data-dir", str(data))
    # Not in the config, so the user may remove it; imported, as `feeds add` would fetch it.
    urls = tmp_path / "urls"
    urls.write_text(slow + "\n", encoding="utf-8")
    added = sinmun(*cli, "import", str(urls))
    assert added.code == 0, added.error
    refresh = _start(config, data, "refresh", "--json")
    try:
        wait_for(lambda: own_newsroom.requests_to("/faults/slow"), 30, "the slow feed's request")
        removed = sinmun(*cli, "feeds", "remove", slow)
        assert removed.code == 0, removed.error
        assert refresh.poll() is None, "the slow feed must still be on its way"
        run = _finish(refresh)
    finally:
        refresh.kill()
        refresh.wait(10)
    assert run.code == 0, run.error
    results = {r["url"]: r for r in run.json()}
    assert list(results) == [*good, slow]
    assert results[slow]["status"] == "error"
    assert results[slow]["error"] == "feed removed during refresh"
    assert all(results[url]["status"] == "ok" for url in good)
    assert set(results[slow]) >= {"url", "title", "status", "new", "updated", "error"}
    listed = sinmun(*cli, "feeds", "list", "--json")
    assert [f["url"] for f in listed.json()] == good


CHURN_FEEDS = 24
CHURN_ITEMS = 1000
TOGGLE_WITHIN = 3.0  # seconds: one feed's write at most, on a busy machine


async def test_the_users_flags_are_never_lost_while_cron_refreshes(
    tmp_path: Path, own_newsroom: Newsroom
) -> None:
    # Feeds whose every article changes on every fetch: the refresh writes all the time.
    urls = [
        own_newsroom.url(f"/faults/hostile/churn/{n}.xml?items={CHURN_ITEMS}")
        for n in range(CHURN_FEEDS)
    ]
    config = write_config(tmp_path / "config.toml", urls)
    data = tmp_path / "data"
    service = open_service(data, urls)  # the app's side, in this process
    # SQLite's own wait cut from 5 s to 0.5: this short refresh starves a writer that merely
    # polls as long as cron's refresh of big feeds did (the bug: "database is busy", a lost star).
    for conn in (service.storage._conn, service.storage._reader):
        conn.execute("PRAGMA busy_timeout = 500")  # type: ignore[union-attr]
    try:
        assert {r.status for r in await service.refresh()} == {"ok"}
        ids = [a.id for a in service.articles(ArticleQuery(), limit=200)]
        wanted: dict[int, tuple[bool, bool]] = {}
        slowest = 0.0
        errors: list[BaseException] = []
        cron = _start(config, data, "refresh", "--json")
        try:
            wait_for(lambda: _lock_holder(data) == str(cron.pid), 30, "the cron refresh")
            n = 0
            while cron.poll() is None or n < 20:
                article_id = ids[n % len(ids)]
                state = (n % 3 == 0, n % 2 == 0)
                started = time.monotonic()
                try:
                    service.set_read([article_id], state[0])
                    service.set_starred(article_id, state[1])
                except Exception as exc:  # the bug: "database is busy", the toggle lost
                    errors.append(exc)
                    break
                slowest = max(slowest, time.monotonic() - started)
                wanted[article_id] = state
                n += 1
            run = _finish(cron)
        finally:
            cron.kill()
            cron.wait(10)
        assert errors == []
        assert run.code == 0, run.error
        assert {r["status"] for r in run.json()} == {"ok"}
        assert slowest < TOGGLE_WITHIN, f"a toggle waited {slowest:.1f} s"
        for article_id, (read, starred) in wanted.items():
            article = service.article(article_id)
            assert article is not None
            assert (article.read, article.starred) == (read, starred), article_id
    finally:
        service.close()


async def test_the_app_leaves_its_refresh_to_cron_and_tries_again(
    tmp_path: Path, own_newsroom: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.locks import FileLock
    from reader.ui.screens import refresh_worker
    from tests.ui.conftest import make_app, settle

    monkeypatch.setattr(refresh_worker, "BUSY_RETRY", 0.2)
    urls = [spec.url for spec in own_newsroom.feed_specs()[:2]]
    service = open_service(tmp_path / "data", urls, weather_base=own_newsroom.base_url)
    cron = FileLock(tmp_path / "data" / "refresh.lock")  # as `sinmun refresh` holds it
    assert cron.try_acquire()
    cron.note_pid()
    try:
        app = make_app(service)
        async with app.run_test() as pilot:
            async with asyncio.timeout(30):  # an app that waits for cron would wait for ever
                await settle(pilot)  # the refresh on start found cron's
            notes = [(str(n.message), n.severity) for n in app._notifications]
            busy = f"a refresh is already running (process {os.getpid()}); trying again in a minute"
            assert (busy, "information") in notes, notes
            assert service.count(ArticleQuery()) == 0
            cron.release()
            for _ in range(200):  # the retry, a moment later (BUSY_RETRY)
                await pilot.pause(0.05)
                if any(str(n.message).startswith("Refreshed 2 feeds") for n in app._notifications):
                    break
            notes = [str(n.message) for n in app._notifications]
            assert any(n.startswith("Refreshed 2 feeds") for n in notes), notes
            assert service.count(ArticleQuery()) > 0
    finally:
        cron.release()
        service.close()
