"""The main screen: weather bar, feeds │ articles │ article, refresh line, footer.

The screen owns what the panes show and hands the work to one object per job:
`ListState` (the article list's query, rows and cursor), `Workers` (data.py: every database
and network call, and how workers end), `Panes` (which pane is active), `Filters` (the search
field and region picker), `Reading` (the open article) and `Links` (the article's links).
Keys live here (screen-wide actions) and on the widgets (movement).
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
from textual.notifications import SeverityLevel
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import Worker

from reader.core.keymap import resolve_keys
from reader.core.models import Article
from reader.ui.list_state import ListState
from reader.ui.messages import ArticleChosen, FeedChosen, PageNeeded
from reader.ui.screens.data import Workers
from reader.ui.screens.filters import Filters
from reader.ui.screens.links import LINK_BINDINGS, Links
from reader.ui.screens.lists import Lists
from reader.ui.screens.panes import NARROW_BELOW, Panes
from reader.ui.screens.reading import Reading
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


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *LINK_BINDINGS,
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
        keyed("toggle_images", label="Pictures"),
        keyed("open_browser", show=True, label="Browser"),
        keyed("copy_link"),
        keyed("help", show=True, label="Help"),
        keyed("quit", show=True, label="Quit"),
        Binding("e", "feed_error", "Show the feed's last error", show=False, id="feed_error"),
        Binding("w", "weather_bar", "Weather: pick a city (enter: its detail)", show=False),
    ]

    # Textual's Screen repaints itself whole when the focus moves, though the widgets that
    # gain and lose it restyle and repaint themselves: ~8 ms of rendering and terminal output
    # on every pane switch and every close of the region picker, for nothing that changes.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    _resumed = False  # the first ScreenResume seen (on_screen_resume)
    # The list has the focus at start (on_mount): Textual's default ("*") would first focus
    # the feed list, styled twice before the first frame.
    AUTO_FOCUS = "#articles"

    def __init__(
        self, service: Service, *, clock: Callable[[], datetime], tz: tzinfo | None
    ) -> None:
        super().__init__()
        self.service = service
        self.clock = clock
        self.tz = tz
        self.list_state = ListState(service.regions)
        self.data = Workers(self, service)
        self.lists = Lists(self, self.list_state, self.data)
        self.panes = Panes(self)
        self.filters = Filters(self, self.list_state, self.data)
        self.reading = Reading(self, self.data, tz)
        self.links = Links(self)

    def compose(self) -> ComposeResult:
        # The classes on_mount would set (Panes.set_narrow), set before the widgets are
        # styled: set after, each restyles the tree before the first frame.
        self.set_class(self.app.size.width < NARROW_BELOW, "-narrow")
        yield WeatherBar(clock=self.clock, tz=self.tz)
        with Horizontal(id="panes"):
            with Vertical(id="feeds-pane", classes="pane"):
                yield Static(Text("Feeds"), classes="pane-title")
                yield FeedList(id="feeds")
            with Vertical(id="articles-pane", classes="pane -active"):
                yield Static(Text("All"), classes="pane-title", id="articles-title")
                filter_input = Input(id="filter-input")
                filter_input.cursor_blink = getattr(self.app, "cursor_blink", True)
                yield filter_input
                yield ArticleList(
                    clock=self.clock, tz=self.tz, state=self.list_state, id="articles"
                )
            with Vertical(id="article-pane", classes="pane"):
                yield ArticleView(tz=self.tz, id="article")
        yield RefreshStatus()
        yield QuietFooter()

    # --- start-up --------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.panes.set_narrow(self.app.size.width < NARROW_BELOW)
        self.query_one(ArticleList).focus()
        copy_key = resolve_keys(dict(self.service.config.keys))["copy_link"].split(",")[0]
        self.query_one(ArticleView).copy_key = copy_key
        ui = self.service.config.ui
        self.list_state.set_filter("region", ui.region)  # the filter the app opens with
        self.lists.show(first=True)  # the list first: it is what the first frame shows
        self.lists.load_feeds()
        if ui.refresh_minutes > 0:
            every = ui.refresh_minutes * 60
            self.set_interval(every, lambda: self.action_refresh(quiet=True), name="auto-refresh")

    def first_list_painted(self) -> None:
        """Weather and the refresh on start wait for the first frame (their HTTP client costs
        the app's loop ~0.1 s to set up), and so do the picker's recent regions."""
        self.data.weather(self.query_one(WeatherBar).set_report)
        self.filters.load_recent()
        self.data.index_search()  # what the search index lacks (an interrupted session's)
        if self.service.config.ui.refresh_on_start:
            self.action_refresh(quiet=True)
        first_frame = getattr(self.app, "first_frame", None)
        if first_frame is not None:
            first_frame()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry feed titles, links and error text: data, so no markup."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.data.ended(event)  # the one place a worker's end is reported

    # --- the lists (lists.py reads and shows them) -----------------------------------------
    def reload_list(self, *, keep_cursor: bool) -> None:
        self.lists.reload(keep_cursor=keep_cursor)

    def current_filters(self) -> tuple[str | None, str | None]:
        return self.list_state.filters()

    def refreshing(self) -> bool:
        return self.data.refreshing()

    @on(PageNeeded)
    def page_needed(self, message: PageNeeded) -> None:
        self.lists.page_needed(message.generation, message.page)

    @on(FeedChosen)
    def feed_chosen(self, message: FeedChosen) -> None:
        self.list_state.choose(message.query, message.label)
        self.lists.show()
        self.panes.show("articles-pane")

    def go_to_feed(self, feed_id: int | None) -> None:
        """The command palette's "go to feed"."""
        self.query_one(FeedList).choose_feed(feed_id)

    # --- opening articles ------------------------------------------------------------------
    @on(ArticleChosen)
    def article_chosen(self, message: ArticleChosen) -> None:
        self.open_at(message.index, message.article)

    def open_at(self, index: int, article: Article) -> None:
        self.query_one(ArticleList).move_cursor(index)
        self.reading.open(article)
        if self.panes.narrow:
            self.panes.show("article-pane")

    def current_article(self) -> Article | None:
        """What s/m/o/y act on: the open article when reading it, else the list's cursor."""
        view = self.query_one(ArticleView)
        if view.article is not None and self.panes.active() == "article-pane":
            return view.article
        return self.query_one(ArticleList).cursor_article

    def step_article(self, direction: int) -> None:
        articles = self.query_one(ArticleList)
        index = articles.cursor + direction
        article = articles.get(index)
        if article is not None:
            self.open_at(index, article)
        elif not 0 <= index < articles.row_count:
            self.notify("No more articles" if direction > 0 else "At the first article")

    # --- events ----------------------------------------------------------------------------
    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. The first resume comes just after the mount has
        # styled every widget: Textual would restyle them all again (~5 ms of the first frame).
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_resize(self, event: events.Resize) -> None:
        self.panes.set_narrow(event.size.width < NARROW_BELOW)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        picker = self.filters.picker
        # A click elsewhere took the focus: the picker is cancelled. (Where the focus is now,
        # not the event's widget: the event may arrive after the picker has opened again.)
        if picker is not None and picker.is_open and not picker.has_focus_within:
            picker.close(None)
        self.panes.mark(self.panes.active())

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click outside the open picker cancels it (as one on a focusable pane does)."""
        picker = self.filters.picker
        outside = picker is not None and not picker.region.contains(event.screen_x, event.screen_y)
        if outside and picker is not None and picker.is_open:
            picker.close(None)

    def return_focus(self) -> None:
        """The focus back from a region picker that has just closed (the app calls this
        before every key)."""
        self.filters.return_focus()

    def key_seen(self, key: str) -> None:
        """Every key, before it is handled (the app calls this): a link number goes on or
        stops here."""
        self.links.key_seen(key)

    @on(Input.Changed, "#filter-input")
    def filter_typed(self, event: Input.Changed) -> None:
        self.filters.typed(event.value)

    @on(Input.Submitted, "#filter-input")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.filters.submitted(event.value)

    @on(WeatherBar.RegionPicked)
    def region_picked(self, message: WeatherBar.RegionPicked) -> None:
        self.filters.set("region", message.name)

    @on(WeatherBar.RegionOpened)
    async def region_opened(self, message: WeatherBar.RegionOpened) -> None:
        from reader.ui.widgets.region_detail import RegionDetail  # opened on request only

        await RegionDetail.open_on(self, self.service, message.name, self.tz)

    def action_weather_bar(self) -> None:
        self.query_one(WeatherBar).enter_from(self.focused)

    @on(RegionPicker.DefaultChosen)
    def default_region_chosen(self, message: RegionPicker.DefaultChosen) -> None:
        self.data.save_default_region(message.region)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = self.links.check(action)
        return super().check_action(action, parameters) if allowed is None else allowed

    # --- actions ---------------------------------------------------------------------------
    def action_next_article(self) -> None:
        self.step_article(+1)

    def action_previous_article(self) -> None:
        self.step_article(-1)

    def action_next_unread(self) -> None:
        self.lists.seek_unread(self.list_state.cursor + 1, +1)

    def action_previous_unread(self) -> None:
        self.lists.seek_unread(self.list_state.cursor - 1, -1)

    def action_page_down(self) -> None:
        self.query_one(ArticleView).page(+1)

    def action_page_up(self) -> None:
        self.query_one(ArticleView).page(-1)

    def action_next_pane(self) -> None:
        self.panes.step(+1)

    def action_previous_pane(self) -> None:
        self.panes.step(-1)

    def action_search(self) -> None:
        self.filters.open_field("search")

    async def action_region(self) -> None:
        await self.filters.open_picker()

    def action_clear(self) -> None:
        """esc: closes the search field, else leaves the article, else clears the filters,
        else goes a pane back."""
        if self.filters.field.has_class("-open"):
            self.filters.set(self.filters.kind, None)
            self.filters.close_field()
        elif self.panes.active() == "article-pane":
            self.panes.back()
        elif self.list_state.filtered:
            self.filters.clear()
        else:
            self.panes.back()

    def action_quit(self) -> None:
        """q closes the article being read and quits from anywhere else, as in a mail
        reader: at 80 columns the first q from the list quits too (esc is the way back)."""
        if self.panes.active() == "article-pane":
            self.panes.show("articles-pane")
        else:
            self.app.exit()

    def action_refresh(self, quiet: bool = False) -> None:
        if self.refreshing():
            if not quiet:  # the interval timer finding one running is no news
                self.notify("A refresh is already running")
            return
        self.run_refresh()
        if not quiet:  # the bar refreshes itself on its own interval
            self.data.weather_now(self.query_one(WeatherBar).set_report)

    def run_refresh(self) -> None:
        """Refresh every feed in the background, with a progress line while it runs."""
        status = self.query_one(RefreshStatus)
        status.start(len(self.lists.feeds) or None)

        def finished(refreshed: bool) -> None:
            status.stop()
            if refreshed:  # the counts and the list again
                self.lists.load_feeds()
                self.lists.reload(keep_cursor=True)

        self.data.refresh(status.report, finished, restart=self.run_refresh)

    def action_toggle_star(self) -> None:
        if article := self.current_article():
            self.lists.save_flags(article, read=None, starred=not article.starred)

    def action_toggle_read(self) -> None:
        if article := self.current_article():
            self.lists.save_flags(article, read=not article.read, starred=None)

    def action_mark_all_read(self) -> None:
        self.lists.mark_all_read()

    def action_toggle_full_text(self) -> None:
        if self.reading.fetch_held():  # a page not fetched unasked: the reader asks now
            return
        message = self.query_one(ArticleView).toggle()
        if message:
            self.notify(message)

    def action_toggle_images(self) -> None:
        self.notify(self.reading.pictures.toggle())

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

    def action_open_browser(self) -> None:
        self.links.open_article_link()

    def action_copy_link(self) -> None:
        self.links.copy_article_link()

    def action_link_key(self, digit: str) -> None:
        self.links.digit(digit)

    def action_link_enter(self) -> None:
        self.links.enter()

    def action_footer_link(self, digit: str) -> None:
        self.links.digit(digit)
