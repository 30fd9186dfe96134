"""The weather bar in the app, fed by the newsroom's Open-Meteo endpoint (real HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.core.service import Service
from reader.core.settings import Config, UiConfig, WeatherConfig
from reader.newsroom import Newsroom
from reader.newsroom.weather import temperature_at
from reader.ui.widgets.weather_bar import WeatherBar
from tests.ui.conftest import make_app, press, settle
from tests.ui.seed import NOW

WIDE = (300, 40)  # every city fits: the bar is static text


@pytest.fixture
def newsroom() -> Iterator[Newsroom]:
    with Newsroom() as nr:
        nr.weather_time = NOW - timedelta(hours=2)
        yield nr


def _service(newsroom: Newsroom, data_dir: Path) -> Service:
    feed = next(spec for spec in newsroom.feed_specs() if "/bitgoeul/" in spec.url)
    config = Config(
        feeds=(feed,),
        weather=WeatherConfig(base_url=newsroom.base_url),
        ui=UiConfig(refresh_on_start=False, refresh_minutes=600),
    )
    return Service.open(config, data_dir, now=lambda: NOW)


async def _report_arrives(pilot: Pilot, bar: WeatherBar) -> None:
    for _ in range(100):
        if bar.report is not None and bar.report.fetched is not None:
            break
        await pilot.pause(0.05)
    await settle(pilot)


async def test_the_newsrooms_weather_shows_in_the_bar_then_goes_stale(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    service = _service(newsroom, tmp_path)
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            bar = app.screen.query_one(WeatherBar)
            await _report_arrives(pilot, bar)
            report = bar.report
            assert report is not None and not report.stale
            assert len(report.observations) == 19
            for region in service.weather.regions:
                expected = temperature_at(region.lat, region.lon)
                assert f"{region.label} {expected:.1f}℃" in bar.plain
            assert all(o.condition is not None for o in report.observations)
            # 2 h before the clock's noon; the dust from CAMS
            assert bar.plain.endswith("Open-Meteo · CAMS · 10:00 갱신")
            assert "자료" not in bar.plain

            newsroom.weather_failing = True
            newsroom.weather_fail_status = 500  # not retried: the test need not wait
            await press(pilot, "r")  # r refreshes the weather too: it fails, values stay
            assert bar.report is not None and bar.report.stale
            assert bar.plain.endswith("Open-Meteo · CAMS · 10:00 갱신 · 2시간 전 자료")
            assert "광주" in bar.plain and "℃" in bar.plain
            assert bar.report.observations[0].temperature is not None
    finally:
        await service.aclose()
