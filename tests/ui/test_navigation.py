"""Moving around: every movement key, opening articles, panes wide and narrow."""

from __future__ import annotations

from reader.core.models import ArticleQuery
from reader.core.service import Service
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feed_list import FeedList
from tests.ui.conftest import article_rows, cursor_title, make_app, press, screen_text, settle
from tests.ui.seed import MARKUP_TITLE

WIDE = (160, 48)
NARROW = (80, 24)
FIRST = "(광주일보) 광주, 대한민국 ‘AI 중심도시’ 도약… 인공지능 집적단지 지정"
SECOND = "광주시, 겨울철 대설 대비 비상근무 체제 돌입"
THIRD = "Markets steady as central banks hold rates"


def _visible(app, pane: str) -> bool:
    return app.screen.query_one(f"#{pane}").display


async def test_first_frame_lists_articles_newest_first(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        rows = article_rows(app)
        assert len(rows) == 9
        assert rows[0].startswith("●  11:01 광주일보")  # unread marker, today's HH:MM, source
        assert "11-23" in rows[6] and "2025" in rows[8]  # yesterday as a date, last year's year
        assert "All  9" in screen_text(app)
        assert isinstance(app.focused, ArticleList)


async def test_j_k_and_arrows_move_the_cursor(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        assert cursor_title(app) == SECOND
        await press(pilot, "down")
        assert cursor_title(app) == THIRD
        await press(pilot, "k")
        assert cursor_title(app) == SECOND
        await press(pilot, "up", "up")  # stops at the top
        assert cursor_title(app) == FIRST
        assert app.screen.query_one(ArticleView).article is None  # moving does not open


async def test_g_and_G_jump_to_top_and_bottom(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "G")
        assert cursor_title(app) == "Year in review: the stories that shaped 2025"
        await press(pilot, "g")
        assert cursor_title(app) == FIRST


async def test_enter_opens_marks_read_and_updates_counts(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "Unread                9" in screen_text(app)
        await press(pilot, "enter")
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title == FIRST
        text = screen_text(app)
        assert "광주일보 · 박진표 기자 · 2026-11-24 11:01 KST" in text
        assert "과학기술정보통신부는 24일 광주를" in text  # the body: the cached full text
        assert "박진표 · 기자 · lucky@kwangju.co.kr" in text
        assert "[1] 관련 기사 — https://news.test/ai" in text
        assert "alert" not in text  # the script was dropped
        assert service.article(view.article.id).read  # stored
        assert "Unread                8" in text  # counts follow live
        assert "광주일보              2" in text
        assert article_rows(app)[0].startswith("   11:01")  # the unread marker is gone


async def test_n_and_p_open_the_next_and_previous_article(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await press(pilot, "n")
        assert view.article is not None and view.article.title == SECOND
        await press(pilot, "n")
        assert view.article.title == THIRD
        await press(pilot, "p")
        assert view.article.title == SECOND
        assert service.article(view.article.id).read


async def test_N_and_P_skip_to_unread_articles(service: Service) -> None:
    second = service.articles(ArticleQuery(), 1, 1)[0]
    service.set_read([second.id], True)
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await press(pilot, "N")  # skips the read second article
        assert view.article is not None and view.article.title == THIRD
        await press(pilot, "P")  # back over it again
        assert view.article.title == FIRST


async def test_N_goes_on_to_the_next_feed_with_unread(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        kwangju = next(f for f in service.feeds() if f.title == "광주일보")
        service.mark_all_read(ArticleQuery(feed_id=kwangju.id))
        app.screen.go_to_feed(kwangju.id)
        await settle(pilot)
        await press(pilot, "N")
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.feed_title == "Example World"
        assert not view.article.title.startswith("(광주일보)")


async def test_space_and_b_page_the_article(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "enter")  # the long English article
        view = app.screen.query_one(ArticleView)
        assert view.scroll_y == 0
        await press(pilot, "space")
        first_page = view.scroll_y
        assert first_page > 10
        await press(pilot, "space")
        assert view.scroll_y > first_page
        await press(pilot, "b", "b")
        assert view.scroll_y == 0


async def test_tab_and_shift_tab_cycle_the_panes(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "tab")
        assert isinstance(app.focused, ArticleView)
        await press(pilot, "tab")
        assert isinstance(app.focused, FeedList)
        await press(pilot, "shift+tab")
        assert isinstance(app.focused, ArticleView)
        await press(pilot, "j")  # j scrolls the article when it has focus
        assert isinstance(app.focused, ArticleView)
        assert all(_visible(app, pane) for pane in ("feeds-pane", "articles-pane", "article-pane"))


async def test_enter_on_a_feed_shows_its_articles(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "shift+tab")  # back from the articles to the feed list
        assert isinstance(app.focused, FeedList)
        await press(pilot, "j", "j", "j", "j", "enter")  # All, Unread, Starred, 광주일보, World
        rows = article_rows(app)
        assert len(rows) == 4
        assert rows[0].startswith("●  09:15 Markets steady")  # no source column for one feed
        assert "Example World  4" in screen_text(app)
        assert isinstance(app.focused, ArticleList)


async def test_narrow_shows_one_pane_and_enter_esc_move_between_them(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert _visible(app, "articles-pane")
        assert not _visible(app, "feeds-pane") and not _visible(app, "article-pane")
        assert app.screen.query_one("#articles-pane").size.width == 80  # the whole width
        await press(pilot, "enter")
        assert _visible(app, "article-pane") and not _visible(app, "articles-pane")
        assert app.screen.query_one("#article-pane").size.width == 80
        assert FIRST in screen_text(app)
        await press(pilot, "escape")
        assert _visible(app, "articles-pane") and not _visible(app, "article-pane")
        await press(pilot, "escape")
        assert _visible(app, "feeds-pane") and not _visible(app, "articles-pane")
        assert app.screen.query_one("#feeds-pane").size.width == 80
        await press(pilot, "j", "j", "j", "enter")  # 광주일보
        assert _visible(app, "articles-pane")
        assert len(article_rows(app)) == 3
        await press(pilot, "enter", "q")  # q closes the article...
        assert _visible(app, "articles-pane") and not _visible(app, "article-pane")
        await press(pilot, "q")  # ...and quits from a list (esc is the way back)
        assert not app.is_running


async def test_narrow_truncates_korean_and_long_titles_to_the_width(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        from rich.cells import cell_len

        for line in screen_text(app).splitlines():
            assert cell_len(line) <= 80
        rows = article_rows(app)
        assert any(row.endswith("…") for row in rows)
        assert any(MARKUP_TITLE[:30] in row for row in rows)


async def test_q_quits_when_wide(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_first_q_at_80_columns_quits(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_back_from_n_and_p_keeps_the_list_where_it_was(tmp_path) -> None:
    """80×24: the list is hidden while reading; n/p move its cursor, and esc brings it back
    scrolled as before, the cursor on the article just read."""
    from tests.ui.seed import seed_service

    service = seed_service(tmp_path, extra_world=60)
    try:
        app = make_app(service)
        async with app.run_test(size=NARROW) as pilot:
            await settle(pilot)
            articles = app.screen.query_one(ArticleList)
            await press(pilot, *"jjjjjjjjjj", "enter", "n", "n", "p", "n")
            read = app.screen.query_one(ArticleView).article
            await press(pilot, "escape")
            assert _visible(app, "articles-pane")
            assert cursor_title(app) == read.title and articles.cursor == 12
            rows = article_rows(app)
            assert FIRST[:20] in rows[0]  # the top row as before
            assert any(read.title[:20] in row for row in rows)  # the cursor's row on screen
            await press(pilot, "enter", *"n" * 25, "escape")  # far past the first screen
            assert articles.cursor == 37
            top = int(articles.scroll_y)
            assert top < 37 < top + articles.scrollable_content_region.height
    finally:
        service.close()
