"""The region filter's matching rules, as a reader would judge them."""

import pytest

from reader.core.region_match import Place, RegionMatcher
from reader.core.regions import BUILTIN_REGIONS


@pytest.fixture(scope="module")
def matcher() -> RegionMatcher:
    return RegionMatcher([Place(r.name, r.words) for r in BUILTIN_REGIONS])


@pytest.mark.parametrize(
    "text",
    [
        "광주에서 열린 축제",
        "광주시는 27일 발표했다",
        "광주의 겨울",
        "광주시의회 본회의",
        "광주광역시 교육청",
        "(광주=누리뉴스) 김도훈 기자",
        "광주·전남 지역",
        "2026광주비엔날레 개막",
        "Gwangju hosts the festival",
        "Gwangju's new data centre",
        "GWANGJU-based startups",
        "the mayor of gwangju said",
        "Gwangju광역시 (mixed script)",
    ],
)
def test_gwangju_forms_match(matcher, text):
    assert matcher.regions_in(text) == {"광주"}


@pytest.mark.parametrize(
    "text",
    [
        "대나무 광주리를 짜는 장인",  # basket
        "광주리에 담긴 사과",
        "경기 광주 남한산성",  # the other Gwangju
        "경기도 광주시 퇴촌면",
        "경기광주역 앞",
        "Gwangjuan is not a word",  # Latin needs a word boundary
        "Seogwangju station",
        "Gwangju-si in Gyeonggi Province opened a library",  # the other one, in English
        "Gwangju, Gyeonggi, held a market",
        "빛고을광주 축제",  # a name inside a longer word: a documented miss
    ],
)
def test_hard_cases_do_not_match(matcher, text):
    assert "광주" not in matcher.regions_in(text)


def test_an_article_about_both_gwangjus_matches_once_the_real_one_appears(matcher):
    text = "경기 광주와 전남 광주는 이름이 같다. 광주시는 …"
    assert matcher.regions_in(text) == {"광주"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("세계대전 이후", set()),  # 대전 inside a longer word
        ("대전시는 대전제를 세웠다", {"대전"}),
        ("부산물 재활용", set()),
        ("원주민 문화", set()),
        ("구미호 전설", set()),
        ("서울과 부산, 그리고 Daegu", {"서울", "부산", "대구"}),
        ("홍성(예) 3.6℃", {"홍성"}),  # the bar's label
        ("김해 공항", {"김해시"}),  # alias → region name
        ("", set()),
    ],
)
def test_other_regions(matcher, text, expected):
    assert matcher.regions_in(text) == expected


def test_matches_across_several_fields(matcher):
    assert matcher.regions_in("제목", None, "본문에 부산이 나온다") == {"부산"}


def test_free_text_region():
    seoul_gu = RegionMatcher([Place("강남", ("강남", "Gangnam"))])
    assert seoul_gu.mentions("강남구청은")
    assert seoul_gu.mentions("Gangnam's streets")
    assert not seoul_gu.mentions("남강남 마을")
    assert not RegionMatcher([Place("", ())]).mentions("anything")


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # once an article is about 경기 광주, its bare 광주시는 means that city too
        (("경기 광주 시내버스 개편", "광주시는 다음 달부터 노선을 바꾼다"), set()),
        (("경기 광주시가 발표했다", "서하진 광주시장은 밝혔다"), set()),
        # an unmistakable form still counts
        (("경기 광주와 광주광역시의 교류", ""), {"광주"}),
        (("경기 광주 소식", "광주·전남 지역은 흐림"), {"광주"}),
        (("경기 광주 소식", "Gwangju, the southern city"), {"광주"}),
        # without 경기 광주 in the article, the bare form is the region
        (("광주시는 다음 달부터 노선을 바꾼다",), {"광주"}),
    ],
)
def test_the_other_gwangju_colours_the_whole_article(matcher, texts, expected):
    assert matcher.regions_in(*texts) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("minutes at https://transit.example/seoul_rho/2026", set()),
        ("see www.seoul.example/minutes or WWW.BUSAN.EXAMPLE", set()),
        ("출처: https://ko.wikipedia.org/wiki/서울 참고", set()),
        ("http://gwangju.example 광주리 가득", set()),
        ("서울시는 https://news.example/busan 에 공지했다", {"서울"}),
        ("Seoul (https://transit.example/n) brings back night buses", {"서울"}),
    ],
)
def test_web_addresses_name_no_region(matcher, text, expected):
    assert matcher.regions_in(text) == expected
