"""The story read from a page's data when its DOM has none (or a teaser): Fusion, Next.js,
JSON-LD, React Query/RSC pushes — and the bounds that keep hostile scripts cheap."""

from __future__ import annotations

import json

import pytest
from lxml import html

from reader.core.extract import embedded, extract_html
from reader.core.extract.embedded import MAX_PARAGRAPHS, find_story, story_scripts


def story_of(page: str, headline: str | None = None) -> embedded.EmbeddedStory | None:
    return find_story(story_scripts(html.fromstring(page)), headline)


def test_a_fusion_page_with_an_empty_dom_is_read_from_global_content(page) -> None:
    art = page("ko_fusion.html")
    assert art.title == "물빛시, 폐철도 부지에 12㎞ 숲길 잇는다"
    assert art.deck == ["2028년까지 도심 순환 녹지축 완성"]
    assert art.byline is not None and art.byline.name == "한솔빛·도윤재"
    assert art.published is not None and art.published.isoformat() == "2026-11-20T01:30:00+00:00"
    assert art.paragraphs[0].startswith("물빛시가 도심을 가로지르던 폐철도 부지를")  # <b> gone
    assert "주민 설명회 세 차례 연다" in art.paragraphs  # a header element
    assert "설명회 일정은 시청 누리집에서 확인할 수 있다." in art.paragraphs  # after a <br/>
    assert "1구간: 역전동~강변동 3㎞" in art.paragraphs  # list items
    assert "끊겼던 도시를 다시 잇는 길이 될 것입니다." in art.paragraphs  # a quote
    assert art.paragraphs[-1].startswith("한편 시는 숲길 곳곳에")
    text = "\n".join(art.paragraphs)
    for absent in (
        "사진 물빛시",
        "관련 기사",
        "loadAd",
        "다른 기사",
    ):  # captions, links, ads, related
        assert absent not in text


def test_a_next_js_page_is_read_from_next_data_not_its_related_articles(page) -> None:
    art = page("ko_next_data.html")
    assert art.title == "솔내군, 농촌 어르신 찾아가는 이동 목욕차 운행"
    assert art.deck == ["화·목 읍면 열 곳 순회"]
    assert art.published is not None and art.published.isoformat() == "2026-12-02T09:10:00+09:00"
    assert len(art.paragraphs) == 4
    assert art.paragraphs[0].startswith("솔내군이 올겨울 처음으로")
    assert art.paragraphs[3] == "이용을 원하는 어르신은 마을 이장이나 읍·면 사무소에 신청하면 된다."
    assert not any("이동 목욕차 내부" in p or "다른 기사" in p for p in art.paragraphs)


def test_json_ld_article_body_in_a_graph_keeps_its_paragraphs(page) -> None:
    art = page("ko_json_ld_only.html")
    assert art.paragraphs == [
        "가람시 시립도서관이 다음 달부터 밤 10시까지 문을 연다.",
        "시는 직장인과 학생의 이용 요구가 많아 평일 운영 시간을 세 시간 늘린다고 밝혔다.",
        "연장 시간에는 열람실과 자료실만 운영하며 주말 운영 시간은 그대로다.",
    ]
    assert art.byline is not None and art.byline.name == "서다온"


def test_a_hankook_like_app_shell_is_read_from_its_react_query_and_rsc_data(page) -> None:
    # The DOM is a spinner; the story's HTML is an RSC text row ("$2a") that a React Query
    # push names as "contentHtml".
    art = page("ko_hankook_like.html")
    assert art.title == "한빛도의회, 내년 예산안 시한 내 처리"
    assert art.deck == ["청년 주거 예산 80억 증액", "행사성 예산은 감액"]
    assert art.paragraphs == [
        "한빛도의회가 내년도 예산안을 법정 시한 안에 처리했다. "
        "도의회는 10일 본회의를 열고 12조 원 규모의 예산안을 의결했다.",
        "청년 주거 예산 늘어",
        "심사 과정에서 청년 주거 지원 예산은 80억 원 늘었고, 행사성 예산은 줄었다.",
        '도의회 예산결산특별위원장은 "도민 생활과 맞닿은 사업을 먼저 살폈다"고 말했다.',
    ]  # no caption, no "이미지 확대보기" button, no "$$ARTICLEAD$$" placeholder


def test_a_teaser_in_the_dom_gives_way_to_the_whole_story_in_the_data(page) -> None:
    art = page("ko_teaser_json.html")
    assert len(art.paragraphs) == 20
    assert art.paragraphs[0].startswith("1번째 문단:") and art.paragraphs[-1].startswith("20번째")


def test_a_full_dom_body_is_kept_over_shorter_data() -> None:
    story = "<p>" + "The council extended night buses to every district this winter. " * 50 + "</p>"
    data = {"props": {"pageProps": {"article": {"body": "A short summary of the story."}}}}
    page = (
        "<html><head><title>Night buses</title></head><body><article><h1>Night buses</h1>"
        f"{story}</article><script id='__NEXT_DATA__' type='application/json'>"
        f"{json.dumps(data)}</script></body></html>"
    )
    art = extract_html(page)
    assert len(art.paragraphs) == 1 and art.paragraphs[0].startswith("The council extended")


def test_state_assignments_and_json_parse_strings_are_read() -> None:
    body = "<p>First line of the story, long enough to count as text.</p>" * 5
    state = json.dumps({"article": {"title": "Buses", "bodyHtml": body}})
    for script in (
        f"window.__PRELOADED_STATE__ = {state};",
        f"window.__INITIAL_STATE__=JSON.parse({json.dumps(state)});",
        f"window.__NUXT__={state}",
    ):
        found = story_of(f"<html><body><script>{script}</script></body></html>", "Buses")
        assert found is not None, script
        assert found.paragraphs == ["First line of the story, long enough to count as text."] * 5
        assert found.trusted  # beside the page's headline


def test_javascript_that_is_not_json_is_never_evaluated() -> None:
    script = "window.__NUXT__=(function(a,b){return {body:a}})('" + "x " * 200 + "',1);"
    assert story_of(f"<html><body><script>{script}</script></body></html>") is None


# --- bounds (hostile input: the test process stays under the memory budget, tests/memory.py) --

hostile = pytest.mark.usefixtures("memory_budget")


@hostile
def test_a_ten_megabyte_script_is_not_decoded() -> None:
    text = "가나다 " * 2_400_000
    script = f'<script>window.__INITIAL_STATE__={{"body":"{text}"}};</script>'
    assert len(script) > embedded.MAX_DECODE_CHARS
    page = f"<html><body><article><p>The page's own text stays.</p></article>{script}</body></html>"
    assert story_of(page) is None
    assert extract_html(page).paragraphs == ["The page's own text stays."]


@hostile
def test_json_nested_past_the_decoder_limit_costs_only_that_value() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    good = json.dumps({"headlines": {"basic": "Buses"}, "content_elements": [
        {"type": "text", "content": "The council extended night buses to every district."},
        {"type": "text", "content": "The new routes start on Monday, the council said."},
    ]})  # fmt: skip
    page = (
        f"<html><body><script>window.__INITIAL_STATE__={deep};</script>"
        f"<script>Fusion.globalContent={good};Fusion.x=1;</script></body></html>"
    )
    found = story_of(page)
    assert found is not None and found.source == "fusion"
    assert found.paragraphs[0] == "The council extended night buses to every district."


@hostile
def test_a_million_tiny_paragraphs_are_read_up_to_the_limits() -> None:
    tiny = ",".join(['"가"'] * 1_000_000)
    page = (
        '<html><body><script id="__NEXT_DATA__" type="application/json">'
        f'{{"props":{{"story":{{"paragraphs":[{tiny}]}}}}}}</script></body></html>'
    )
    found = story_of(page)
    assert found is not None and len(found.paragraphs) == min(embedded.MAX_ITEMS, MAX_PARAGRAPHS)
    art = extract_html(page)
    assert 0 < len(art.paragraphs) <= MAX_PARAGRAPHS


@hostile
def test_objects_past_the_value_budget_are_not_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [{"type": "text", "content": f"Paragraph {i} of a long story here."} for i in range(5)]
    data = {"props": {"article": {"body": items}, "filler": [{"x": i} for i in range(5_000)]}}
    page = f'<html><body><script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}'
    page += "</script></body></html>"
    assert story_of(page) is not None
    monkeypatch.setattr(embedded, "MAX_VALUES", 1_000)
    assert story_of(page) is None  # depth first: the filler (the last key) went first


@hostile
def test_the_decoder_budget_is_shared_by_all_scripts(monkeypatch: pytest.MonkeyPatch) -> None:
    story = json.dumps({"content_elements": [
        {"type": "text", "content": "The council extended night buses to every district."},
        {"type": "text", "content": "The new routes start on Monday, the council said."},
    ]})  # fmt: skip
    filler = json.dumps({"x": "y" * 900})
    page = (
        f"<html><body><script>window.__INITIAL_STATE__={filler};</script>"
        f"<script>Fusion.globalContent={story};</script></body></html>"
    )
    assert story_of(page) is not None
    monkeypatch.setattr(embedded, "MAX_DECODE_CHARS", 1_000)
    assert story_of(page) is None  # the first script spent it
