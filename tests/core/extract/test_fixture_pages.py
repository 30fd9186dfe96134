"""Hand-written pages for each byline and quote form (tests/data/extract/*.html)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from reader.core.extract import Byline, Image, Link, Quote

KST = timezone(timedelta(hours=9))


def test_korean_end_byline_outlet_prefix_deck_and_boilerplate(page) -> None:
    art = page("ko_end_byline.html")
    assert art.outlet == "시험일보"
    assert art.title == "시험시, 인공지능 거점도시로 선정"
    assert art.deck == [
        "정부, 시험시 데이터센터 확충 계획 확정",
        "자동차·에너지 산업과 묶어 지역경제 발판으로",
    ]
    assert art.byline == Byline("박진표", "기자", "lucky@siheom.example")
    assert art.published == datetime(2026, 11, 24, 11, 2, tzinfo=KST)  # JSON-LD datePublished
    assert len(art.paragraphs) == 4
    assert art.paragraphs[0].startswith("정부가 시험시를")
    assert (
        art.paragraphs[-1]
        == "한편 박나래 과기부 장관은 “지역이 디지털 확산의 핵심 축”이라고 밝혔다."
    )
    assert art.quotes == [
        Quote(
            "시험시는 그간 인공지능 산업의 씨앗을 뿌렸다. 이제 싹이 트는 시점", "김가람 시험시장"
        ),
        Quote("조만간 시험시를 중심으로 한 단계 도약하게 될 것", "김가람 시험시장"),
        Quote("지역이 디지털 확산의 핵심 축", "박나래 과기부 장관"),
    ]  # ‘AI 중심도시’라는 is a name, not speech
    body = "\n".join(art.paragraphs)
    for junk in (
        "기상청 제공",
        "℃",
        "메뉴",
        "많이 본 기사",
        "포토뉴스",
        "Copyright",
        "무단전재",
        "URL복사",
    ):
        assert junk not in body


def test_wire_dateline_byline_and_separate_email(page) -> None:
    art = page("ko_wire_byline.html")
    assert art.byline == Byline("홍길동", "기자", "gildong@nuri.example")
    assert art.outlet == "누리통신"
    assert art.paragraphs[0].startswith("시험시가 시내버스 노선을")  # dateline removed
    assert art.published == datetime(2026, 11, 20, 9, 30, tzinfo=KST)  # <time datetime>
    # “…” after 그는 belongs to the last named speaker.
    assert [q.speaker for q in art.quotes] == ["시민 이순금(71)씨", "시민 이순금(71)씨"]
    assert all("gildong@" not in p for p in art.paragraphs)


def test_two_authors_with_role_and_quoted_words_in_narration(page) -> None:
    art = page("ko_multi_author.html")
    assert art.byline == Byline("홍길동·김철수", "특파원", "team@dongbaek.example")
    assert art.deck == ["강변 산책로 3㎞ 빛으로 수놓아"]
    assert art.outlet == "동백일보"  # og:site_name when the headline has no prefix
    assert art.quotes == [Quote("살려줘", None)]  # “살려줘”처럼: quoted words, nobody speaking


def test_english_by_two_names_quotes_blockquote_links_images(page) -> None:
    art = page("en_by_multi.html")
    assert art.title == "Harbor city opens its first night market"
    assert art.outlet == "The Test Gazette"
    assert art.deck == ["Two hundred stalls line the old ferry pier every Friday"]
    assert art.byline == Byline("Jane Doe·John Roe")
    assert art.published == datetime(2026, 11, 21, 19, 45, tzinfo=UTC)
    assert art.quotes == [
        Quote("We waited ten years for a night like this", "Mayor Ana Lim"),
        Quote("Everyone from the fish auction came.", "Mayor Ana Lim"),
        Quote("It was busier than any festival I have worked", "Baker"),
        Quote("A market is a city talking to itself.", "Rosa Park, historian"),
    ]  # the scare quotes around "living room" are not speech
    assert art.links == [
        Link("market page", "http://t.example/markets/pier"),
        Link("city map", "https://example.org/map"),
    ]
    assert art.images == [  # after the fifth paragraph, with its <figcaption> and width
        Image(
            "http://t.example/img/pier.jpg",
            "Stalls on the ferry pier at dusk",
            "The pier at dusk.",
            width=800,
            after_paragraph=5,
        )
    ]
    body = "\n".join(art.paragraphs)
    assert "Most read" not in body and "Copyright" not in body and "Politics" not in body
    assert "By Jane Doe" not in body


def test_english_name_comma_role_line_at_the_end(page) -> None:
    art = page("en_reporter.html")
    assert art.byline == Byline("Jane Doe", "Reporter")
    assert len(art.paragraphs) == 2
    assert art.outlet is None and art.published is None
