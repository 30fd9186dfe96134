"""`sinmun weather [--json]`: refresh the weather once and print the bar's data."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Any, TextIO

from reader import aio
from reader.core.text import clean_text
from reader.core.weather.base import WeatherReport
from reader.core.weather.service import WeatherService
from reader.core.weather.warnings import WeatherWarning
from reader.output import write_json

__all__ = ["format_report", "run_weather"]


def run_weather(service: Any, as_json: bool, *, out: TextIO | None = None) -> int:
    """`service`: the app's Service (uses its ``weather`` if set) or a WeatherService.

    Exit 0 with fresh values; 1 when the refresh failed (the last good values are still
    printed, marked stale, and the reason goes to stderr).
    """
    out = out or sys.stdout
    weather = service if isinstance(service, WeatherService) else _weather_of(service)

    async def go() -> WeatherReport:
        try:
            return await weather.refresh(force=True)
        finally:
            aclose = getattr(service, "aclose", None)
            if aclose is not None and not isinstance(service, WeatherService):
                await aclose()

    report = aio.run(go())
    if as_json:
        write_json(report.to_json(), out)
    else:
        out.write(format_report(report, weather.now()))
    for service, reason in report.service_errors.items() if not report.error else ():
        sys.stderr.write(f"sinmun: weather: {service}: {clean_text(reason)} (last values kept)\n")
    if report.error:
        kept = " (showing the last values, marked stale)" if report.fetched else ""
        sys.stderr.write(f"sinmun: weather: {clean_text(report.error)}{kept}\n")
        return 1
    return 0


def _weather_of(service: Any) -> WeatherService:
    existing = getattr(service, "weather", None)
    return existing if isinstance(existing, WeatherService) else WeatherService.for_service(service)


def format_report(report: WeatherReport, now: datetime) -> str:
    """One line per region, then the attribution and observation time."""
    names = [o.label for o in report.observations]
    width = max((_cells(n) for n in names), default=0)
    lines = []
    for o in report.observations:
        temp = f"{o.temperature:5.1f}℃" if o.temperature is not None else "   --℃"
        word = o.condition.ko if o.condition else ""
        stale = "  (stale)" if o.stale else ""
        pad = " " * (width - _cells(o.label))
        extra = "".join(f"  ⚠ {_warning(w)}" for w in o.warnings)
        if o.air is not None and o.air.grade:
            extra += f"  미세먼지 {o.air.grade} (PM10 {_ug(o.air.pm10)} · PM2.5 {_ug(o.air.pm25)})"
        line = f"{clean_text(o.label)}{pad}  {temp}  {clean_text(word)}{stale}{extra}"
        lines.append(line.rstrip())
    footer = " · ".join((report.attribution, *report.credits))
    if (observed := report.observed) is not None:
        footer += f" · {observed.astimezone():%H:%M} 갱신"  # the user's zone, as in the app
    if report.stale:
        footer += " · stale"
        if observed is not None:
            footer += f" ({_age(now - observed)} old)"
    lines.append(footer)
    return "\n".join(lines) + "\n"


def _warning(w: WeatherWarning) -> str:
    issued = f", {w.issued.astimezone():%m-%d %H:%M} 발표" if w.issued else ""
    return clean_text(f"{w.name} ({w.area}{issued})")


def _ug(value: float | None) -> str:
    return "--" if value is None else f"{value:.0f}"


def _age(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes // 1440} days"


def _cells(text: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)
