"""The weather bar: condition, city and temperature for each region, then the source and time.

The widget never does I/O: the screen's worker gets a `WeatherReport` and calls `set_report`.
When everything fits it is plain static text; when not, the cities scroll as a ticker (a timer
moves the offset one cell at a time, and pauses while the mouse is over the bar) while the
attribution stays put at the right. Clicking a city posts `WeatherBar.RegionPicked(name)`.
All text is built as `rich.text.Text` — never markup — since names come from config and values
from the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from reader.core.text import clean_text
from reader.core.weather.base import Observation, WeatherReport

__all__ = ["WeatherBar"]

COLD_AT = 0.0  # ℃ and below: the cold colour
HOT_AT = 28.0  # ℃ and above: the hot colour
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
    }
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
        if self._period and not self._hovered and not self._held:
            self.shift = (self.shift + 1) % self._period
            self.refresh()

    def _sync_timer(self) -> None:
        if self._timer is None:
            return
        if self._period and not self._hovered and not self._held:
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
        stale = self._style("stale") if o.stale else Style()
        if o.condition is not None:
            if self.ascii_mode:
                word = o.condition.ko if self.lang == "ko" else o.condition.en
                text.append(word, self._style("condition") + stale)
            else:
                text.append(_cell_icon(o.condition.icon), self._style("icon") + stale)
            text.append(" ")
        city = self._style("city")
        if self.highlight is not None and self.highlight == o.name:
            city += self._style("highlight")
        text.append(clean_text(o.label), city + stale)
        text.append(" ")
        if o.temperature is None:
            text.append("--℃", self._style("missing"))
            return
        style = self._style("temperature")
        if o.temperature <= COLD_AT:
            style += self._style("cold")
        elif o.temperature >= HOT_AT:
            style += self._style("hot")
        text.append(f"{o.temperature:.1f}℃", style + stale)

    def _source_text(self) -> Text:
        report = self.report
        text = Text(no_wrap=True, end="")
        if report is None:
            return text
        source = self._style("source")
        text.append(report.attribution, source)
        observed = report.observed
        if observed is not None:
            local = observed.astimezone(self.tz) if self.tz else observed.astimezone()
            word = "갱신" if self.lang == "ko" else "updated"
            text.append(f" · {local:%H:%M} {word}", source)
        if report.stale:
            age = _age(self.clock() - observed, self.lang) if observed else None
            if self.lang == "ko":
                label = f" · {age} 전 자료" if age else " · 자료 없음"
            else:
                label = f" · {age} old" if age else " · no data"
            text.append(label, source + self._style("stale"))
        return text


def _age(delta: timedelta, lang: str) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if lang == "ko":
        if minutes < 60:
            return f"{minutes}분"
        if minutes < 48 * 60:
            return f"{minutes // 60}시간"
        return f"{minutes // 1440}일"
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // 1440} days"


_VS16 = "\ufe0f"


def _cell_icon(icon: str) -> str:
    """The icon in two cells that every terminal counts alike.

    "☀" + VS16 is two cells for Rich and many terminals but one for others (tmux 3.3, VTE), and
    a line whose width the terminal counts differently drifts and leaves debris. Without VS16
    the symbol is one cell everywhere; a space after it keeps the columns even (an emoji font
    drawing it wide spills into that space).
    """
    base = icon.replace(_VS16, "")
    return base if cell_len(base) >= 2 else base + " "
