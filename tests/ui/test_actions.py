"""The action keys: star, read, mark all, browser, copy, search, region, help, errors."""

from __future__ import annotations

from pathlib import Path

from reader.core.keymap import DEFAULT_KEYS
from reader.core.models import ArticleQuery
from reader.core.service import Service
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.feed_list import FeedList
from tests.ui.conftest import article_rows, cursor_title, make_app, press, screen_text, settle
from tests.ui.seed import MARKUP_TITLE, NOW, seed_service

WIDE = (160, 48)


def _notes(app) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def test_s_stars_and_unstars_the_cursor_article(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(ArticleList).cursor_article
        await press(pilot, "s")
        assert service.article(article.id).starred
        assert article_rows(app)[0].startswith("●★")
        assert "Starred               1" in screen_text(app)
        await press(pilot, "s")
        assert not service.article(article.id).starred
        assert article_rows(app)[0].startswith("● ")


async def test_m_toggles_read(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(ArticleList).cursor_article
        await press(pilot, "m")
        assert service.article(article.id).read
        assert article_rows(app)[0].startswith("   11:01")
        assert "Unread                8" in screen_text(app)
        await press(pilot, "m")
        assert not service.article(article.id).read
        assert "Unread                9" in screen_text(app)


async def test_A_marks_all_in_view_read_and_only_those(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        kwangju = next(f for f in service.feeds() if f.title == "광주일보")
        app.screen.go_to_feed(kwangju.id)
        await settle(pilot)
        await press(pilot, "A")
        assert service.count(ArticleQuery(feed_id=kwangju.id, unread_only=True)) == 0
        assert service.count(ArticleQuery(unread_only=True)) == 6  # other feeds untouched
        assert "Marked 3 articles read" in _notes(app)
        assert all(not row.startswith("●") for row in article_rows(app))
        assert "Unread                6" in screen_text(app)


async def test_o_opens_the_link_in_the_browser(service: Service) -> None:
    opened: list[str] = []
    app = make_app(service, open_url=opened.append)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        assert opened == ["https://news.test/k1"]
        await press(pilot, "j", "o")  # no link: says so, opens nothing
        assert opened == ["https://news.test/k1"]
        assert "This article has no link" in _notes(app)


async def test_y_copies_the_link(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "y")
        assert app.clipboard == "https://world.test/markets"


async def test_slash_search_narrows_the_list_and_esc_clears_it(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await press(pilot, *"markets", "enter")
        rows = article_rows(app)
        assert len(rows) == 1 and "Markets steady" in rows[0]
        assert "[search: markets ×]  1/9" in screen_text(app)
        assert isinstance(app.focused, ArticleList)
        await press(pilot, "escape")
        assert len(article_rows(app)) == 9
        assert "search:" not in screen_text(app)


async def test_search_in_korean_combines_with_the_feed(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        kwangju = next(f for f in service.feeds() if f.title == "광주일보")
        app.screen.go_to_feed(kwangju.id)
        await settle(pilot)
        await press(pilot, "slash")
        app.screen.query_one("#filter-input").value = "무등산"
        await press(pilot, "enter")
        assert [r.split(" ", 3)[-1].strip() for r in article_rows(app)] == [
            "무등산 국립공원 탐방로 일부 통제"
        ]
        assert "1/3" in screen_text(app)


async def test_question_mark_lists_every_binding(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for _, description in DEFAULT_KEYS.values():
            assert description in text
        assert "Show the feed's last error" in text
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_keys_are_remapped_from_the_config(tmp_path: Path) -> None:
    service = seed_service(tmp_path, keys={"toggle_star": "x", "next_article": "ctrl+n"})
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            article = app.screen.query_one(ArticleList).cursor_article
            await press(pilot, "x")
            assert service.article(article.id).starred
            await press(pilot, "ctrl+n")
            assert app.screen.query_one("#article").article is not None
            await press(pilot, "question_mark")
            lines = screen_text(app).splitlines()
            assert any("x" in line and "Star / unstar" in line for line in lines)
            assert any("^n" in line and "Next article" in line for line in lines)
    finally:
        service.close()


async def test_failed_feed_is_marked_and_e_shows_its_error(service: Service) -> None:
    yonhap = next(f for f in service.feeds() if f.title == "연합뉴스")
    service.storage.record_error(yonhap.id, "HTTP 500 [b]Internal[/b] Server Error", NOW)
    app = make_app(service)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(pilot)
        assert "! 연합뉴스" in screen_text(app)
        await press(pilot, "shift+tab")
        await press(pilot, "G", "e")
        assert app.screen.query_one(FeedList).current.label == "연합뉴스"
        assert "연합뉴스: HTTP 500 [b]Internal[/b] Server Error" in _notes(app)
        assert "HTTP 500 [b]Internal[/b] Server Error" in screen_text(app)  # the toast, as written


async def test_markup_in_a_title_is_shown_literally_and_clicking_it_does_nothing(
    service: Service,
) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "j", "j", "enter")
        assert cursor_title(app) == MARKUP_TITLE
        assert MARKUP_TITLE in screen_text(app)  # the article header, every bracket kept
        header = app.screen.query_one("#article-header")
        for x in (2, 40, 48, 52, 56, 60):  # along the title, "[@click=app.quit]press" included
            await pilot.click(header, offset=(x, 1))
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        await pilot.click(articles, offset=(40, 4))  # and on its row in the list
        await settle(pilot)
        assert app.is_running


async def test_a_worker_error_becomes_one_notification(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        service.storage.close()  # the database goes away under the UI
        await press(pilot, "s")
        assert app.is_running
        assert any(note.startswith("Saving failed:") for note in _notes(app))


async def test_command_palette_runs_actions_and_goes_to_feeds(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(ArticleList).cursor_article
        for query in ("unstar", "go to example"):
            await press(pilot, "ctrl+p")
            for key in query:
                await pilot.press(key if key != " " else "space")
            await pilot.pause(0.3)
            await press(pilot, "enter")
        assert service.article(article.id).starred  # "Star / unstar"
        assert len(article_rows(app)) == 4  # "Go to feed: Example World"
        assert "Example World  4" in screen_text(app)


async def test_themes(tmp_path: Path) -> None:
    service = seed_service(tmp_path / "a", theme="sinmun-paper")
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert app.theme == "sinmun-paper"
            app.theme = "nord"  # Textual's own themes work too
            await settle(pilot)
            assert app.theme == "nord"
    finally:
        service.close()
    service = seed_service(tmp_path / "b", theme="no-such-theme")
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert app.theme == "sinmun-dark"
            assert any("Unknown theme 'no-such-theme'" in note for note in _notes(app))
    finally:
        service.close()


async def test_empty_states_say_what_to_do(tmp_path: Path) -> None:
    from reader.core.models import FeedSpec
    from reader.core.settings import Config, UiConfig, WeatherConfig

    config = Config(
        feeds=(FeedSpec("http://127.0.0.1:9/none.xml"),),
        weather=WeatherConfig(base_url="http://127.0.0.1:9"),
        ui=UiConfig(refresh_on_start=False),
    )
    empty = Service.open(config, tmp_path)
    try:
        app = make_app(empty)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "No articles yet. Press r to refresh the feeds." in screen_text(app)
    finally:
        empty.close()


async def test_a_search_with_no_match_says_so(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        app.screen.query_one("#filter-input").value = "zzzzqqq"
        await press(pilot, "enter")
        assert "Nothing matches. Press esc to clear the filter." in screen_text(app)
        assert "0/9" in screen_text(app)
