"""The article list: a virtual list (Line API) over rows the screen fetches a page at a time.

The widget never touches the database. When it needs a page it does not hold, it draws a
placeholder and posts `PageNeeded`; the screen's worker fetches the page and hands it back with
`set_page`. A `generation` number ties pages to the list they were asked for, so a page that
arrives after the filter changed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, tzinfo

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from reader.cells import fit
from reader.core.models import Article
from reader.core.text import clean_text
from reader.ui.messages import ArticleChosen, PageNeeded
from reader.ui.timefmt import list_time
from reader.ui.widgets.line_list import LineList

PAGE_SIZE = 200
MAX_PAGES = 50  # cache at most 10k rows; pages far from the cursor are dropped first
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
    }

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        tz: tzinfo | None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.tz = tz
        self.generation = 0
        self.show_source = True  # off for a single feed's list: every row has the same one
        self._pages: dict[int, list[Article]] = {}
        self._pending: set[int] = set()

    # --- data ------------------------------------------------------------------------------
    def reset(
        self,
        count: int,
        pages: dict[int, list[Article]] | None = None,
        *,
        cursor: int = 0,
        scroll_shift: int | None = None,
    ) -> int:
        """Show a new list of `count` rows; returns its generation.

        `scroll_shift` keeps the viewport where it was, moved by that many rows (a refresh
        that added rows above the cursor); None scrolls the cursor into view.
        """
        self.generation += 1
        self._pages = dict(pages or {})
        self._pending.clear()
        old_scroll = int(self.scroll_y)
        self.set_row_count(count)
        self.cursor = max(0, min(cursor, count - 1))
        if scroll_shift is not None:
            self.scroll_to(y=max(0, old_scroll + scroll_shift), animate=False, immediate=True)
        self.scroll_to_cursor()
        self.refresh()
        return self.generation

    def set_page(self, generation: int, page: int, rows: list[Article]) -> None:
        if generation != self.generation:
            return  # asked for a list that is no longer shown
        self._pending.discard(page)
        self._pages[page] = rows
        if len(self._pages) > MAX_PAGES:
            here = self.cursor // PAGE_SIZE
            far = max(self._pages, key=lambda p: abs(p - here))
            del self._pages[far]
        self.refresh()

    def page_failed(self, generation: int, page: int) -> None:
        if generation == self.generation:
            self._pending.discard(page)  # let a later repaint ask again

    def get(self, index: int) -> Article | None:
        """The article at `index`, or None while its page is on its way."""
        if not 0 <= index < self.row_count:
            return None
        page, slot = divmod(index, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            if page not in self._pending:
                self._pending.add(page)
                self.post_message(PageNeeded(self.generation, page))
            return None
        return rows[slot] if slot < len(rows) else None

    def cached(self) -> list[tuple[int, Article]]:
        """(index, article) for every row held, in order."""
        return [
            (page * PAGE_SIZE + slot, article)
            for page in sorted(self._pages)
            for slot, article in enumerate(self._pages[page])
        ]

    @property
    def cursor_article(self) -> Article | None:
        return self.get(self.cursor)

    def update_article(self, article_id: int, **changes: object) -> None:
        """Change a held row in place (read/starred) without refetching the list."""
        for rows in self._pages.values():
            for slot, article in enumerate(rows):
                if article.id == article_id:
                    rows[slot] = replace(article, **changes)  # type: ignore[arg-type]
        self.refresh()

    def mark_all_held_read(self) -> None:
        for rows in self._pages.values():
            for slot, article in enumerate(rows):
                if not article.read:
                    rows[slot] = replace(article, read=True)
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
        if self.show_source and width >= SOURCE_FROM:
            source_width = min(14, max(10, width // 4))
            source = fit(clean_text(article.feed_title), source_width) + " "
            cells.append((source, part("article-list--source")))
        title_style = "article-list--read" if article.read else "article-list--unread"
        room = width - sum(cell_len(text) for text, _ in cells)
        cells.append((fit(clean_text(article.title) or "(untitled)", room), part(title_style)))
        return cells
