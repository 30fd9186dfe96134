"""The weather bar: condition, city and temperature for each region, then the source and time.

The widget never does I/O: the screen's worker gets a `WeatherReport` and calls `set_report`.
When everything fits it is plain static text; when not, the cities scroll as a ticker (a timer
moves the offset one cell at a time, and pauses while the mouse is over the bar) while the
attribution stays put at the right. Clicking a city posts `WeatherBar.RegionPicked(name)`
(the list filters to it) and `WeatherBar.RegionOpened(name)` (its detail opens); so does
`enter` on the city under the bar's cursor when the bar has the focus (left/right move it,
esc leaves). Hovering a city shows its warnings and fine dust as a tooltip. The words are
built in `weather_text` as `rich.text.Text` — never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from reader.ui.widgets.weather_text import append_observation, detail_line, source_text

if TYPE_CHECKING:  # the weather package loads after the first frame, with its data
    from reader.core.weather.base import Observation, WeatherReport

__all__ = ["WeatherBar"]

_GAP = "   ·   "  # between the end of the cities and their next turn in the ticker
_SEP = "  "  # between two cities
_MIN_TICKER = 12  # narrower than this, the attribution gives its room to the cities


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # cells, in the cities line
    end: int
    name: str


class WeatherBar(Widget):
    """One line of weather. Set data with `set_report`; filter highlight with `highlight`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "weather-bar--icon",
        "weather-bar--condition",
        "weather-bar--city",
        "weather-bar--temperature",
        "weather-bar--cold",
        "weather-bar--hot",
        "weather-bar--missing",
        "weather-bar--highlight",
        "weather-bar--stale",
        "weather-bar--source",
        "weather-bar--advisory",  # 주의보
        "weather-bar--warning",  # 경보
        "weather-bar--dust-0",  # 좋음 … 매우나쁨
        "weather-bar--dust-1",
        "weather-bar--dust-2",
        "weather-bar--dust-3",
        "weather-bar--cursor",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", "Previous city", show=False),
        Binding("right,l", "move(1)", "Next city", show=False),
        Binding("enter", "open_city", "City detail", show=False),
        Binding("escape", "leave", "Back", show=False),
    ]
    can_focus = True
    FOCUS_ON_CLICK = False  # a click opens the city; the focus stays where the reader was
    DEFAULT_CSS = """
    WeatherBar { height: 1; }
    """
    TICK_SECONDS: ClassVar[float] = 0.15  # one cell per tick: about 7 cells a second

    highlight: reactive[str | None] = reactive(None)  # the region being filtered
    ascii_mode: reactive[bool] = reactive(False)  # condition words instead of emoji

    class RegionPicked(Message):
        """The user clicked a city: filter the list to it."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class RegionOpened(Message):
        """Enter or a click on a city: show its detail."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
        ascii_mode: bool = False,
        lang: str = "ko",
        id: str | None = "weather-bar",
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.tz = tz
        self.lang = lang
        self.report: WeatherReport | None = None
        self.shift = 0  # ticker position, in cells of the cities line
        self._cities = Strip([])  # the cities, twice over with the gap when scrolling
        self._period = 0  # cells of one turn of the ticker (cities + gap); 0 when static
        self._spans: list[_Span] = []
        self._plain = ""
        self._source = Strip([])
        self._timer: Timer | None = None
        self._hovered = False
        self._held = False
        self.cursor: str | None = None  # the city enter opens, while the bar has the focus
        self._origin: Widget | None = None  # where the focus goes back to on esc
        self.set_reactive(WeatherBar.ascii_mode, ascii_mode)

    # --- data in --------------------------------------------------------------------------
    def set_report(self, report: WeatherReport | None) -> None:
        """Show `report` (keeps the ticker where it was, so an update does not jump)."""
        self.report = report
        self._rebuild()

    @property
    def scrolling(self) -> bool:
        return self._period > 0

    @property
    def plain(self) -> str:
        """The bar's whole text (cities, then source): for tests and screen readers."""
        return f"{self._plain}  {self._source.text}".strip()

    # --- lifecycle ------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._timer = self.set_interval(self.TICK_SECONDS, self._tick, pause=True)
        self.set_interval(30, self._rebuild)  # the age of stale values moves on

        def redraw(_theme: str) -> None:  # the drawn strips hold the theme's colours
            self.call_after_refresh(self._rebuild)

        self.watch(self.app, "theme", redraw)  # a new theme redraws them
        self._rebuild()

    def on_resize(self, event: events.Resize) -> None:
        self._rebuild()

    def watch_highlight(self, _old: str | None, _new: str | None) -> None:
        self._rebuild()

    def watch_ascii_mode(self, _old: bool, _new: bool) -> None:
        self._rebuild()

    def on_enter(self, event: events.Enter) -> None:
        self._hovered = True
        self._sync_timer()

    def on_leave(self, event: events.Leave) -> None:
        self._hovered = False
        self._sync_timer()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        name = self.region_at(offset.x)
        if name is not None:
            event.stop()
            self.post_message(self.RegionPicked(name))
            self.post_message(self.RegionOpened(name))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        name = self.region_at(offset.x) if offset is not None else None
        self.tooltip = self.detail(name) if name is not None else None

    def detail(self, name: str) -> str | None:
        """The detail line of a city (warnings with area and issue time, fine dust)."""
        o = self.observation(name)
        return detail_line(o, self.tz) if o is not None else None

    def observation(self, name: str) -> Observation | None:
        report = self.report
        return next((o for o in report.observations if o.name == name), None) if report else None

    # --- keys (with the focus) ------------------------------------------------------------
    def on_focus(self, event: events.Focus) -> None:
        names = [s.name for s in self._spans]
        if self.cursor not in names:
            self.cursor = self.highlight if self.highlight in names else next(iter(names), None)
        self._rebuild()  # a still bar while the keys move on it (_moving)

    def on_blur(self, event: events.Blur) -> None:
        self._rebuild()

    def action_move(self, step: int) -> None:
        names = [s.name for s in self._spans]
        if not names:
            return
        index = names.index(self.cursor) if self.cursor in names else -step
        self.cursor = names[(index + step) % len(names)]
        self._rebuild()
        self._show_cursor()

    def action_open_city(self) -> None:
        if self.cursor is not None:
            self.post_message(self.RegionPicked(self.cursor))
            self.post_message(self.RegionOpened(self.cursor))

    def enter_from(self, origin: Widget | None) -> None:
        """Take the focus (`w`); esc gives it back to `origin`."""
        self._origin = origin if origin is not self else None
        self.focus()

    def action_leave(self) -> None:
        origin, self._origin = self._origin, None
        if origin is not None and origin.is_attached:
            origin.focus()
        else:
            self.blur()

    def _show_cursor(self) -> None:
        """Scroll the ticker so the cursor's city is in view."""
        span = next((s for s in self._spans if s.name == self.cursor), None)
        width = self._cities_width()
        if span is None or not self._period:
            return
        if not (self.shift <= span.start and span.end <= self.shift + width):
            self.shift = max(0, span.start - 2)
            self.refresh()

    def region_at(self, x: int) -> str | None:
        """The region drawn at content column `x` (as the bar is now), else None."""
        width = self._cities_width()
        if x < 0 or x >= width:
            return None
        pos = (self.shift + x) % self._period if self._period else x
        for span in self._spans:
            if span.start <= pos < span.end:
                return span.name
        return None

    # --- drawing --------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.rich_style)
        cities_width = self._cities_width()
        if self._period:
            cities = self._cities.crop(self.shift, self.shift + cities_width)
        else:
            cities = self._cities.crop(0, cities_width)
        cities = cities.extend_cell_length(cities_width).crop(0, cities_width)
        parts = [cities]
        if cities_width < width:
            source = self._source.crop(0, width - cities_width)
            parts.append(Strip.blank(width - cities_width - source.cell_length))
            parts.append(source)
        return Strip.join(parts).apply_style(self.rich_style).simplify()

    def _cities_width(self) -> int:
        width = self.content_size.width
        room = width - self._source.cell_length - len(_SEP)
        return width if room < _MIN_TICKER else room

    def hold(self, held: bool) -> None:
        """Stop the ticker (and go on again with False): while the region picker is open."""
        self._held = held
        self._sync_timer()

    def _tick(self) -> None:
        if self._moving():
            self.shift = (self.shift + 1) % self._period
            self.refresh()

    def _moving(self) -> bool:
        return bool(self._period) and not (self._hovered or self._held or self.has_focus)

    def _sync_timer(self) -> None:
        if self._timer is None:
            return
        if self._moving():
            self._timer.resume()
        else:
            self._timer.pause()

    def _rebuild(self) -> None:
        if not self.is_mounted:
            return
        console = self.app.console
        line, self._spans = self._cities_text()
        self._plain = line.plain
        self._source = Strip(list(self._source_text().render(console)))
        length = line.cell_len
        if length <= self._cities_width():
            self._period, self.shift = 0, 0
            self._cities = Strip(list(line.render(console)))
        else:
            gap = Text(_GAP)
            self._period = length + cell_len(_GAP)
            self.shift %= self._period
            self._cities = Strip(list(Text.assemble(line, gap, line, gap).render(console)))
        self._sync_timer()
        self.refresh()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"weather-bar--{name}", partial=True)

    def _cities_text(self) -> tuple[Text, list[_Span]]:
        text = Text(no_wrap=True, end="")
        spans: list[_Span] = []
        observations = self.report.observations if self.report else []
        for i, o in enumerate(observations):
            if i:
                text.append(_SEP)
            start = text.cell_len
            self._append_observation(text, o)
            spans.append(_Span(start, text.cell_len, o.name))
        return text, spans

    def _append_observation(self, text: Text, o: Observation) -> None:
        append_observation(
            text,
            o,
            self._style,
            ascii_mode=self.ascii_mode,
            lang=self.lang,
            highlighted=self.highlight is not None and self.highlight == o.name,
            cursor=self.has_focus and self.cursor == o.name,
        )

    def _source_text(self) -> Text:
        return source_text(self.report, self._style, now=self.clock(), tz=self.tz, lang=self.lang)
