"""The region detail's forecast: Open-Meteo hourly/daily and KMA 단기예보 (getVilageFcst)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from reader.core.http import HttpClient
from reader.core.regions import BUILTIN_REGIONS, Region
from reader.core.settings import WeatherConfig
from reader.core.weather.base import WeatherError
from reader.core.weather.forecast import HOURS, fetch_forecast, vilage_base
from reader.core.weather.kma import KST
from reader.newsroom import Newsroom
from reader.newsroom.forecast import swing
from reader.newsroom.weather import DEMO_KEY, _grid_values, temperature_at

from .conftest import NOW

GWANGJU = next(r for r in BUILTIN_REGIONS if r.name == "광주")
VILAGE = "/1360000/VilageFcstInfoService_2.0/getVilageFcst"


async def test_open_meteo_next_hours_and_today(pinned: Newsroom, client: HttpClient) -> None:
    weather = WeatherConfig(base_url=pinned.base_url)
    f = await fetch_forecast(weather, client, GWANGJU, NOW)
    assert len(f.hours) == HOURS
    assert f.hours[0].time == NOW.astimezone(KST).replace(minute=0)  # 14:00, then on
    assert [h.time.hour for h in f.hours][:3] == [14, 15, 16]
    assert GWANGJU.lat is not None and GWANGJU.lon is not None
    mean = temperature_at(round(GWANGJU.lat, 4), round(GWANGJU.lon, 4))
    assert f.hours[1].temperature == round(mean + swing(15), 1)
    assert f.low is not None and f.high is not None and f.low < f.high
    assert all(h.condition is not None for h in f.hours)


async def test_kma_vilage_forecast(pinned: Newsroom, client: HttpClient) -> None:
    weather = WeatherConfig(provider="kma", kma_base_url=pinned.base_url, kma_key=DEMO_KEY)
    f = await fetch_forecast(weather, client, GWANGJU, NOW)
    [request] = pinned.requests_to(VILAGE)
    query = parse_qs(urlsplit(request.path).query)
    assert query["base_time"] == ["1400"] and (query["nx"], query["ny"]) == (["58"], ["74"])
    assert len(f.hours) == HOURS and f.hours[0].time.hour == 15  # the run's first hour
    mean = float(_grid_values(58, 74)["T1H"])
    assert f.high == pytest.approx(round(mean + swing(15), 1))  # TMX at 15:00 today
    assert f.low is not None and f.high is not None and f.low <= f.high


def test_vilage_base_times() -> None:
    def at(h: int, m: int) -> datetime:
        return datetime(2026, 11, 27, h, m, tzinfo=KST)

    assert vilage_base(at(14, 9)).hour == 11  # the 14:00 run is out at 14:10
    assert vilage_base(at(14, 10)).hour == 14
    early = vilage_base(at(1, 0))
    assert (early.day, early.hour) == (26, 23)


async def test_a_region_without_coordinates(pinned: Newsroom, client: HttpClient) -> None:
    with pytest.raises(WeatherError, match="no coordinates"):
        await fetch_forecast(WeatherConfig(base_url=pinned.base_url), client, Region("x", "x"), NOW)


async def test_kma_steps_back_when_the_run_is_not_served(
    pinned: Newsroom, client: HttpClient
) -> None:
    weather = WeatherConfig(provider="kma", kma_base_url=pinned.base_url, kma_key=DEMO_KEY)
    pinned.weather_time = NOW - timedelta(minutes=15)  # the server is behind our clock
    f = await fetch_forecast(weather, client, GWANGJU, NOW)
    times = [parse_qs(urlsplit(r.path).query)["base_time"][0] for r in pinned.requests_to(VILAGE)]
    assert times == ["1400", "1100"] and f.hours
