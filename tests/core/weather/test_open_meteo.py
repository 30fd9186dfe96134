"""Open-Meteo against the newsroom: one request, answers in order, error shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from reader.core.http import HttpClient
from reader.core.regions import BUILTIN_REGIONS, Region
from reader.core.weather.base import WeatherError, _weather_error, get
from reader.core.weather.codes import wmo_condition
from reader.core.weather.open_meteo import OpenMeteoProvider, forecast_url, parse_forecast
from reader.newsroom import Newsroom
from reader.newsroom.weather import temperature_at, wmo_code_at

from .conftest import NOW, data

OBSERVED = datetime(2026, 11, 27, 5, 15, tzinfo=UTC)  # 14:15 KST, the quarter hour


async def test_all_regions_in_one_request_in_order(pinned: Newsroom, client: HttpClient) -> None:
    provider = OpenMeteoProvider(pinned.base_url)
    observations = await provider.fetch(client, BUILTIN_REGIONS, NOW)
    assert len(pinned.requests_to("/v1/forecast")) == 1
    assert [o.name for o in observations] == [r.name for r in BUILTIN_REGIONS]
    for region, o in zip(BUILTIN_REGIONS, observations, strict=True):
        assert region.lat is not None and region.lon is not None
        assert o.label == region.label
        assert o.temperature == temperature_at(round(region.lat, 4), round(region.lon, 4))
        assert o.condition == wmo_condition(wmo_code_at(region.lat, region.lon))
        assert o.observed == OBSERVED
        assert o.observed.tzinfo is not None
        assert not o.stale
    assert observations[15].label == "홍성(예)"


async def test_request_shape(pinned: Newsroom, client: HttpClient) -> None:
    await OpenMeteoProvider(pinned.base_url + "/").fetch(client, BUILTIN_REGIONS[:3], NOW)
    [request] = pinned.requests_to("/v1/forecast")
    query = parse_qs(urlsplit(request.path).query)
    assert query["latitude"] == ["37.7491,37.5665,37.4563"]
    assert query["longitude"] == ["128.8785,126.9780,126.7052"]
    assert query["current"] == ["temperature_2m,weather_code"]


async def test_one_region_gets_an_object_not_a_list(pinned: Newsroom, client: HttpClient) -> None:
    [seoul] = await OpenMeteoProvider(pinned.base_url).fetch(client, BUILTIN_REGIONS[1:2], NOW)
    assert seoul.name == "서울" and seoul.temperature is not None


async def test_regions_without_coordinates_are_skipped(
    pinned: Newsroom, client: HttpClient
) -> None:
    nowhere = Region("어딘가", "어딘가")
    london = Region("London", "London", lat=51.5072, lon=-0.1276)
    out = await OpenMeteoProvider(pinned.base_url).fetch(client, [nowhere, london], NOW)
    assert out[0].temperature is None and out[0].condition is None
    assert out[1].temperature == temperature_at(51.5072, -0.1276)
    assert "51.5072" in pinned.requests_to("/v1/forecast")[0].path


async def test_http_400_says_who_and_what(newsroom: Newsroom, client: HttpClient) -> None:
    url = newsroom.url("/v1/forecast?latitude=1,2&longitude=3&current=temperature_2m")
    with pytest.raises(WeatherError) as info:
        await get(client, url, who="Open-Meteo", accept="application/json")
    assert info.value.reason.startswith("Open-Meteo:")
    assert "HTTP 400" in info.value.reason
    assert info.value.retry_after is None


def test_error_body_reason_is_shown_when_the_client_keeps_it() -> None:
    # A FetchError that carries status and body (see /work/notes/http_requests.md).
    class Carrying(Exception):
        reason = "HTTP 400 Bad Request"
        status = 400
        body = data("open_meteo_400.json")

    error = _weather_error(Carrying(), "Open-Meteo")
    assert error.reason == (
        "Open-Meteo: Cannot initialize WeatherVariable from invalid String value tempeture_2m. "
        "(HTTP 400)"
    )


async def test_http_429_asks_for_a_wait(pinned: Newsroom, client: HttpClient) -> None:
    pinned.weather_failing, pinned.weather_fail_status = True, 429
    with pytest.raises(WeatherError) as info:
        await OpenMeteoProvider(pinned.base_url).fetch(client, BUILTIN_REGIONS, NOW)
    assert "Open-Meteo rate limit reached (HTTP 429" in info.value.reason
    assert info.value.retry_after is not None and info.value.retry_after >= 1


async def test_http_503(pinned: Newsroom, client: HttpClient) -> None:
    pinned.weather_failing = True
    with pytest.raises(WeatherError, match=r"^Open-Meteo: HTTP 503"):
        await OpenMeteoProvider(pinned.base_url).fetch(client, BUILTIN_REGIONS, NOW)


async def test_connection_refused(client: HttpClient) -> None:
    with pytest.raises(WeatherError, match="Open-Meteo: connection refused"):
        await OpenMeteoProvider("http://127.0.0.1:9").fetch(client, BUILTIN_REGIONS, NOW)


def test_error_json_with_http_200() -> None:
    with pytest.raises(WeatherError, match=r"^Open-Meteo: Cannot initialize"):
        parse_forecast(data("open_meteo_400.json"), BUILTIN_REGIONS[:1])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>oops</html>", "not JSON"),
        (b"[" * 200_000, "not JSON"),  # nested past the parser's recursion limit
        (b"[]", "expected 2 locations in the answer, got 0"),
        (b'[{"current": {}}, {"latitude": 1}]', "no current weather for 서울"),
        (b'{"current": {"time": "x"}}', "expected 2 locations in the answer, got 1"),
    ],
)
def test_malformed_answers(body: bytes, message: str) -> None:
    with pytest.raises(WeatherError, match=message):
        parse_forecast(body, BUILTIN_REGIONS[:2])


def test_missing_values_become_none() -> None:
    body = (
        b'{"utc_offset_seconds": 32400, "current": {"time": "2026-11-27T14:00", '
        b'"temperature_2m": null, "weather_code": null}}'
    )
    [o] = parse_forecast(body, BUILTIN_REGIONS[:1])
    assert o.temperature is None and o.condition is None
    assert o.observed == datetime(2026, 11, 27, 5, 0, tzinfo=UTC)


def test_url_keeps_commas_readable() -> None:
    url = forecast_url("https://api.open-meteo.com/", BUILTIN_REGIONS[:2])
    assert url.startswith("https://api.open-meteo.com/v1/forecast?latitude=37.7491,37.5665&")
