"""The main screen's three panes: which one is active, and moving between them.

At 120 columns and more all three show; narrower, one at a time (the screen's `-narrow` class
and the CSS hide the others) and enter/esc move between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget
from textual.widgets import Footer

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feed_list import FeedList

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen

NARROW_BELOW = 120  # columns
PANES = ("feeds-pane", "articles-pane", "article-pane")


class Panes:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.narrow = False

    def set_narrow(self, narrow: bool) -> None:
        self.narrow = narrow
        screen = self.screen
        screen.set_class(narrow, "-narrow")
        # 80 columns hold the keys that matter or the palette hint, not both (? lists ctrl+p).
        screen.query_one(Footer).show_command_palette = not narrow
        self.mark(self.active())
        screen.refresh_bindings()  # the footer's link key shows only when wide

    def active(self) -> str:
        # The picker floats over the panes: the pane it was opened from stays the active one.
        screen = self.screen
        picker = screen.filters.picker
        focused = screen.focused
        if picker is not None and picker.origin is not None and picker.has_focus_within:
            focused = picker.origin
        for pane in PANES:
            if focused is not None and screen.query_one(f"#{pane}") in focused.ancestors_with_self:
                return pane
        return "articles-pane"

    def mark(self, pane: str) -> None:
        for name in PANES:
            self.screen.query_one(f"#{name}").set_class(name == pane, "-active")

    def show(self, pane: str) -> None:
        """Focus a pane (and, when narrow, show only it)."""
        self.mark(pane)
        screen = self.screen
        target: Widget = {
            "feeds-pane": screen.query_one(FeedList),
            "articles-pane": screen.query_one(ArticleList),
            "article-pane": screen.query_one(ArticleView),
        }[pane]
        target.focus()

    def step(self, direction: int) -> None:
        """The next (or previous) pane, round."""
        self.show(PANES[(PANES.index(self.active()) + direction) % len(PANES)])

    def back(self) -> bool:
        """One pane back when narrow (article → articles → feeds); False if nowhere to go."""
        pane = self.active()
        if pane == "article-pane":
            self.show("articles-pane")
            return True
        if self.narrow and pane == "articles-pane":
            self.show("feeds-pane")
            return True
        return False
