"""The article list is virtual: rows come a page at a time; Korean text fits its cells."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len

from reader.cells import fit
from reader.ui.widgets.article_list import PAGE_SIZE, ArticleList
from tests.ui.conftest import article_rows, cursor_title, make_app, press, settle
from tests.ui.seed import seed_service


async def test_a_long_list_is_virtual_and_paged(tmp_path: Path) -> None:
    service = seed_service(tmp_path, extra_world=1000)
    try:
        app = make_app(service)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            articles = app.screen.query_one(ArticleList)
            assert articles.row_count == 1009
            assert articles.virtual_size.height == 1009
            assert len(articles.children) == 0  # no widget per article
            assert {i // PAGE_SIZE for i, _ in articles.cached()} == {0}
            await press(pilot, "G")
            assert articles.cursor == 1008
            assert cursor_title(app) == "Year in review: the stories that shaped 2025"
            assert articles.get(1007).title == "Archive story 999"
            held = {i // PAGE_SIZE for i, _ in articles.cached()}
            assert 5 in held and len(held) < 6  # only the pages that were drawn
            await press(pilot, "pageup")
            assert articles.cursor < 1008
            await press(pilot, "g")
            assert (
                cursor_title(app)
                == "(광주일보) 광주, 대한민국 ‘AI 중심도시’ 도약… 인공지능 집적단지 지정"
            )
    finally:
        service.close()


async def test_mouse_scroll_then_click_opens_the_row(tmp_path: Path) -> None:
    service = seed_service(tmp_path, extra_world=300)
    try:
        app = make_app(service)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            articles = app.screen.query_one(ArticleList)
            articles.scroll_to(y=250, animate=False, immediate=True)
            await settle(pilot)  # page 1 is fetched for the rows now on screen
            assert all(row.strip() != "…" for row in article_rows(app))
            await pilot.click(articles, offset=(30, 2))
            await settle(pilot)
            assert articles.cursor == 252
            view = app.screen.query_one("#article")
            assert view.article is not None and view.article.id == articles.get(252).id
    finally:
        service.close()


def test_fit_cuts_double_width_text_on_a_character_boundary() -> None:
    assert fit("광주일보", 8) == "광주일보"
    assert fit("광주일보", 10) == "광주일보  "
    assert fit("광주일보", 6) == "광주… "  # 2+2+1 cells, padded to 6
    assert fit("광주일보", 5) == "광주…"
    assert fit("abcdef", 4) == "abc…"
    assert fit("abc", 0) == ""
    assert fit("로봇’… 어르신", 9) == "로봇’…   "  # no "… …"
    for width in range(1, 12):
        assert cell_len(fit("가나다 abc 라마", width)) == width


async def test_rows_align_whatever_the_script(service) -> None:
    app = make_app(service)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        rows = article_rows(app)
        width = app.screen.query_one(ArticleList).scrollable_content_region.width
        title_columns = set()
        for y, text in enumerate(rows):
            strip = app.screen.query_one(ArticleList).render_line(y)
            assert strip.cell_length == width
            article = app.screen.query_one(ArticleList).get(y)
            title_start = text.index(article.title[:4])
            title_columns.add(cell_len(text[:title_start]))
        assert len(title_columns) == 1  # Korean and English sources end at the same column


async def test_the_source_column_shows_at_exactly_120_columns(service) -> None:
    """120 columns is where three panes start: the list gets 46 cells, the source fits."""
    app = make_app(service)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#feeds-pane").display  # three panes
        rows = article_rows(app)
        assert "광주일보" in rows[0] and "Example Wo" in rows[2]
