"""Parsing within a budget (reader.core.extract.dom): pages past libxml2's limits keep their
story, and a tree over the budget is cut in document order while an ordinary page is untouched.
"""

from __future__ import annotations

import time

import pytest
from lxml.html import HtmlElement

from reader.core.extract import dom
from reader.core.extract.dom import MAX_DEPTH, fit, parse_tree, tame

# Hostile input: the test process stays under the memory budget (tests/memory.py).
pytestmark = pytest.mark.usefixtures("memory_budget")

STORY = "The council voted on Tuesday to extend the night bus service to every district."


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>"


def _count(tree: HtmlElement, xpath: str) -> int:
    return int(tree.xpath(f"count({xpath})"))


def test_tame_flattens_nesting_past_the_limit_and_keeps_the_text() -> None:
    html = "<div>" * 300 + f"<p>{STORY}</p>" + "</div>" * 300
    tamed = tame(html)
    assert tamed.count("<div>") == MAX_DEPTH and tamed.count("</div>") == MAX_DEPTH
    assert f"<p>{STORY}</p>" in tamed


def test_tame_counts_neither_comments_nor_script_text_nor_unclosed_paragraphs() -> None:
    markup = "<div>" * 300
    html = f"<script>var s = '{markup}';</script><!-- {markup} -->" + "<p>x" * 500 + "<div>y</div>"
    assert tame(html) == html


def test_tame_is_one_pass_over_unclosed_tags() -> None:
    html = "<a" * 2_000_000  # no ">": a regex per "<" would rescan to the end each time
    started = time.perf_counter()
    assert tame(html) == html
    assert time.perf_counter() - started < 5


def test_a_story_past_libxml2s_depth_limit_is_kept() -> None:
    tree = parse_tree(
        _page("<div>" * 1_000 + f"<p>{STORY}</p>" + "</div>" * 1_000 + "<p>after</p>")
    )
    assert tree is not None
    assert STORY in tree.text_content() and "after" in tree.text_content()


def test_a_story_after_a_token_over_libxml2s_limit_is_kept() -> None:
    giant = "가" * 3_500_000  # 10.5 MB as UTF-8: libxml2 stops at a token over 10 MB
    for body in (f'<div data-x="{giant}"></div>', f"<!-- {giant} -->", f"<p>{giant}</p>"):
        tree = parse_tree(_page(f"{body}<p>{STORY}</p>"))
        assert tree is not None and STORY in tree.text_content()


def test_an_ordinary_page_is_left_alone() -> None:
    tree = parse_tree(_page("<script>x()</script>" + f"<p>{STORY}</p>" * 300))
    assert tree is not None
    before = _count(tree, "//*")
    assert fit(tree) is False
    assert _count(tree, "//*") == before and _count(tree, "//script") == 1


def test_a_large_page_within_the_budget_is_not_cut_but_gets_the_fast_extraction() -> None:
    tree = parse_tree(_page(f"<p>{STORY}</p>" * (dom.FULL_CASCADE_NODES + 1)))
    assert tree is not None
    before = _count(tree, "//*")
    assert fit(tree) is True
    assert _count(tree, "//*") == before


def test_a_page_over_the_element_budget_is_cut_in_document_order() -> None:
    tree = parse_tree(_page(f"<p>{STORY}</p>" + "<div><span>x</span></div>" * 100_000))
    assert tree is not None
    assert fit(tree) is True
    assert dom.MAX_NODES - 10 <= _count(tree, "//body//*") <= dom.MAX_NODES
    assert tree.xpath("string(//p[1])") == STORY


def test_scripts_go_before_anything_is_cut() -> None:
    scripts = "<script>var x = 1;</script>" * (dom.MAX_NODES + 1)
    tree = parse_tree(_page(f"{scripts}<p>{STORY}</p>" + "<p>more</p>" * 100))
    assert tree is not None
    fit(tree)
    assert _count(tree, "//script") == 0 and _count(tree, "//p") == 101


def test_a_page_over_the_text_budget_is_cut_where_it_runs_out() -> None:
    tree = parse_tree(_page(f"<p>{STORY}</p><div>{'word ' * 400_000}</div><p>after</p>"))
    assert tree is not None
    fit(tree)
    assert tree.xpath("string-length(//body)") <= dom.MAX_TEXT
    assert tree.xpath("string(//p[1])") == STORY and "after" not in tree.text_content()


def test_a_page_over_the_paragraph_text_budget_is_cut_where_it_runs_out() -> None:
    tree = parse_tree(_page(f"<p>{STORY}</p>" + "<p>a <b>b</b> c <i>d</i> e</p>" * 5_000))
    assert tree is not None
    assert _count(tree, "//*") < dom.MAX_NODES  # only the paragraphs' text nodes are over
    fit(tree)
    assert _count(tree, "//text()[ancestor::p]") <= dom.MAX_PARAGRAPH_TEXTS
    assert tree.xpath("string(//p[1])") == STORY


@pytest.mark.parametrize(
    "body",
    [
        f"<p>{STORY}</p><div>{'word ' * 400_000}</div><p>after</p>",  # the text budget
        f"<p>{STORY}</p>" + "<p>a <b>b</b> c <i>d</i> e</p>" * 5_000,  # the paragraph texts'
    ],
    ids=["text", "paragraph texts"],
)
def test_the_budget_holds_when_the_htmls_length_is_known(body: str) -> None:
    html = _page(body)  # as the pipeline calls it: counts that cannot be over are skipped
    tree = parse_tree(html)
    assert tree is not None
    assert fit(tree, len(html)) is True
    assert tree.xpath("string-length(//body)") <= dom.MAX_TEXT
    assert _count(tree, "//text()[ancestor::p]") <= dom.MAX_PARAGRAPH_TEXTS
    assert tree.xpath("string(//p[1])") == STORY


def test_adjacent_text_is_one_node_whatever_the_parser_dropped_between() -> None:
    # fit() relies on it: n elements hold at most 2n+1 text nodes.
    between = "a<!-- note -->b<?pi x?>c&amp;d&#x41;e<![CDATA[f]]>g</b></i>h"
    tree = parse_tree(_page(f"<p>{between * 2_000}</p>"))
    assert tree is not None
    assert _count(tree, "//text()") <= 2 * _count(tree, "//*") + 1


def test_the_characters_searched_for_are_those_trafilaturas_pattern_removes() -> None:
    from trafilatura.utils import INVALID_XML_CHARS

    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert set(INVALID_XML_CHARS.findall(chars)) == set(dom.INVALID_XML)


@pytest.mark.parametrize(
    "html",
    [
        _page(f"<p>{STORY}</p>"),
        "<!DOCTYPE html>\n" + _page(f"<p>{STORY}</p>"),
        "<!DOCTYPE html/>" + _page(f"<p>{STORY}</p>"),  # no newline after the doctype
        "<! DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN' 'x/y'>\n" + _page("<p>a</p>"),
        "<html lang='ko'/>\n<head><title>T</title></head><body><p>a</p></body>",
        _page("<p>a\x00b\x08c\x0bd\x1fe\ufffff\uffffg\ttab\nline</p>"),
        "\x0c<!doctype html>\x01" + _page("<p>a</p>"),
    ],
)
def test_repair_is_trafilaturas(html: str) -> None:
    from trafilatura.utils import repair_faulty_html

    beginning = html[:50].lower()
    assert dom.repair(html, beginning) == repair_faulty_html(html, beginning)


def test_the_head_does_not_use_the_budget() -> None:
    tree = parse_tree(_page(f"<p>{STORY}</p>", head=f"<title>{'T' * 2_000_000}</title>"))
    assert tree is not None
    fit(tree)
    assert tree.xpath("string(//p[1])") == STORY


def test_a_page_of_much_html_gets_the_fast_extraction() -> None:
    html = _page(f'<div data-x="{"x" * dom.FULL_CASCADE_CHARS}"><p>{STORY}</p></div>')
    tree = parse_tree(html)
    assert tree is not None
    assert fit(tree, len(html)) is True
    assert fit(tree, len(_page(f"<p>{STORY}</p>"))) is False
