"""Weather warnings (기상특보): the t6 bulletin read, areas matched to regions, and the
newsroom's getPwnStatus answers (in force, lifted, NO_DATA, key and server errors)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from reader.core.http import HttpClient
from reader.core.regions import BUILTIN_REGIONS, Region
from reader.core.weather.base import WeatherError
from reader.core.weather.kma import KST
from reader.core.weather.warnings import (
    PWN_STATUS_PATH,
    KmaWarnings,
    Status,
    parse_status,
    parse_t6,
    warnings_for,
)
from reader.newsroom import Newsroom
from reader.newsroom.weather import DEMO_KEY

from .conftest import NOW

# In the bulletin's own way: metropolitan cities alone, other cities inside their province,
# nested parentheses, a list of exclusions, clauses run together on one line.
T6 = (
    "o 한파경보 : 강원도(강릉평지, 강원북부산지), 경상북도(구미, 군위)\r\n"
    "o 한파주의보 : 광주, 전라남도(순천, 광양), 서울(서울동남권) "
    "o 강풍주의보 : 경상남도(김해 제외), 전북자치도(부안위도면, 군산옥도면(어청도 제외)) "
    "o 대설주의보 : 제주도(제주도산지) o 건조경보 : 경기도"
)


def named(t6: str, regions=BUILTIN_REGIONS) -> dict[str, list[tuple[str, str]]]:
    found = warnings_for(list(regions), Status(parse_t6(t6), None))
    return {k: [(w.name, w.area) for w in v] for k, v in found.items() if v}


def test_areas_map_to_the_built_in_cities() -> None:
    assert named(T6) == {
        "강릉": [("한파경보", "강원도(강릉평지)")],
        "구미": [("한파경보", "경상북도(구미)")],
        "광주": [("한파주의보", "광주")],
        "순천": [("한파주의보", "전라남도(순천)")],
        "서울": [("한파주의보", "서울(서울동남권)")],
        "창원": [("강풍주의보", "경상남도")],  # the province less 김해
        "수원": [("건조경보", "경기도")],  # the whole province
    }  # not 김해시 (left out), 원주 (강원 산지 only), 제주 (the mountain only), 전주


def test_warning_before_advisory_and_fields() -> None:
    issued = datetime(2026, 11, 27, 10, 0, tzinfo=KST)
    t6 = "o 한파주의보 : 광주 o 대설경보 : 광주"
    [gwangju] = [
        v for k, v in warnings_for(BUILTIN_REGIONS, Status(parse_t6(t6), issued)).items() if v
    ]
    assert [w.name for w in gwangju] == ["대설경보", "한파주의보"]
    assert gwangju[0].severe and not gwangju[1].severe
    assert gwangju[1].to_json() == {
        "kind": "한파",
        "level": "주의보",
        "area": "광주",
        "issued": "2026-11-27T01:00:00+00:00",
    }


@pytest.mark.parametrize("none", ["o 없음", "o 없 음", "", "o 없음\r\n"])
def test_nothing_in_force(none: str) -> None:
    assert parse_t6(none) == ()


def test_configured_regions_match_by_their_own_names() -> None:
    chuncheon = Region("춘천", "춘천", ("춘천시", "Chuncheon"), 37.88, 127.73)
    sejong = Region("세종", "세종", ("세종특별자치시",), 36.48, 127.29)
    t6 = "o 호우주의보 : 세종, 강원도(춘천, 화천) o 폭염경보 : 경상남도(창원 제외)"
    assert named(t6, [chuncheon, sejong]) == {
        "춘천": [("호우주의보", "강원도(춘천)")],
        "세종": [("호우주의보", "세종")],
    }  # an exclusion list says nothing about a place the table does not know


def test_parse_status_takes_the_newest_item() -> None:
    body = (
        '{"response":{"header":{"resultCode":"00","resultMsg":"NORMAL_SERVICE"},"body":'
        '{"items":{"item":[{"tmFc":202611270500,"tmSeq":3,"t6":"o 한파주의보 : 광주"},'
        '{"tmFc":202611271000,"tmSeq":4,"t6":"o 없음"}]}}}}'
    ).encode()
    status = parse_status(body)
    assert status.clauses == () and status.issued == datetime(2026, 11, 27, 10, tzinfo=KST)


async def test_one_request_for_every_region(pinned: Newsroom, client: HttpClient) -> None:
    found = await KmaWarnings(DEMO_KEY, pinned.base_url).fetch(client, BUILTIN_REGIONS, NOW)
    [request] = pinned.requests_to(PWN_STATUS_PATH)
    query = parse_qs(urlsplit(request.path).query)
    assert query["dataType"] == ["JSON"] and query["serviceKey"] == [DEMO_KEY]
    assert {k: [w.name for w in v] for k, v in found.items() if v} == {"광주": ["한파주의보"]}
    [warning] = found["광주"]
    assert warning.area == "광주"
    assert warning.issued == (NOW - timedelta(hours=2)).astimezone(KST).replace(minute=0)


async def test_lifted_and_no_data(pinned: Newsroom, client: HttpClient) -> None:
    source = KmaWarnings(DEMO_KEY, pinned.base_url)
    pinned.alerts.t6 = "o 없음"  # lifted: the status lists nothing
    assert not any((await source.fetch(client, BUILTIN_REGIONS, NOW)).values())
    pinned.alerts.t6 = None  # resultCode 03: no status in the last 7 days, no warning
    found = await source.fetch(client, BUILTIN_REGIONS, NOW)
    assert set(found) == {r.name for r in BUILTIN_REGIONS} and not any(found.values())


async def test_key_and_server_errors(pinned: Newsroom, client: HttpClient) -> None:
    with pytest.raises(WeatherError) as info:
        await KmaWarnings("wrong", pinned.base_url).fetch(client, BUILTIN_REGIONS, NOW)
    assert info.value.key_error
    assert info.value.reason == (
        "KMA warnings rejected the API key (SERVICE_KEY_IS_NOT_REGISTERED_ERROR)"
    )
    pinned.alerts.failing.add("warnings")
    with pytest.raises(WeatherError, match="HTTP 500"):
        await KmaWarnings(DEMO_KEY, pinned.base_url).fetch(client, BUILTIN_REGIONS, NOW)


def test_hostile_bulletin_text_is_cleaned_and_bounded() -> None:
    t6 = "o 한파\x1b[31m주의보 : 광주\u202e(\x07동구)" + ", 서울" * 5000
    [clause] = parse_t6(t6)
    found = warnings_for(BUILTIN_REGIONS, Status((clause,), None))
    [w] = found["광주"]
    assert "\x1b" not in w.name + w.area and "\u202e" not in w.area and "\x07" not in w.area
    assert len(clause.places) <= 500
