"""The story as a page's scripts carry it: JSON-LD, Arc/Fusion, Next.js, app state.

Script-rendered pages (Chosun's ArcPublishing/Fusion, Next.js sites such as Hankook Ilbo's)
may ship an empty DOM and the story as data: JSON-LD ``articleBody``, ``Fusion.globalContent``
(``content_elements``), ``__NEXT_DATA__``, ``window.__PRELOADED_STATE__``/``__INITIAL_STATE__``,
a plain-JSON ``__NUXT__``, React Query or RSC pushes (``….push({…})``). Values are read with
`json.JSONDecoder.raw_decode` (never evaluated) and searched generically: the longest text under
a body-like key, or the longest list of paragraph objects, outside related-article lists.

Hostile pages cost bounded work: scripts are collected up to `MAX_SCRIPTS`, at most
`MAX_DECODE_CHARS` characters are handed to the decoder per page (a failed attempt counts up to
where it failed), nesting past the decoder's recursion limit fails that value only, at most
`MAX_VALUES` JSON values are visited and `MAX_ITEMS` list items looked at per list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, fragment_fromstring

from reader.core.text import clean_text

from .embedded_meta import describe, titled
from .metadata import PageMeta, default_zone, element_text, parse_date
from .text_key import text_key

MAX_SCRIPTS = 300  # inline scripts looked at per page
MAX_DECODE_CHARS = 6_000_000  # characters given to the JSON decoder per page, all attempts
MAX_ATTEMPTS = 24  # decode attempts per script (assignment and call sites)
MAX_VALUES = 300_000  # JSON values visited per page
MAX_ITEMS = 3_000  # items of one list looked at as paragraphs
MAX_PARAGRAPHS = 2_000
MIN_STORY_CHARS = 150  # shorter texts are teasers, captions, labels
MIN_TRUSTED_CHARS = 40  # ... unless the page's format says it is the story (a short news item)

# A script worth decoding mentions one of these (str.find, C speed, before any decoding).
_HINTS = (
    "Fusion.globalContent", "__PRELOADED_STATE__", "__INITIAL_STATE__", "__NUXT__",
    "__APOLLO_STATE__", "__next_f", ".push(", "content_elements", "articleBody", "contentHtml",
    "bodyHtml", '"body"', '"content"',
)  # fmt: skip
# Where a value starts in a script: after the "=" or "(" of a JS assignment or call.
_STARTS = re.compile(r"(?:=|\(|^)\s*(?=[\[{\"])")
_BODY_KEYS = frozenset({
    "articlebody", "body", "bodyhtml", "body_html", "bodytext", "content", "contenthtml",
    "content_html", "contents", "html", "text", "fulltext", "articletext", "article_body",
    "articlecontent", "story", "storyhtml", "maintext", "newsbody", "description_html",
})  # fmt: skip
_LINES_KEYS = _BODY_KEYS | {"paragraphs", "lines", "sentences"}  # lists of paragraph strings
_TEXT_KEYS = ("content", "text", "html", "value", "body", "contentHtml", "markup", "data")
_PART_KEYS = ("items", "children", "content_elements", "content", "elements", "blocks", "data")
_TYPE_KEYS = ("type", "_type", "__typename", "kind", "blockType", "nodeType", "tag")
_PARAGRAPH_TYPES = re.compile(
    r"^(?:text|paragraph|p|raw_html|html|header|heading|h[2-6]|list|list_item|li|quote|"
    r"blockquote|pullquote|correction|subheading|richtext|rich_text|block|)$|text|paragraph",
    re.IGNORECASE,
)
_OTHER_TYPES = re.compile(
    r"image|photo|video|gallery|audio|embed|oembed|ad|advert|promo|related|interstitial|link|"
    r"divider|table|graphic|social|newsletter|subscribe|button|slideshow|podcast|map",
    re.IGNORECASE,
)
# Branches of the data that hold other articles' texts (recirculation, lists, navigation).
_ELSEWHERE = re.compile(
    r"related|recommend|popular|trending|most|latest|recirc|more|sidebar|nav|menu|footer|"
    r"promo|teaser|feed|list|rank|series|newsletter|comment|author|credit|(?:^|_)ads?(?:_|$)",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\$\$[A-Za-z0-9_]+\$\$|\{\{[^{}]{0,60}\}\}")
_TAGS = re.compile(r"<[^<>]*>")
_NOT_TEXT = (
    ".//figcaption | .//figure | .//script | .//style | .//button"
    " | .//*[contains(@class, 'caption') or contains(@class, 'img') or contains(@class, 'photo')]"
)


@dataclass(slots=True)
class EmbeddedStory:
    """The story found in a page's data, with what the data says about it."""

    paragraphs: list[str]
    source: str  # "json-ld", "fusion", "next", "state"
    # The page's own story: by its format (JSON-LD articleBody, Fusion's globalContent) or
    # found beside the page's headline; else a guess from the longest text in the data.
    trusted: bool
    headline: str | None = None
    deck: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published: str | None = None

    @property
    def chars(self) -> int:
        return sum(map(len, self.paragraphs))

    def published_at(self, page: PageMeta, url: str | None) -> datetime | None:
        return parse_date(self.published, default_zone(page, url)) if self.published else None


@dataclass(slots=True)
class _Script:
    kind: str  # "ld", "json" (a typed JSON script such as __NEXT_DATA__), "js"
    text: str


def story_scripts(tree: HtmlElement) -> list[_Script]:
    """The page's inline scripts that may carry the story; read before the DOM budget drops
    scripts (dom.fit)."""
    out: list[_Script] = []
    for script in tree.iter("script"):
        if len(out) >= MAX_SCRIPTS:
            break
        text = script.text
        if not text or script.get("src"):
            continue
        if len(text) < MIN_STORY_CHARS and "__next_f" not in text:  # RSC rows may be short
            continue
        kind = (script.get("type") or "").strip().lower()
        if kind == "application/ld+json":
            out.append(_Script("ld", text))
        elif kind.endswith("json"):
            out.append(_Script("json", text))
        elif any(hint in text for hint in _HINTS):
            out.append(_Script("js", text))
    return out


def find_story(scripts: list[_Script], headline: str | None = None) -> EmbeddedStory | None:
    """The longest story in the scripts' data; ``headline`` (the page's) confirms a guess."""
    finder = _Finder(headline)
    rsc: list[str] = []
    found: list[tuple[Any, str]] = []
    for script in scripts:
        for value, source in finder.values(script):
            if source == "rsc":
                rsc.append(value)
            else:
                found.append((value, source))
    if rsc:  # Next.js app router: one stream of rows, split over many pushes; its text rows
        # are read first: other data refers to them ("contentHtml": "$28")
        for row in _rsc_rows("".join(rsc), finder.refs):
            found.extend((value, "next") for value in finder.decode(row, 0))
    for value, source in found:
        finder.search(value, source)
    return finder.best()


MAX_RSC_ROWS = 5_000


def _rsc_rows(stream: str, texts: dict[str, str]) -> list[str]:
    """A React Server Components stream's JSON rows; its text rows ("id:T<hex bytes>,…", the
    long strings such as an article's HTML, referred to as "$id") go into ``texts``."""
    rows: list[str] = []
    at, n = 0, len(stream)
    while at < n and len(rows) + len(texts) < MAX_RSC_ROWS:
        colon = stream.find(":", at)
        if colon < 0:
            break
        row_id = stream[at:colon]
        if stream.startswith("T", colon + 1) and len(row_id) <= 8:
            comma = stream.find(",", colon + 2, colon + 12)
            try:
                size = int(stream[colon + 2 : comma], 16) if comma > 0 else -1
            except ValueError:
                size = -1
            if size >= 0:  # the size counts UTF-8 bytes
                head = stream[comma + 1 : comma + 1 + size].encode("utf-8", "surrogatepass")
                text = head[:size].decode("utf-8", "ignore")
                texts[row_id] = text
                at = comma + 1 + len(text)
                continue
        end = stream.find("\n", colon)
        end = n if end < 0 else end
        if len(row_id) <= 8 and stream[colon + 1 : colon + 2] in ("{", "["):
            rows.append(stream[colon + 1 : end])
        at = end + 1
    return rows


@dataclass(slots=True)
class _Candidate:
    score: float
    source: str
    trusted: bool  # by its format (see EmbeddedStory)
    matched: bool  # beside the page's own headline: its story, not a neighbour's
    html: list[str]  # paragraphs as HTML (or plain text)
    owners: list[dict[str, Any]]  # the dicts above the text, nearest first


class _Finder:
    def __init__(self, headline: str | None) -> None:
        self.headline = text_key(headline or "")
        self.decoder = json.JSONDecoder()
        self.budget = MAX_DECODE_CHARS
        self.visits = MAX_VALUES
        self.found: list[_Candidate] = []
        self.last_end = 0  # where the last decoded value ended
        self.refs: dict[str, str] = {}  # RSC text rows by id ("$28" refers to row 28)

    # --- decoding --------------------------------------------------------------------------
    def values(self, script: _Script) -> Iterator[tuple[Any, str]]:
        text = script.text
        if script.kind in ("ld", "json"):
            source = "json-ld" if script.kind == "ld" else "next"
            yield from ((v, source) for v in self.decode(text, 0, once=True))
            return
        source = "fusion" if "Fusion.globalContent" in text else "state"
        if source == "fusion":
            at = text.find("=", text.find("Fusion.globalContent"))
            yield from ((v, source) for v in self.decode(text, at + 1, once=True))
            return
        rsc = "__next_f" in text
        end = attempts = 0
        for m in _STARTS.finditer(text):  # one linear scan; decoding is what is counted
            if m.end() < end:
                continue  # inside a value already read
            attempts += 1
            if attempts > MAX_ATTEMPTS or self.budget <= 0:
                break
            for value in self.decode(text, m.end(), once=True):
                end = self.last_end
                if rsc and isinstance(value, list) and len(value) > 1:
                    if isinstance(value[1], str):
                        yield value[1], "rsc"
                    continue
                yield value, source

    def decode(self, text: str, at: int, *, once: bool = False) -> Iterator[Any]:
        """The JSON value at ``text[at:]`` (skipping spaces), within the page's budget; a JSON
        string holding JSON (``JSON.parse("…")``) is decoded once more."""
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        if at >= len(text) or text[at] not in '{["' or len(text) - at > self.budget:
            return  # a value that may be longer than what is left of the budget is not read
        try:
            value, end = self.decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            self.budget -= max(1, exc.pos - at)
            return
        except RecursionError:  # nested past the decoder's limit: this value only
            self.budget -= len(text) - at
            return
        self.budget -= end - at
        self.last_end = end
        if isinstance(value, str):
            if once and value[:1] in ("{", "["):
                yield from self.decode(value, 0)
            return
        yield value

    # --- searching -------------------------------------------------------------------------
    def search(self, root: Any, source: str) -> None:
        """Walk the value (depth first, bounded by `MAX_VALUES`) collecting candidates."""
        stack: list[tuple[Any, str, int, tuple[dict[str, Any], ...]]] = [(root, "", 0, ())]
        while stack and self.visits > 0:
            value, key, depth, owners = stack.pop()
            self.visits -= 1
            if isinstance(value, dict):
                owners = (value, *owners[:7])
                if source == "json-ld" and isinstance(value.get("articleBody"), str):
                    self._text(value["articleBody"], source, owners, trusted=True)
                for k, v in islice(value.items(), MAX_ITEMS):
                    if isinstance(k, str) and isinstance(v, dict | list):
                        if not _ELSEWHERE.search(k):
                            stack.append((v, k, depth + 1, owners))
                    elif isinstance(k, str) and isinstance(v, str) and k.lower() in _BODY_KEYS:
                        if v[:1] == "$" and len(v) <= 9:
                            v = self.refs.get(v[1:], v)
                        if len(v) >= MIN_STORY_CHARS and k != "articleBody":
                            self._text(v, source, owners, trusted=False)
            elif isinstance(value, list):
                if value and isinstance(value[0], dict):
                    self._paragraph_list(value, key, source, owners, depth)
                elif value and isinstance(value[0], str) and key.lower() in _LINES_KEYS:
                    lines = [v for v in value[:MAX_ITEMS] if isinstance(v, str) and v.strip()]
                    self._add(sum(map(_size, lines)), source, False, lines, owners)
                stack.extend((v, key, depth + 1, owners) for v in value[:MAX_ITEMS] if v)

    def _text(
        self, raw: str, source: str, owners: tuple[dict[str, Any], ...], *, trusted: bool
    ) -> None:
        if "<" not in raw and "\n" not in raw and " " not in raw.strip():
            return  # a token, an id, base64 …
        self._add(_size(raw), source, trusted, [raw], owners)

    def _paragraph_list(
        self,
        items: list[Any],
        key: str,
        source: str,
        owners: tuple[dict[str, Any], ...],
        depth: int,
    ) -> None:
        parts: list[str] = []
        chars = kept = 0
        for item in items[:MAX_ITEMS]:
            if not isinstance(item, dict):
                continue
            text = _item_html(item, 0)
            if text:
                parts.append(text)
                chars += _size(text)
                kept += 1
        if kept < 2 or kept * 4 < min(len(items), MAX_ITEMS):
            return
        trusted = source == "fusion" and key == "content_elements" and depth == 1
        self._add(chars, source, trusted, parts, owners)

    def _add(
        self,
        chars: int,
        source: str,
        trusted: bool,
        html: list[str],
        owners: tuple[dict[str, Any], ...],
    ) -> None:
        if chars < (MIN_TRUSTED_CHARS if trusted else MIN_STORY_CHARS):
            return
        matched = bool(self.headline) and any(titled(o, self.headline) for o in owners[:3])
        score = chars * (1.5 if trusted else 1.0) * (1.5 if matched else 1.0)
        self.found.append(_Candidate(score, source, trusted, matched, html, list(owners)))

    def best(self) -> EmbeddedStory | None:
        if not self.found:
            return None
        top = max(self.found, key=lambda c: c.score)
        paragraphs = to_paragraphs(top.html)
        if not paragraphs:
            return None
        story = EmbeddedStory(paragraphs, top.source, top.trusted or top.matched)
        describe(story, top.owners)
        return story


# --- items and text ------------------------------------------------------------------------


def _item_html(item: dict[str, Any], depth: int) -> str:
    """A paragraph object's text (HTML or plain): its own text field, else its parts'."""
    kind = next((v for k in _TYPE_KEYS if isinstance(v := item.get(k), str)), "")
    if kind and _OTHER_TYPES.search(kind) and not _PARAGRAPH_TYPES.match(kind):
        return ""
    for k in _TEXT_KEYS:
        v = item.get(k)
        if isinstance(v, str) and v.strip():
            if kind.lower() in ("header", "heading", "subheading") or kind.lower()[:1] == "h":
                return f"<h3>{v}</h3>"
            return v
    if depth >= 3:
        return ""
    for k in _PART_KEYS:
        v = item.get(k)
        if isinstance(v, list):
            inner = [_item_html(x, depth + 1) for x in v[:MAX_ITEMS] if isinstance(x, dict)]
            sep = "<br>" if k in ("items", "content_elements") else ""
            return sep.join(t for t in inner if t)
    return ""


def _size(raw: str) -> int:
    """About how many characters of text: markup is not counted (a cheap guess, one pass)."""
    return len(_TAGS.sub("", raw)) if "<" in raw else len(raw)


_parser = HTMLParser(remove_comments=True, remove_pis=True)


def to_paragraphs(parts: list[str]) -> list[str]:
    """Texts (HTML or plain) → paragraphs: blocks and <br> split, captions and figures
    dropped, template placeholders ("$$ARTICLEAD$$") removed."""
    html = "".join(f"<p>{p}</p>" if "<" in p else f"<p>{_escape(p)}</p>" for p in parts)
    try:
        root = fragment_fromstring(html, create_parent="div", parser=_parser)
    except (etree.LxmlError, ValueError):
        return []
    for el in root.xpath(_NOT_TEXT):
        if el.getparent() is not None:
            el.drop_tree()
    out: list[str] = []
    for line in element_text(root, lines=True).split("\n"):
        line = clean_text(_PLACEHOLDER.sub(" ", line))
        if line:
            out.append(line)
            if len(out) >= MAX_PARAGRAPHS:
                break
    return out


def _escape(text: str) -> str:
    """Plain text as HTML whose newlines stay paragraph breaks."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\n", "<br>")
