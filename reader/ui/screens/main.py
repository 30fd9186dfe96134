"""The main screen: weather bar, feeds │ articles │ article, refresh line, footer.

At 120 columns and more all three panes show; narrower, one pane at a time and enter/esc
move between them. Keys live here (screen-wide actions) and on the widgets (movement).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from reader.core.keymap import resolve_keys
from reader.core.models import Article, ArticleQuery, Feed
from reader.ui.messages import ArticleChosen, FeedChosen, PageNeeded
from reader.ui.screens.filters import FilterKind, FilterMixin
from reader.ui.screens.links import LinksMixin
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feed_list import FeedList
from reader.ui.widgets.footer import QuietFooter
from reader.ui.widgets.line_list import keyed
from reader.ui.widgets.region_picker import RegionPicker
from reader.ui.widgets.status import RefreshStatus
from reader.ui.widgets.weather_bar import WeatherBar

if TYPE_CHECKING:
    from reader.core.service import Service

NARROW_BELOW = 120  # columns
PANES = ("feeds-pane", "articles-pane", "article-pane")


class MainScreen(LinksMixin, FilterMixin):
    BINDINGS: ClassVar[list[BindingType]] = [
        keyed("next_article"),
        keyed("previous_article"),
        keyed("next_unread"),
        keyed("previous_unread"),
        keyed("page_down"),
        keyed("page_up"),
        keyed("next_pane"),
        keyed("previous_pane"),
        keyed("search", show=True, label="Search"),
        keyed("region", label="Region"),
        keyed("clear"),
        keyed("refresh", show=True, label="Refresh"),
        keyed("toggle_star", show=True, label="Star"),
        keyed("toggle_read", label="Read/unread"),
        keyed("mark_all_read"),
        keyed("toggle_full_text", label="Full text / summary"),
        keyed("open_browser", show=True, label="Browser"),
        keyed("copy_link"),
        keyed("help", show=True, label="Help"),
        keyed("quit", show=True, label="Quit"),
        Binding("e", "feed_error", "Show the feed's last error", show=False, id="feed_error"),
    ]

    # Textual's Screen repaints itself whole when the focus moves, though the widgets that
    # gain and lose it restyle and repaint themselves: ~8 ms of rendering and terminal output
    # on every pane switch and every close of the region picker, for nothing that changes.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(
        self,
        service: Service,
        *,
        clock: Callable[[], datetime],
        tz: tzinfo | None,
    ) -> None:
        super().__init__()
        self.service = service
        self.clock = clock
        self.tz = tz
        self.feeds: list[Feed] = []
        self.base_query = ArticleQuery()
        self.article_query = ArticleQuery()
        self.list_label = "All"
        self.filter_kind: FilterKind = "search"
        self.narrow = False
        self._search_timer: Timer | None = None
        self._search: str | None = None
        self._region: str | None = None
        self.recent_regions: list[str] = []  # newest first, for the region picker
        self.pending_seek: int | None = None  # N/P moved to another feed: seek once it loads
        self.picker: RegionPicker | None = None  # mounted on first use, then kept

    def compose(self) -> ComposeResult:
        yield WeatherBar(clock=self.clock, tz=self.tz)
        with Horizontal(id="panes"):
            with Vertical(id="feeds-pane", classes="pane"):
                yield Static(Text("Feeds"), classes="pane-title")
                yield FeedList(id="feeds")
            with Vertical(id="articles-pane", classes="pane"):
                yield Static(Text("All"), classes="pane-title", id="articles-title")
                filter_input = Input(id="filter-input")
                filter_input.cursor_blink = getattr(self.app, "cursor_blink", True)
                yield filter_input
                yield ArticleList(clock=self.clock, tz=self.tz, id="articles")
            with Vertical(id="article-pane", classes="pane"):
                yield ArticleView(tz=self.tz, id="article")
        yield RefreshStatus()
        yield QuietFooter()

    def on_mount(self) -> None:
        self.set_narrow(self.app.size.width < NARROW_BELOW)
        self.query_one(ArticleList).focus()
        copy_key = resolve_keys(dict(self.service.config.keys))["copy_link"].split(",")[0]
        self.query_one(ArticleView).copy_key = copy_key
        self._region = self.region_value(self.service.config.ui.region)  # the default filter
        self.apply_query(first=True)  # the list first: it is what the first frame shows
        self.load_feeds()
        ui = self.service.config.ui
        if ui.refresh_minutes > 0:
            every = ui.refresh_minutes * 60
            self.set_interval(every, lambda: self.action_refresh(quiet=True), name="auto-refresh")

    def first_list_painted(self) -> None:
        """Weather and the refresh on start wait for the first frame (their HTTP client costs
        the app's loop ~0.1 s to set up), and so do the picker's recent regions."""
        self.weather_loop()
        self.load_recent_regions()
        if self.service.config.ui.refresh_on_start:
            self.action_refresh(quiet=True)
        first_frame = getattr(self.app, "first_frame", None)
        if first_frame is not None:
            first_frame()

    # --- panes -----------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self.set_narrow(event.size.width < NARROW_BELOW)

    def set_narrow(self, narrow: bool) -> None:
        self.narrow = narrow
        self.set_class(narrow, "-narrow")
        # 80 columns hold the keys that matter or the palette hint, not both (? lists ctrl+p).
        self.query_one(Footer).show_command_palette = not narrow
        self.mark_pane(self.active_pane())
        self.refresh_bindings()  # the footer's link key shows only when wide

    def active_pane(self) -> str:
        # The picker floats over the panes: the pane it was opened from stays the active one.
        picker = self.picker
        focused = self.focused
        if picker is not None and picker.origin is not None and picker.has_focus_within:
            focused = picker.origin
        for pane in PANES:
            if focused is not None and self.query_one(f"#{pane}") in focused.ancestors_with_self:
                return pane
        return "articles-pane"

    def mark_pane(self, pane: str) -> None:
        for name in PANES:
            self.query_one(f"#{name}").set_class(name == pane, "-active")

    def show_pane(self, pane: str) -> None:
        """Focus a pane (and, when narrow, show only it)."""
        self.mark_pane(pane)
        target: Widget = {
            "feeds-pane": self.query_one(FeedList),
            "articles-pane": self.query_one(ArticleList),
            "article-pane": self.query_one(ArticleView),
        }[pane]
        target.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        picker = self.picker
        # A click elsewhere took the focus: the picker is cancelled. (Where the focus is now,
        # not the event's widget: the event may arrive after the picker has opened again.)
        if picker is not None and picker.is_open and not picker.has_focus_within:
            picker.close(None)
        self.mark_pane(self.active_pane())

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click outside the open picker cancels it (as one on a focusable pane does)."""
        picker = self.picker
        outside = picker is not None and not picker.region.contains(event.screen_x, event.screen_y)
        if outside and picker is not None and picker.is_open:
            picker.close(None)

    def action_next_pane(self) -> None:
        self.show_pane(PANES[(PANES.index(self.active_pane()) + 1) % len(PANES)])

    def action_previous_pane(self) -> None:
        self.show_pane(PANES[(PANES.index(self.active_pane()) - 1) % len(PANES)])

    def back(self) -> bool:
        """One pane back when narrow (article → articles → feeds); False if nowhere to go."""
        pane = self.active_pane()
        if pane == "article-pane":
            self.show_pane("articles-pane")
            return True
        if self.narrow and pane == "articles-pane":
            self.show_pane("feeds-pane")
            return True
        return False

    # --- messages from the widgets ---------------------------------------------------------
    @on(PageNeeded)
    def page_needed(self, message: PageNeeded) -> None:
        self.load_page(message.generation, message.page, self.article_query)

    @on(FeedChosen)
    def feed_chosen(self, message: FeedChosen) -> None:
        self.base_query = message.query
        self.list_label = message.label
        self.apply_query()
        self.show_pane("articles-pane")

    @on(ArticleChosen)
    def article_chosen(self, message: ArticleChosen) -> None:
        self.open_at(message.index, message.article)

    def open_at(self, index: int, article: Article) -> None:
        self.query_one(ArticleList).move_cursor(index)
        # The header at once; the feed's summary, then the full text, follow from workers.
        self.query_one(ArticleView).open(article, full_text=self.auto_fetch(article))
        self.load_article(article)
        if self.narrow:
            self.show_pane("article-pane")

    def unread_elsewhere(self, direction: int) -> None:
        """Go on to the next (or previous) feed that has unread articles."""
        feeds = self.query_one(FeedList)
        rows = feeds.feed_rows()
        current = next((i for i, r in enumerate(rows) if r.key == feeds.chosen), -1)
        order = (
            rows[current + 1 :] + rows[:current]
            if direction > 0
            else (list(reversed(rows[:current])) + list(reversed(rows[current + 1 :])))
        )
        for row in order:
            if row.count and row.feed is not None:
                self.pending_seek = direction
                feeds.choose_feed(row.feed.id)
                self.notify(f"Next unread in {row.label}")
                return
        self.notify("No unread articles left")

    # --- actions ---------------------------------------------------------------------------
    def current_article(self) -> Article | None:
        """What s/m/o/y act on: the open article when reading it, else the list's cursor."""
        view = self.query_one(ArticleView)
        if view.article is not None and self.active_pane() == "article-pane":
            return view.article
        return self.query_one(ArticleList).cursor_article

    def action_next_article(self) -> None:
        self.step_article(+1)

    def action_previous_article(self) -> None:
        self.step_article(-1)

    def step_article(self, direction: int) -> None:
        articles = self.query_one(ArticleList)
        index = articles.cursor + direction
        article = articles.get(index)
        if article is not None:
            self.open_at(index, article)
        elif not 0 <= index < articles.row_count:
            self.notify("No more articles" if direction > 0 else "At the first article")

    def action_next_unread(self) -> None:
        articles = self.query_one(ArticleList)
        self.seek_unread(self.article_query, articles.cursor + 1, +1, articles.row_count)

    def action_previous_unread(self) -> None:
        articles = self.query_one(ArticleList)
        self.seek_unread(self.article_query, articles.cursor - 1, -1, articles.row_count)

    def action_page_down(self) -> None:
        self.query_one(ArticleView).page(+1)

    def action_page_up(self) -> None:
        self.query_one(ArticleView).page(-1)

    def action_search(self) -> None:
        self.open_filter("search")

    async def action_region(self) -> None:
        picker = self.picker
        if picker is None:  # mounted on first use: the first frame does not wait for it
            picker = RegionPicker(cursor_blink=getattr(self.app, "cursor_blink", True))
            await self.mount(picker)
            self.picker = picker
        picker.open(
            self.service.regions,
            self.recent_regions,
            self._region,
            self.region_chosen,
            default=self.region_value(self.service.config.ui.region),
        )
        self.query_one(WeatherBar).hold(True)

    def return_focus(self) -> None:
        """The focus back from a region picker that has just closed (before a key)."""
        if self.picker is not None:
            self.picker.return_focus()

    def region_chosen(self, value: str | None) -> None:
        if value is not None:  # None: the picker was cancelled
            self.set_filter("region", value or None)
        self.call_after_refresh(self.query_one(WeatherBar).hold, False)

    @on(WeatherBar.RegionPicked)
    def region_picked(self, message: WeatherBar.RegionPicked) -> None:
        self.set_filter("region", message.name)

    def action_clear(self) -> None:
        field = self.query_one("#filter-input", Input)
        if field.has_class("-open"):
            self.set_filter(self.filter_kind, None)
            self.close_filter()
        elif self.active_pane() == "article-pane":
            self.back()
        elif any(self.current_filters()):
            self._search = self._region = None
            self.apply_query()
        else:
            self.back()

    def action_quit(self) -> None:
        """q closes the article being read and quits from anywhere else, as in a mail
        reader: at 80 columns the first q from the list quits too (esc is the way back)."""
        if self.active_pane() == "article-pane":
            self.show_pane("articles-pane")
        else:
            self.app.exit()

    def action_refresh(self, quiet: bool = False) -> None:
        if self.refreshing():
            if not quiet:  # the interval timer finding one running is no news
                self.notify("A refresh is already running")
            return
        self.run_refresh()
        if not quiet:  # the bar refreshes itself on its own interval
            self.refresh_weather()

    def action_toggle_star(self) -> None:
        if article := self.current_article():
            self.save_flags(article, read=None, starred=not article.starred)

    def action_toggle_read(self) -> None:
        if article := self.current_article():
            self.save_flags(article, read=not article.read, starred=None)

    def action_mark_all_read(self) -> None:
        self.mark_all(self.article_query)

    def action_toggle_full_text(self) -> None:
        if self.fetch_held():  # a page not fetched unasked: the reader asks now
            return
        message = self.query_one(ArticleView).toggle()
        if message:
            self.notify(message)

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_feed_error(self) -> None:
        row = self.query_one(FeedList).current
        feed = row.feed
        if feed is None or not feed.last_error:
            self.notify(f"{row.label}: no errors")
            return
        self.notify(f"{feed.title}: {feed.last_error}", title="Last refresh failed", timeout=10)

    def go_to_feed(self, feed_id: int | None) -> None:
        """The command palette's "go to feed"."""
        self.query_one(FeedList).choose_feed(feed_id)
