"""Hostile article pages are extracted in bounded time, and the story on them is still found.

Each page is generated here, no bigger than a page fetch accepts (8 MiB; as EUC-KR where it
holds Hangul), around the same short story, and extracted in a worker process with a deadline:
a page that runs away fails its test at the deadline instead of hanging the suite. Unprotected,
each of these took from tens of seconds to hours, or lost the story; protected, each takes
0.1–1.5 s on a shared two-core machine.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator
from multiprocessing.pool import Pool
from typing import Any

import pytest

DEADLINE = 20.0  # seconds

TITLE = "Night buses extended across the city"
STORY = [
    f"Paragraph {n} of the story: the council met on Tuesday and voted to extend the night bus "
    "service to every district, officials said after the meeting."
    for n in range(6)
]


def _page(body: str, head: str = "", title: str = TITLE) -> str:
    head = f"<title>{title}</title>{head}"
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def _article(extra: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return f"<article><h1>{TITLE}</h1>{paragraphs}{extra}</article>"


# --- pages -------------------------------------------------------------------------------------
def deep_nesting() -> str:
    """The story inside 10,000 nested <div>s: libxml2 stops at depth 256 and drops the rest."""
    return _page("<div>" * 10_000 + _article() + "</div>" * 10_000)


def giant_attribute() -> str:
    """An attribute value of 3.5 M Hangul (7 MB in EUC-KR, 10.5 MB in UTF-8): libxml2 stops at
    a token over 10 MB and drops the rest of the page."""
    return _page(f'<div data-x="{"가" * 3_500_000}">{_article()}</div>')


def many_comments() -> str:
    """40,000 comments, then one of 3.4 M Hangul (over libxml2's token limit), then the story."""
    comments = "".join(f"<!-- comment {i} -->" for i in range(40_000))
    return _page(f"{comments}<!-- {'가' * 3_400_000} -->{_article()}")


def many_paragraphs() -> str:
    """60,000 filler paragraphs after the story (the whole extraction took minutes)."""
    return _page(
        _article() + "".join(f"<p>Filler {i}, a few words of text.</p>" for i in range(60_000))
    )


def link_farm() -> str:
    """A 2,000-link menu, the story, then 80,000 short paragraphs of links (a 6.8 MB page)."""
    menu = "".join(f'<a href="/m/{i}">Menu {i}</a> ' for i in range(2_000))
    farm = "".join(
        f'<p>See <a href="/p/{i}">story {i}</a>, and <a href="/q/{i}">more {i}</a>.</p>'
        for i in range(80_000)
    )
    return _page(f"<nav>{menu}</nav>{_article()}{farm}")


def tiny_elements() -> str:
    """100,000 tiny blocks: jusText's fallback is quadratic in runs of short blocks."""
    return _page(_article() + "<div>" + "<div>a</div>" * 100_000 + "</div>")


def huge_table() -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td>c{r}.{c}</td>" for c in range(300)) + "</tr>" for r in range(300)
    )
    return _page(_article() + f"<table>{rows}</table>")


def formatted_paragraphs() -> str:
    """20,000 paragraphs of ten bold words: libxml2's "//p//text()" is quadratic in them."""
    words = "".join(f"w <b>{j}</b> " for j in range(10))
    return _page(_article() + f"<p>{words}</p>" * 20_000)


def huge_text_node() -> str:
    return _page(_article() + "<div>" + "word " * 1_500_000 + "</div>")


def many_line_breaks() -> str:
    return _page(_article() + "<div>" + "a line of text<br>" * 100_000 + "</div>")


def marked_elements() -> str:
    """50,000 elements classed like bylines and decks (an XPath union over them was quadratic)."""
    marked = "".join(f'<div class="author c{i}" id="deck{i}">x</div>' for i in range(50_000))
    return _page(_article() + marked)


def many_headlines() -> str:
    """30,000 <h1>s after the story and a <title> of 1 M characters (each compared with each)."""
    og = f'<meta property="og:title" content="{TITLE}">'
    return _page(_article() + "<h1>x</h1>" * 30_000, head=og, title="T" * 1_000_000)


def quote_storm() -> str:
    """A paragraph of 200,000 quotes, each followed by "said kim" and no full stop (the speaker
    patterns ran to the paragraph's end for every quote)."""
    said = " ".join(f"“Quote {i}” said kim" for i in range(200_000))
    return _page(_article(f"<p>{said}</p>"))


def json_ld_list() -> str:
    """A JSON-LD array of 3.5 M numbers (a queue popped from its front was quadratic)."""
    script = f'<script type="application/ld+json">[{",".join("0" * 3_500_000)}]</script>'
    return _page(_article(), head=script)


PAGES: list[Callable[[], str]] = [
    deep_nesting,
    giant_attribute,
    many_comments,
    many_paragraphs,
    link_farm,
    tiny_elements,
    huge_table,
    formatted_paragraphs,
    huge_text_node,
    many_line_breaks,
    marked_elements,
    many_headlines,
    quote_storm,
    json_ld_list,
]


# --- the worker ---------------------------------------------------------------------------------
def _extract(shape: str) -> dict[str, Any]:
    """In the worker: build the page, extract it, and report the time and what came out."""
    from reader.core.extract import ExtractError, extract_html

    html = globals()[shape]()
    started = time.perf_counter()
    try:
        art = extract_html(html, "https://news.example/story")
    except ExtractError as exc:
        return {"seconds": time.perf_counter() - started, "error": exc.reason}
    return {
        "seconds": time.perf_counter() - started,
        "bytes": len(html.encode("cp949")),  # as an EUC-KR page (Hangul in two bytes)
        "title": art.title,
        "paragraphs": art.paragraphs[:10],
        "count": len(art.paragraphs),
        "chars": sum(map(len, art.paragraphs)),
    }


def _call(scenario: str) -> dict[str, Any]:
    started = time.perf_counter()
    result = globals()[scenario]()
    return {"seconds": time.perf_counter() - started, **result}


def _warm() -> None:
    from reader.core.extract import extract_html

    extract_html(_page(_article()))  # imports and lazy caches out of the timings


def _pool() -> Pool:
    # Spawned, so no threaded test process is forked.
    return multiprocessing.get_context("spawn").Pool(1, initializer=_warm)


@pytest.fixture(scope="module")
def workers() -> Iterator[list[Pool]]:
    """A one-process pool, replaced after a missed deadline so the runaway work is killed."""
    holder = [_pool()]
    yield holder
    holder[0].terminate()
    holder[0].join()


def run_within(workers: list[Pool], func: Callable[[str], dict[str, Any]], name: str) -> Any:
    pending = workers[0].apply_async(func, (name,))
    try:
        return pending.get(DEADLINE + 30)  # + the worker's start (imports) on the first call
    except multiprocessing.TimeoutError:
        workers[0].terminate()
        workers[0] = _pool()
        pytest.fail(f"{name}: still running after {DEADLINE + 30:.0f} s")


@pytest.mark.parametrize("shape", PAGES, ids=lambda f: f.__name__)
def test_hostile_page_is_extracted_in_bounded_time_with_its_story(
    workers: list[Pool], shape: Callable[[], str]
) -> None:
    result = run_within(workers, _extract, shape.__name__)
    assert "error" not in result, result
    assert result["seconds"] < DEADLINE, result["seconds"]
    assert result["bytes"] <= 8 * 1024 * 1024  # what a page fetch accepts
    assert result["title"] == TITLE
    assert result["paragraphs"][:3] == STORY[:3], result["paragraphs"][:3]
    # What is kept of a page that is all text stays what a reader can use.
    assert result["count"] <= 2_000 and result["chars"] <= 400_000


# --- the story's parts in the DOM, beyond what a page budget lets through -------------------------
def _story_dom(extra: str) -> tuple[Any, list[str]]:
    """A story of 15,000 lines (1 MB; the first three with a link) in <article>, then ``extra``."""
    from lxml import html

    line = "Line {} of a long story about the night buses and the council, {}."
    story = [line.format(i, f"link {i}") for i in range(15_000)]
    marked = [line.format(i, f'<a href="/s{i}">link {i}</a>') for i in range(3)] + story[3:]
    article = "".join(f"<p>{p}</p>" for p in marked)
    return html.fromstring(f"<html><body><article>{article}</article>{extra}</body></html>"), story


def container_among_many_misses() -> dict[str, Any]:
    """200,000 list entries that are not in the story: a substring search of the whole story
    for each was quadratic."""
    from reader.core.extract.body import story_container

    entries = "".join(f"<li>Entry of the comment list, number {i}</li>" for i in range(200_000))
    tree, story = _story_dom(f"<ul>{entries}</ul>")
    return {"tag": story_container(tree, story).tag}


def links_among_many_misses() -> dict[str, Any]:
    """100,000 links in comments after the story: each link's text and block were searched for
    in the whole story, which was quadratic."""
    from reader.core.extract.body import body_links

    comments = "".join(f'<p>Reply {i}: <a href="/r{i}">profile {i}</a></p>' for i in range(100_000))
    tree, story = _story_dom(f"<section>{comments}</section>")
    links = body_links(tree, story, "https://news.example/")
    return {"links": [link.text for link in links]}


def marks_of_a_large_page() -> dict[str, Any]:
    """150,000 elements classed like bylines and decks, scanned in one page (the XPath union
    of their attributes is quadratic in libxml2: 300,000 values took about a minute)."""
    from lxml import html

    from reader.core.extract.metadata import scan_marked

    marked = "".join(f'<div class="author c{i}" id="deck{i}">x</div>' for i in range(150_000))
    found = scan_marked(html.fromstring(f"<html><body>{marked}</body></html>"), large=True)
    return {"decks": len(found.decks), "bylines": len(found.bylines)}


def test_the_story_container_is_found_among_many_other_texts(workers: list[Pool]) -> None:
    result = run_within(workers, _call, container_among_many_misses.__name__)
    assert result["seconds"] < DEADLINE and result["tag"] == "article", result


def test_the_story_links_are_found_among_many_other_links(workers: list[Pool]) -> None:
    result = run_within(workers, _call, links_among_many_misses.__name__)
    assert result["seconds"] < DEADLINE, result
    assert result["links"] == ["link 0", "link 1", "link 2"], result


def test_byline_and_deck_marks_of_a_large_page_are_found_in_bounded_time(
    workers: list[Pool],
) -> None:
    result = run_within(workers, _call, marks_of_a_large_page.__name__)
    assert result["seconds"] < DEADLINE, result
    assert result["decks"] == 6 and result["bylines"] == 12
