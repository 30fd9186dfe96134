from __future__ import annotations

import pytest

from reader.core.extract.byline import email_only, parse_byline, parse_dateline
from reader.core.extract.model import Byline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/박진표 기자 lucky@kwangju.co.kr", Byline("박진표", "기자", "lucky@kwangju.co.kr")),
        ("홍길동·김철수 기자", Byline("홍길동·김철수", "기자")),
        ("홍길동, 김철수 기자", Byline("홍길동·김철수", "기자")),
        (
            "/배도윤 특파원 doyoon@dongbaek.example",
            Byline("배도윤", "특파원", "doyoon@dongbaek.example"),
        ),
        ("오민석 논설위원", Byline("오민석", "논설위원")),
        ("글·사진=홍길동 선임기자", Byline("홍길동", "선임기자")),
        ("김하늘 칼럼니스트", Byline("김하늘", "칼럼니스트")),
        ("[광주일보 홍길동 기자]", Byline("홍길동", "기자")),
        ("홍길동 기자(gildong@example.kr)", Byline("홍길동", "기자", "gildong@example.kr")),
        ("By Jane Doe and John Roe", Byline("Jane Doe·John Roe")),
        ("By Jane Doe, Staff Writer", Byline("Jane Doe", "Staff Writer")),
        ("Jane Doe, Reporter", Byline("Jane Doe", "Reporter")),
        ("By Min-ho Kang", Byline("Min-ho Kang")),
        ("By Nicholas Kristof | Updated May 3, 2019", Byline("Nicholas Kristof")),
        ("By Ana Lim, Bo Kim and Cy Oh", Byline("Ana Lim·Bo Kim·Cy Oh")),
    ],
)
def test_byline_forms(line: str, expected: Byline) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "광주시는 28일 이같이 밝혔다.",
        "정부는 기자회견을 열었다",
        "The mayor, who spoke on Friday",
        "Jane Doe",  # a bare name counts only inside an element marked as a byline
        "",
    ],
)
def test_ordinary_lines_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_bare_name_in_a_marked_byline_element() -> None:
    assert parse_byline("Jane Doe", lenient=True) == Byline("Jane Doe")


def test_wire_dateline() -> None:
    byline, rest = parse_dateline("(서울=연합뉴스) 홍길동 기자 = 정부가 28일 발표했다.")
    assert byline == Byline("홍길동", "기자")
    assert rest == "정부가 28일 발표했다."
    byline, rest = parse_dateline("【서울=뉴시스】김철수·이영희 기자 = 본문")
    assert byline == Byline("김철수·이영희", "기자") and rest == "본문"
    assert parse_dateline("(서울) 본문입니다") is None
    assert parse_dateline("정부(기재부)는 = 이라고") is None


def test_email_only_line() -> None:
    assert email_only("dohoon@nurinews.example") == "dohoon@nurinews.example"
    assert email_only("<a.b@c.kr>") == "a.b@c.kr"
    assert email_only("문의 a@b.kr") is None
