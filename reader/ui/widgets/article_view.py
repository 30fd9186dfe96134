"""The article view: a headline block, a one-line note, then the body.

The screen hands it two bodies: the feed's own content/summary at once (`set_summary`) and, when
its worker has fetched the page, the full text (`set_full`, as a function of the width so it can
be set again on resize). The view shows the full text when it has it, the summary until then,
and `toggle` switches between the two. It never fetches anything itself. What the list's search
(`search`, set by the screen) matches is highlighted in the title and everywhere in the body.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import Literal

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.core.models import Article
from reader.core.search_match import SearchQuery
from reader.core.text import clean_text
from reader.core.url_safety import display_url
from reader.ui.highlight import highlighted, highlighted_text
from reader.ui.timefmt import long_time
from reader.ui.widgets.line_list import keyed

EMPTY_HINT = "No article open. Pick one in the list and press enter."
MEASURE = 80  # the reading width (the CSS max-width of the header, note and body)

FullState = Literal["loading", "ready", "failed", "none"]
FullRenderer = Callable[[int], RenderableType]


def link_hint(count: int, copy_key: str) -> str:
    """How the numbered links are used, under them (the screen's `Links` does it)."""
    how = ""
    if count == 10:
        how = " (0 for 10)"
    elif count > 10:
        how = f" (0 for 10; {' '.join(str(count))} for {count}, 1 enter for 1)"
    return f"Press a link's number to open it{how}; {copy_key} + number copies it."


class ArticleView(VerticalScroll, can_focus=True):
    COMPONENT_CLASSES = {"article-view--match"}  # noqa: RUF012 (Textual reads it on the class)
    DEFAULT_CSS = """
    ArticleView > .article-view--match {
        background: $accent 35%;
        text-style: bold;
    }
    """
    BINDINGS = [  # noqa: RUF012 (Textual reads class-level bindings)
        keyed("cursor_down"),
        keyed("cursor_up"),
        keyed("top"),
        keyed("bottom"),
        # While reading, the footer offers what reading needs (the screen does the work).
        keyed("clear", show=True, label="Back", namespace="screen."),
        keyed("page_down", show=True, label="Page", namespace="screen."),
        keyed("next_article", show=True, label="Next", namespace="screen."),
        keyed("toggle_full_text", show=True, label="Full text", namespace="screen."),
        # Shown only when the links fit in the footer (the screen decides); else the key falls
        # through to the screen's own digit bindings.
        Binding("1", "screen.footer_link('1')", "Links", key_display="1-9", id="link-footer"),
        # ...and not what it does not (these shadow the screen's footer entries; same actions).
        keyed("search", namespace="screen."),
        keyed("refresh", namespace="screen."),
    ]

    def __init__(self, *, tz: tzinfo | None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tz = tz
        self.article: Article | None = None
        self.summary: RenderableType | None = None
        self.full: FullRenderer | None = None
        self.full_state: FullState = "none"
        self.failure: str | None = None  # why the full text is not there
        self.showing_full = True  # the reader's choice for this article (t toggles it)
        self._cleared = False  # `clear` has drawn the empty view and nothing opened since
        self.summary_links: list[str] = []  # the numbered links of each body, [1] first
        self.full_links: list[str] = []
        self.copy_key = "y"  # in the links' hint: the screen puts in a remapped key
        self._search: SearchQuery | None = None

    @property
    def search(self) -> SearchQuery | None:
        """The search whose matches the article shows."""
        return self._search

    @search.setter
    def search(self, query: SearchQuery | None) -> None:
        if query == self._search:
            return
        self._search = query
        if self.article is not None:
            self.query_one("#article-header", Static).update(self.header(self.article))
            self._redraw()

    def compose(self) -> ComposeResult:
        yield Static(Text(EMPTY_HINT), id="article-header")
        yield Static(Text(""), id="article-note")
        yield Static(Text(""), id="article-body")

    # --- data in ---------------------------------------------------------------------------
    def open(self, article: Article, *, full_text: bool = True) -> None:
        """Start showing `article`: its header now, bodies as they come (`full_text`: one
        will be fetched)."""
        self.article = article
        self._cleared = False
        self.summary = None
        self.full = None
        self.summary_links, self.full_links = [], []
        self.full_state = "loading" if full_text else "none"
        self.failure = None
        self.showing_full = True
        self.query_one("#article-header", Static).update(self.header(article))
        self._redraw()
        self.scroll_home(animate=False, immediate=True)

    def set_summary(self, article_id: int, body: RenderableType, links: Sequence[str] = ()) -> None:
        if self._is_open(article_id):
            self.summary, self.summary_links = body, list(links)
            self._redraw()

    def set_full(self, article_id: int, render: FullRenderer, links: Sequence[str] = ()) -> None:
        if self._is_open(article_id):
            self.full, self.full_state, self.full_links = render, "ready", list(links)
            self._redraw()

    def full_failed(self, article_id: int, reason: str) -> None:
        if self._is_open(article_id):
            self.full_state, self.failure = "failed", reason
            self._redraw()

    def toggle(self) -> str | None:
        """Switch between the full text and the feed's summary; a message when it cannot."""
        if self.article is None:
            return "No article open"
        if self.full_state == "ready":
            self.showing_full = not self.showing_full
            self._redraw()
            self.scroll_home(animate=False)
            return None
        if self.full_state == "loading":
            return "The full text is still loading"
        if self.full_state == "failed":
            return f"Full text unavailable: {self.failure}"
        return "This article has no page to fetch the full text from"

    def clear(self) -> None:
        if self._cleared:
            return  # already empty: nothing to redraw (every filter change clears the view)
        self._cleared = True
        self.article = self.summary = self.full = self.failure = None
        self.summary_links, self.full_links = [], []
        self.full_state = "none"
        self.query_one("#article-header", Static).update(Text(EMPTY_HINT))
        self._redraw()

    def update_flags(self, article: Article) -> None:
        """Starred/read changed: redraw the header only."""
        if self._is_open(article.id):
            self.article = article
            self.query_one("#article-header", Static).update(self.header(article))

    def pictures_changed(self) -> None:
        """The full text's pictures arrived, or were hidden or shown: draw the body again."""
        if self.showing == "full":
            self._redraw()

    def _is_open(self, article_id: int) -> bool:
        return self.article is not None and self.article.id == article_id

    # --- drawing ---------------------------------------------------------------------------
    @property
    def showing(self) -> Literal["full", "summary", "none"]:
        if self.article is None:
            return "none"
        return "full" if self.full is not None and self.showing_full else "summary"

    @property
    def links(self) -> list[str]:
        """The links of the body on screen, in their numbers' order ([1] is links[0])."""
        showing = self.showing
        if showing == "none":
            return []
        return self.full_links if showing == "full" else self.summary_links

    def note(self) -> Text:
        state = self.full_state
        if self.article is None or state == "none":
            return Text("")
        if state == "loading":
            return Text("Loading the full text…", "dim italic")
        if state == "failed":
            return Text(
                f"Full text unavailable: {clean_text(self.failure or '')} — "
                "showing the feed's summary",
                "italic",
            )
        if self.showing == "summary":
            return Text("Showing the feed's summary, not the full text", "dim italic")
        return Text("")

    def _redraw(self) -> None:
        note = self.note()
        note_widget = self.query_one("#article-note", Static)
        note_widget.update(note)
        note_widget.display = bool(note.plain)
        if self.showing == "full" and self.full is not None:
            body = self.full(self._width())
        else:
            body = self.summary if self.summary is not None else Text("…", style="dim")
            if self.article is None:
                body = Text("")
        body = self._marked(body)
        if self.links:  # under the numbered list the bodies end with
            body = Group(body, Text("\n" + link_hint(len(self.links), self.copy_key), "dim italic"))
        self.query_one("#article-body", Static).update(body)
        self.refresh_bindings()  # the footer's link key comes and goes with the links

    def _marked(self, body: RenderableType) -> RenderableType:
        if self._search is None:
            return body
        return highlighted(body, self._search, self._match_style())

    def _match_style(self) -> Style:
        # Its background and weight only: a match keeps the colour of what it is in (a quote).
        full = self.get_component_rich_style("article-view--match")
        return Style(bgcolor=full.bgcolor, bold=full.bold)

    def _width(self) -> int:
        room = self.scrollable_content_region.width or self.size.width or MEASURE
        return max(20, min(MEASURE, room))

    def on_resize(self, event: events.Resize) -> None:
        if self.showing == "full":
            self._redraw()  # the full text is laid out for a width

    def header(self, article: Article) -> Text:
        text = Text()
        if article.starred:
            text.append("★ ", "bold yellow")
        title = Text(clean_text(article.title) or "(untitled)", "bold")
        text.append_text(highlighted_text(title, self._search, self._match_style()))
        text.append("\n")
        meta = [clean_text(article.feed_title)]
        if article.author:
            meta.append(clean_text(article.author))
        when = long_time(article.published or article.fetched, self.tz)
        if when:
            meta.append(when)
        text.append(" · ".join(meta), "italic")
        if article.link:
            text.append("\n")
            text.append(clean_text(display_url(article.link)), "dim underline")
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
