"""Full article text in the view, fetched from the offline newsroom (real HTTP on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from reader.core.models import FeedSpec, ParsedEntry, ParsedFeed
from reader.core.service import Service
from reader.core.settings import Config, UiConfig, WeatherConfig
from reader.newsroom import Newsroom
from reader.newsroom.content import ARTICLES
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import busy, make_app, press, settle, view_text
from tests.ui.seed import NOW

WIDE = (160, 48)
STORY = next(a for a in ARTICLES if a.feed == "bitgoeul" and a.slug == "ai-hub-gwangju")
FAULTS = "http://127.0.0.1:9/faults.xml"  # a feed that is never fetched: its entries are seeded
# A feed on the internet (never fetched, seeded) whose entry links to a page on this machine.
ELSEWHERE = "https://feeds.example.com/rss"
LOCAL_PAGE = next(a for a in ARTICLES if a.feed == "mudeung")


@pytest.fixture(scope="module")
def newsroom() -> Iterator[Newsroom]:
    with Newsroom() as nr:
        yield nr


@pytest.fixture
async def service(newsroom: Newsroom, tmp_path: Path) -> AsyncIterator[Service]:
    """빛고을일보 refreshed from the newsroom, plus entries whose pages fail (404) or are slow."""
    bitgoeul = next(spec for spec in newsroom.feed_specs() if "/bitgoeul/" in spec.url)
    config = Config(
        feeds=(bitgoeul, FeedSpec(FAULTS, "Faults"), FeedSpec(ELSEWHERE, "Elsewhere")),
        weather=WeatherConfig(base_url=newsroom.base_url),
        ui=UiConfig(refresh_on_start=False, refresh_minutes=600),
    )
    svc = Service.open(config, tmp_path, now=lambda: NOW)
    await svc.refresh(urls=[bitgoeul.url])
    faults = svc.storage.get_feed(FAULTS)
    assert faults is not None
    later = STORY.published + timedelta(days=30)  # newer than every story: the top two rows
    entries = (
        ParsedEntry(
            key="gone",
            title="A page that is gone",
            link=newsroom.url("/faults/404"),
            summary="<p>The feed's own summary of the gone page.</p>",
            published=later,
        ),
        ParsedEntry(
            key="slow",
            title="A page that takes its time",
            link=newsroom.url("/faults/slow?delay=3"),
            summary="<p>Summary while the page loads.</p>",
            published=later - timedelta(minutes=1),
        ),
    )
    svc.storage.apply_feed(
        faults.id,
        ParsedFeed(title="Faults", site_link=None, entries=entries),
        etag=None,
        last_modified=None,
        body_hash=None,
        when=NOW,
    )
    elsewhere = svc.storage.get_feed(ELSEWHERE)
    assert elsewhere is not None
    local = ParsedEntry(
        key="local",
        title="A story linking to this machine",
        link=newsroom.url(LOCAL_PAGE.path),
        summary="<p>The feed's summary of the local page.</p>",
        published=STORY.published - timedelta(days=30),  # older than every story: the last row
    )
    disguised = ParsedEntry(
        key="disguised",
        title="A link that names one host and goes to another",
        link="http://bank.example@127.0.0.1:9/login",
        published=STORY.published - timedelta(days=31),
    )
    svc.storage.apply_feed(
        elsewhere.id,
        ParsedFeed(title="Elsewhere", site_link=None, entries=(local, disguised)),
        etag=None,
        last_modified=None,
        body_hash=None,
        when=NOW,
    )
    yield svc
    await svc.aclose()


def _index_of(app, title: str) -> int:
    return next(i for i, a in app.screen.query_one(ArticleList).cached() if a.title == title)


async def test_opening_shows_the_full_text_then_t_toggles_the_summary(
    service: Service, newsroom: Newsroom
) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.screen.query_one(ArticleList).move_cursor(_index_of(app, STORY.headline))
        await press(pilot, "enter")
        view = app.screen.query_one(ArticleView)
        assert view.showing == "full"
        text = view_text(app)
        for line in STORY.deck:
            assert line in text
        assert "박진수 · 기자 · jinsu@bitgoeul.example" in text
        for paragraph in STORY.paragraphs:
            assert " ".join(paragraph.split())[:30] in " ".join(text.split())
        for boilerplate in ("많이 본 기사", "기상청 제공", "포토뉴스"):
            assert boilerplate not in text
        assert "Loading the full text" not in text
        await press(pilot, "t")
        assert view.showing == "summary"
        summary = view_text(app)
        assert "Showing the feed's summary" in summary
        assert "jinsu@bitgoeul.example" not in summary  # the feed's summary has no byline
        await press(pilot, "t")
        assert view.showing == "full"
        fetched = len(newsroom.requests_to(STORY.path))
        await press(pilot, "escape", "enter")  # opened again: from the cache, no request
        assert view.showing == "full"
        assert len(newsroom.requests_to(STORY.path)) == fetched


async def test_a_page_that_fails_keeps_the_summary_with_a_note(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the top row: the 404 page
        text = view_text(app)
        assert "Full text unavailable: HTTP 404 Not Found — showing the feed's summary" in text
        assert "The feed's own summary of the gone page." in text
        await press(pilot, "t")
        assert any("Full text unavailable" in str(n.message) for n in app._notifications)
        assert app.screen.query_one(ArticleView).showing == "summary"


async def test_a_slow_page_never_freezes_and_the_next_article_cancels_it(
    service: Service,
) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        await press(pilot, "j")
        await pilot.press("enter")  # the slow page (3 s)
        for _ in range(5):
            await pilot.pause(0.05)
        view = app.screen.query_one(ArticleView)
        assert view.full_state == "loading"
        assert "Summary while the page loads." in view_text(app)
        assert "Loading the full text…" in view_text(app)
        fetch = next(w for w in busy(app) if w.group == "full-text")
        await pilot.press("j")  # the app answers keys while the page loads
        await pilot.pause(0.05)
        assert articles.cursor == 2
        assert fetch.is_running
        await pilot.press("enter")  # the next article: the slow fetch is cancelled
        await settle(pilot)
        assert fetch.is_cancelled
        assert view.article is not None and view.article.title == STORY.headline
        assert view.showing == "full"


async def test_a_link_to_this_machine_from_a_feed_elsewhere_is_fetched_only_when_asked(
    service: Service, newsroom: Newsroom
) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = len(newsroom.requests_to(LOCAL_PAGE.path))
        app.screen.query_one(ArticleList).move_cursor(
            _index_of(app, "A story linking to this machine")
        )
        await press(pilot, "enter")
        view = app.screen.query_one(ArticleView)
        assert view.full_state == "none" and view.showing == "summary"
        text = view_text(app)
        assert "The full text was not fetched: the link points at 127.0.0.1" in text
        assert "Press t to fetch it." in text
        assert "The feed's summary of the local page." in text
        assert len(newsroom.requests_to(LOCAL_PAGE.path)) == before  # no request was made
        await press(pilot, "t")  # the reader asks
        assert len(newsroom.requests_to(LOCAL_PAGE.path)) == before + 1
        assert view.showing == "full"
        assert "not fetched" not in view_text(app)
        assert " ".join(LOCAL_PAGE.paragraphs[0].split())[:20] in " ".join(view_text(app).split())


async def test_a_link_is_announced_by_the_host_it_leads_to(service: Service) -> None:
    opened: list[str] = []
    app = make_app(service, open_url=opened.append)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        disguised = _index_of(app, "A link that names one host and goes to another")
        app.screen.query_one(ArticleList).move_cursor(disguised)
        await press(pilot, "o", "y")
        messages = [str(n.message) for n in app._notifications]
    assert opened == ["http://bank.example@127.0.0.1:9/login"]  # the browser gets the link
    assert "Opening http://127.0.0.1:9/login" in messages
    assert "Copied http://127.0.0.1:9/login" in messages
    assert not any("bank.example" in m for m in messages)
