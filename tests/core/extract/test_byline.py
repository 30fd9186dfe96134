from __future__ import annotations

import pytest

from reader.core.extract.byline import (
    email_only,
    is_credit_line,
    korean_names,
    parse_byline,
    parse_dateline,
    parse_photo_credit,
    parse_signoff,
    split_glued,
    truncated,
)
from reader.core.extract.model import Byline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/박진표 기자 lucky@kwangju.co.kr", Byline("박진표", "기자", "lucky@kwangju.co.kr")),
        ("홍길동·김철수 기자", Byline("홍길동·김철수", "기자")),
        ("홍길동ㆍ김철수 기자", Byline("홍길동·김철수", "기자")),
        ("홍길동, 김철수 기자", Byline("홍길동·김철수", "기자")),
        ("홍길동 및 김철수 기자", Byline("홍길동·김철수", "기자")),
        ("배윤경·이상현·한수진·김혜진 기자", Byline("배윤경·이상현·한수진·김혜진", "기자")),
        ("박준석 기자 외 1명", Byline("박준석", "기자")),  # the named one only
        ("박준석·김태연 기자 외", Byline("박준석·김태연", "기자")),
        (
            "/배도윤 특파원 doyoon@dongbaek.example",
            Byline("배도윤", "특파원", "doyoon@dongbaek.example"),
        ),
        ("오민석 논설위원", Byline("오민석", "논설위원")),
        ("오민석 논설실장", Byline("오민석", "논설실장")),
        ("글·사진=홍길동 선임기자", Byline("홍길동", "선임기자")),
        ("/글·사진=홍길동 기자", Byline("홍길동", "기자")),
        ("김하늘 칼럼니스트", Byline("김하늘", "칼럼니스트")),
        ("칼럼니스트 박생강", Byline("박생강", "칼럼니스트")),  # a columnist's sign-off
        (
            "칼럼니스트 박생강 pillgoo9@mail.example",
            Byline("박생강", "칼럼니스트", "pillgoo9@mail.example"),
        ),
        ("홍길동 객원기자", Byline("홍길동", "객원기자")),
        ("홍길동 인턴기자", Byline("홍길동", "인턴기자")),
        ("이지은 인턴 기자", Byline("이지은", "인턴 기자")),
        ("홍길동 PD", Byline("홍길동", "PD")),
        ("홍길동 앵커", Byline("홍길동", "앵커")),
        ("홍길동 기상캐스터", Byline("홍길동", "기상캐스터")),
        ("홍길동 리포터", Byline("홍길동", "리포터")),
        ("홍길동 통신원", Byline("홍길동", "통신원")),
        ("남궁민수 기자", Byline("남궁민수", "기자")),
        ("[광주일보 홍길동 기자]", Byline("홍길동", "기자")),
        ("[홍길동 기자]", Byline("홍길동", "기자")),
        ("【홍길동 기자】", Byline("홍길동", "기자")),
        ("사회부 홍길동 기자", Byline("홍길동", "기자")),  # a desk is not a name
        ("KBS 홍길동 기자", Byline("홍길동", "기자")),
        ("홍길동 기자(gildong@example.kr)", Byline("홍길동", "기자", "gildong@example.kr")),
        ("홍길동 기자 abc@x.co.kr", Byline("홍길동", "기자", "abc@x.co.kr")),
        ("홍길동 기자 = hong@x.kr", Byline("홍길동", "기자", "hong@x.kr")),
        (
            "정치부 홍길동·김철수 기자 hong@a.kr",
            Byline("홍길동·김철수", "기자", "hong@a.kr"),
        ),
        ("By Jane Doe and John Roe", Byline("Jane Doe·John Roe")),
        ("By Jane Doe, Staff Writer", Byline("Jane Doe", "Staff Writer")),
        ("Jane Doe, Reporter", Byline("Jane Doe", "Reporter")),
        ("By Min-ho Kang", Byline("Min-ho Kang")),
        ("By Nicholas Kristof | Updated May 3, 2019", Byline("Nicholas Kristof")),
        ("By Ana Lim, Bo Kim and Cy Oh", Byline("Ana Lim·Bo Kim·Cy Oh")),
        ("By Alissa Wilkinson@alissamarie", Byline("Alissa Wilkinson")),  # a handle
    ],
)
def test_byline_forms(line: str, expected: Byline) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "광주시는 28일 이같이 밝혔다.",
        "정부는 기자회견을 열었다",
        "기자회견",
        "기자 간담회",  # 기자 before the name only for columnist-like roles
        "사진 기자",
        "[앵커]",
        "<기자>",
        "한국일보",
        "사진=연합뉴스",  # photo and video credits are not bylines
        "사진=홍길동 기자",
        "[사진 = 김혜진 기자]",
        "영상취재: 홍길동",
        "영상편집: 김철수",
        "그래픽=홍길동 기자",
        "출처: 연합뉴스",
        "The mayor, who spoke on Friday",
        "Jane Doe",  # a bare name counts only inside an element marked as a byline
        "",
    ],
)
def test_ordinary_lines_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_outlet_names_passed_in_are_never_names() -> None:
    assert parse_byline("나래 홍길동 기자") == Byline("나래·홍길동", "기자")
    assert parse_byline("나래 홍길동 기자", outlets=("나래",)) == Byline("홍길동", "기자")
    assert korean_names("한국일보") is None  # an outlet alone names nobody
    assert korean_names("배윤경,이상현,한수진,김혜진") == ["배윤경", "이상현", "한수진", "김혜진"]


def test_more_authors_than_named() -> None:
    assert truncated("박준석 기자 외 1명")
    assert truncated("박준석 기자 외")
    assert not truncated("박준석 기자")


def test_bare_name_in_a_marked_byline_element() -> None:
    assert parse_byline("Jane Doe", lenient=True) == Byline("Jane Doe")


@pytest.mark.parametrize(
    ("paragraph", "byline"),
    [
        ("(서울=연합뉴스) 홍길동 기자 = 정부가 28일 발표했다.", Byline("홍길동", "기자")),
        ("[서울=뉴시스]홍길동 기자 = 정부가 28일 발표했다.", Byline("홍길동", "기자")),
        (
            "【서울=뉴시스】김철수·이영희 기자 = 정부가 28일 발표했다.",
            Byline("김철수·이영희", "기자"),
        ),
        ("(서울=뉴스1) 홍길동 기자 = 정부가 28일 발표했다.", Byline("홍길동", "기자")),
        ("[서울=뉴스핌] 홍길동 기자 = 정부가 28일 발표했다.", Byline("홍길동", "기자")),
        ("(워싱턴=연합뉴스) 홍길동 특파원 = 정부가 28일 발표했다.", Byline("홍길동", "특파원")),
        ("[서울=뉴시스] 이지은 인턴 기자 = 정부가 28일 발표했다.", Byline("이지은", "인턴 기자")),
        (
            "(전국종합=연합뉴스) 임미나 김선호 성서호 기자 = 정부가 28일 발표했다.",
            Byline("임미나·김선호·성서호", "기자"),
        ),
        ("(서울=연합뉴스) 증권팀 = 정부가 28일 발표했다.", Byline("증권팀")),  # a desk
    ],
)
def test_wire_dateline(paragraph: str, byline: Byline) -> None:
    assert parse_dateline(paragraph) == (byline, "정부가 28일 발표했다.")


def test_not_a_wire_dateline() -> None:
    assert parse_dateline("(서울) 본문입니다") is None
    assert parse_dateline("정부(기재부)는 = 이라고") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KBS 뉴스 홍길동입니다.", (Byline("홍길동", "기자"), "")),
        ("MBC뉴스 홍길동입니다", (Byline("홍길동", "기자"), "")),
        ("SBS 홍길동입니다.", (Byline("홍길동", "기자"), "")),
        (
            "YTN 홍길동[gildong@ytn.example]입니다.",
            (Byline("홍길동", "기자", "gildong@ytn.example"), ""),
        ),
        ("채널A 뉴스 홍길동입니다.", (Byline("홍길동", "기자"), "")),
        ("연합뉴스TV 홍길동입니다.", (Byline("홍길동", "기자"), "")),
        ("국회에서 SBS 홍길동입니다.", (Byline("홍길동", "기자"), "")),
        (
            "결과는 다음 주에 나옵니다. JTBC 홍길동입니다.",
            (Byline("홍길동", "기자"), "결과는 다음 주에 나옵니다."),
        ),
    ],
)
def test_broadcast_signoff(text: str, expected: tuple[Byline, str]) -> None:
    assert parse_signoff(text) == expected


@pytest.mark.parametrize(
    "text", ["지금까지 전해드렸습니다.", "MBC뉴스 이상입니다.", "내일은 비가 옵니다."]
)
def test_not_a_signoff(text: str) -> None:
    assert parse_signoff(text) is None


def test_photo_credit_names_a_reporter_but_is_no_byline() -> None:
    assert parse_photo_credit("시민들이 모였다. [사진 = 김혜진 기자]") == Byline("김혜진", "기자")
    assert parse_photo_credit("사진=연합뉴스") is None


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("영상취재: 오세진 / 영상편집: 문소라", True),
        ("(그래픽=김하나)", True),
        ("사진=연합뉴스", True),
        ("영상편집 : 김철수", True),
        ("사진 속 인물은 기사와 관계없다.", False),
        ("홍길동 기자", False),
    ],
)
def test_credit_lines(line: str, credit: bool) -> None:
    assert is_credit_line(line) is credit


def test_email_only_line() -> None:
    assert email_only("dohoon@nurinews.example") == "dohoon@nurinews.example"
    assert email_only("<a.b@c.kr>") == "a.b@c.kr"
    assert email_only("문의 a@b.kr") is None


@pytest.mark.parametrize(
    ("paragraph", "name", "rest"),
    [
        ("[부산=스포츠조선 선수민 기자] 롯데가 이겼다.", "선수민", "롯데가 이겼다."),
        ("[이데일리 홍길동 김철수 기자] 정부가 발표했다.", "홍길동·김철수", "정부가 발표했다."),
        ("[마이데일리 = 홍길동 기자] 정부가 발표했다.", "홍길동", "정부가 발표했다."),
        ("[홍길동 기자] 정부가 발표했다.", "홍길동", "정부가 발표했다."),
    ],
)
def test_bracketed_dateline_byline_opening_the_story(paragraph: str, name: str, rest: str) -> None:
    dated = parse_dateline(paragraph)
    assert dated is not None
    byline, text = dated
    assert byline is not None and byline.name == name and text == rest


def test_not_bracketed_bylines() -> None:
    assert parse_dateline("[단독] 정부가 발표했다.") is None
    assert parse_dateline("[사진=홍길동 기자] 정부가 발표했다.") is None


def test_byline_glued_to_the_last_sentence() -> None:
    glued = split_glued("병살타로 처리했다.부산=선수민 기자 sunsoo@sports.example")
    assert glued == (Byline("선수민", "기자", "sunsoo@sports.example"), "병살타로 처리했다.")
    assert split_glued("그는 이렇게 말했다. 동료 기자") is None  # not a name
    assert split_glued("사진 기자들이 몰려들었다.") is None
    assert parse_byline("부산=선수민 기자 sunsoo@sports.example") == Byline(
        "선수민", "기자", "sunsoo@sports.example"
    )
    assert parse_byline("사진=홍길동 기자") is None  # a photo credit, not a place


def test_a_portal_is_never_a_name() -> None:
    assert korean_names("네이버") is None or korean_names("네이버") == []
    assert parse_byline("네이버", lenient=True) is None
