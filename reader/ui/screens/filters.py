"""How the reader changes the list's filters: the search field and the region picker.

The field under the list's header edits the search live (debounced) and applies it on enter;
the list and the article view are told the search, and highlight what it matches. Opening the
field brings the search index up to date in the background (articles a refresh stored since).
The region comes from the picker (`f`) or a click on the weather bar, which highlights the
region being filtered. The picker can also save the region filter as the one the app opens
with ([ui] region). The filters themselves are the `ListState`'s; this applies them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.widgets import Input

from reader.core.search_match import parse_query
from reader.core.service import with_recent
from reader.ui.list_state import FilterKind, ListState
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.region_picker import RegionPicker
from reader.ui.widgets.weather_bar import WeatherBar

if TYPE_CHECKING:
    from reader.ui.screens.data import Workers
    from reader.ui.screens.main import MainScreen

SEARCH_DELAY = 0.25  # seconds of quiet typing before a live search runs


class Filters:
    def __init__(self, screen: MainScreen, state: ListState, data: Workers) -> None:
        self.screen = screen
        self.state = state
        self.data = data
        self.kind: FilterKind = "search"  # what the field is editing
        self.recent: list[str] = []  # newest first, for the picker
        self.picker: RegionPicker | None = None  # mounted on first use, then kept
        self._timer: Timer | None = None

    def set(self, kind: FilterKind, value: str | None) -> None:
        """Filter the list by `value` (None or "": no such filter)."""
        value = self.state.set_filter(kind, value)
        if kind == "region" and value is not None:
            self.remember_region(value)
        self.show_search()
        self.screen.lists.show()

    def clear(self) -> None:
        self.state.clear_filters()
        self.show_search()
        self.screen.lists.show()

    def show_search(self) -> None:
        """The list and the article view highlight what the current search matches."""
        query = parse_query(self.state.search)
        self.screen.query_one(ArticleList).search = query
        self.screen.query_one(ArticleView).search = query

    def highlight_region(self, name: str | None) -> None:
        """The weather bar marks the region being filtered, when it is one of its cities."""
        self.screen.query_one(WeatherBar).highlight = name

    # --- the search field ------------------------------------------------------------------
    @property
    def field(self) -> Input:
        return self.screen.query_one("#filter-input", Input)

    def open_field(self, kind: FilterKind) -> None:
        self.kind = kind
        field = self.field
        search, region = self.state.filters()
        field.placeholder = "Search titles and text…" if kind == "search" else "Region (광주…)"
        field.value = (search if kind == "search" else region) or ""
        field.add_class("-open")
        if kind == "search":  # a search is coming: the index takes what it does not have yet
            self.data.index_search()
        if self.screen.panes.narrow:
            self.screen.panes.mark("articles-pane")
        field.focus()

    def close_field(self) -> None:
        self.field.remove_class("-open")
        self.screen.panes.show("articles-pane")

    def typed(self, value: str) -> None:
        if self._timer is not None:
            self._timer.stop()
        kind = self.kind
        if self.state.typed_is_current(kind, value):
            return  # opening the field with the current filter is not a new search
        self._timer = self.screen.set_timer(SEARCH_DELAY, lambda: self.set(kind, value))

    def submitted(self, value: str) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.set(self.kind, value)
        self.close_field()

    # --- the region picker -----------------------------------------------------------------
    async def open_picker(self) -> None:
        screen = self.screen
        picker = self.picker
        if picker is None:  # mounted on first use: the first frame does not wait for it
            picker = RegionPicker(cursor_blink=getattr(screen.app, "cursor_blink", True))
            await screen.mount(picker)
            self.picker = picker
        service = screen.service
        picker.open(
            service.regions,
            self.recent,
            self.state.region,
            self.picker_closed,
            default=self.state.region_value(service.config.ui.region),
        )
        screen.query_one(WeatherBar).hold(True)

    def picker_closed(self, value: str | None) -> None:
        if value is not None:  # None: the picker was cancelled
            self.set("region", value or None)
        self.screen.call_after_refresh(self.screen.query_one(WeatherBar).hold, False)

    def return_focus(self) -> None:
        """The focus back from a picker that has just closed (before a key)."""
        if self.picker is not None:
            self.picker.return_focus()

    # --- recent regions --------------------------------------------------------------------
    def remember_region(self, value: str) -> None:
        """Recent choices for the picker, newest first; saved for the next session too."""
        self.recent[:] = with_recent(self.recent, value)
        self.data.remember_region(value)

    def load_recent(self) -> None:
        self.data.recent_regions(self.merge_recent)

    def merge_recent(self, stored: list[str]) -> None:
        """Choices made in this session (before the stored ones arrived) stay first."""
        recent = stored
        for value in reversed(self.recent):
            recent = with_recent(recent, value)
        self.recent[:] = recent
