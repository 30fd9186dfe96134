"""What a page says about itself: meta tags, JSON-LD, published time, marked-up elements.

Read from the parsed DOM (meta tags, JSON-LD, deck and byline elements, ``<time>``) before the
body extractor runs; every string is cleaned with `clean_text`. The headline, outlet and deck
are chosen in titles.py.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from itertools import accumulate
from typing import Any

from lxml.html import HtmlElement

from reader.core.text import clean_text

KST = timezone(timedelta(hours=9), "KST")
_BLOCK_TAGS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"})
_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "article:published",
    "og:published_time", "datepublished", "published_time", "publishdate", "publish-date",
    "pubdate", "dc.date.issued", "dc.date", "dcterms.created", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "date", "article.published",
)  # fmt: skip
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenews", "blogposting", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "webpage", "report",
    "scholarlyarticle", "techarticle", "liveblogposting", "socialmediaposting",
})  # fmt: skip
# Class/id words that mark a deck (subtitle) or a byline element; matched in one pass.
_DECK_WORDS = (
    "subtit",
    "sub-tit",
    "sub_tit",
    "subhead",
    "standfirst",
    "deck",
    "dek",
    "alternativeheadline",
    "head-sub",  # ndsoft CMS: article-head-sub
    "midtitle",  # 매일경제: div.mid_title > div.midtitle_text
    "summary_view",  # Daum: strong.summary_view
    "end_summary",  # Naver: strong.media_end_summary
)
_BYLINE_WORDS = ("byline", "author", "reporter", "writer", "journalist")
_DECK_TAGS = frozenset({"h2", "h3", "h4", "p", "div", "span", "strong", "em"})
_SKIP_TAGS = frozenset({"meta", "link", "script", "style", "body", "html", "article", "main"})
# <meta> names/properties that name an author; all are kept (PageMeta.authors).
_AUTHOR_KEYS = frozenset(
    {"author", "article:author", "byl", "dc.creator", "dc:creator", "sailthru.author"}
)


@dataclass(slots=True)
class PageMeta:
    meta: dict[str, str] = field(default_factory=dict)  # name/property (lower-case) → content
    ld: dict[str, Any] = field(default_factory=dict)  # the JSON-LD article object, if any
    lang: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)  # author <meta>s: (key, value)

    def first(self, *keys: str) -> str | None:
        for k in keys:
            v = self.meta.get(k)
            if v:
                return v
        return None

    @property
    def site_name(self) -> str | None:
        name = self.first("og:site_name", "application-name", "twitter:site")
        if not name:
            pub = self.ld.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                name = pub["name"]
        name = clean_text(name or "").lstrip("@")
        return name or None


def element_text(el: HtmlElement, *, lines: bool = False) -> str:
    """Text of an element without script/style; ``lines``: <br> and blocks become newlines."""
    parts: list[str] = []

    def walk(e: HtmlElement) -> None:
        if e.text:
            parts.append(e.text)
        for child in e:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                parts.append("\n")
            elif tag not in ("script", "style", "noscript", "template") and tag:
                if lines and tag in _BLOCK_TAGS:
                    parts.append("\n")
                walk(child)
                if lines and tag in _BLOCK_TAGS:
                    parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return clean_text("".join(parts), multiline=lines)


def read_meta(tree: HtmlElement) -> PageMeta:
    page = PageMeta(lang=(tree.get("lang") or "").lower())
    for m in tree.iter("meta"):
        keys = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower().split()
        content = m.get("content")
        for key in keys if content else ():  # RDFa: property="og:title twitter:title"
            page.meta.setdefault(key, content.strip())
        # Every one, in order: pages repeat it ("한국일보", then the reporter) and one element
        # may hold several properties ("dc:creator twitter:site_name").
        for k in keys:
            if k in _AUTHOR_KEYS and content and len(page.authors) < 20:
                page.authors.append((k, content.strip()))
    for el in tree.xpath("//*[@itemprop='datePublished']"):
        value = el.get("content") or el.get("datetime") or el.text_content()
        if value:
            page.meta.setdefault("datepublished", value.strip())
            break
    for script in tree.xpath("//script[@type='application/ld+json']"):
        found = _ld_article(script.text or "")
        if found:
            page.ld = found
            break
    return page


MAX_LD_ITEMS = 10_000  # JSON-LD objects and lists looked at per script


def _ld_article(raw: str) -> dict[str, Any] | None:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # nested past the parser's limit: no metadata
        return None
    stack: deque[Any] = deque([data])  # breadth first: the page's own object is near the top
    for _ in range(MAX_LD_ITEMS):
        if not stack:
            break
        item = stack.popleft()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds) and (
                "headline" in item or "datePublished" in item or "author" in item
            ):
                return item
            stack.extend(
                v for k, v in item.items() if k in ("@graph", "mainEntity", "itemListElement")
            )
    return None


def ld_authors(page: PageMeta) -> list[str]:
    author = page.ld.get("author")
    items = author if isinstance(author, list) else [author]
    names = []
    for a in items:
        name = a.get("name") if isinstance(a, dict) else a
        if isinstance(name, str) and (name := clean_text(name)) and "http" not in name:
            names.append(name)
    return names


# --- time ------------------------------------------------------------------------------------


def parse_date(value: str, default_tz: tzinfo) -> datetime | None:
    """An aware datetime from the date formats pages use; naive times take ``default_tz``."""
    s = value.strip()
    if not s:
        return None
    when: datetime | None = None
    try:
        when = datetime.fromisoformat(s.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        m = re.match(
            r"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})\.?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", s
        )
        if m:
            y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
            try:
                when = datetime(y, mo, d, h, mi, sec)
            except ValueError:
                return None
        else:
            try:
                when = parsedate_to_datetime(s)
            except (TypeError, ValueError, IndexError):
                return None
    if when is None or not 1990 <= when.year <= 2100:
        return None
    return when if when.tzinfo else when.replace(tzinfo=default_tz)


def default_zone(page: PageMeta, url: str | None) -> tzinfo:
    """Naive times on Korean pages are KST; elsewhere UTC is the least wrong guess."""
    host = re.sub(r"^https?://([^/:]+).*$", r"\1", url or "")
    return KST if page.lang.startswith("ko") or host.endswith(".kr") else UTC


def find_published(page: PageMeta, tree: HtmlElement, url: str | None) -> datetime | None:
    tz = default_zone(page, url)
    candidates = [page.meta.get(k) for k in _DATE_KEYS]
    candidates.insert(
        1, page.ld.get("datePublished") if isinstance(page.ld.get("datePublished"), str) else None
    )
    for value in candidates:
        if value and (when := parse_date(value, tz)):
            return when
    for t in tree.xpath("//time[@datetime]")[:3]:
        if when := parse_date(t.get("datetime", ""), tz):
            return when
    return None


@dataclass(slots=True)
class Marked:
    """Elements whose class/id/itemprop/rel mark them as a deck or a byline."""

    decks: list[HtmlElement] = field(default_factory=list)
    bylines: list[HtmlElement] = field(default_factory=list)


_MARKS_XPATH = (
    "//@class | //@id | //@itemprop[.='author' or .='alternativeHeadline'] | //@rel[.='author']"
)
# The same attributes by one path: libxml2 merges a union's node-sets in quadratic time (3.5 s
# for 80k values), while this predicate costs ~0.5 ms more on an ordinary page than the union.
_MARKS_XPATH_LARGE = (
    "//@*[name()='class' or name()='id' or (name()='itemprop' and (.='author' or"
    " .='alternativeHeadline')) or (name()='rel' and .='author')]"
)


def _positions(haystack: str, needles: tuple[str, ...]) -> list[int]:
    out = []
    for needle in needles:
        at = haystack.find(needle)
        while at >= 0:
            out.append(at)
            at = haystack.find(needle, at + 1)
    return out


def scan_marked(tree: HtmlElement, *, large: bool = False) -> Marked:
    """Deck and byline elements; ``large``: a page of thousands of elements (see above)."""
    # Attribute values in document order, joined, lower-cased and searched with str.find: far
    # cheaper than XPath contains() chains or a regex per element (measured on news pages).
    values = tree.xpath(_MARKS_XPATH_LARGE if large else _MARKS_XPATH)
    joined = "\n".join(values).lower()
    starts = list(accumulate((len(v) + 1 for v in values), initial=0))
    hits = sorted(
        [(i, True) for i in _positions(joined, _DECK_WORDS)]
        + [(i, False) for i in _positions(joined, _BYLINE_WORDS)]
    )
    found = Marked()
    for at, deck in hits:
        value = values[bisect_right(starts, at) - 1]
        el = value.getparent()
        if el is None or el.tag in _SKIP_TAGS:
            continue
        if deck:
            if el.tag in _DECK_TAGS and len(found.decks) < 6 and el not in found.decks:
                found.decks.append(el)
        elif len(found.bylines) < 12 and el not in found.bylines:
            found.bylines.append(el)
    return found


def byline_texts(marked: Marked) -> list[str]:
    """Short texts of elements marked up as bylines/authors, in document order."""
    out: list[str] = []
    for el in marked.bylines:
        text = element_text(el, lines=True)
        if 2 <= len(text) <= 160 and text not in out:
            out.append(text)
    return out
