"""Printed date lines: every common Korean and English form, and sentences that only hold a date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import html as lxml_html

from reader.core.extract.dateline import (
    find_in_tree,
    is_dateline,
    parse_dateline,
    published_of,
    split_leading,
)

KST = timezone(timedelta(hours=9))


def _kst(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=KST)


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("입력시간 : 2021. 10.28. 19:30", _kst(2021, 10, 28, 19, 30)),
        ("입력 2026.11.25 10:43 | 수정 2026.11.25 11:02", _kst(2026, 11, 25, 10, 43)),
        ("입력 2026.11.25 10:43 ㅣ 수정 2026.11.25 11:02", _kst(2026, 11, 25, 10, 43)),
        ("입력 2026.11.25 10:43 · 수정 2026.11.25 11:02", _kst(2026, 11, 25, 10, 43)),
        ("입력 2026.11.25 10:43 수정 2026.11.25 11:02", _kst(2026, 11, 25, 10, 43)),
        ("기사입력 2023.09.11. 오후 02:31", _kst(2023, 9, 11, 14, 31)),
        ("기사입력 2026/08/10 [21:14]", _kst(2026, 8, 10, 21, 14)),
        ("기사입력 :[ 2018-08-25 15:24 ]", _kst(2018, 8, 25, 15, 24)),
        ("입력 : 2026-08-12 17:19:44", _kst(2026, 8, 12, 17, 19, 44)),
        ("입력：2026-08-12 17:19", _kst(2026, 8, 12, 17, 19)),
        ("등록 2026.07.10 00:05:00 |수정 2026.07.10 00:06:28", _kst(2026, 7, 10, 0, 5)),
        ("등록 2026-11-25 오전 10:43:00 수정 2026-11-25 오후 12:05:00", _kst(2026, 11, 25, 10, 43)),
        ("승인 2026.11.25 10:50", _kst(2026, 11, 25, 10, 50)),
        ("발행일 2026. 11. 25.", _kst(2026, 11, 25)),
        ("게재 일자 2026년 11월 26일", _kst(2026, 11, 26)),
        ("작성 2026.11.25 10:43 수정 2026.11.25 10:50", _kst(2026, 11, 25, 10, 43)),
        ("2026년08월17일 06시04분 송고", _kst(2026, 8, 17, 6, 4)),
        ("송고시간 2026-11-25 10:43", _kst(2026, 11, 25, 10, 43)),
        ("2026/08/16 05:49 송고2026년08월16일 05시49분 송고", _kst(2026, 8, 16, 5, 49)),
        ("입력 2021.10.28 (19:30) 수정 2021.10.28 (20:01)", _kst(2021, 10, 28, 19, 30)),
        ("2026.11.25 10:43 입력 | 2026.11.25 11:00 수정", _kst(2026, 11, 25, 10, 43)),
        ("2026년 11월 25일 (수) 오후 10시 43분", _kst(2026, 11, 25, 22, 43)),
        ("2026.11.25(수) 10:43", _kst(2026, 11, 25, 10, 43)),
        ("입력 2026.11.25 10:43 댓글 0 조회수 1,204", _kst(2026, 11, 25, 10, 43)),
        ("2026.11.25", _kst(2026, 11, 25)),
        ("Published Nov. 25, 2026, 10:43 a.m. ET", datetime(2026, 11, 25, 15, 43, tzinfo=UTC)),
        ("Published 25 November 2026", _kst(2026, 11, 25)),
        ("Posted on November 25, 2026 at 5 p.m. GMT", datetime(2026, 11, 25, 17, tzinfo=UTC)),
        (
            "First published on Wed 25 Nov 2026 10.43 GMT",
            datetime(2026, 11, 25, 10, 43, tzinfo=UTC),
        ),
    ],
)
def test_date_lines_and_their_published_time(line: str, published: datetime) -> None:
    stamps = parse_dateline(line, KST)
    assert stamps is not None, line
    assert published_of(stamps) == published
    assert is_dateline(line)


@pytest.mark.parametrize(
    "line",
    [
        "최종수정 2026-11-25 11:00",
        "업데이트 2026.11.25. 11:00",
        "편집 2026.08.10 [23:13]",
        "Updated 10:43 AM EST, Wed November 25, 2026",
        "Last updated on November 25, 2026",
    ],
)
def test_update_only_lines_are_date_lines_without_a_publication_time(line: str) -> None:
    stamps = parse_dateline(line, KST)
    assert stamps is not None
    assert published_of(stamps) is None
    assert all(s.kind == "updated" for s in stamps)


def test_english_zones_and_korean_default() -> None:
    stamps = parse_dateline("Updated 10:43 AM EST, Wed November 25, 2026", KST)
    assert stamps is not None and stamps[0].when == datetime(2026, 11, 25, 15, 43, tzinfo=UTC)
    stamps = parse_dateline("입력 2026.11.25 10:43", KST)
    assert stamps is not None and stamps[0].when is not None
    assert stamps[0].when.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize(
    "line",
    [
        "정부는 시행령 개정안 수정 2026년 3월 12일 공포를 목표로 하고 있다.",
        "국무회의 승인 2026년 1월 5일 이후 예산이 집행된다.",
        "법인 등록 2026년 3월 이후 신청 기업은 감면 대상에서 제외된다.",
        "최저임금위원회는 2026년 8월 5일 시간당 1만700원 인상안을 의결했다.",
        "입력 2026.11.25 10:43 시험시가 버스 노선을 늘린다.",
        "10:43",
        "수정",
        "2026",
        "입력",
        "The council published its report on November 25, 2026.",
        "Published in 2026, the book sold well.",
        "",
    ],
)
def test_sentences_and_fragments_are_not_date_lines(line: str) -> None:
    assert parse_dateline(line, KST) is None


def test_leading_stamp_glued_to_the_story_is_split_off() -> None:
    stamp, rest = split_leading("입력 2026.08.15 18:22 20일 교육부 추진계획서 제출 시한 임박", KST)
    assert stamp is not None and stamp.when == _kst(2026, 8, 15, 18, 22)
    assert rest == "20일 교육부 추진계획서 제출 시한 임박"
    # Without a clock time the words may be the story's own ("수정 2026년 3월 12일 공포를 …").
    for text in ("입력 2026.08.15 정부는 발표했다.", "수정 2026년 3월 12일 공포를 목표로 한다."):
        assert split_leading(text, KST) == (None, text)


def test_printed_time_found_in_the_page_when_the_body_lacks_it() -> None:
    tree = lxml_html.fromstring(
        "<html><body><ul class='infomation'><li><i class='icon-user-o'></i> 기자명 김소라</li>"
        "<li><i class='icon-clock-o'></i> 입력 2026.11.25 10:43</li></ul>"
        "<div class='info'><em>입력</em> <span>2026.11.26 09:00</span></div>"
        "<script>var s = '입력 2020.01.01 00:00';</script><p>본문</p></body></html>"
    )
    assert find_in_tree(tree, KST) == _kst(2026, 11, 25, 10, 43)
    split = lxml_html.fromstring(
        "<html><body><div class='info'><em>입력</em> <span>2026.11.26 09:00</span></div></body>"
    )
    assert find_in_tree(split, KST) == _kst(2026, 11, 26, 9, 0)
    none = lxml_html.fromstring(
        "<html><body><script>x='입력 2020.01.01 00:00'</script></body></html>"
    )
    assert find_in_tree(none, KST) is None


def test_a_label_and_its_value_in_separate_elements() -> None:
    old_portal = lxml_html.fromstring(
        "<html><body><div class='sponsor'><!-- info -->기사입력 <span class='t11'>2019-01-08"
        " 14:09</span><a href='#'>기사원문</a> <a href='#'>스크랩</a> 본문듣기 설정</div>"
        "</body></html>"
    )
    assert find_in_tree(old_portal, KST) == _kst(2019, 1, 8, 14, 9)


def test_time_attributes_when_nothing_is_printed() -> None:
    deployed = lxml_html.fromstring(
        "<html><body><div class='info' data-deploy-dt='2026.10.09 10:00'"
        " data-re-deploy-dt='2026.10.09 11:20'></div></body></html>"
    )
    assert find_in_tree(deployed, KST) == _kst(2026, 10, 9, 10, 0)
    naver = lxml_html.fromstring(
        "<html><body><span data-modify-date-time='2026-02-03 10:40:00'></span>"
        "<span data-date-time='2026-02-03 09:12:00'></span></body></html>"
    )
    assert find_in_tree(naver, KST) == _kst(2026, 2, 3, 9, 12)
