"""Opening an article: one worker, one read of the full-text cache, no re-read of the feeds."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

import pytest
from textual.app import App
from textual.worker import Worker

from reader.core.service import Service
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import article_rows, make_app, press, screen_text, settle
from tests.ui.seed import NOWHERE, add_article

WIDE = (160, 48)
SPIED = ("cached_full_article", "full_article", "fetch_full_article", "feeds", "set_read")


def spy(monkeypatch: pytest.MonkeyPatch, service: Service) -> Counter[str]:
    """Count the calls of the service's methods in SPIED (its own calls of them included)."""
    calls: Counter[str] = Counter()
    for name in SPIED:
        method = getattr(service, name)

        def counted(*args: object, _name: str = name, _method: Callable = method) -> object:
            calls[_name] += 1
            return _method(*args)

        monkeypatch.setattr(service, name, counted)
    return calls


def started_workers(monkeypatch: pytest.MonkeyPatch, app: App) -> list[Worker]:
    """Every worker started from now on."""
    started: list[Worker] = []
    add = app.workers.add_worker

    def add_worker(worker: Worker, start: bool = True, exclusive: bool = False) -> None:
        started.append(worker)
        add(worker, start=start, exclusive=exclusive)

    monkeypatch.setattr(app.workers, "add_worker", add_worker)
    return started


async def test_opening_starts_one_worker_and_reads_the_cache_once(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        calls = spy(monkeypatch, service)
        started = started_workers(monkeypatch, app)
        await press(pilot, "enter")  # the first article: unread, its page in the cache
        assert [(w.group, w.name) for w in started] == [("full-text", "Opening")]
        assert calls == Counter(cached_full_article=1, set_read=1)  # no feed list, no fetch
        assert app.screen.query_one(ArticleView).showing == "full"
        text = screen_text(app)
        assert "Unread                8" in text and "광주일보              2" in text
        started.clear()
        calls.clear()
        await press(pilot, "escape", "enter")  # read now: nothing to write, still one worker
        assert [(w.group, w.name) for w in started] == [("full-text", "Opening")]
        assert calls == Counter(cached_full_article=1)
        assert "Unread                8" in screen_text(app)


async def test_a_page_not_in_the_cache_is_fetched_by_the_same_worker(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A feed on this machine may link to a page here: fetched unasked (and refused at once).
    add_article(service, f"{NOWHERE}/extra.xml", "A page not fetched yet", link=f"{NOWHERE}/p")
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        calls = spy(monkeypatch, service)
        started = started_workers(monkeypatch, app)
        await press(pilot, "enter")
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title == "A page not fetched yet"
        assert [(w.group, w.name) for w in started] == [("full-text", "Opening")]
        assert calls == Counter(cached_full_article=1, fetch_full_article=1, set_read=1)
        assert view.full_state == "failed"


async def test_an_article_left_at_once_is_still_shown_read(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the next article cancels the first one's worker while its read mark is being
    written: the write lands, and the list and counts show it."""
    set_read = service.set_read

    def slow_set_read(ids: list[int], read: bool) -> None:
        time.sleep(0.3)
        set_read(ids, read)

    monkeypatch.setattr(service, "set_read", slow_set_read)
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        first = app.screen.query_one(ArticleList).cursor_article
        await pilot.press("enter")
        await pilot.pause(0.05)
        await press(pilot, "n")  # the next article, while the first one's write waits
        await pilot.pause(0.3)
        await settle(pilot)
        assert service.article(first.id).read
        rows = article_rows(app)
        assert rows[0].startswith("   ") and rows[1].startswith("   ")  # both read
        assert "Unread                7" in screen_text(app)
