"""Headline and outlet (reader/core/extract/titles.py)."""

from __future__ import annotations

import pytest
from lxml import html

from reader.core.extract.metadata import read_meta
from reader.core.extract.outlets import host_outlet
from reader.core.extract.titles import find_headline, split_outlet, split_title


@pytest.mark.parametrize(
    ("title", "sites", "headline", "outlet"),
    [
        ("보험료 부담 커졌다-정치ㅣ한국일보", [], "보험료 부담 커졌다", "한국일보"),
        ("보험료 부담 커졌다 - 경제 | 한국일보", [], "보험료 부담 커졌다", "한국일보"),
        ("한국 경제 3% 성장 전망 | 연합뉴스", [], "한국 경제 3% 성장 전망", "연합뉴스"),
        ("코스피 2800선 회복 - 머니투데이", [], "코스피 2800선 회복", "머니투데이"),
        ("코스피 2800선 회복 - 머니투데이 - 머니투데이", [], "코스피 2800선 회복", "머니투데이"),
        ("광주, AI 중심도시 꿈 :: 광주일보 ::", [], "광주, AI 중심도시 꿈", "광주일보"),
        ("심야버스 달린다 < 정치 < 기사본문 - 전남일보", [], "심야버스 달린다", "전남일보"),
        (
            "휴머노이드 개발 착수 < AI < 미래공감 < 기사본문 - 공감신문",
            [],
            "휴머노이드 개발 착수",
            "공감신문",
        ),
        ("[사회]어제 93명 추가 | YTN", [], "어제 93명 추가", "YTN"),
        ("수출 감소폭 최대 : 네이버 뉴스", [], "수출 감소폭 최대", "네이버 뉴스"),
        ("유류세 인하 연장 ｜ 한국경제", [], "유류세 인하 연장", "한국경제"),
        ("연합뉴스 | 유류세 인하 연장", ["연합뉴스"], "유류세 인하 연장", "연합뉴스"),
        (
            "Harbor reopens - The Test Gazette",
            ["The Test Gazette"],
            "Harbor reopens",
            "The Test Gazette",
        ),
        ("Harbor reopens | Test Gazette", ["test-gazette"], "Harbor reopens", "Test Gazette"),
        (
            "Friday Facts #282 - 0.17 in sight | Factorio",
            ["Factorio.com"],
            "Friday Facts #282 - 0.17 in sight",
            "Factorio",
        ),
        ("Weekly Edition for March 26 [LWN.net]", [], "Weekly Edition for March 26", "LWN.net"),
        ("Lorem ipsum dolor sit amet – My website", [], "Lorem ipsum dolor sit amet", "My website"),
        (
            "Opinion | The city needs night buses",
            ["The Test Times"],
            "The city needs night buses",
            None,
        ),
        ("宇航员喝酒会怎么样 _探索者 _光明网", [], "宇航员喝酒会怎么样 _探索者", "光明网"),
    ],
)
def test_site_and_section_pieces_are_cut(
    title: str, sites: list[str], headline: str, outlet: str | None
) -> None:
    assert split_title(title, sites) == (headline, outlet)


@pytest.mark.parametrize(
    "title",
    [
        '尹 "계엄은 통치행위" - 野 반발',
        "Review: A quiet film about loud people",
        "Ukraine war: Kyiv says the bridge is open again",
        "Minecraft 1.8 - The Bountiful Update",
        "Friday Facts #282 - 0.17 in sight",
        "COVID-19 cases rise in the harbor district",
        "[단독] 시험시, 심야버스 예산 두 배로",
        "[속보] 시험시장 사퇴",
        "[사설] 심야버스, 늦었지만 옳다",
        "시험시 버스 노선 개편 (종합)",
        "시험시 버스 노선 개편 (2보)",
        "게임업계 뛰어든 e-스포츠",
        "Apple News - what changes in the new app",
        "On Recent Events - Jane Doe",
    ],
)
def test_real_headlines_are_not_cut(title: str) -> None:
    assert split_title(title, ["The Test Times", "시험일보"]) == (title, None)


def test_only_the_sites_own_name_is_cut_from_the_head_after_a_dash() -> None:
    assert split_title("KBS 뉴스 - 시험시 버스 개편", []) == ("KBS 뉴스 - 시험시 버스 개편", None)
    assert split_title("KBS 뉴스 - 시험시 버스 개편", ["KBS 뉴스"]) == (
        "시험시 버스 개편",
        "KBS 뉴스",
    )


def _headline(doc: str, url: str | None = None) -> tuple[str | None, str | None]:
    tree = html.fromstring(doc)
    found = find_headline(tree, read_meta(tree), url)
    return found.text, found.outlet


def test_the_h1_the_title_agrees_with_wins_and_the_suffix_is_the_outlet() -> None:
    doc = """<html><head><title>Ferry fares fall ㅣ 시험일보</title></head><body>
    <h1 class="logo">시험일보</h1><h1>Ferry fares fall</h1></body></html>"""
    assert _headline(doc) == ("Ferry fares fall", "시험일보")


def test_a_leading_h1_piece_beats_a_later_one() -> None:
    doc = """<html><head><title>Shared History — evolve extension for Mercurial</title></head>
    <body><h1>evolve extension for Mercurial</h1><h1>Shared History<a>¶</a></h1></body></html>"""
    assert _headline(doc)[0] == "Shared History"


def test_an_empty_first_title_and_an_svg_title_are_skipped() -> None:
    doc = """<html><head><title></title><title>Night buses - Test Gazette</title></head><body>
    <svg><title>icon</title></svg><h1 class="ArticleHeader">Night buses</h1>
    <h1 class="footer-banner">See fewer ads</h1></body></html>"""
    assert _headline(doc)[0] == "Night buses"


def test_dublin_core_title_and_space_separated_properties() -> None:
    doc = """<html><head><title>Title element</title>
    <meta property="x:title dc:title" content="Preferred title">
    <meta property="og:title twitter:title" content="A title"></head>
    <body><h1>Unrelated heading</h1></body></html>"""
    assert _headline(doc)[0] == "Preferred title"


def test_an_application_name_equal_to_the_headline_is_no_site_name() -> None:
    doc = """<html><head><title>Night buses</title>
    <meta name="application-name" content="Night buses"><meta property="og:site_name" content="MSN">
    </head><body><h1>msn back to msn home</h1><h1>Night buses</h1></body></html>"""
    assert _headline(doc) == ("Night buses", "MSN")


def test_a_site_slogan_is_cut_to_the_name() -> None:
    doc = """<html><head><title>Night buses</title>
    <meta property="og:site_name" content="Test News - Latest News &amp; Headlines"></head>
    <body><h1>Night buses</h1></body></html>"""
    assert _headline(doc) == ("Night buses", "Test News")


def test_known_hosts_name_their_outlet() -> None:
    doc = "<html><head><title>보험료 부담 커졌다</title></head><body><h1>보험료 부담 커졌다</h1>"
    assert _headline(doc, "https://www.hankookilbo.com/News/Read/A1") == (
        "보험료 부담 커졌다",
        "한국일보",
    )
    assert host_outlet("https://m.news.kbs.co.kr/x") == "KBS"
    assert host_outlet("https://notkbs.co.kr.example/x") is None
    assert host_outlet("not a url") is None


def test_a_portal_page_names_the_press_that_wrote_it() -> None:
    doc = """<html><head><title>수출 감소폭 최대 : 네이버 뉴스</title>
    <meta property="og:site_name" content="네이버 뉴스">
    <meta property="og:article:author" content="시험통신 | 네이버"></head>
    <body><h1>수출 감소폭 최대</h1></body></html>"""
    assert _headline(doc, "https://n.news.naver.com/article/001/1") == (
        "수출 감소폭 최대",
        "시험통신",
    )


def test_outlet_prefix_in_the_headline() -> None:
    assert split_outlet("(광주일보) 광주, AI 중심도시", None) == ("광주일보", "광주, AI 중심도시")
    assert split_outlet("[단독] 광주, AI 중심도시", "광주일보") == (
        "광주일보",
        "[단독] 광주, AI 중심도시",
    )
    assert split_outlet("(종합) 광주, AI 중심도시", None) == (None, "(종합) 광주, AI 중심도시")


def test_breadcrumb_title_outlet_and_multi_line_korean_deck(page) -> None:
    art = page("ko_breadcrumb_title.html")
    assert art.title == "시험시 심야버스 세 노선 새로 달린다"
    assert art.outlet == "남녘일보"
    assert art.deck == [
        "자정부터 새벽 네 시까지 20분 간격",
        "역·병원·산단 잇는 노선 우선",
        "요금은 낮 버스와 같게",
    ]  # not the subscription bar's "sub-title", not a related story's subtitle


def test_a_title_that_is_only_the_site_name_gives_way_to_the_h1() -> None:
    doc = """<html><head><title>연합뉴스</title><meta property="og:site_name" content="연합뉴스">
    </head><body><h1>유류세 인하 연장</h1></body></html>"""
    assert _headline(doc) == ("유류세 인하 연장", "연합뉴스")


def test_a_headline_shown_in_another_heading_keeps_its_tag() -> None:
    doc = """<html><head><title>[날씨] 내일 영하권 추위 | YTN</title>
    <meta property="og:title" content="[날씨] 내일 영하권 추위">
    <meta property="og:site_name" content="YTN"></head><body>
    <h2 class="news_title"><span>[날씨] 내일 영하권 추위</span></h2>
    <h3 class="sub">서해안 많은 눈</h3><p>본문입니다.</p></body></html>"""
    assert _headline(doc) == ("[날씨] 내일 영하권 추위", "YTN")


def test_the_sites_own_name_over_the_same_name_with_more_words() -> None:
    doc = """<html><head><title>방파제 보강 | 누리방송 뉴스</title>
    <meta property="og:site_name" content="누리방송"></head>
    <body><h1>방파제 보강</h1></body></html>"""
    assert _headline(doc) == ("방파제 보강", "누리방송")
