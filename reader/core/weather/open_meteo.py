"""Open-Meteo: keyless, one request for every region (comma-separated coordinates)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from reader.core.weather.base import Observation, WeatherError, get, printable
from reader.core.weather.codes import wmo_condition

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.regions import Region

__all__ = ["OpenMeteoProvider", "forecast_url", "parse_forecast"]

WHO = "Open-Meteo"


def batch_url(base_url: str, path: str, regions: Sequence[Region], current: str) -> str:
    """One Open-Meteo request for every region (comma-separated coordinates), current values."""
    query = urlencode(
        {
            "latitude": ",".join(f"{r.lat:.4f}" for r in regions),
            "longitude": ",".join(f"{r.lon:.4f}" for r in regions),
            "current": current,
            "timezone": "Asia/Seoul",
        },
        safe=",",
    )
    return f"{base_url.rstrip('/')}{path}?{query}"


def forecast_url(base_url: str, regions: Sequence[Region]) -> str:
    return batch_url(base_url, "/v1/forecast", regions, "temperature_2m,weather_code")


class OpenMeteoProvider:
    name = "open-meteo"
    attribution = "Open-Meteo"

    def __init__(self, base_url: str = "https://api.open-meteo.com") -> None:
        self.base_url = base_url

    async def fetch(
        self, client: HttpClient, regions: Sequence[Region], now: datetime
    ) -> list[Observation]:
        located = [r for r in regions if r.lat is not None and r.lon is not None]
        found: dict[str, Observation] = {}
        if located:
            result = await get(
                client, forecast_url(self.base_url, located), who=WHO, accept="application/json"
            )
            found = dict(
                zip((r.name for r in located), parse_forecast(result.body, located), strict=True)
            )
        return [found.get(r.name) or Observation(r.name, r.label) for r in regions]


def parse_forecast(body: bytes, regions: Sequence[Region]) -> list[Observation]:
    """The answer for `regions` (a list in request order; one object for one region)."""
    items = batch_items(body, len(regions), WHO)
    return [_observation(region, item) for region, item in zip(regions, items, strict=True)]


def batch_items(body: bytes, count: int, who: str) -> list[Any]:
    """The per-location items of an Open-Meteo answer for `count` locations (a list in request
    order; one object for one); WeatherError, with `who` speaking, for anything else."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise WeatherError(f"{who}: the answer is not JSON") from None
    if isinstance(data, dict) and data.get("error"):
        raise WeatherError(f"{who}: {printable(str(data.get('reason') or 'error'))}")
    items = [data] if isinstance(data, dict) else data
    if not isinstance(items, list) or len(items) != count:
        got = len(items) if isinstance(items, list) else 0
        raise WeatherError(f"{who}: expected {count} locations in the answer, got {got}")
    return items


def _observation(region: Region, item: Any) -> Observation:
    current = item.get("current") if isinstance(item, dict) else None
    if not isinstance(current, dict):
        raise WeatherError(f"{WHO}: the answer has no current weather for {region.name}")
    temperature = current.get("temperature_2m")
    code = current.get("weather_code")
    return Observation(
        name=region.name,
        label=region.label,
        condition=wmo_condition(code) if isinstance(code, int) and code >= 0 else None,
        temperature=float(temperature)
        if isinstance(temperature, int | float) and not isinstance(temperature, bool)
        else None,
        observed=_time(current.get("time"), item.get("utc_offset_seconds")),
    )


def _time(value: object, offset: object) -> datetime | None:
    """Open-Meteo's local "2026-11-27T14:00" plus the location's UTC offset → aware UTC."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        seconds = offset if isinstance(offset, int) and abs(offset) < 86400 else 0
        when = when.replace(tzinfo=timezone(timedelta(seconds=seconds)))
    return when.astimezone(UTC)
