"""What the search matches is highlighted: in the list's titles (inside compounds too) and all
through the open article — and the highlight goes when the search does."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from reader.core.search_match import parse_query
from reader.core.service import Service
from reader.ui.highlight import highlighted
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import make_app, press, settle
from tests.ui.seed import add_article, seed_service

WIDE = (160, 48)
MARK = Style(bgcolor="#5b4c37", bold=True)


def marked_in_row(app, index: int) -> list[str]:
    """The pieces of a list row drawn in the match style."""
    articles = app.screen.query_one(ArticleList)
    match = articles.get_component_rich_style("article-list--match")
    y = index - int(articles.scroll_y)
    return [
        seg.text
        for seg in articles.render_line(y)
        if seg.style and seg.style.bgcolor == match.bgcolor
    ]


def marked_in(renderable: object, style: Style) -> list[str]:
    """The text of every span in `style`, through the view's groups, paddings and grids."""
    if isinstance(renderable, Text):
        return [renderable.plain[s.start : s.end] for s in renderable.spans if s.style == style]
    if isinstance(renderable, Group):
        return [m for r in renderable.renderables for m in marked_in(r, style)]
    if isinstance(renderable, Padding):
        return marked_in(renderable.renderable, style)
    if isinstance(renderable, Table):
        return [m for c in renderable.columns for cell in c.cells for m in marked_in(cell, style)]
    return []


async def test_the_list_highlights_a_word_inside_a_compound(tmp_path: Path) -> None:
    service = seed_service(tmp_path)
    add_article(service, "http://127.0.0.1/cold.xml", "강원 산간 한파특보 발효")
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert marked_in_row(app, 0) == []
            # Stored, none indexed yet: the start-up indexed them once the reader was idle.
            assert service.storage.search_backlog() == 0
            await press(pilot, "slash")
            await press(pilot, *"특보", "enter")
            articles = app.screen.query_one(ArticleList)
            first = articles.get(0)
            assert articles.row_count == 1 and first is not None
            assert first.title == "강원 산간 한파특보 발효"
            assert marked_in_row(app, 0) == ["특보"]
            await press(pilot, "escape")
            assert articles.row_count > 1 and marked_in_row(app, 0) == []
    finally:
        service.close()


async def test_the_open_article_highlights_every_match(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"센터", "enter")
        articles = app.screen.query_one(ArticleList)
        assert articles.row_count == 1  # the AI 집적단지 story: its deck and body say 데이터센터
        await press(pilot, "enter")
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.showing == "full"
        style = view._match_style()
        body = app.screen.query_one("#article-body", Static).content
        assert marked_in(body, style) == ["센터", "센터"]  # the deck line and a paragraph
        view.search = parse_query("광주")
        await settle(pilot)
        header = app.screen.query_one("#article-header", Static).content
        assert marked_in(header, style) == ["광주", "광주"]  # (광주일보) 광주, …
        body = app.screen.query_one("#article-body", Static).content
        assert len(marked_in(body, style)) >= 4


def test_highlighting_copies_and_reaches_list_items_and_padding() -> None:
    item = Text("데이터센터 구축")
    grid = Table.grid()
    grid.add_column()
    grid.add_column()
    grid.add_row(Text("• "), item)
    body = Group(Padding(Text("센터장 인터뷰"), (0, 0, 0, 2)), grid, Text("no match"))
    out = highlighted(body, parse_query("센터"), MARK)
    assert marked_in(out, MARK) == ["센터", "센터"]
    assert item.spans == [] and marked_in(body, MARK) == []  # the original is left alone
    assert highlighted(body, None, MARK) is body
