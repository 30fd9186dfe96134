"""The weather bar's words: one city's cell, the source on the right, and a city's detail line.

Pure functions over `rich.text.Text` (never markup: names come from config, values from the
network); the bar passes its component styles in as `style(name)`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from reader.core.text import clean_text

if TYPE_CHECKING:  # the weather package loads after the first frame, with its data
    from reader.core.weather.base import Observation, WeatherReport

__all__ = ["append_observation", "cell_icon", "detail_line", "source_text"]

COLD_AT = 0.0  # ℃ and below: the cold colour
HOT_AT = 28.0  # ℃ and above: the hot colour
WARNING_SIGN = "⚠"
_DUST_DOT = "▪"  # East Asian width N: one cell in every terminal
Styler = Callable[[str], Style]


def append_observation(
    text: Text,
    o: Observation,
    style: Styler,
    *,
    ascii_mode: bool = False,
    lang: str = "ko",
    highlighted: bool = False,
    cursor: bool = False,
) -> None:
    """ "☀ ⚠ 광주 8.3℃ 한파주의보 ●": condition, city (in the warning's colour), temperature,
    the strongest warning, the fine-dust grade (a dot; the word too when 나쁨 or worse)."""
    stale = style("stale") if o.stale else Style()
    if o.condition is not None:
        if ascii_mode:
            word = o.condition.ko if lang == "ko" else o.condition.en
            text.append(word, style("condition") + stale)
        else:
            text.append(cell_icon(o.condition.icon), style("icon") + stale)
        text.append(" ")
    warning = o.warnings[0] if o.warnings else None
    city = style("city")
    if warning is not None:
        city += style("warning" if warning.severe else "advisory")
        text.append("!" if ascii_mode else f"{WARNING_SIGN} ", city)
    if highlighted:
        city += style("highlight")
    if cursor:
        city += style("cursor")
    text.append(clean_text(o.label), city + stale)
    text.append(" ")
    if o.temperature is None:
        text.append("--℃", style("missing"))
    else:
        temp = style("temperature")
        if o.temperature <= COLD_AT:
            temp += style("cold")
        elif o.temperature >= HOT_AT:
            temp += style("hot")
        text.append(f"{o.temperature:.1f}℃", temp + stale)
    if warning is not None:
        more = f"+{len(o.warnings) - 1}" if len(o.warnings) > 1 else ""
        text.append(f" {warning.name}{more}", style("warning" if warning.severe else "advisory"))
    air = o.air
    if air is not None and air.level >= 0:
        dust = style(f"dust-{air.level}")
        if air.level >= 2:  # 나쁨, 매우나쁨: say it
            text.append(f" {'' if ascii_mode else _DUST_DOT}{air.grade}", dust)
        elif not ascii_mode:
            text.append(f" {_DUST_DOT}", dust)


def source_text(
    report: WeatherReport | None,
    style: Styler,
    *,
    now: datetime,
    tz: tzinfo | None,
    lang: str = "ko",
) -> Text:
    """ "기상청 제공 · CAMS · 14:00 갱신" and, when stale, how old."""
    text = Text(no_wrap=True, end="")
    if report is None:
        return text
    source = style("source")
    text.append(" · ".join((report.attribution, *report.credits)), source)
    observed = report.observed
    if observed is not None:
        local = observed.astimezone(tz) if tz else observed.astimezone()
        word = "갱신" if lang == "ko" else "updated"
        text.append(f" · {local:%H:%M} {word}", source)
    if report.stale:
        age = _age(now - observed, lang) if observed else None
        if lang == "ko":
            label = f" · {age} 전 자료" if age else " · 자료 없음"
        else:
            label = f" · {age} old" if age else " · no data"
        text.append(label, source + style("stale"))
    return text


def detail_line(o: Observation, tz: tzinfo | None) -> str:
    """One line about a city: its warnings (area, issue time) and fine dust."""
    parts = [clean_text(o.label)]
    for w in o.warnings:
        issued = w.issued.astimezone(tz) if w.issued and tz else w.issued
        when = f" · {issued:%m-%d %H:%M} 발표" if issued else ""
        parts.append(f"{WARNING_SIGN} {w.name} ({w.area}{when})")
    if o.air is not None and o.air.grade:
        pm10 = "--" if o.air.pm10 is None else f"{o.air.pm10:.0f}"
        pm25 = "--" if o.air.pm25 is None else f"{o.air.pm25:.0f}"
        parts.append(f"미세먼지 {o.air.grade} (PM10 {pm10} · PM2.5 {pm25} µg/m³)")
    return clean_text(" · ".join(parts))


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


def cell_icon(icon: str) -> str:
    """The icon in two cells that every terminal counts alike.

    "☀" + VS16 is two cells for Rich and many terminals but one for others (tmux 3.3, VTE), and
    a line whose width the terminal counts differently drifts and leaves debris. Without VS16
    the symbol is one cell everywhere; a space after it keeps the columns even (an emoji font
    drawing it wide spills into that space).
    """
    base = icon.replace(_VS16, "")
    return base if cell_len(base) >= 2 else base + " "
