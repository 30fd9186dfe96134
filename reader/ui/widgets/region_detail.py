"""A city's detail (enter or a click on a city of the weather bar): the observation, today's
minimum and maximum, the next 12 hours, the warnings in force and the fine dust.

A box floating over the main screen on the region picker's layer, not a screen (closing a
screen repaints the whole terminal). The observation, warnings and dust are the bar's, shown
at once; the forecast is asked when the box opens (one request, from the bar's provider) and
fills in when it answers. Esc closes it, and so does moving the focus elsewhere.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from reader.core.text import clean_text
from reader.ui.widgets.weather_text import WARNING_SIGN, cell_icon

if TYPE_CHECKING:
    from reader.core.service import Service
    from reader.core.weather.base import Observation
    from reader.core.weather.forecast import RegionForecast

__all__ = ["RegionDetail"]

_LEVEL_STYLE = {"경보": "bold red", "주의보": "bold yellow"}
_DUST_STYLE = ("blue", "green", "yellow", "bold red")


class RegionDetail(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", show=False),
    ]
    can_focus = True

    def __init__(self, service: Service, *, tz: tzinfo | None = None) -> None:
        super().__init__(id="region-detail")
        self.service = service
        self.tz = tz
        self.name_shown: str | None = None
        self.origin: Widget | None = None
        self.forecast: RegionForecast | None = None
        self.forecast_error: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="region-detail-body")
        yield Static(Text("esc closes", style="dim"), id="region-detail-hint")

    @classmethod
    async def open_on(cls, screen: Widget, service: Service, name: str, tz: tzinfo | None) -> None:
        """Open (mounting it on first use) the detail of region `name` on `screen`."""
        found = screen.query(cls)
        panel = found.first() if found else None
        if panel is None:
            panel = cls(service, tz=tz)
            await screen.mount(panel)
        panel.show_region(name)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def show_region(self, name: str) -> None:
        if not self.is_open:
            focused = self.screen.focused
            self.origin = focused if focused is not self else None
        self.name_shown, self.forecast, self.forecast_error = name, None, None
        self.place()
        self.add_class("-open")
        self.paint()
        self.focus()
        self.run_worker(
            self._fetch(name), group="region-detail", exclusive=True, exit_on_error=False
        )

    def place(self) -> None:
        """Over the article list, exactly as wide: the compositor cuts a floating box's lines
        at the edges of the widgets beneath it, and a Korean character astride such a cut
        would be drawn as blanks. Over one pane, the only cuts are the box's own edges."""
        pane = next(
            (p for p in self.screen.query(".pane") if p.id == "articles-pane" and p.display),
            None,
        ) or next((p for p in self.screen.query(".pane") if p.display), None)
        if pane is None:
            return
        region = pane.region
        self.styles.offset = (region.x, region.y + 1)
        self.styles.width = region.width
        self.styles.max_height = max(3, region.height - 1)

    def on_resize(self, event: events.Resize) -> None:
        if self.is_open:
            self.call_after_refresh(self.place)

    def observation(self) -> Observation | None:
        report = self.service.weather.report
        return next((o for o in report.observations if o.name == self.name_shown), None)

    async def _fetch(self, name: str) -> None:
        from reader.core.weather.base import WeatherError
        from reader.core.weather.forecast import fetch_forecast

        region = next((r for r in self.service.weather.regions if r.name == name), None)
        if region is None:
            return
        try:
            client = await self.service.http_client()
            forecast = await fetch_forecast(
                self.service.config.weather, client, region, self.service.now()
            )
        except WeatherError as exc:
            forecast, self.forecast_error = None, exc.reason
        except Exception as exc:  # the detail must not take the app down
            forecast, self.forecast_error = None, f"{type(exc).__name__}: {exc}"[:120]
        if self.name_shown == name:
            self.forecast = forecast
            self.paint()

    # --- closing ---------------------------------------------------------------------------
    def action_close(self) -> None:
        self.close()

    def close(self) -> None:
        if not self.is_open:
            return
        self.remove_class("-open")
        self.workers.cancel_group(self, "region-detail")
        origin, self.origin = self.origin, None
        if origin is not None and origin.is_attached and self.has_focus:
            origin.focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._closed_if_left)

    def on_blur(self, event: events.Blur) -> None:
        self.call_after_refresh(self._closed_if_left)

    def _closed_if_left(self) -> None:
        if self.is_open and not self.has_focus_within:
            self.origin = None  # the focus went somewhere on purpose: leave it there
            self.close()

    # --- drawing ---------------------------------------------------------------------------
    def paint(self) -> None:
        self.query_one("#region-detail-body", Static).update(self.body())

    def body(self) -> Text:
        from reader.core.weather.air import pm10_grade, pm25_grade  # loaded with the report

        o = self.observation()
        text = Text(no_wrap=False, end="")
        if o is None:
            return text
        text.append(clean_text(o.label), Style(bold=True))
        if o.condition is not None:
            text.append(f"  {cell_icon(o.condition.icon)}{o.condition.ko}")
        if o.temperature is not None:
            text.append(f"  {o.temperature:.1f}℃", Style(bold=True))
        if o.observed is not None:
            text.append(f"  {self._local(o.observed):%H:%M} 관측", "dim")
        if o.stale:
            text.append(" (지난 값)", "dim italic")
        f = self.forecast
        text.append("\n")
        if f is not None:
            low, high = _deg(f.low), _deg(f.high)
            text.append(f"오늘 최저 {low} · 최고 {high}\n")
            for i, h in enumerate(f.hours):
                icon = cell_icon(h.condition.icon) if h.condition else "  "
                temp = _deg(h.temperature)
                text.append(f"{self._local(h.time):%H}시 {icon}{temp:>4}")
                text.append("\n" if i % 4 == 3 else "   ")
        elif self.forecast_error:
            text.append(f"예보 없음: {clean_text(self.forecast_error)}\n", "dim")
        else:
            text.append("예보를 가져오는 중…\n", "dim")
        for w in o.warnings:
            issued = f" · {self._local(w.issued):%m-%d %H:%M} 발표" if w.issued else ""
            text.append(f"{WARNING_SIGN} {w.name}", _LEVEL_STYLE.get(w.level, "bold yellow"))
            text.append(f"  {w.area}{issued}\n")
        if o.air is not None and o.air.grade:
            text.append("미세먼지 ")
            text.append(o.air.grade, _DUST_STYLE[o.air.level])
            text.append(_pm("PM10", o.air.pm10, pm10_grade(o.air.pm10)))
            text.append(_pm("PM2.5", o.air.pm25, pm25_grade(o.air.pm25)))
            source = f", {clean_text(o.air.source)}" if o.air.source else ""
            text.append(f" (µg/m³{source})", "dim")
        text.rstrip()
        return text

    def _local(self, when: datetime) -> datetime:
        return when.astimezone(self.tz) if self.tz else when.astimezone()


def _pm(name: str, value: float | None, grade: str | None) -> str:
    if value is None:
        return f" · {name} --"
    return f" · {name} {value:.0f} {grade or ''}".rstrip()


def _deg(value: float | None) -> str:
    return "--" if value is None else f"{round(value) + 0}℃"  # + 0: never "-0℃"
