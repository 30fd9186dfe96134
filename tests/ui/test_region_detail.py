"""A city's detail from the weather bar (`w`, arrows, enter; or a click), warnings and fine
dust in the bar, and snapshots at 80×24 and 160×48 with a warning and a bad-dust city."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from reader.core.http import HttpClient
from reader.core.service import Service
from reader.core.weather.air import AirQuality
from reader.core.weather.service import CACHE_KEY
from reader.core.weather.warnings import WeatherWarning
from reader.newsroom import Newsroom
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.feed_list import FeedList
from reader.ui.widgets.region_detail import RegionDetail
from reader.ui.widgets.weather_bar import WeatherBar
from tests.ui.conftest import make_app, press, screen_text, settle
from tests.ui.seed import NOW, SEOUL, seed_service, weather_report

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
ISSUED = (NOW - timedelta(hours=3)).astimezone(SEOUL)  # 09:00 KST
DUST = {"대구": (95.0, 41.0), "서울": (160.0, 80.0), "광주": (31.0, 12.0)}


@pytest.fixture
def newsroom() -> Iterator[Newsroom]:
    with Newsroom() as nr:
        nr.weather_time = NOW
        yield nr


@pytest.fixture(autouse=True)
def still_weather(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WeatherBar, "TICK_SECONDS", 3600.0)


def alert_service(data_dir: Path, newsroom: Newsroom) -> Service:
    """The seeded service, its cached weather carrying 광주 한파주의보, 포항 호우경보 and dust
    (대구 나쁨, 서울 매우나쁨); the forecast comes from the newsroom."""
    service = seed_service(data_dir, weather_url=newsroom.base_url)
    report = weather_report(NOW - timedelta(minutes=5))
    warnings = {
        "광주": (WeatherWarning("한파", "주의보", "광주", ISSUED),),
        "포항": (WeatherWarning("호우", "경보", "경상북도(포항)", ISSUED),),
    }
    report.observations = [
        replace(
            o,
            warnings=warnings.get(o.name, ()),
            air=AirQuality(*DUST.get(o.name, (20.0, 9.0)), "CAMS"),
        )
        for o in report.observations
    ]
    report.credits = ("기상청 특보", "CAMS")
    service.storage.set_meta(CACHE_KEY, json.dumps(report.to_json(), ensure_ascii=False))
    return service


@pytest.fixture
def service(tmp_path: Path, newsroom: Newsroom) -> Iterator[Service]:
    svc = alert_service(tmp_path / "data", newsroom)
    yield svc
    svc.close()


def region_filter(app: App[None]) -> str | None:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen.current_filters()[1]


async def _open_city(pilot: Pilot, name: str) -> None:
    """`w`, then right until the cursor is on `name`, then enter."""
    await press(pilot, "w")
    bar = pilot.app.screen.query_one(WeatherBar)
    for _ in range(len(bar._spans)):
        if bar.cursor == name:
            break
        await press(pilot, "right")
    await press(pilot, "enter")


async def test_bar_shows_warnings_and_dust(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=(330, 40)) as pilot:  # wide: every city fits
        await settle(pilot)
        bar = app.screen.query_one(WeatherBar)
        plain = bar.plain
        assert "⚠ 광주 8.3℃ 한파주의보" in plain and "⚠ 포항 " in plain and "호우경보" in plain
        assert "대구 6.8℃ ▪나쁨" in plain and "서울 3.2℃ ▪매우나쁨" in plain
        assert plain.endswith("Open-Meteo · 기상청 특보 · CAMS · 11:00 갱신")
        assert bar.detail("광주") == (
            "광주 · ⚠ 한파주의보 (광주 · 11-24 09:00 발표) · "
            "미세먼지 보통 (PM10 31 · PM2.5 12 µg/m³)"
        )
        # the colours: 주의보 yellow, 경보 red, 나쁨 in the dust's "bad" colour
        line = bar.render_line(0)
        styles = {seg.text.strip(): seg.style for seg in line if seg.text.strip()}
        warning, advisory = bar._style("warning"), bar._style("advisory")
        assert styles["한파주의보"].color == advisory.color  # type: ignore[union-attr]
        assert styles["호우경보"].color == warning.color  # type: ignore[union-attr]
        assert advisory.color != warning.color
        assert styles["▪나쁨"].color == bar._style("dust-2").color  # type: ignore[union-attr]


async def test_enter_on_a_city_opens_its_detail_and_filters(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        before = app.focused
        assert isinstance(before, ArticleList)
        await _open_city(pilot, "광주")
        panel = app.screen.query_one(RegionDetail)
        assert panel.is_open and panel.has_focus
        assert region_filter(app) == "광주"  # the news filtered, as a click does
        text = screen_text(app)
        assert "광주  ☀ 맑음  8.3℃  11:00 관측" in text
        assert "오늘 최저" in text and "12시" in text and "23시" in text  # the next 12 hours
        assert "⚠ 한파주의보  광주 · 11-24 09:00 발표" in text
        assert "미세먼지 보통 · PM10 31 보통 · PM2.5 12 좋음 (µg/m³, CAMS)" in text
        await press(pilot, "escape")
        assert not panel.is_open
        assert region_filter(app) == "광주"  # esc closed the panel only
        assert app.screen.query_one(WeatherBar).has_focus  # the bar has it back…
        await press(pilot, "escape")  # …and esc again gives it to the list
        assert isinstance(app.focused, ArticleList)


async def test_clicking_a_city_opens_its_detail(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=(330, 40)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(WeatherBar)
        x = next(s.start for s in bar._spans if s.name == "대구")
        await pilot.click(WeatherBar, offset=(1 + x, 0))
        await settle(pilot)
        panel = app.screen.query_one(RegionDetail)
        assert panel.is_open and panel.name_shown == "대구"
        assert region_filter(app) == "대구"
        assert "미세먼지 나쁨 · PM10 95 나쁨 · PM2.5 41 나쁨 (µg/m³, CAMS)" in screen_text(app)
        await pilot.click(FeedList, offset=(5, 3))  # the focus elsewhere closes it
        await settle(pilot)
        assert not panel.is_open


async def test_the_bar_paints_before_any_service_answers(tmp_path: Path) -> None:
    """Every weather request hangs: the cached report is on the bar at once all the same."""
    service = alert_service(tmp_path, newsroom=_Nowhere())  # type: ignore[arg-type]
    hanging = asyncio.Event()
    asked: list[str] = []

    async def never() -> HttpClient:
        asked.append("client")
        await hanging.wait()
        raise AssertionError("unreachable")

    service.weather._http_client = never
    service.weather._next = NOW  # due now: the refresh starts, and hangs
    try:
        app = make_app(service)
        async with app.run_test(size=(330, 40)) as pilot:
            await settle(pilot)
            await pilot.pause(0.1)
            bar = app.screen.query_one(WeatherBar)
            assert asked == ["client"]  # the refresh is waiting…
            assert "⚠ 광주 8.3℃ 한파주의보" in bar.plain  # …and the bar shows what it had
    finally:
        hanging.set()
        service.close()


class _Nowhere:
    base_url = "http://127.0.0.1:9"


# --- snapshots ------------------------------------------------------------------------------
@pytest.fixture
def app_factory(tmp_path: Path, newsroom: Newsroom):
    services: list[Service] = []

    def build():
        service = alert_service(tmp_path / f"data{len(services)}", newsroom)
        services.append(service)
        return make_app(service)

    yield build
    for service in services:
        service.close()


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_bar_with_warning_and_bad_dust(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_region_detail(snap_compare, app_factory, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await _open_city(pilot, "광주")

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)
