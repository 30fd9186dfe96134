"""Fine dust: the Korean grades at their edges, Open-Meteo (CAMS) and AirKorea answers."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from reader.core.http import HttpClient
from reader.core.regions import BUILTIN_REGIONS, Region
from reader.core.weather.air import (
    AIRKOREA_PATH,
    AirKorea,
    AirQuality,
    OpenMeteoAir,
    grade,
    parse_airkorea,
)
from reader.core.weather.base import WeatherError
from reader.newsroom import Newsroom
from reader.newsroom.alerts import dust_at
from reader.newsroom.weather import DEMO_KEY

from .conftest import NOW

AIR = "/v1/air-quality"


@pytest.mark.parametrize(
    ("pm10", "expected"),
    [
        (0, "좋음"), (30, "좋음"), (30.4, "좋음"), (30.5, "보통"), (31, "보통"), (80, "보통"),
        (81, "나쁨"), (150, "나쁨"), (150.49, "나쁨"), (151, "매우나쁨"), (900, "매우나쁨"),
    ],
)  # fmt: skip
def test_pm10_edges(pm10: float, expected: str) -> None:
    assert grade(pm10, None) == expected


@pytest.mark.parametrize(
    ("pm25", "expected"),
    [(15, "좋음"), (15.49, "좋음"), (16, "보통"), (35, "보통"), (36, "나쁨"), (75, "나쁨"),
     (76, "매우나쁨")],
)  # fmt: skip
def test_pm25_edges(pm25: float, expected: str) -> None:
    assert grade(None, pm25) == expected


def test_the_worse_grade_wins_and_nothing_is_no_grade() -> None:
    assert grade(20, 36) == "나쁨" and grade(151, 3) == "매우나쁨"
    assert grade(None, None) is None
    assert AirQuality(float("nan"), -4).grade is None  # nonsense from a server: no value


async def test_open_meteo_one_request_for_all(pinned: Newsroom, client: HttpClient) -> None:
    found = await OpenMeteoAir(pinned.base_url).fetch(client, BUILTIN_REGIONS, NOW)
    [request] = pinned.requests_to(AIR)
    query = parse_qs(urlsplit(request.path).query)
    assert query["current"] == ["pm10,pm2_5"]
    assert len(query["latitude"][0].split(",")) == len(BUILTIN_REGIONS) == 19
    for region in BUILTIN_REGIONS:
        assert region.lat is not None and region.lon is not None
        pm10, pm25 = dust_at(round(region.lat, 4), round(region.lon, 4), pinned.alerts)
        assert (found[region.name].pm10, found[region.name].pm25) == (pm10, pm25)
    assert found["대구"].grade == "나쁨"  # the demo's plume
    assert found["서울"].grade in ("좋음", "보통")


@pytest.mark.parametrize(
    ("dust", "expected"), [((30, 15), "좋음"), ((31, 15), "보통"), ((80, 36), "나쁨"),
                           ((151, 10), "매우나쁨")],
)  # fmt: skip
async def test_grades_through_the_server(
    pinned: Newsroom, client: HttpClient, dust: tuple[float, float], expected: str
) -> None:
    pinned.alerts.dust = dust
    found = await OpenMeteoAir(pinned.base_url).fetch(client, BUILTIN_REGIONS[:2], NOW)
    assert {a.grade for a in found.values()} == {expected}


async def test_open_meteo_errors(pinned: Newsroom, client: HttpClient) -> None:
    pinned.alerts.failing.add("air")
    with pytest.raises(WeatherError, match="Open-Meteo air quality: HTTP 500"):
        await OpenMeteoAir(pinned.base_url).fetch(client, BUILTIN_REGIONS, NOW)


async def test_airkorea_whole_country_in_one_request(pinned: Newsroom, client: HttpClient) -> None:
    found = await AirKorea(DEMO_KEY, pinned.base_url).fetch(client, BUILTIN_REGIONS, NOW)
    [request] = pinned.requests_to(AIRKOREA_PATH)
    query = parse_qs(urlsplit(request.path).query)
    assert query["sidoName"] == ["전국"] and query["returnType"] == ["json"]
    assert set(found) == {r.name for r in BUILTIN_REGIONS}
    assert found["대구"].grade == "나쁨" and found["대구"].source == "에어코리아"
    # 서울: the mean of its stations that answered (종로구 is out of order: "-")
    pm10, _ = dust_at(37.564, 126.975, pinned.alerts)
    assert found["서울"].pm10 == round(pm10)
    # 강릉: its own station, not the province's mean
    assert found["강릉"].pm10 == round(dust_at(37.757, 128.898, pinned.alerts)[0])


def test_airkorea_places_configured_regions_by_province_name() -> None:
    body = (
        '{"response":{"body":{"items":[{"sidoName":"세종","stationName":"신흥동",'
        '"pm10Value":"82","pm25Value":"-"}]},"header":{"resultCode":"00"}}}'
    ).encode()
    sejong = Region("세종시청", "세종시청", ("세종특별자치시",))
    london = Region("London", "London", lat=51.5, lon=-0.12)
    found = parse_airkorea(body, [sejong, london])
    assert found == {"세종시청": AirQuality(82, None, "에어코리아")}
    assert found["세종시청"].grade == "나쁨"


async def test_airkorea_key_error(pinned: Newsroom, client: HttpClient) -> None:
    with pytest.raises(WeatherError) as info:
        await AirKorea("nope", pinned.base_url).fetch(client, BUILTIN_REGIONS, NOW)
    assert info.value.key_error and info.value.reason.startswith("AirKorea rejected the API key")
