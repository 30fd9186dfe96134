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


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("GWANGJU'S new line opens",), {"광주"}),
        (("the mayor of gwangju's office",), {"광주"}),
        (("see https://a.example/x 부산에서 열린다",), {"부산"}),
        (("www.a.example/x Seoul's mayor",), {"서울"}),
        (("https://a.example/", "Daegu hosts"), {"대구"}),
        (("Www.seoul.example",), {"서울"}),  # only www. and WWW. start an address
        (("İstanbul and Seoul",), {"서울"}),  # İ lowers to two characters
        (("뉴스 경기", "광주시는 발표했다"), {"광주"}),  # 경기 ends another text
        (("광주", "리 가득"), {"광주"}),  # so does a false friend's start
    ],
)
def test_one_article_of_several_texts(matcher, texts, expected):
    assert matcher.regions_in(*texts) == expected


def test_a_letter_that_lowers_to_ascii_counts():
    kyiv = RegionMatcher([Place("키이우", ("Kyiv",))])
    assert kyiv.regions_in("\u212aYIV talks") == {"키이우"}  # the Kelvin sign lowers to k
    assert not kyiv.regions_in("Kyiv\u212a")


# The one-pass reading must equal reading each text alone with the rules' own patterns (the
# reading it replaced, kept for the texts it cannot take). Articles are built from pieces that
# sit where the two could part: text ends, addresses, case, overlapping and false spellings.
_PIECES = (
    *("광주", "광주시는", "광주광역시", "광주리", "경기 ", "경기도", "경기", "전남 ", "전라남도"),
    *("·", "광주·전남", "서울", "서울특별시", "세계대전", "대전제", "부산물", "홍성(예)", "예)"),
    *("Gwangju", "GWANGJU", "gwangju's", "Gwangju-si in Gyeonggi", "Gwangju, Gyeonggi", "gyeonggi"),
    *("Seoul", "SeOuL", "seoulite", "Suncheongju", "Incheon", "cheongju", "Daegu", "Jeju's"),
    *("https://news.example/", "http://x.example/서울", "www.", "WWW.BUSAN.EXAMPLE", "Www.a"),
    *("://", "http", "w", " ", ",", "\n", "2026", "a", "가", "\u0130", "\u212a", "\x00", "(", ")"),
    *("New York", "new york", "york", "Owww", ".seoul.example", "뉴욕", "서"),
)
_EXTRA = {
    "builtin": [],
    # "York" starts inside "New York" and 서 starts 서울: a settled place cannot be left out
    "overlapping": [Place("뉴욕", ("New York",)), Place("요크", ("York",)), Place("서", ("서",))],
    # a spelling ending in www can hide the www. of an address
    "hiding an address": [Place("오우", ("Owww",))],
    # a Latin spelling that is not ASCII: every text is read alone
    "not ascii": [Place("크라쿠프", ("Kraków",))],
}


@pytest.mark.parametrize("extra", list(_EXTRA))
def test_one_pass_reads_as_text_by_text(extra):
    import random

    from reader.core.regions import BUILTIN_REGIONS

    places = [Place(r.name, r.words) for r in BUILTIN_REGIONS] + _EXTRA[extra]
    matcher = RegionMatcher(places)
    assert (matcher._one_pass, matcher._narrows, matcher._finds_urls) == {
        "builtin": (True, True, True),
        "overlapping": (True, False, True),
        "hiding an address": (True, True, False),
        "not ascii": (False, False, False),
    }[extra]
    rng = random.Random(16)
    found = 0
    for _ in range(3000):
        texts = [
            "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(1, 3))
        ]
        expected = matcher._regions_in_texts([t for t in texts if t])
        assert matcher.regions_in(*texts) == expected, texts
        found += bool(expected)
    assert found > 1000  # the articles do name places


def test_articles_naming_many_places_do_not_each_cost_a_new_pattern(monkeypatch) -> None:
    # Each pattern is a regex compile of every spelling (~2 ms): one per set of places that
    # articles happen to name made retagging 20,000 articles take minutes.
    import random

    from reader.core import region_scan

    compiled = []
    one_pass = region_scan.one_pass

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(args)
        return one_pass(*args, **kwargs)

    monkeypatch.setattr(region_scan, "one_pass", counting)
    places = [Place(r.name, r.words) for r in BUILTIN_REGIONS]
    matcher = RegionMatcher(places)
    rng = random.Random(7)
    for _ in range(500):
        named = rng.sample([p.name for p in places], rng.randint(2, 6))
        article = " ".join(f"{name}에서 회의가 열렸다. {name}시는" for name in named)
        assert matcher.regions_in(article) == set(named)
    assert len(compiled) <= len(places) + 1
