"""The byline in the info line under the headline (byline_header.py), and where it ranks among
the other sources (byline_find.py)."""

from __future__ import annotations

import pytest
from lxml import html

from reader.core.extract import Byline
from reader.core.extract.byline_find import find_byline
from reader.core.extract.byline_header import header_byline
from reader.core.extract.metadata import PageMeta

DATE = '<span class="num_date">2026. 5. 13. 12:52</span>'
STORY = "섬 마을 버스를 이달부터 주민 협동조합이 운행한다. 군은 차량과 기름값을 댄다고 밝혔다."


def _headline(info: str, *, after: str = "") -> html.HtmlElement:
    """The <h3> headline of a Daum-like header whose info line is ``info``."""
    tree = html.fromstring(
        "<html><body><div class='head_view'><h3 class='tit_view'>섬 마을 버스</h3>"
        f"{after}<div class='info_view'>{info}</div></div>"
        f"<div class='article_view'><p>{STORY}</p></div></body></html>"
    )
    headline = tree.find(".//h3")
    assert headline is not None
    return headline


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (f'<span class="txt_info">한지우</span> <span class="txt_info">{DATE}</span>', "한지우"),
        (f'<span class="txt_info">한지우 기자</span><span>입력 {DATE}</span>', "한지우"),
        (f"<span>한지우·남궁민 기자</span> {DATE}", "한지우·남궁민"),
        (f'<span class="writer"><a href="/r/1">한지우</a></span>{DATE}', "한지우"),
        ("한지우 기자 | 입력 2026.05.13 12:52", "한지우"),
    ],
)
def test_a_name_beside_the_date_is_the_byline(info: str, expected: str) -> None:
    found = header_byline(_headline(info))
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    "label",
    [
        "사회",
        "오피니언",
        "부동산",
        "연합뉴스",
        "한겨레",
        "동아",
        "서울",
        "사회부",
        "다음",
        "AI 요약",
    ],
)
def test_a_section_outlet_place_desk_portal_or_button_is_no_name(label: str) -> None:
    assert header_byline(_headline(f"<span>{label}</span> <span>{DATE}</span>")) is None


def test_the_page_outlet_is_no_name() -> None:
    headline = _headline(f"<span>한빛</span> <span>{DATE}</span>")
    assert header_byline(headline, ("한빛",)) is None
    assert header_byline(headline) == Byline("한빛")  # a name, for a page not called so


def test_only_a_line_with_a_date_and_before_the_story() -> None:
    assert header_byline(_headline("<span>한지우</span> <span>태그</span>")) is None
    story = f"<p>{STORY * 20}</p>"  # the story begins before the info line
    assert header_byline(_headline(f"<span>한지우</span> {DATE}", after=story)) is None
    assert header_byline(None) is None
    deck = f"<h4>{STORY * 7}</h4>"  # a long deck between the headline and the info line
    assert header_byline(_headline(f"<span>한지우</span> {DATE}", after=deck)) == Byline("한지우")


def test_it_never_outranks_the_body_or_a_marked_byline() -> None:
    headline = _headline(f"<span>한지우</span> {DATE}")
    blocks = [("p", STORY), ("p", "윤세라 기자 sera@example.kr")]
    assert find_byline(blocks, [], PageMeta(), None, (), headline)[0] == Byline(
        "윤세라", "기자", "sera@example.kr"
    )
    for marked in (["윤세라 기자"], ["윤세라"]):
        byline, _ = find_byline([("p", STORY)], marked, PageMeta(), None, (), headline)
        assert byline is not None and byline.name == "윤세라"


def test_it_comes_before_the_metadata() -> None:
    headline = _headline(f"<span>한지우</span> {DATE}")
    page = PageMeta(meta={"author": "갈매기신문 편집팀"}, authors=[("author", "관리자")])
    byline, _ = find_byline([("p", STORY)], [], page, None, ("갈매기신문",), headline)
    assert byline == Byline("한지우")
    byline, _ = find_byline([("p", STORY)], [], page, None, ("갈매기신문",))
    assert byline is not None and byline.name != "한지우"  # without the headline: unchanged
