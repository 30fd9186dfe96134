"""HTML page → `ExtractedArticle`: trafilatura for the body, the project's layer for the rest.

trafilatura (imported lazily: it costs ~0.14 s) finds the story's blocks; this module then
splits the outlet from the headline, finds the deck, the byline (Korean and English forms, the
wire dateline), the published time, drops byline and boilerplate lines from the body and finds
quoted speech with its speakers. Pure CPU, no I/O: run it off the event loop. Any page costs
bounded time (~2 s at most here): the DOM is parsed and cut to a budget first (dom.py).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from reader.core.text import CleanError, clean_text, strip_escapes

from .body import (
    BLOCKQUOTE,
    StoryText,
    blocks_from_body,
    body_links,
    fallback_blocks,
    story_container,
    story_images,
)
from .boilerplate import is_boilerplate, strip_furniture
from .byline_find import find_byline
from .dateline import find_in_tree
from .deck import find_deck
from .decode import decode_html
from .dom import MAX_HTML_CHARS, fit, parse_tree
from .embedded import find_story, story_scripts
from .metadata import (
    byline_texts,
    default_zone,
    find_published,
    read_meta,
    scan_marked,
)
from .model import ExtractedArticle, Image, Link, Quote
from .quotes import find_quotes, split_attribution
from .story_markup import mend
from .titles import drop_repeated, find_headline, split_outlet
from .trafilatura_fields import TrafilaturaFields

# Settings measured on the corpora (benchmarks/extraction_quality.py).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,  # images, like links, come from the DOM (steadier body, faster)
    "include_links": False,  # links are matched from the DOM instead: 3 ms/page cheaper
    "favor_precision": False,
    # Its title and author are read when needed (trafilatura_fields.py); its date search
    # (htmldate, a third of its time) is not run: the published time is ours.
    "with_metadata": False,
    "output_format": "xml",  # the body tree is all that is read: no plain-text copy made
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


NO_TEXT = "no article text found"


def require_text(article: ExtractedArticle) -> ExtractedArticle:
    """``article``, if boilerplate filtering left it any paragraph: an empty article is never
    shown (the app shows the feed's summary instead, `sinmun read` an error)."""
    if not article.paragraphs:
        raise ExtractError(NO_TEXT)
    return article


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
    scripts = story_scripts(tree)  # before the budget, which may drop scripts
    large = fit(tree, len(html))  # the budget: a huge page is cut down before anything walks it
    headline, h1, site_outlet = find_headline(tree, page, url)
    marked = scan_marked(tree, large=large)
    deck = [d for d in find_deck(marked, h1, page, headline) if not is_boilerplate(d)]
    marked_bylines = byline_texts(marked)
    published = find_published(page, tree, url)
    # A large page: no fallbacks (quadratic in runs of short blocks) and none of trafilatura's
    # metadata (its author search copies the whole tree); the headline and byline are ours.
    options = {**TRAFILATURA_OPTIONS, "fast": True} if large else TRAFILATURA_OPTIONS
    mend(tree)  # markup trafilatura misreads: text after photo boxes, subheads, pull quotes
    doc = traf.bare_extraction(tree, url=url, **options)
    about = TrafilaturaFields(tree) if doc is not None and not large else None
    blocks: list[tuple[str, str]] = []
    images: list[Image] = []
    links: list[Link] = []
    if doc is not None and doc.body is not None:
        blocks = blocks_from_body(doc.body, url, images, links)
    # Nothing or a teaser: the story in the page's data (Fusion, Next.js …), its densest block.
    known = len(str(page.ld.get("articleBody") or ""))
    blocks, data = fallback_blocks(tree, blocks, lambda: find_story(scripts, headline), known)
    if data is not None:  # a script-rendered page: its data says what its DOM does not
        headline, deck = headline or data.headline, deck or data.deck
        published = published or data.published_at(page, url)
        if data.authors and not page.ld.get("author"):  # for the byline's name fallback
            page.ld["author"] = [{"name": name} for name in data.authors]
    if not headline and about is not None and (traf_title := about.title):
        headline = clean_text(traf_title)
    outlet, title = split_outlet(headline or "", site_outlet)
    if not blocks:  # after every fallback: the page has no text but perhaps its title
        raise ExtractError(NO_TEXT)
    blocks = drop_repeated(blocks, title, headline, deck)  # headline/deck repeated in the body
    byline, blocks = find_byline(blocks, marked_bylines, page, about, (outlet, page.site_name), h1)
    paragraphs: list[str] = []
    quotes: list[Quote] = []
    last_speaker: str | None = None
    room = MAX_BODY_CHARS
    tz = default_zone(page, url)
    blocks, printed = strip_furniture(blocks, tz)  # furniture and printed date lines
    if published is None:  # meta/JSON-LD/<time> first: exact and zoned; a printed line is not
        published = printed or find_in_tree(tree, tz)
    for kind, text in blocks:
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
    images = images or story_images(container, url, paragraphs)
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
