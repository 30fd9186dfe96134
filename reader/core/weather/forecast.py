"""A region's next hours and today's range, for the region detail (asked when it opens).

Open-Meteo: `/v1/forecast` with ``hourly=temperature_2m,weather_code`` and ``daily=
temperature_2m_max,temperature_2m_min`` in the place's own time zone. KMA (with a key, for a
place on its grid): data.go.kr's 단기예보 `getVilageFcst` from the newest run (02, 05 … 23 h,
out about ten minutes later): TMP hourly, SKY and PTY for the sky, TMN/TMX for the day's
minimum and maximum (a run after dawn no longer holds today's TMN: then the lowest TMP left).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from reader.core.weather import datagokr
from reader.core.weather.base import WeatherError, get
from reader.core.weather.codes import Condition, kma_condition, wmo_condition

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.regions import Region
    from reader.core.settings import WeatherConfig

__all__ = ["HourForecast", "RegionForecast", "fetch_forecast", "parse_open_meteo", "parse_vilage"]

HOURS = 12
_BASE_HOURS = (2, 5, 8, 11, 14, 17, 20, 23)
_VILAGE_PATH = "/1360000/VilageFcstInfoService_2.0/getVilageFcst"


@dataclass(frozen=True, slots=True)
class HourForecast:
    time: datetime  # aware
    temperature: float | None
    condition: Condition | None


@dataclass(frozen=True, slots=True)
class RegionForecast:
    low: float | None  # today's minimum, ℃
    high: float | None
    hours: tuple[HourForecast, ...]  # the next HOURS, from the current hour


async def fetch_forecast(
    weather: WeatherConfig, client: HttpClient, region: Region, now: datetime
) -> RegionForecast:
    """From KMA where there is a key and a grid point, else Open-Meteo; raises WeatherError."""
    key = (weather.kma_key or "").strip()
    if weather.provider == "kma" and key and region.nx is not None and region.ny is not None:
        return await _kma(weather.data_url, key, client, region.nx, region.ny, now)
    if region.lat is None or region.lon is None:
        raise WeatherError("no forecast: the region has no coordinates")
    query = urlencode(
        {
            "latitude": f"{region.lat:.4f}",
            "longitude": f"{region.lon:.4f}",
            "hourly": "temperature_2m,weather_code",
            "daily": "temperature_2m_max,temperature_2m_min",
            "forecast_days": 2,
            "timezone": "auto",
        },
        safe=",",
    )
    url = f"{weather.base_url.rstrip('/')}/v1/forecast?{query}"
    result = await get(client, url, who="Open-Meteo", accept="application/json")
    return parse_open_meteo(result.body, now)


def parse_open_meteo(body: bytes, now: datetime) -> RegionForecast:
    try:
        data = json.loads(body)
        offset = timezone(timedelta(seconds=int(data.get("utc_offset_seconds") or 0)))
        hourly, daily = data["hourly"], data["daily"]
        times = [datetime.fromisoformat(t).replace(tzinfo=offset) for t in hourly["time"]]
        temps, codes = hourly["temperature_2m"], hourly.get("weather_code") or []
        low, high = daily["temperature_2m_min"][0], daily["temperature_2m_max"][0]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        raise WeatherError("Open-Meteo: the forecast is not the expected JSON") from None
    start = now.astimezone(offset).replace(minute=0, second=0, microsecond=0)
    hours: list[HourForecast] = []
    for i, when in enumerate(times):
        if when < start or len(hours) >= HOURS:
            continue
        code = codes[i] if i < len(codes) else None
        hours.append(
            HourForecast(
                when,
                _temp(temps[i] if i < len(temps) else None),
                wmo_condition(code) if isinstance(code, int) and code >= 0 else None,
            )
        )
    return RegionForecast(_temp(low), _temp(high), tuple(hours))


def _temp(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    t = datagokr.number(value)
    return t if t is not None and -100 <= t <= 100 else None


# --- KMA 단기예보 ------------------------------------------------------------------------------
def vilage_base(now: datetime) -> datetime:
    """The newest run that is out: 02, 05 … 23 h KST, ten minutes after the hour."""
    from reader.core.weather.kma import KST

    kst = now.astimezone(KST) - timedelta(minutes=10)
    hour = max((h for h in _BASE_HOURS if h <= kst.hour), default=None)
    if hour is None:
        return (kst - timedelta(days=1)).replace(hour=23, minute=0, second=0, microsecond=0)
    return kst.replace(hour=hour, minute=0, second=0, microsecond=0)


def vilage_url(data_url: str, key: str, base: datetime, nx: int, ny: int) -> str:
    query = urlencode(
        {
            "pageNo": 1,
            "numOfRows": 400,
            "dataType": "JSON",
            "base_date": base.strftime("%Y%m%d"),
            "base_time": base.strftime("%H%M"),
            "nx": nx,
            "ny": ny,
        }
    )
    return f"{data_url.rstrip('/')}{_VILAGE_PATH}?serviceKey={datagokr.quoted_key(key)}&{query}"


async def _kma(
    data_url: str, key: str, client: HttpClient, nx: int, ny: int, now: datetime
) -> RegionForecast:
    base = vilage_base(now)
    for _ in range(2):  # a run announced but not yet served: the one before
        url = vilage_url(data_url, key, base, nx, ny)
        result = await get(client, url, who="KMA", accept="application/json, */*;q=0.5")
        items = datagokr.items(result.body, "KMA", "forecast answer")
        if items:
            return parse_vilage(items, now)
        base -= timedelta(hours=3)
    raise WeatherError("KMA: no forecast published for this place yet")


def parse_vilage(items: Sequence[Any], now: datetime) -> RegionForecast:
    from reader.core.weather.kma import KST

    by_time: dict[str, dict[str, str]] = {}
    for item in items:
        if isinstance(item, dict):
            when = f"{item.get('fcstDate', '')}{item.get('fcstTime', '')}"
            by_time.setdefault(when, {})[str(item.get("category"))] = str(item.get("fcstValue"))
    today = now.astimezone(KST).strftime("%Y%m%d")
    start = now.astimezone(KST).replace(minute=0, second=0, microsecond=0)
    hours: list[HourForecast] = []
    today_temps: list[float] = []
    low: float | None = None
    high: float | None = None
    for when in sorted(by_time):
        values = by_time[when]
        try:
            at = datetime.strptime(when, "%Y%m%d%H%M").replace(tzinfo=KST)
        except ValueError:
            continue
        temp = _temp(values.get("TMP"))
        if when.startswith(today):
            low = _temp(values["TMN"]) if "TMN" in values else low
            high = _temp(values["TMX"]) if "TMX" in values else high
            if temp is not None:
                today_temps.append(temp)
        if at >= start and len(hours) < HOURS:
            sky, pty = datagokr.number(values.get("SKY")), datagokr.number(values.get("PTY"))
            condition = kma_condition(
                int(sky) if sky is not None else None, int(pty) if pty is not None else None
            )
            hours.append(HourForecast(at, temp, condition))
    if low is None and today_temps:
        low = min(today_temps)
    if high is None and today_temps:
        high = max(today_temps)
    return RegionForecast(low, high, tuple(hours))
