"""The article list: a virtual list (Line API) over the rows of a `ListState`.

The widget draws what the state holds and never touches the database. When a row it draws is in
a page the state does not hold, it draws a placeholder and posts `PageNeeded`; the screen's
worker reads the page and hands it back with `set_page`. A `generation` number ties pages to the
list they were asked for, so a page that arrives after the filter changed is dropped. Where the
search (`search`, set by the screen) matches a title, the title is highlighted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from reader.cells import fit
from reader.core.models import Article
from reader.core.search_match import SearchQuery, match_spans
from reader.core.text import clean_text
from reader.ui.list_state import PAGE_SIZE, ListState
from reader.ui.messages import ArticleChosen, PageNeeded
from reader.ui.timefmt import list_time
from reader.ui.widgets.line_list import LineList

__all__ = ["PAGE_SIZE", "ArticleList"]

SOURCE_FROM = 40  # cells: a narrower list leaves the source column out
_PLAIN = Style()


class ArticleList(LineList):
    """Unread marker, star, time, source and title, newest first."""

    COMPONENT_CLASSES = LineList.COMPONENT_CLASSES | {
        "article-list--unread",
        "article-list--read",
        "article-list--marker",
        "article-list--star",
        "article-list--time",
        "article-list--source",
        "article-list--placeholder",
        "article-list--match",
    }

    # What the search matched in a title: the theme's accent behind it, on any row.
    DEFAULT_CSS = """
    ArticleList > .article-list--match {
        background: $accent 35%;
        text-style: bold underline;
    }
    """

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        tz: tzinfo | None,
        state: ListState | None = None,
        id: str | None = None,
    ) -> None:
        self.state = state or ListState()  # first: LineList's __init__ sets the cursor
        super().__init__(id=id)
        self.clock = clock
        self.tz = tz
        self._search: SearchQuery | None = None

    @property
    def search(self) -> SearchQuery | None:
        """The search whose matches the titles show."""
        return self._search

    @search.setter
    def search(self, query: SearchQuery | None) -> None:
        if query != self._search:
            self._search = query
            self.refresh()

    # The cursor is the state's: a reload keeps it on its article, N/P scan from it.
    @property
    def cursor(self) -> int:
        return self.state.cursor

    @cursor.setter
    def cursor(self, index: int) -> None:
        self.state.cursor = index

    @property
    def generation(self) -> int:
        return self.state.generation

    # --- data ------------------------------------------------------------------------------
    def show(self, *, scroll_shift: int | None = None) -> None:
        """The state holds a new list: show it from its cursor.

        `scroll_shift` keeps the viewport where it was, moved by that many rows (a refresh
        that added rows above the cursor); None scrolls the cursor into view.
        """
        old_scroll = int(self.scroll_y)
        self.set_row_count(self.state.count)
        if scroll_shift is not None:
            self.scroll_to(y=max(0, old_scroll + scroll_shift), animate=False, immediate=True)
        self.scroll_to_cursor()
        self.refresh()

    def set_page(self, generation: int, page: int, rows: list[Article]) -> None:
        if self.state.set_page(generation, page, rows):
            self.refresh()

    def page_failed(self, generation: int, page: int) -> None:
        self.state.page_failed(generation, page)

    def get(self, index: int) -> Article | None:
        """The article at `index`, or None while its page is on its way."""
        article = self.state.article(index)
        if article is None and (page := self.state.page_to_ask(index)) is not None:
            self.post_message(PageNeeded(self.generation, page))
        return article

    def cached(self) -> list[tuple[int, Article]]:
        """(index, article) for every row held, in order."""
        return self.state.cached()

    @property
    def cursor_article(self) -> Article | None:
        return self.get(self.cursor)

    def update_article(
        self, article_id: int, *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Change a held row in place (read/starred) without refetching the list."""
        self.state.update(article_id, read=read, starred=starred)
        self.refresh()

    def mark_all_held_read(self) -> None:
        self.state.mark_all_read()
        self.refresh()

    def choose(self, index: int) -> None:
        article = self.get(index)
        if article is not None:
            self.post_message(ArticleChosen(index, article))

    # --- drawing ---------------------------------------------------------------------------
    def row_cells(self, index: int, width: int, selected: bool) -> list[tuple[str, Style]] | None:
        cells = self._cells(index, width)
        used = sum(cell_len(text) for text, _ in cells)
        if used > width:
            return None  # too narrow for the columns: render_row's truncation handles it
        if used < width:
            cells.append((" " * (width - used), _PLAIN))
        return cells

    def render_row(self, index: int, width: int, selected: bool) -> Text:
        text = Text(style=self.row_style(selected), no_wrap=True, end="")
        for piece, style in self._cells(index, width):
            text.append(piece, style)
        return text

    def _cells(self, index: int, width: int) -> list[tuple[str, Style]]:
        """Unread marker, star, time, source and the title fitted to what is left."""
        article = self.get(index)
        if article is None:
            return [("  …", self.part("article-list--placeholder"))]
        part = self.part
        moment = article.published or article.fetched
        cells = [
            ("●" if not article.read else " ", part("article-list--marker")),
            ("★" if article.starred else " ", part("article-list--star")),
            (" " + list_time(moment, self.clock(), self.tz) + " ", part("article-list--time")),
        ]
        # The source column goes first when space is short. Three panes at 120 columns give
        # the list 46 cells: the title keeps 20 or more with the source in.
        # One feed's list leaves it out: every row would say the same.
        if self.state.base.feed_id is None and width >= SOURCE_FROM:
            source_width = min(14, max(10, width // 4))
            source = fit(clean_text(article.feed_title), source_width) + " "
            cells.append((source, part("article-list--source")))
        title_style = part("article-list--read" if article.read else "article-list--unread")
        room = width - sum(cell_len(text) for text, _ in cells)
        title = fit(clean_text(article.title) or "(untitled)", room)
        spans = match_spans(title, self._search)
        if not spans:
            cells.append((title, title_style))
            return cells
        match = title_style + self.get_component_rich_style("article-list--match")
        at = 0
        for start, end in spans:
            cells += [(title[at:start], title_style), (title[start:end], match)]
            at = end
        cells.append((title[at:], title_style))
        return cells
