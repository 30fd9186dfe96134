"""trafilatura's title and author, read without its metadata step: the same answers as
trafilatura's own functions on every kind of author markup, found only when asked for."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html
from trafilatura.metadata import extract_author, extract_metadata

from reader.core.extract import extract_html, pipeline
from reader.core.extract import trafilatura_fields as tf
from reader.core.extract.dom import parse_tree
from reader.core.extract.trafilatura_fields import TrafilaturaFields, find_author

STORY = "<p>" + "The council voted on Tuesday to extend the night bus service. " * 8 + "</p>"


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>Night buses</title>{head}</head><body>{body}{STORY}</body></html>"


# Author markup of each kind trafilatura's three XPaths look for, and the subtrees it discards.
LAYOUTS = {
    "none": "<div class='story'>No one signs this</div>",
    "rel": "<a rel='author' href='/p/jo'>Jo Park</a>",
    "class exact": "<span class='author'>Jo Park</span>",
    "authorName": "<div class='story-authorName'>Jo Park</div>",
    "AuthorName": "<div class='AuthorName big'>Jo Park</div>",
    "itemprop": "<span itemprop='author name'>Jo Park</span>",
    "testid": "<a data-testid='AuthorURL' href='/jo'>Jo Park</a>",
    "byline class": "<p class='byline'>By Jo Park</p>",
    "BBL": "<p class='BBL'>Jo Park</p>",
    "id zuozhe": "<h4 id='zuozhe-1'>Li Wei</h4>",
    "posted-by": "<span class='posted-by x'>Sam Lee</span>",
    "Byline component": "<section data-component='Byline'>Kim Ho</section>",
    "writer anywhere": "<em class='writer'>Kim Ho</em>",
    "Author id": "<section id='AuthorBox'>Kim Ho</section>",
    "too long first": (
        "<div class='author'>" + "a long profile of the writer " * 6 + "</div>"
        "<span class='byline'>Jo Park</span>"
    ),
    "too short": "<span class='author'>Jo</span><em class='writer'>Kim Ho</em>",
    "inside comments": (
        "<div id='comments'><span class='author'>Reader One</span></div>"
        "<span class='byline'>Jo Park</span>"
    ),
    "inside figure": (
        "<figure><figcaption class='author'>Photo Desk</figcaption></figure>"
        "<p class='byline'>Jo Park</p>"
    ),
    "inside sidebar": (
        "<div class='left sidebar'><a class='author-link'>Other Writer</a></div>"
        "<p class='byline'>Jo Park</p>"
    ),
    "holds a date": (  # the discarded <time> leaves the author's text: read from a pruned copy
        "<div class='author'>Jo Park <time>2 May</time> in Seoul</div>"
    ),
    "holds a date, tail joined": "<p class='byline'>By<span class='date'>x</span>Jo</p>",
    "author element": "<author>Jo Park</author><span class='writer'>Kim Ho</span>",
    "rel child": "<div><rel>me</rel>Jo Park</div><span class='writer'>Kim Ho</span>",
    "upper case only": "<span class='AUTHOR'>Jo Park</span><span class='Writer'>Kim Ho</span>",
    "e-mail": "<span class='author'>jo@example.org</span>",
    "two names": "<span class='author'>Jo Park and Kim Ho</span>",
}


@pytest.mark.parametrize("markup", LAYOUTS.values(), ids=list(LAYOUTS))
def test_the_author_is_trafilaturas(markup: str) -> None:
    tree = parse_tree(page(markup))
    assert tree is not None
    assert find_author(tree) == extract_author(tree)


def test_many_spellings_of_the_words_give_the_same_author() -> None:
    spellings = [
        "author",
        "Author",
        "AUTHOR",
        "aUthor",
        "auThor",
        "autHor",
        "WRITER",
        "Writer",
        "wRiter",
    ]
    spans = "".join(f"<span class='x-{s}'>x</span>" for s in spellings * 3)
    tree = parse_tree(page(spans + "<span class='writer'>Kim Ho</span>"))
    assert tree is not None
    assert len(spellings) > tf.MAX_SPELLINGS
    assert find_author(tree) == extract_author(tree) == "Kim Ho"


def test_a_fragment_gives_trafilaturas_author() -> None:
    root = html.fromstring("<div><p class='byline'>Jo Park</p><p>Some text here.</p></div>")
    inner = root[0]  # an element with a parent: absolute paths reach past it
    assert find_author(inner) == extract_author(inner)


@pytest.mark.parametrize(
    "head",
    [
        "",
        "<meta name='author' content='Jo Park'>",
        "<meta name='author' content='Desk'>",  # one word: trafilatura ignores it
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Buses",'
        ' "author": {"@type": "Person", "name": "Kim Ho"}}</script>',
        "<meta property='og:title' content='Buses at night &amp; day'>",
    ],
)
def test_title_and_author_are_those_of_trafilaturas_metadata(head: str) -> None:
    tree = parse_tree(page("<span class='author'>Lee Min</span>", head))
    assert tree is not None
    expected = extract_metadata(tree)
    fields = TrafilaturaFields(tree)
    assert (fields.title, fields.author) == (expected.title, expected.author)


def test_json_ld_nested_too_deep_costs_only_the_json_ld() -> None:
    head = '<script type="application/ld+json">' + "[" * 100_000 + "</script>"
    tree = parse_tree(page("<span class='author'>Lee Min</span>", head))
    assert tree is not None
    assert TrafilaturaFields(tree).author == "Lee Min"


def test_extraction_runs_no_date_search_and_no_author_search_when_the_byline_is_in_the_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import htmldate

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("not wanted here")

    monkeypatch.setattr(htmldate, "find_date", refuse)
    monkeypatch.setattr("trafilatura.metadata.find_date", refuse)
    monkeypatch.setattr(tf, "find_author", refuse)
    body = "<article><h1>Night buses</h1><p>By Jo Park</p>" + STORY + "</article>"
    article = extract_html(f"<html><body><span class='author'>Jo Park</span>{body}</body></html>")
    assert article.byline is not None and article.byline.name == "Jo Park"
    assert pipeline.TRAFILATURA_OPTIONS["with_metadata"] is False


def test_an_unsigned_story_takes_trafilaturas_author() -> None:
    body = "<article><h1>Night buses</h1>" + STORY + "</article>"
    article = extract_html(page("<div class='author-name'>Jo Park</div>" + body))
    assert article.byline is not None and article.byline.name == "Jo Park"
