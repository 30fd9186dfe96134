"""The article view: a headline block, then the body the screen hands it.

The body is any Rich renderable. Today the screen renders the feed's content/summary HTML with
`reader.core.html_render`; the extraction issue swaps in full article text through `set_body`
without touching this widget.
"""

from __future__ import annotations

from datetime import tzinfo

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.core.models import Article
from reader.ui.timefmt import long_time
from reader.ui.widgets.article_list import one_line
from reader.ui.widgets.line_list import keyed

EMPTY_HINT = "No article open. Pick one in the list and press enter."


class ArticleView(VerticalScroll, can_focus=True):
    BINDINGS = [  # noqa: RUF012 (Textual reads class-level bindings)
        keyed("cursor_down"),
        keyed("cursor_up"),
        keyed("top"),
        keyed("bottom"),
        # While reading, the footer offers what reading needs (the screen does the work).
        keyed("clear", show=True, label="Back", namespace="screen."),
        keyed("page_down", show=True, label="Page", namespace="screen."),
        keyed("next_article", show=True, label="Next", namespace="screen."),
        keyed("next_unread", show=True, label="Next unread", namespace="screen."),
    ]

    def __init__(self, *, tz: tzinfo | None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tz = tz
        self.article: Article | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(EMPTY_HINT), id="article-header")
        yield Static(Text(""), id="article-body")

    def show(self, article: Article, body: RenderableType) -> None:
        """Show `article` with `body`, from the top."""
        self.article = article
        self.query_one("#article-header", Static).update(self.header(article))
        self.set_body(body)
        self.scroll_home(animate=False, immediate=True)

    def set_body(self, body: RenderableType) -> None:
        """Replace the body only (the seam for full-text extraction)."""
        self.query_one("#article-body", Static).update(body)

    def clear(self) -> None:
        self.article = None
        self.query_one("#article-header", Static).update(Text(EMPTY_HINT))
        self.set_body(Text(""))

    def update_flags(self, article: Article) -> None:
        """Starred/read changed: redraw the header only."""
        if self.article is not None and self.article.id == article.id:
            self.article = article
            self.query_one("#article-header", Static).update(self.header(article))

    def header(self, article: Article) -> Text:
        text = Text()
        if article.starred:
            text.append("★ ", "bold yellow")
        text.append(one_line(article.title) or "(untitled)", "bold")
        text.append("\n")
        meta = [one_line(article.feed_title)]
        if article.author:
            meta.append(one_line(article.author))
        when = long_time(article.published or article.fetched, self.tz)
        if when:
            meta.append(when)
        text.append(" · ".join(meta), "italic")
        if article.link:
            text.append("\n")
            text.append(one_line(article.link), "dim underline")
        return text

    # --- keys ------------------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self.scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self.scroll_up(animate=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)

    def page(self, direction: int) -> None:
        if direction > 0:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)
