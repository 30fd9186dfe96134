"""The densest text block: the story when trafilatura finds none (or a part of it)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from lxml import etree, html

from reader.core.extract import extract_html, pipeline
from reader.core.extract.density import densest_blocks

SENTENCES = [
    "누리군 보건소가 겨울철 독감 예방접종을 오는 15일까지 연장한다.",
    "접종 대상은 만 65세 이상 어르신과 생후 6개월부터 13세까지 어린이다.",
    "보건소는 접종 뒤 30분 동안 이상 반응이 없는지 지켜본 뒤 귀가하라고 당부했다.",
]
LINKS = "".join(
    f'<li><a href="/n/{i}">다른 소식 {i}번 기사의 제목이 여기에</a></li>' for i in range(15)
)


def texts(page: str) -> list[str]:
    return [text for _, text in densest_blocks(html.fromstring(page))]


def test_paragraphs_are_found_beside_navigation_link_lists_and_footers() -> None:
    paras = "".join(f'<p class="editor-p">{s}</p>' for s in SENTENCES)
    page = (
        f"<html><body><nav><ul>{LINKS}</ul></nav><div class='col-main'>"
        f"<div class='ad-slot'><script>var a = '{'광고 ' * 50}';</script></div>"
        f"<div class='article-view'>{paras}<p><a href='/more'>관련 기사 더 보기</a></p></div>"
        f"<div class='most-read'><ul>{LINKS}</ul></div></div>"
        "<footer><p>누리일보 | 누리군 중앙로 1 | 무단 전재 및 재배포 금지 안내문</p></footer>"
        "</body></html>"
    )
    assert texts(page) == SENTENCES


def test_a_story_set_in_one_element_is_split_at_br() -> None:
    page = f"<html><body><ul>{LINKS}</ul><div class='view_con'>{'<br><br>'.join(SENTENCES)}"
    page += f"<br>누리=이다솜 기자</div><ul>{LINKS}</ul></body></html>"
    assert texts(page) == [*SENTENCES, "누리=이다솜 기자"]


def test_sibling_sections_of_one_story_are_joined() -> None:
    sections = "".join(f"<section><p>{s}</p><p>{s}</p></section>" for s in SENTENCES)
    page = (
        f"<html><body><aside><p>{'옆 상자 글 ' * 10}</p></aside><div>{sections}</div></body></html>"
    )
    assert texts(page) == [s for s in SENTENCES for _ in range(2)]


def test_a_wrapper_named_like_furniture_does_not_hide_the_story() -> None:
    paras = "".join(f"<p>{s}</p>" for s in SENTENCES)
    page = (
        f"<html><body class='has-sidebar'><div class='nav-drawer-panel'>{paras}</div></body></html>"
    )
    assert texts(page) == SENTENCES  # found by tags alone when the class words hid everything


def test_a_streamed_segment_counts_but_other_hidden_text_does_not() -> None:
    paras = "".join(f"<p>{s}</p>" for s in SENTENCES)
    hidden = "<div hidden><p>숨은 글 숨은 글 숨은 글 숨은 글 숨은 글 숨은 글 숨은 글</p></div>"
    page = f"<html><body>{hidden}<div hidden id='S:0'><div>{paras}</div></div></body></html>"
    assert texts(page) == SENTENCES


def test_a_page_without_text_gives_nothing() -> None:
    assert texts("<html><body><nav><a href='/'>홈</a></nav><div></div></body></html>") == []
    assert texts("<html><body></body></html>") == []


def test_trafilatura_finding_nothing_falls_back_to_the_densest_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    traf = pipeline._trafilatura()
    monkeypatch.setattr(traf, "bare_extraction", lambda *a, **k: None)
    paras = "".join(f"<p>{s}</p>" for s in SENTENCES)
    page = (
        "<html><head><title>누리군, 독감 예방접종 연장</title></head><body>"
        f"<nav><ul>{LINKS}</ul></nav><div class='story'>{paras}</div></body></html>"
    )
    assert extract_html(page).paragraphs == SENTENCES


def test_a_part_found_by_trafilatura_gives_way_to_the_whole_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # trafilatura kept one paragraph (as it does beside share buttons on some pages)
    part = etree.fromstring(f"<body><p>{SENTENCES[1]}</p></body>")
    doc = SimpleNamespace(body=part, title=None, author=None, date=None, description=None)
    monkeypatch.setattr(pipeline._trafilatura(), "bare_extraction", lambda *a, **k: doc)
    paras = "".join(f"<p>{s}</p>" for s in SENTENCES * 2)
    page = f"<html><head><title>누리군</title></head><body><div>{paras}</div></body></html>"
    assert extract_html(page).paragraphs == SENTENCES * 2


def test_a_page_with_only_a_title_has_no_article() -> None:
    with pytest.raises(pipeline.ExtractError, match="no article text found"):
        extract_html("<html><head><title>누리군 소식</title></head><body></body></html>")
