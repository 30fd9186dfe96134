"""The limits that keep extraction bounded on hostile pages, each shown to hold: how the story's
parts are matched in the DOM, and the caps on quotes, paragraphs, links, JSON-LD and headlines.
(The time each saves is shown in tests/robustness/test_extraction_budget.py.)
"""

from __future__ import annotations

import json
import time

import pytest
from lxml import etree, html

from reader.core.extract import body, extract_html, pipeline
from reader.core.extract.body import StoryText, blocks_from_body, body_links
from reader.core.extract.metadata import MAX_LD_ITEMS, read_meta
from reader.core.extract.quotes import MAX_SPANS, find_quotes
from reader.core.extract.titles import MAX_H1S, find_headline

# Hostile input: the test process stays under the memory budget (tests/memory.py).
pytestmark = pytest.mark.usefixtures("memory_budget")

STORY = [
    "The council voted on Tuesday to extend the night bus service to every district.",
    "• More buses on the green line",
    "Route | Buses | Hours",
]


def test_story_text_knows_paragraph_starts_items_and_cells_without_searching(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(body, "SEARCH_BUDGET", 0)
    story = StoryText(STORY)
    assert "The council voted on Tuesday to extend t" in story  # a paragraph's first 40
    assert "More buses on the green line" in story  # a list item without its bullet
    assert "Buses" in story  # a table cell
    assert "extend the night bus service" not in story  # inside a paragraph: needs a search


def test_story_text_searches_inside_paragraphs_while_its_budget_lasts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(body, "SEARCH_BUDGET", 2 * len("\n".join(STORY)))
    story = StoryText(STORY)
    assert "extend the night bus service" in story
    assert "no such words" not in story  # a miss costs the whole story
    assert "no such words either" not in story
    assert "every district" not in story  # spent
    assert "The council voted" in story  # starts are still found


def test_a_link_far_below_its_block_is_not_looked_up() -> None:
    paragraph = "Read the council's plan for the night buses before the vote."

    def links_at(depth: int) -> list[str]:
        inner = "<span>" * depth + '<a href="/plan">council\'s plan</a>' + "</span>" * depth
        tree = html.fromstring(
            f"<div><p>Read the {inner} for the night buses before the vote.</p></div>"
        )
        return [link.text for link in body_links(tree, [paragraph], "https://news.example/")]

    assert links_at(10) == ["council's plan"]
    assert links_at(body.BLOCK_REACH + 5) == []  # a walk per link up a deep chain was O(n·d)


def test_a_paragraph_of_quotes_is_read_up_to_the_span_limit() -> None:
    paragraph = " ".join(f'"Quote number {i} here," said Kim.' for i in range(MAX_SPANS + 50))
    found = find_quotes(paragraph)
    assert len(found) == MAX_SPANS
    assert found[0].text == "Quote number 0 here" and found[0].speaker == "Kim"


def test_a_capitalised_run_before_a_quote_is_not_rescanned_from_every_letter() -> None:
    paragraph = " ".join(f'{"A" * 190} "Quote {i} here"' for i in range(MAX_SPANS))
    started = time.perf_counter()
    find_quotes(paragraph)
    assert time.perf_counter() - started < 0.5  # ~0.02 s; retried from every letter: ~1.2 s
    assert find_quotes('They met. Kim Lee said "We add buses tonight."')[0].speaker == "Kim Lee"


def test_an_article_keeps_at_most_so_many_paragraphs_characters_and_quotes() -> None:
    said = "".join(f'<p>"We add bus number {i} tonight," said Kim.</p>' for i in range(3_000))
    art = extract_html(
        f"<html><head><title>Buses</title></head><body><article>{said}</article></body></html>"
    )
    assert len(art.paragraphs) == pipeline.MAX_PARAGRAPHS
    assert len(art.quotes) == pipeline.MAX_QUOTES
    long = "<p>" + "word " * 200_000 + "</p>"
    art = extract_html(f"<html><head><title>Words</title></head><body>{long * 3}</body></html>")
    assert sum(map(len, art.paragraphs)) == pipeline.MAX_BODY_CHARS


def test_html_past_the_size_limit_is_not_read() -> None:
    # A script (dropped before any budget counts) fills the first ten million characters.
    head = "<html><head><title>Buses</title></head><body><p>The first paragraph is read.</p>"
    script = "<script>" + "x" * (pipeline.MAX_HTML_CHARS - len(head)) + "</script>"
    art = extract_html(f"{head}{script}<p>The story after ten million characters.</p></body>")
    assert art.paragraphs == ["The first paragraph is read."]


def test_json_ld_is_read_up_to_its_item_limit() -> None:
    def page(n: int) -> str:
        items = [{"@type": "Thing"}] * n + [{"@type": "NewsArticle", "headline": "Buses"}]
        script = f'<script type="application/ld+json">{json.dumps(items)}</script>'
        return f"<html><head>{script}</head><body></body></html>"

    assert read_meta(html.fromstring(page(10))).ld.get("headline") == "Buses"
    assert read_meta(html.fromstring(page(MAX_LD_ITEMS))).ld == {}


def test_only_the_first_headlines_are_compared_with_the_title() -> None:
    def page(n: int) -> str:
        h1s = "<h1>x</h1>" * n + "<h1>Night buses</h1>"
        return f"<html><head><title>Night buses</title></head><body>{h1s}</body></html>"

    tree = html.fromstring(page(3))
    assert find_headline(tree, read_meta(tree))[1] is not None  # the matching <h1> found
    tree = html.fromstring(page(MAX_H1S))
    assert find_headline(tree, read_meta(tree))[1] is None  # the title's text instead


def test_images_in_the_extracted_body_are_capped() -> None:
    xml = etree.fromstring(
        "<body>" + "".join(f'<graphic src="/i{i}.jpg"/>' for i in range(80)) + "<p>text</p></body>"
    )
    images: list = []
    blocks_from_body(xml, "https://news.example/", images, [])
    assert len(images) == body.MAX_IMAGES


def test_json_ld_nested_past_the_recursion_limit_costs_only_the_metadata() -> None:
    from reader.core.extract import extract_page

    nested = b"[" * 200_000
    page = (
        b'<html><head><script type="application/ld+json">' + nested + b"</script></head>"
        b"<body><article><h1>Night buses</h1><p>"
        + b"The city runs night buses. " * 30
        + b"</p></article></body></html>"
    )
    article = extract_page(page, {"content-type": "text/html"}, "http://127.0.0.1/a")
    assert article.title == "Night buses"
    assert article.paragraphs and "night buses" in article.paragraphs[0]
