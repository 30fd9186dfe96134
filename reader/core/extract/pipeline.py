"""HTML page → `ExtractedArticle`: trafilatura for the body, the project's layer for the rest.

trafilatura (imported lazily: it costs ~0.14 s) finds the story's blocks; this module then
splits the outlet from the headline, finds the deck, the byline (Korean and English forms, the
wire dateline), the published time, drops byline and boilerplate lines from the body and finds
quoted speech with its speakers. Pure CPU, no I/O: run it off the event loop. Any page costs
bounded time (~2 s at most here): the DOM is parsed and cut to a budget first (dom.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from reader.core.text import CleanError, clean_text, strip_escapes

from . import byline as by
from .body import (
    BLOCKQUOTE,
    StoryText,
    blocks_from_body,
    body_links,
    fallback_blocks,
    story_container,
    story_images,
)
from .boilerplate import is_boilerplate
from .decode import decode_html
from .dom import MAX_HTML_CHARS, fit, parse_tree
from .metadata import (
    PageMeta,
    byline_texts,
    find_deck,
    find_headline,
    find_published,
    ld_authors,
    read_meta,
    scan_marked,
    split_outlet,
)
from .model import Byline, ExtractedArticle, Image, Link, Quote
from .quotes import find_quotes, split_attribution

# Settings measured on the corpora (benchmarks/extraction_quality.py).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,  # images, like links, come from the DOM (steadier body, faster)
    "include_links": False,  # links are matched from the DOM instead: 3 ms/page cheaper
    "favor_precision": False,
    "with_metadata": True,
}


# The most of a page the article keeps (a long read has a few hundred paragraphs); the DOM
# budget (dom.py) bounds the work before this, these bound what is stored and drawn.
MAX_PARAGRAPHS = 2_000
MAX_BODY_CHARS = 400_000
MAX_QUOTES = 300

# ESC and the 8-bit C1 introducers (DCS, SOS, CSI, OSC, PM, APC).
_ESCAPE_STARTS = "\x1b\x90\x98\x9b\x9d\x9e\x9f"


class ExtractError(CleanError):
    """The page holds no article text ("not an HTML page", "no article text found")."""


def extract_page(
    body: bytes, headers: Mapping[str, str] | None = None, url: str | None = None
) -> ExtractedArticle:
    """Decode (HTTP charset, <meta charset>, detection; EUC-KR as CP949) and extract."""
    return extract_html(decode_html(body, headers), url)


def _trafilatura() -> Any:
    import trafilatura  # lazy: costs ~0.14 s, needed only when a page is opened

    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # never print over the UI/CLI
    return trafilatura


def extract_html(html: str, url: str | None = None) -> ExtractedArticle:
    """Extract the article from a decoded HTML page; raises ExtractError when there is none."""
    traf = _trafilatura()
    html = html[:MAX_HTML_CHARS]
    # Escape sequences go before parsing: the parser drops a bare ESC but keeps "[31m".
    if any(c in html for c in _ESCAPE_STARTS):  # str.find is ~free; the regex pass is not
        html = strip_escapes(html)
    tree = parse_tree(html) if html.strip() else None
    if tree is None:
        raise ExtractError("not an HTML page")
    page = read_meta(tree)
    large = fit(tree, len(html))  # the budget: a huge page is cut down before anything walks it
    headline, h1 = find_headline(tree, page)
    marked = scan_marked(tree, large=large)
    deck = [d for d in find_deck(marked, h1) if not is_boilerplate(d)]
    marked_bylines = byline_texts(marked)
    published = find_published(page, tree, url)
    # A large page: no fallbacks (quadratic in runs of short blocks) and no metadata (htmldate
    # takes seconds on tens of thousands of elements); the headline and byline are ours anyway.
    options = {**TRAFILATURA_OPTIONS, "fast": True, "with_metadata": False} if large else None
    doc = traf.bare_extraction(tree, url=url, **(options or TRAFILATURA_OPTIONS))
    blocks: list[tuple[str, str]] = []
    images: list[Image] = []
    links: list[Link] = []
    if doc is not None and doc.body is not None:
        blocks = blocks_from_body(doc.body, url, images, links)
    if not blocks:
        blocks = fallback_blocks(tree)
    if not headline and doc is not None and doc.title:
        headline = clean_text(doc.title)
    outlet, title = split_outlet(headline or "", page.site_name)
    if not blocks and not title:
        raise ExtractError("no article text found")
    skip = {_key(title), _key(headline or ""), *(_key(d) for d in deck)}
    blocks = [b for b in blocks if _key(b[1]) not in skip]  # headline/deck repeated in the body
    byline, blocks = _take_byline(blocks, marked_bylines)
    if byline is None:
        byline = _fallback_byline(page, doc, marked_bylines)
    paragraphs: list[str] = []
    quotes: list[Quote] = []
    last_speaker: str | None = None
    room = MAX_BODY_CHARS
    for kind, text in blocks:
        if is_boilerplate(text):
            continue
        if len(paragraphs) >= MAX_PARAGRAPHS or room <= 0:
            break  # what a reader can use of a page that is all text
        text = text[:room]
        paragraphs.append(text)
        room -= len(text)
        if len(quotes) >= MAX_QUOTES:
            continue
        if kind == BLOCKQUOTE:
            said, who = split_attribution(text)
            quotes.append(Quote(said, who))
            continue
        for q in find_quotes(text, last_speaker):
            quotes.append(q)
            last_speaker = q.speaker or last_speaker
    del quotes[MAX_QUOTES:]
    story = StoryText(paragraphs)
    container = story_container(tree, story)
    links = body_links(container, story, url)
    images = images or story_images(container, url)
    return ExtractedArticle(
        url=url,
        title=title,
        outlet=outlet,
        deck=deck,
        byline=byline,
        published=published,
        paragraphs=paragraphs,
        quotes=quotes,
        images=images,
        links=links,
    )


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


# --- byline ---------------------------------------------------------------------------------


def _take_byline(
    blocks: list[tuple[str, str]], marked: list[str]
) -> tuple[Byline | None, list[tuple[str, str]]]:
    """Find the byline (body lines first, then marked-up elements) and drop its lines."""
    found: Byline | None = None
    email: str | None = None
    drop: set[int] = set()
    marked_keys = {_key(m) for m in marked}
    n = len(blocks)
    edge = [i for i in range(n) if i < 3 or i >= n - 4]
    for i in edge:
        text = blocks[i][1]
        if len(text) > 200:
            continue
        b = by.parse_byline(text, lenient=_key(text) in marked_keys)
        if b is not None:
            drop.add(i)
            found = found or b
        elif (e := by.email_only(text)) is not None:
            drop.add(i)
            email = email or e
    if blocks:
        dated = by.parse_dateline(blocks[0][1])
        if dated is not None:
            wire, rest = dated
            blocks = [(blocks[0][0], rest), *blocks[1:]]
            found = found or wire
    if found is None:  # marked-up byline elements, strict forms (role, "By", email)
        for text in marked:
            for line in [" ".join(text.split()), *text.split("\n")]:
                if (b := by.parse_byline(line)) is not None:
                    found = b
                    break
            if found is not None:
                break
    for text in marked:
        email = email or by.find_email(text)
    if found is not None and found.email is None and email:
        found = Byline(found.name, found.role, email)
    kept = [b for i, b in enumerate(blocks) if i not in drop]
    return found, kept


_NOT_NAMES = frozenset({"by", "author", "authors", "作者", "admin", "staff", "editor", "기자"})


def _fallback_byline(page: PageMeta, doc: Any, marked: list[str]) -> Byline | None:
    """Names only: trafilatura's author, JSON-LD, <meta name=author>, then the lenient
    reading of marked-up byline elements (a bare "Jane Doe")."""
    candidates: list[list[str]] = []
    if doc is not None and doc.author:
        candidates.append(doc.author.split(";"))
    candidates.append(ld_authors(page))
    meta = page.first("author", "article:author", "byl", "dc.creator", "sailthru.author")
    if meta and "http" not in meta:
        candidates.append([meta])
    for names in candidates:
        seen: dict[str, str] = {}
        for raw in names:
            name = re.sub(r"^(?:by|written by)\s+", "", clean_text(raw), flags=re.IGNORECASE)
            if name and len(name) <= 80 and name.casefold() not in _NOT_NAMES:
                seen.setdefault(name.casefold(), name)
        if seen:
            return Byline("·".join(seen.values()))
    for text in marked:
        for line in [" ".join(text.split()), *text.split("\n")]:
            if (b := by.parse_byline(line, lenient=True)) is not None:
                return b
    return None
