"""KMA against the newsroom: ASOS text for all stations, the nowcast per grid, error shapes."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from reader.core.http import HttpClient
from reader.core.regions import BUILTIN_REGIONS, Region
from reader.core.weather.base import WeatherError
from reader.core.weather.codes import cloud_condition, kma_condition, wmo_condition
from reader.core.weather.kma import KST, KmaProvider, parse_asos, parse_nowcast
from reader.newsroom import Newsroom
from reader.newsroom.weather import ASOS_STATIONS, DEMO_KEY, _grid_values, temperature_at

from .conftest import NOW, data

ASOS = "/api/typ01/url/kma_sfctm2.php"
NCST = "/1360000/VilageFcstInfoService_2.0/getUltraSrtNcst"
FCST = "/1360000/VilageFcstInfoService_2.0/getUltraSrtFcst"
SEJONG = Region("세종", "세종", lat=36.48, lon=127.289, nx=66, ny=103)


def kma(nr: Newsroom, key: str | None = DEMO_KEY) -> KmaProvider:
    return KmaProvider(key, nr.base_url, nr.base_url)


async def test_asos_one_call_for_all_stations(pinned: Newsroom, client: HttpClient) -> None:
    observations = await kma(pinned).fetch(client, BUILTIN_REGIONS, NOW)
    [request] = pinned.requests_to(ASOS)
    query = parse_qs(urlsplit(request.path).query)
    assert query["tm"] == ["202611271400"] and query["stn"] == ["0"]
    assert [o.name for o in observations] == [r.name for r in BUILTIN_REGIONS]
    for region, o in zip(BUILTIN_REGIONS, observations, strict=True):
        assert region.stn is not None
        _, lat, lon = ASOS_STATIONS[region.stn]
        assert o.temperature == temperature_at(lat, lon), region.name
        assert o.observed == datetime(2026, 11, 27, 14, 0, tzinfo=KST)
        assert o.condition is not None and o.condition.code.startswith("sky:")
    assert not pinned.requests_to(NCST)  # every built-in has a station


async def test_asos_steps_back_while_the_hour_is_unpublished(
    pinned: Newsroom, client: HttpClient
) -> None:
    later = NOW + timedelta(hours=1)  # our clock is ahead of the service's newest data
    observations = await kma(pinned).fetch(client, BUILTIN_REGIONS[:2], later)
    tms = [parse_qs(urlsplit(r.path).query)["tm"][0] for r in pinned.requests_to(ASOS)]
    assert tms == ["202611271500", "202611271400"]
    assert observations[0].observed == datetime(2026, 11, 27, 14, 0, tzinfo=KST)


async def test_asos_gives_up_after_three_hours(pinned: Newsroom, client: HttpClient) -> None:
    out = await kma(pinned).fetch(client, BUILTIN_REGIONS[:1], NOW + timedelta(hours=5))
    assert len(pinned.requests_to(ASOS)) == 3
    assert out[0].temperature is None and out[0].condition is None


async def test_hub_refuses_a_bad_key(pinned: Newsroom, client: HttpClient) -> None:
    with pytest.raises(WeatherError) as info:
        await kma(pinned, "wrong-key").fetch(client, BUILTIN_REGIONS, NOW)
    assert info.value.reason == "KMA rejected the API key (HTTP 403)"
    assert info.value.key_error


async def test_no_key_is_said_plainly_without_a_request(
    pinned: Newsroom, client: HttpClient
) -> None:
    with pytest.raises(WeatherError, match="no KMA API key: set kma_key") as info:
        await kma(pinned, "  ").fetch(client, BUILTIN_REGIONS, NOW)
    assert info.value.key_error
    assert not pinned.request_log


async def test_nowcast_for_a_region_without_station(pinned: Newsroom, client: HttpClient) -> None:
    [o] = await kma(pinned).fetch(client, [SEJONG], NOW)
    [request] = pinned.requests_to(NCST)
    query = parse_qs(urlsplit(request.path).query)
    assert query["base_date"] == ["20261127"] and query["base_time"] == ["1300"]  # 14:20−40 min
    assert (query["nx"], query["ny"], query["dataType"]) == (["66"], ["103"], ["JSON"])
    values = _grid_values(66, 103)
    assert o.temperature == float(values["T1H"])
    pty = int(values["PTY"])
    expected = kma_condition(int(values["SKY"]) if pty == 0 else None, pty)
    assert o.condition == expected
    assert bool(pinned.requests_to(FCST)) == (pty == 0)  # the sky only matters when dry
    assert o.observed == datetime(2026, 11, 27, 13, 0, tzinfo=KST)


async def test_nowcast_steps_back_on_no_data(pinned: Newsroom, client: HttpClient) -> None:
    ahead = NOW + timedelta(hours=2)  # 16:20 KST → base 15:00 (not out yet), then 14:00
    [o] = await kma(pinned).fetch(client, [SEJONG], ahead)
    times = [parse_qs(urlsplit(r.path).query)["base_time"][0] for r in pinned.requests_to(NCST)]
    assert times == ["1500", "1400"]
    assert o.temperature is not None
    assert o.observed == datetime(2026, 11, 27, 14, 0, tzinfo=KST)


async def test_nowcast_key_error_arrives_as_xml_with_200(
    pinned: Newsroom, client: HttpClient
) -> None:
    with pytest.raises(WeatherError) as info:
        await kma(pinned, "not-registered").fetch(client, [SEJONG], NOW)
    assert info.value.reason == "KMA rejected the API key (SERVICE_KEY_IS_NOT_REGISTERED_ERROR)"
    assert info.value.key_error


async def test_mixed_regions(pinned: Newsroom, client: HttpClient) -> None:
    abroad = Region("London", "London", lat=51.5, lon=-0.12)
    out = await kma(pinned).fetch(client, [SEJONG, BUILTIN_REGIONS[1], abroad], NOW)
    assert [o.name for o in out] == ["세종", "서울", "London"]
    assert out[0].temperature is not None and out[1].temperature is not None
    assert out[2].temperature is None  # KMA has nothing for London: blank, not an error


def test_asos_missing_values_become_none() -> None:
    rows = parse_asos(data("asos_missing.txt"))
    assert sorted(rows) == [108, 156, 159, 184]
    assert rows[108][0] == 3.2 and rows[108][1] == cloud_condition(9)
    assert rows[156][0] is None and rows[156][1] is None  # TA -99.0, WC -9, CA -9
    assert rows[159][0] == 7.7 and rows[159][1] == wmo_condition(61)  # present weather wins
    assert rows[184][1] == cloud_condition(3)  # WC 02 only says how clouds changed
    assert rows[108][2] == datetime(2026, 11, 27, 14, 0, tzinfo=KST)


def test_asos_in_euc_kr() -> None:
    body = data("asos_missing.txt").decode("utf-8").encode("euc-kr")
    assert parse_asos(body)[108][0] == 3.2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("key_not_registered.xml", r"KMA rejected the API key \(SERVICE_KEY_IS_NOT_REGISTERED"),
        ("quota_exceeded.xml", r"KMA request limit reached \(LIMITED_NUMBER_OF_SERVICE"),
        ("invalid_parameter.json", r"KMA service error \(INVALID_REQUEST_PARAMETER_ERROR\)"),
    ],
)
def test_nowcast_error_shapes(body: str, message: str) -> None:
    with pytest.raises(WeatherError, match=message) as info:
        parse_nowcast(data(body))
    if "quota" in body:
        assert info.value.retry_after == 3600


def test_nowcast_no_data_and_missing_values() -> None:
    assert parse_nowcast(data("nodata.json")) is None
    values = parse_nowcast(data("nowcast_missing.json"))
    assert values == {"PTY": 0.0, "REH": None, "T1H": None, "WSD": 1.2}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"result": {"status": 403, "message": "\xec\x9d\xb8\xec\xa6\x9d"}}', "rejected the API"),
        (b"<html>maintenance</html>", "KMA service error"),
        (b"hello", "not the expected table"),
    ],
)
def test_asos_error_shapes(body: bytes, message: str) -> None:
    with pytest.raises(WeatherError, match=message):
        parse_asos(body)


def test_hub_and_data_key_errors_in_xml_for_asos() -> None:
    with pytest.raises(WeatherError, match="SERVICE_KEY_IS_NOT_REGISTERED_ERROR"):
        parse_asos(data("key_not_registered.xml"))


def test_nowcast_nested_past_the_recursion_limit_is_a_clear_error() -> None:
    with pytest.raises(WeatherError, match="not the expected JSON"):
        parse_nowcast(b"[" * 200_000)
