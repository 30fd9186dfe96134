"""Warnings and fine dust in the weather service: one request per refresh per service, they
come and go with the server's answers, a failure keeps the last values and is no weather
failure, and without a KMA key there are no warnings and nothing said about them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from reader.core.http import HttpClient
from reader.core.settings import Config, WeatherConfig
from reader.core.storage import Storage
from reader.core.weather.air import AIRKOREA_PATH
from reader.core.weather.service import CACHE_KEY, WeatherService
from reader.core.weather.warnings import PWN_STATUS_PATH
from reader.newsroom import Newsroom
from reader.newsroom.weather import DEMO_KEY

from .conftest import NOW

AIR = "/v1/air-quality"
FORECAST = "/v1/forecast"
ASOS = "/api/typ01/url/kma_sfctm2.php"


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    s = Storage(tmp_path / "sinmun.db")
    yield s
    s.close()


def service(
    nr: Newsroom, storage: Storage, client: HttpClient, clock: list, **weather: object
) -> WeatherService:
    async def http() -> HttpClient:
        return client

    config = WeatherConfig(base_url=nr.base_url, kma_base_url=nr.base_url)
    config = replace(config, **weather)  # type: ignore[arg-type]
    return WeatherService(
        replace(Config.default(), weather=config), storage, http, now=lambda: clock[0]
    )


def by_name(report) -> dict:
    return {o.name: o for o in report.observations}


async def test_warnings_come_and_go_one_request_per_refresh(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    clock = [NOW]
    weather = service(pinned, storage, client, clock, provider="kma", kma_key=DEMO_KEY)
    report = await weather.refresh()
    assert report.error is None and report.service_errors == {}
    assert [w.name for w in by_name(report)["광주"].warnings] == ["한파주의보"]
    assert sum(bool(o.warnings) for o in report.observations) == 1
    assert by_name(report)["대구"].air is not None and by_name(report)["대구"].air.grade == "나쁨"
    counts = [len(pinned.requests_to(p)) for p in (ASOS, PWN_STATUS_PATH, AIRKOREA_PATH, AIR)]
    assert counts == [1, 1, 1, 0]  # AirKorea places every built-in city: no CAMS request
    assert report.credits == ("에어코리아",)

    pinned.alerts.t6 = "o 호우경보 : 제주도"  # the cold-wave advisory lifted, rain in Jeju
    clock[0] = NOW + timedelta(minutes=10)
    report = await weather.refresh()
    assert not by_name(report)["광주"].warnings
    assert [(w.name, w.area) for w in by_name(report)["제주"].warnings] == [("호우경보", "제주도")]
    assert len(pinned.requests_to(PWN_STATUS_PATH)) == 2  # one more refresh, one more request

    cached = json.loads(storage.get_meta(CACHE_KEY) or "{}")  # what the next start shows
    jeju = next(r for r in cached["regions"] if r["name"] == "제주")
    assert jeju["warnings"][0]["kind"] == "호우" and jeju["warnings"][0]["level"] == "경보"
    again = service(pinned, storage, client, clock, provider="kma", kma_key=DEMO_KEY)
    assert by_name(again.report)["제주"].warnings == by_name(report)["제주"].warnings
    assert by_name(again.report)["대구"].air == by_name(report)["대구"].air


async def test_keyless_open_meteo_asks_no_warnings_and_says_nothing(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    weather = service(pinned, storage, client, [NOW])
    report = await weather.refresh()
    assert report.error is None and report.service_errors == {}
    assert not pinned.requests_to(PWN_STATUS_PATH)
    assert not any(o.warnings for o in report.observations)
    assert [len(pinned.requests_to(p)) for p in (FORECAST, AIR)] == [1, 1]
    assert report.credits == ("CAMS",)
    assert by_name(report)["대구"].air.grade == "나쁨"


async def test_a_kma_key_with_open_meteo_still_shows_warnings(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    report = await service(pinned, storage, client, [NOW], kma_key=DEMO_KEY).refresh()
    assert report.credits == ("기상청 특보", "CAMS")
    assert by_name(report)["광주"].warnings


async def test_air_quality_off_asks_nothing(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    report = await service(pinned, storage, client, [NOW], air_quality=False).refresh()
    assert not pinned.requests_to(AIR) and all(o.air is None for o in report.observations)


async def test_a_failing_service_keeps_its_last_values(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    clock = [NOW]
    weather = service(pinned, storage, client, clock, kma_key=DEMO_KEY)
    first = await weather.refresh()
    pinned.alerts.failing = {"warnings", "air"}
    pinned.alerts.t6 = None  # would lift it, but the service cannot say so now
    clock[0] = NOW + timedelta(minutes=10)
    report = await weather.refresh()
    assert report.error is None and not report.stale  # the weather itself is fine
    assert set(report.service_errors) == {"warnings", "air"}
    assert "HTTP 500" in report.service_errors["air"]
    assert by_name(report)["광주"].warnings == by_name(first)["광주"].warnings
    assert by_name(report)["대구"].air == by_name(first)["대구"].air


async def test_user_regions_abroad_get_cams_beside_airkorea(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    from reader.core.regions import BUILTIN_REGIONS, Region

    regions = [*BUILTIN_REGIONS[:2], Region("London", "London", lat=51.5, lon=-0.12)]

    async def http() -> HttpClient:
        return client

    config = WeatherConfig(
        provider="kma", base_url=pinned.base_url, kma_base_url=pinned.base_url, kma_key=DEMO_KEY
    )
    weather = WeatherService(
        replace(Config.default(), weather=config), storage, http, now=lambda: NOW, regions=regions
    )
    report = await weather.refresh()
    assert [len(pinned.requests_to(p)) for p in (AIRKOREA_PATH, AIR)] == [1, 1]
    [air_request] = pinned.requests_to(AIR)
    assert "latitude=51.5000&" in air_request.path  # only the place AirKorea does not measure
    assert by_name(report)["London"].air.source == "CAMS"
    assert by_name(report)["서울"].air.source == "에어코리아"
    assert report.credits == ("에어코리아", "CAMS")


async def test_the_demo_shows_one_warning_and_a_bad_dust_city(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    from reader.demo import demo_config

    async def http() -> HttpClient:
        return client

    report = await WeatherService(demo_config(pinned), storage, http, now=lambda: NOW).refresh()
    assert report.error is None and report.service_errors == {}
    warned = {o.name: [w.name for w in o.warnings] for o in report.observations if o.warnings}
    assert warned == {"광주": ["한파주의보"]}
    bad = [o.name for o in report.observations if o.air and o.air.grade in ("나쁨", "매우나쁨")]
    assert bad == ["대구"]
    assert all(not r.path.startswith("http") for r in pinned.request_log)
