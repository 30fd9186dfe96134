"""Background refresh over the offline newsroom (real HTTP on 127.0.0.1), and a stable cursor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from reader.core.models import ParsedEntry, ParsedFeed, RefreshProgress
from reader.core.service import Service
from reader.core.settings import Config, UiConfig, WeatherConfig
from reader.newsroom import Newsroom
from reader.ui.styles_path import stylesheets
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.status import RefreshStatus
from tests.ui.conftest import cursor_title, make_app, press, screen_text, settle
from tests.ui.seed import KWANGJU, NOW

WIDE = (160, 48)


@pytest.fixture(scope="module")
def newsroom() -> Iterator[Newsroom]:
    with Newsroom() as nr:
        yield nr


def _notes(app) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def test_refresh_on_start_then_r_keeps_the_cursor(newsroom: Newsroom, tmp_path: Path) -> None:
    specs = [
        spec for spec in newsroom.feed_specs() if "/ledger/" in spec.url or "/nuri/" in spec.url
    ]
    config = Config(
        feeds=tuple(specs),
        weather=WeatherConfig(base_url=newsroom.base_url),
        ui=UiConfig(refresh_on_start=True, refresh_minutes=600),
    )
    service = Service.open(config, tmp_path)
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert any(n.startswith("Refreshed 2 feeds") for n in _notes(app))
            articles = app.screen.query_one(ArticleList)
            before = articles.row_count
            assert before > 4
            assert not app.screen.query_one(RefreshStatus).has_class("-running")
            await press(pilot, "j", "j", "j")
            title = cursor_title(app)
            newsroom.publish("ledger", "Breaking: a fresh story lands on top")
            await press(pilot, "r")
            assert articles.row_count == before + 1
            assert cursor_title(app) == title  # same article under the cursor...
            assert articles.cursor == 4  # ...which moved down one row
            assert "Breaking: a fresh story" in screen_text(app)
            assert sum(n.startswith("Refreshed 2 feeds") for n in _notes(app)) == 2
            assert any("1 new" in n for n in _notes(app))
    finally:
        service.close()


async def test_refresh_reports_failures(newsroom: Newsroom, tmp_path: Path) -> None:
    urls = [newsroom.feed_specs()[0].url, *newsroom.broken_feed_urls()]
    config = Config(
        feeds=tuple(spec for spec in newsroom.feed_specs() if spec.url in urls)
        + tuple(type(newsroom.feed_specs()[0])(url) for url in newsroom.broken_feed_urls()),
        weather=WeatherConfig(base_url=newsroom.base_url),
        ui=UiConfig(refresh_on_start=False, refresh_minutes=600),
    )
    service = Service.open(config, tmp_path)
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await press(pilot, "r")
            notes = _notes(app)
            assert any("1 failed" in n for n in notes), notes
            assert "! " in screen_text(app)  # the broken feed is marked in the list
    finally:
        service.close()


async def test_rows_added_above_keep_the_cursor_on_its_article(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "j")
        title = cursor_title(app)
        feed = service.storage.get_feed(KWANGJU)
        new = tuple(
            ParsedEntry(key=f"new{n}", title=f"속보 {n}", published=NOW - timedelta(minutes=n))
            for n in range(5)
        )
        service.storage.apply_feed(
            feed.id,
            ParsedFeed(title="광주일보", site_link=None, entries=new),
            etag=None,
            last_modified=None,
            body_hash=None,
            when=NOW,
        )
        app.screen.reload_list(keep_cursor=True)
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.row_count == 14
        assert cursor_title(app) == title
        assert articles.cursor == 8


async def test_progress_line_shows_counts() -> None:
    from textual.app import App, ComposeResult

    class Host(App[None]):
        CSS_PATH = stylesheets()

        def compose(self) -> ComposeResult:
            yield RefreshStatus()

    app = Host()
    async with app.run_test(size=(60, 3)) as pilot:
        status = app.query_one(RefreshStatus)
        status.start(40)
        status.progress(RefreshProgress(done=12, total=40, failed=1))
        await pilot.pause()
        assert status.has_class("-running")
        assert str(status.render()) == "⟳ Refreshing 12/40 feeds · 1 failed"
        status.progress(RefreshProgress(done=39, total=40, failed=1, waiting=("무등일보",)))
        await pilot.pause()
        assert str(status.render()) == "⟳ Refreshing 39/40 feeds · 1 failed · waiting for 무등일보"
        # a long wait list is cut at the edge, not wrapped onto a line that is not there
        status.progress(RefreshProgress(done=37, total=40, waiting=("x" * 50, "y" * 50, "z")))
        await pilot.pause()
        shown = "".join(segment.text for segment in status.render_line(0)).rstrip()
        assert shown.startswith("⟳ Refreshing 37/40 feeds · waiting for xxx")
        assert shown.endswith("…") and len(shown) <= 60 - 2  # inside its padding
        status.stop()
        await pilot.pause()
        assert not status.display


async def test_refresh_of_many_feeds_uses_the_parser_pool_inside_the_app(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    """≥ 4 feeds: bodies are parsed in worker processes, started from inside the app, where
    sys.stderr is Textual's capture (fileno() -1). The resource tracker is stopped first so
    the refresh must start it: without the real stderr that spawn fails with "bad value(s)
    in fds_to_keep" and every feed reports an error."""
    from multiprocessing import resource_tracker

    specs = newsroom.feed_specs()
    assert len(specs) >= 4
    config = Config(
        feeds=tuple(specs),
        weather=WeatherConfig(base_url=newsroom.base_url),
        ui=UiConfig(refresh_on_start=False, refresh_minutes=600),
    )
    service = Service.open(config, tmp_path, parse_processes=2)
    resource_tracker._resource_tracker._stop()  # private, but the only way to test a fresh start
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await press(pilot, "r")
            notes = _notes(app)
            assert any(n.startswith(f"Refreshed {len(specs)} feeds") for n in notes), notes
            assert not any("failed" in n for n in notes), notes
            assert app.screen.query_one(ArticleList).row_count > len(specs)
            assert service._parser._pool is not None  # the pool really was used
    finally:
        service.close()


async def test_quitting_during_a_refresh_does_not_wait_for_it(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    """The refresh runs on its own loop in a thread; quitting cancels it within a moment
    instead of waiting for slow feeds (10 s here)."""
    import time

    from reader.core.models import FeedSpec

    slow = "/feeds/synthetic/{}.xml?items=5&delay=10"
    config = Config(
        feeds=tuple(FeedSpec(newsroom.url(slow.format(n))) for n in range(6)),
        weather=WeatherConfig(base_url=newsroom.base_url),
        ui=UiConfig(refresh_on_start=True, refresh_minutes=600),
    )
    service = Service.open(config, tmp_path)
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause(0.3)
            assert any(w.group == "refresh" and not w.is_finished for w in app.screen.workers)
            started = time.monotonic()
            await pilot.press("q")
        assert time.monotonic() - started < 2
    finally:
        service.close()
