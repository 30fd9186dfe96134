"""WeatherService: refresh, cache in the database, stale values, backoff."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reader.core.http import HttpClient
from reader.core.settings import Config, RegionConfig, WeatherConfig
from reader.core.storage import Storage
from reader.core.weather.base import Observation, WeatherError
from reader.core.weather.service import CACHE_KEY, WeatherService
from reader.newsroom import Newsroom
from reader.newsroom.weather import DEMO_KEY

from .conftest import NOW


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    s = Storage(tmp_path / "sinmun.db")
    yield s
    s.close()


def config(nr: Newsroom, provider: str = "open-meteo", **extra: object) -> Config:
    weather = WeatherConfig(
        provider=provider,
        base_url=nr.base_url,
        kma_base_url=nr.base_url,
        kma_data_url=nr.base_url,
        kma_key=DEMO_KEY,
        refresh_minutes=10,
    )
    return replace(Config.default(), weather=replace(weather, **extra))  # type: ignore[arg-type]


def service(nr: Newsroom, storage: Storage, client: HttpClient, clock: Clock, **kw: object):
    async def http() -> HttpClient:
        return client

    return WeatherService(config(nr, **kw), storage, http, now=clock)  # type: ignore[arg-type]


async def test_fresh_refresh_is_saved_and_shown_at_next_start(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    clock = Clock(NOW)
    first = service(pinned, storage, client, clock)
    assert first.due_in() == 0  # nothing cached: refresh now
    report = await first.refresh()
    assert not report.stale and report.error is None
    assert report.provider == "open-meteo" and report.attribution == "Open-Meteo"
    assert len(report.observations) == 19 and all(
        o.temperature is not None for o in report.observations
    )
    assert json.loads(storage.get_meta(CACHE_KEY) or "{}")["provider"] == "open-meteo"

    clock.now = NOW + timedelta(minutes=4)
    second = service(pinned, storage, client, clock)
    cached = second.report  # instant, from the database
    assert [o.temperature for o in cached.observations] == [
        o.temperature for o in report.observations
    ]
    assert [o.condition for o in cached.observations] == [o.condition for o in report.observations]
    assert not cached.stale
    assert second.due_in() == pytest.approx(6 * 60)
    before = len(pinned.requests_to("/v1/forecast"))
    assert await second.refresh() is cached  # not due yet: no request
    assert len(pinned.requests_to("/v1/forecast")) == before


async def test_failure_keeps_values_marked_stale_and_backs_off(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    clock = Clock(NOW)
    weather = service(pinned, storage, client, clock)
    good = await weather.refresh()
    pinned.weather_failing = True
    clock.now = NOW + timedelta(minutes=10)
    report = await weather.refresh()
    assert report.stale and report.error == "Open-Meteo: HTTP 503 Service Unavailable"
    assert all(o.stale for o in report.observations)
    assert [o.temperature for o in report.observations] == [
        o.temperature for o in good.observations
    ]
    assert report.fetched == NOW
    # backoff: 1 min, then 2, 4 … never slower than the interval
    waits = [weather.due_in()]
    for _ in range(5):
        clock.now += timedelta(seconds=weather.due_in())
        await weather.refresh()
        waits.append(weather.due_in())
    assert waits == [60, 120, 240, 480, 600, 600]
    # a forced refresh ignores the backoff; success clears it
    pinned.weather_failing = False
    report = await weather.refresh(force=True)
    assert not report.stale and report.error is None and weather.due_in() == 600
    # and the stale copy was never written over the good cache
    saved = json.loads(storage.get_meta(CACHE_KEY) or "{}")
    assert not any(r["stale"] for r in saved["regions"])


async def test_429_waits_at_least_what_was_asked(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    pinned.weather_failing, pinned.weather_fail_status = True, 429
    weather = service(pinned, storage, client, Clock(NOW))
    report = await weather.refresh()
    assert report.error is not None and "HTTP 429" in report.error
    assert weather.due_in() >= 60


async def test_key_error_waits_long(pinned: Newsroom, storage: Storage, client: HttpClient) -> None:
    weather = service(pinned, storage, client, Clock(NOW), provider="kma", kma_key="bad")
    report = await weather.refresh()
    assert report.error == "KMA rejected the API key (HTTP 403)"
    assert report.attribution == "기상청 제공"
    assert weather.due_in() == 30 * 60


async def test_first_start_offline_shows_the_regions_without_values(
    storage: Storage, client: HttpClient
) -> None:
    async def http() -> HttpClient:
        return client

    cfg = replace(Config.default(), weather=WeatherConfig(base_url="http://127.0.0.1:9"))
    weather = WeatherService(cfg, storage, http, now=Clock(NOW))
    report = await weather.refresh()
    assert report.stale and report.error == "Open-Meteo: connection refused"
    assert [o.label for o in report.observations][15] == "홍성(예)"
    assert all(o.temperature is None for o in report.observations)


async def test_old_cache_loads_stale(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    clock = Clock(NOW)
    await service(pinned, storage, client, clock).refresh()
    clock.now = NOW + timedelta(minutes=25)  # more than twice the interval
    report = service(pinned, storage, client, clock).report
    assert report.stale and all(o.stale for o in report.observations)
    assert report.error is None


async def test_cache_of_another_provider_is_not_shown(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    clock = Clock(NOW)
    await service(pinned, storage, client, clock).refresh()
    kma = service(pinned, storage, client, clock, provider="kma")
    assert kma.report.attribution == "기상청 제공"
    assert all(o.temperature is None for o in kma.report.observations)


@pytest.mark.parametrize("raw", ["{", "[]", '{"provider": "open-meteo"}', '{"provider": 1}'])
def test_damaged_cache_starts_empty(
    pinned: Newsroom, storage: Storage, client: HttpClient, raw: str
) -> None:
    storage.set_meta(CACHE_KEY, raw)
    report = service(pinned, storage, client, Clock(NOW)).report
    assert len(report.observations) == 19 and report.fetched is None


async def test_configured_regions_follow_the_config(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    async def http() -> HttpClient:
        return client

    cfg = replace(
        config(pinned),
        regions=(RegionConfig(name="광주"), RegionConfig(name="London", lat=51.5, lon=-0.12)),
    )
    report = await WeatherService(cfg, storage, http, now=Clock(NOW)).refresh()
    assert [o.name for o in report.observations] == ["광주", "London"]
    assert all(o.temperature is not None for o in report.observations)


class Flaky:
    """A provider whose answers the test scripts (to test merging and odd failures)."""

    name, attribution = "open-meteo", "Open-Meteo"

    def __init__(self) -> None:
        self.answers: list[list[Observation] | Exception] = []

    async def fetch(self, client, regions, now):  # type: ignore[no-untyped-def]
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


async def test_region_missing_from_an_answer_keeps_its_last_value(
    storage: Storage, client: HttpClient
) -> None:
    async def http() -> HttpClient:
        return client

    provider = Flaky()
    cfg = replace(Config.default(), regions=(RegionConfig(name="서울"), RegionConfig(name="부산")))
    clock = Clock(NOW)
    weather = WeatherService(cfg, storage, http, now=clock, provider=provider)
    provider.answers = [
        [Observation("서울", "서울", None, 3.2, NOW), Observation("부산", "부산", None, 7.7, NOW)],
        [Observation("서울", "서울", None, 3.0, NOW), Observation("부산", "부산")],
        [Observation("서울", "서울"), Observation("부산", "부산")],
        RuntimeError("provider bug"),
    ]
    await weather.refresh()
    clock.now += timedelta(minutes=10)
    report = await weather.refresh()
    assert [(o.temperature, o.stale) for o in report.observations] == [(3.0, False), (7.7, True)]
    clock.now += timedelta(minutes=10)
    report = await weather.refresh()  # nothing at all in the answer: a failure
    assert report.error == "no weather values in the answer" and report.stale
    clock.now += timedelta(minutes=10)
    report = await weather.refresh()
    assert report.error is not None and "RuntimeError: provider bug" in report.error
    assert [o.temperature for o in report.observations] == [3.0, 7.7]


def test_weather_error_defaults() -> None:
    error = WeatherError("x")
    assert (error.reason, error.retry_after, error.key_error) == ("x", None, False)


async def test_watch_shows_the_cache_first_then_refreshes_on_the_interval(
    pinned: Newsroom, storage: Storage, client: HttpClient
) -> None:
    import asyncio

    clock = Clock(NOW)
    await service(pinned, storage, client, clock).refresh()  # yesterday's run left a cache
    pinned.weather_failing = True
    clock.now = NOW + timedelta(minutes=30)
    weather = service(pinned, storage, client, clock)
    seen: list[tuple[bool, str | None]] = []
    task = asyncio.create_task(
        weather.watch(lambda r: seen.append((r.stale, r.error)), min_wait=0.01)
    )
    for _ in range(100):
        await asyncio.sleep(0.01)
        if len(seen) >= 2:
            break
    task.cancel()
    assert seen[0] == (True, None)  # the cache, at once: old, so already marked stale
    assert seen[1] == (True, "Open-Meteo: HTTP 503 Service Unavailable")
    assert len(seen) == 2  # then it waits for the backoff (a minute) before trying again
