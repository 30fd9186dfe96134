"""The deck: marked standfirsts, the heading after the headline, never prompts or credits."""

from __future__ import annotations

from lxml import html

from reader.core.extract.deck import find_deck
from reader.core.extract.metadata import read_meta, scan_marked
from reader.core.extract.titles import find_headline


def test_paywall_prompts_kickers_and_player_captions_are_no_deck(page) -> None:
    art = page("en_paywall_deck.html")
    assert art.title == "Ferry fares fall for the winter season"
    assert art.outlet == "The Test Times"
    assert art.deck == [
        "The harbor authority cut fares by a third to keep the night crossings running."
    ]


def _deck(doc: str) -> list[str]:
    tree = html.fromstring(doc)
    page = read_meta(tree)
    found = find_headline(tree, page)
    return find_deck(scan_marked(tree), found.h1, page, found.text)


def test_a_page_with_only_prompts_has_no_deck() -> None:
    doc = """<html><head><title>Night buses</title></head><body>
    <a href="/s"><div id="bar1-subhead">Get The Times.<br>As low as $1.88 a week</div></a>
    <h1>Night buses</h1><p class="subtitle">Already a subscriber? Log in</p>
    <p class="subhead">Sign up for our newsletter</p><p>Body text of the story.</p></body></html>"""
    assert _deck(doc) == []


def test_korean_sub_heading_after_the_date_line() -> None:
    doc = """<html><head><title>심야버스 달린다</title></head><body><h1>심야버스 달린다</h1>
    <div class="date">입력 2026.11.25 10:43</div><h3 class="sub">세 노선 새로<br>20분 간격</h3>
    <p>본문입니다.</p></body></html>"""
    assert _deck(doc) == ["세 노선 새로", "20분 간격"]


def test_standfirst_byline_and_credit_lines_are_dropped() -> None:
    doc = """<html><head><title>Whales</title></head><body><h1>Whales</h1>
    <div class="content__standfirst"><p>Whale watchers worry about the strandings</p>
    <p>by Jane Doe (reporting)</p><p>Main image: a whale. Photograph: John Roe</p></div>
    <p>Body.</p></body></html>"""
    assert _deck(doc) == ["Whale watchers worry about the strandings"]


def test_a_far_deck_counts_only_when_it_says_what_the_description_says() -> None:
    far = """<html><head><title>Night buses</title>{meta}</head><body>
    <div class="hero-content"><h1>Night buses</h1></div><div><p>{body}</p></div>
    <div class="story"><p class="standfirst">Three new routes run from midnight</p></div>"""
    body = "Body text of the story. " * 20
    assert _deck(far.format(meta="", body=body)) == []
    meta = '<meta property="og:description" content="Three new routes run from midnight to four.">'
    assert _deck(far.format(meta=meta, body=body)) == ["Three new routes run from midnight"]


def test_json_ld_alternative_headline_is_the_last_resort() -> None:
    doc = """<html><head><title>Night buses</title><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Night buses", "alternativeHeadline": "Three routes"}
    </script></head><body><h1>Night buses</h1><p>Body.</p></body></html>"""
    assert _deck(doc) == ["Three routes"]


def test_a_deck_set_at_the_top_of_the_story_far_from_the_headline() -> None:
    story = "<p>" + "본문 문장이 이어진다. " * 30 + "</p>"
    doc = f"""<html><head><title>조선소 일감</title></head><body><header><div class="top">
    <h1>조선소 일감</h1></div></header><div class="wrap"><div class="sec_body">
    <div class="news_cnt_detail_wrap"><div class="mid_title"><div class="midtitle_text">
    친환경 선박 발주 늘어<br>인력난은 과제<br>정부 지원 요청<br>수출 늘어<br>납기 빠듯<br>
    숙련공 부족</div></div>{story}</div></div></div></body></html>"""
    assert _deck(doc) == [
        "친환경 선박 발주 늘어", "인력난은 과제", "정부 지원 요청", "수출 늘어", "납기 빠듯",
        "숙련공 부족",
    ]  # fmt: skip


def test_the_heading_after_a_shown_headline_is_the_deck() -> None:
    doc = """<html><head><title>[날씨] 내일 영하권 추위 | YTN</title>
    <meta property="og:title" content="[날씨] 내일 영하권 추위">
    <meta property="og:site_name" content="YTN"></head><body>
    <h2 class="news_title"><span>[날씨] 내일 영하권 추위</span></h2>
    <h3 class="sub">서해안 많은 눈</h3><p>본문입니다.</p></body></html>"""
    assert _deck(doc) == ["서해안 많은 눈"]  # the heading after the shown headline
