"""Every newsroom article page, fetched over real HTTP, extracts to exactly its catalogue record."""

from __future__ import annotations

import re

import pytest

from reader.core.extract import ExtractedArticle
from reader.core.extract.fetch import fetch_article
from reader.core.http import HttpClient
from reader.newsroom import Newsroom
from reader.newsroom.content import ARTICLES, OUTLETS, NewsArticle
from reader.newsroom.pages import MENU_EN, MENU_KO

BOILERPLATE = re.compile(
    r"기상청 제공|℃|많이 본 기사|포토뉴스|Most read|In pictures|Copyright|무단전재|재배포|"
    r"URL복사|페이스북|카카오톡|All rights reserved|등록번호|회사소개|입력 20|Published 20"
)
MENUS = set(MENU_KO) | set(MENU_EN) | {"메뉴", "Menu", "검색", "Search"}


async def _extract(newsroom: Newsroom, a: NewsArticle) -> ExtractedArticle:
    async with HttpClient() as client:
        return await fetch_article(client, newsroom.url(a.path))


@pytest.mark.parametrize("a", ARTICLES, ids=lambda a: f"{a.feed}/{a.slug}")
async def test_article_page_extracts_exactly(newsroom: Newsroom, a: NewsArticle) -> None:
    outlet = OUTLETS[a.feed]
    art = await _extract(newsroom, a)

    assert art.title == a.headline
    assert art.outlet == outlet.name
    assert art.deck == list(a.deck)
    assert art.byline is not None
    assert art.byline.name == a.byline.name
    assert art.byline.role == a.byline.role
    # "By Jane Doe, Staff Writer" pages print no address; every other style does.
    expected_email = None if outlet.byline_style == "by" else a.byline.email
    assert art.byline.email == expected_email
    assert art.published == a.published
    assert art.paragraphs == list(a.paragraphs)
    assert [(q.text, q.speaker) for q in art.quotes] == [(q.text, q.speaker) for q in a.quotes]


@pytest.mark.parametrize("a", ARTICLES, ids=lambda a: f"{a.feed}/{a.slug}")
async def test_no_boilerplate_in_body(newsroom: Newsroom, a: NewsArticle) -> None:
    art = await _extract(newsroom, a)
    others = {o.headline for o in ARTICLES if o.feed == a.feed and o.slug != a.slug}
    for p in art.paragraphs:
        assert not BOILERPLATE.search(p), p
        assert p not in MENUS and p not in others
        assert a.byline.name not in p or "기자" not in p  # the byline line is gone


async def test_euc_kr_outlet_page_is_decoded(newsroom: Newsroom) -> None:
    a = next(x for x in ARTICLES if OUTLETS[x.feed].encoding == "euc-kr")
    art = await _extract(newsroom, a)
    assert art.title == a.headline
    assert "\ufffd" not in art.text()


def test_every_byline_style_is_covered() -> None:
    # The exact test above really exercises each form: end-of-story, wire dateline, "By …".
    styles = {OUTLETS[a.feed].byline_style for a in ARTICLES}
    assert styles == {"end", "wire", "by"}
    assert any(a.dateline for a in ARTICLES)
    assert any("·" in a.byline.name for a in ARTICLES)
    assert any(q.speaker is None for a in ARTICLES for q in a.quotes)
