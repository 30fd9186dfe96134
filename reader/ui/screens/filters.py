"""The article list's query: the chosen feed, narrowed by search and region filters.

The header shows what is filtered and "38/1,204" (matches / the unfiltered list); the input
under it edits the search live (debounced) and applies it on enter. The region comes from the
picker (`f`) or a click on the weather bar, which highlights the region being filtered. The
picker can also save the region filter as the one the app opens with ([ui] region).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from rich.text import Text
from textual import on, work
from textual.timer import Timer
from textual.widgets import Input, Static

from reader.core.models import ArticleQuery
from reader.core.regions import find_region
from reader.core.service import with_recent
from reader.core.text import clean_text
from reader.ui.screens.data import DataMixin
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.region_picker import RegionPicker
from reader.ui.widgets.weather_bar import WeatherBar

FilterKind = Literal["search", "region"]
SEARCH_DELAY = 0.25  # seconds of quiet typing before a live search runs


class FilterMixin(DataMixin):
    base_query: ArticleQuery
    list_label: str
    filter_kind: FilterKind
    narrow: bool
    pending_seek: int | None
    _search: str | None
    _region: str | None
    recent_regions: list[str]
    _search_timer: Timer | None

    def mark_pane(self, pane: str) -> None:
        raise NotImplementedError  # the screen's

    def show_pane(self, pane: str) -> None:
        raise NotImplementedError  # the screen's

    # --- the list's query and header -------------------------------------------------------
    def apply_query(self, *, first: bool = False) -> None:
        """Show the list for the current feed and filters: read at once on the app's thread
        when that is quick (see `quick_query`), else by the list worker."""
        search, region = self.current_filters()
        self.article_query = replace(self.base_query, search=search, region=region)
        match = find_region(self.service.regions, region) if region else None
        self.query_one(ArticleView).clear()
        self.query_one(ArticleList).show_source = self.article_query.feed_id is None
        if self.quick_query(search, match is not None, first=first):
            self.load_list_now()
        else:
            self.reload_list(keep_cursor=False)
        # The bar's highlight waits for the list's repaint: the list is what the key asked for.
        # (Asked last: a callback wakes the screen, and the list and header must be in its
        # next frame — see RegionPicker.close.)
        self.call_after_refresh(self.highlight_region, match.name if match else None)

    def quick_query(self, search: str | None, known_region: bool, *, first: bool) -> bool:
        """Whether the list's count and first page are quick enough to read on the app's
        thread (a few ms at 100k articles), which saves the worker's hand-off (~50 ms while
        the screen repaints). A known region is an index range; free text and search words
        go through the word index (tens of ms for a common word), so they take the worker,
        as does any list read while a refresh is writing (it would wait for the write lock).
        The screen's first list is always read at once: it is what the first frame shows."""
        if first:
            return True
        region = self.current_filters()[1]
        return not search and (region is None or known_region) and not self.refreshing()

    def highlight_region(self, name: str | None) -> None:
        self.query_one(WeatherBar).highlight = name

    def current_filters(self) -> tuple[str | None, str | None]:
        return self._search, self._region

    def set_filter(self, kind: FilterKind, value: str | None) -> None:
        value = " ".join((value or "").split()) or None
        if kind == "region":
            value = self.region_value(value)
            if value is not None:
                self.remember_region(value)
        setattr(self, f"_{kind}", value)
        self.apply_query()

    def region_value(self, typed: str | None) -> str | None:
        """What `ArticleQuery.region` gets for a typed place: a known region's name (so
        "Gwangju" and "광주광역시" filter as 광주), else the text itself."""
        typed = " ".join((typed or "").split())
        if not typed:
            return None
        region = find_region(self.service.regions, typed)
        return region.name if region is not None else typed

    def remember_region(self, value: str) -> None:
        """Recent choices for the picker, newest first; saved for the next session too."""
        self.recent_regions[:] = with_recent(self.recent_regions, value)
        self.save_recent_region(value)

    @work(thread=True, group="recent", exit_on_error=False, name="Saving recent regions")
    def save_recent_region(self, value: str) -> None:
        self.service.remember_region(value)

    @work(thread=True, group="recent", exit_on_error=False, name="Loading recent regions")
    def load_recent_regions(self) -> None:
        stored = self.service.recent_regions()
        self.app.call_from_thread(self.merge_recent_regions, stored)

    def merge_recent_regions(self, stored: list[str]) -> None:
        """Choices made in this session (before the stored ones arrived) stay first."""
        recent = stored
        for value in reversed(self.recent_regions):
            recent = with_recent(recent, value)
        self.recent_regions[:] = recent

    @on(RegionPicker.DefaultChosen)
    def default_region_chosen(self, message: RegionPicker.DefaultChosen) -> None:
        self.save_default_region(message.region)

    @work(thread=True, group="config", exit_on_error=False, name="Saving the default region")
    def save_default_region(self, region: str | None) -> None:
        path = self.service.save_default_region(region)  # errors: on_worker_state_changed
        message = f"Sinmun opens with {region} from now on" if region else "Sinmun opens unfiltered"
        self.app.call_from_thread(self.notify, f"{message} (saved in {path})")

    def list_counts(self, count: int, total: int) -> None:
        title = Text(clean_text(self.list_label), style="bold")
        search, region = self.current_filters()
        for label, value in (("search", search), ("region", region)):
            if value:
                title.append("  ")
                title.append(f"[{label}: ", style="dim")
                title.append(value)
                title.append(" ×]", style="dim")
        title.append("  ")
        title.append(f"{count:,}/{total:,}" if (search or region) else f"{count:,}", "dim")
        articles = self.query_one(ArticleList)
        if search or region:
            articles.empty_hint = "Nothing matches. Press esc to clear the filter."
        elif total == 0 and not any(feed.total for feed in self.feeds):
            articles.empty_hint = "No articles yet. Press r to refresh the feeds."
        else:
            articles.empty_hint = "No articles here."
        articles.refresh()
        self.query_one("#articles-title", Static).update(title)
        if self.pending_seek is not None:
            direction, self.pending_seek = self.pending_seek, None
            start = 0 if direction > 0 else count - 1
            self.seek_unread(self.article_query, start, direction, count, hop=False)

    # --- search / region input -------------------------------------------------------------
    def open_filter(self, kind: FilterKind) -> None:
        self.filter_kind = kind
        field = self.query_one("#filter-input", Input)
        search, region = self.current_filters()
        field.placeholder = "Search titles and text…" if kind == "search" else "Region (광주…)"
        field.value = (search if kind == "search" else region) or ""
        field.add_class("-open")
        if self.narrow:
            self.mark_pane("articles-pane")
        field.focus()

    def close_filter(self) -> None:
        field = self.query_one("#filter-input", Input)
        field.remove_class("-open")
        self.show_pane("articles-pane")

    @on(Input.Changed, "#filter-input")
    def filter_typed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        kind, value = self.filter_kind, event.value
        if " ".join(value.split()) == (self.current_filters()[0 if kind == "search" else 1] or ""):
            return  # opening the field with the current filter is not a new search
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self.set_filter(kind, value))

    @on(Input.Submitted, "#filter-input")
    def filter_submitted(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self.set_filter(self.filter_kind, event.value)
        self.close_filter()
