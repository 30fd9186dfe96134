"""Feed bytes → :class:`ParsedFeed`: RSS/Atom through feedparser here (plain RSS 2.0 through the
lxml fast path of :mod:`reader.core.fast_feed`, same result), JSON Feed in
:mod:`reader.core.json_feed`; :func:`parse_feed` sniffs the body and dispatches. Entry identity
and hash, which both formats share, live here; each entry field (text, content, author, dates,
links, their caps) is read by :mod:`reader.core.entry_fields`.

Runs in worker processes (``ProcessPoolExecutor``): :func:`parse_feed` is pure CPU, takes and
returns picklable values, and imports feedparser only when first called, so importing this
module stays cheap for the UI process.

Plain-text fields (titles, authors, summaries) are cleaned with :mod:`reader.core.text`;
``content`` stays HTML (escape sequences and NUL removed) and is sanitised once, at render time.

Every field has a cap, and so do a feed's entries and their text in all (see
:mod:`reader.core.feed_caps`); XML entities are sized by :mod:`reader.core.xml_guard` before
feedparser may expand them.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reader.core import fast_feed, lean_feedparser
from reader.core.charsets import BOMS, decoded, read_body
from reader.core.entry_fields import (
    MAX_SUMMARY,
    MAX_TITLE,
    as_utc,
    author_of,
    entry_content,
    is_web_url,
    plain_text,
    safe_link,
    summary_of,
)
from reader.core.feed_caps import MAX_CONTENT_TEXT, MAX_ENTRIES, keep_within_caps
from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.text import (
    CleanError,
    clean_text,
    html_to_text,
    index_text,
    one_line,
    strip_escapes,
    truncate,
)
from reader.core.xml_guard import entity_problem

if TYPE_CHECKING:
    import xml.sax.xmlreader

    from _typeshed import ReadableBuffer

MAX_KEY = 512  # longer guids are stored as their hash

_get = dict.get  # not FeedParserDict.get: see reader.core.entry_fields


class FeedParseError(CleanError):
    """The body is not a usable feed; the message is one short human reason."""


def parse_feed(
    body: bytes, headers: Mapping[str, str], url: str, *, fast: bool = True
) -> ParsedFeed:
    """Parse a feed body as fetched. Raises :class:`FeedParseError` when nothing is usable.
    ``fast``: plain RSS 2.0 is read with lxml (:mod:`reader.core.fast_feed`), the same result;
    False sends every feed through feedparser (the equivalence test compares the two)."""
    hdrs = {str(k).lower(): str(v) for k, v in headers.items()}
    media_type, charset = _content_type(hdrs.get("content-type", ""))
    head = _head_text(body)
    if not head.strip():
        raise FeedParseError("empty body")
    start = head.lstrip()[:1]
    if start in ("{", "[") or (media_type.endswith("json") and start != "<"):
        from reader.core.json_feed import parse_json_feed  # lazy: it imports this module

        return parse_json_feed(body, charset, url)
    return _parse_xml_feed(body, hdrs, media_type, charset, head, url, fast)


def entry_key(
    guid: str | None,
    link: str | None,
    title: str,
    summary: str,
    published: datetime | None,
) -> str:
    """An entry's identity within its feed: guid/id, else link, else a hash of what it says."""
    for value in (guid, link):
        value = strip_escapes(value or "").strip()  # no NUL or lone surrogates in the DB
        if value:
            return value if len(value) <= MAX_KEY else "sha1:" + _sha1(value)
    stamp = published.isoformat() if published else ""
    return "sha1:" + _sha1(title, summary, stamp)


def entry_hash(entry: ParsedEntry) -> str:
    """Hash of everything a reader sees, so storage can tell "updated" from "unchanged"."""
    return seen_hash(
        entry.title, entry.link, entry.author, entry.published, entry.summary, entry.content
    )


def seen_hash(
    title: str,
    link: str | None,
    author: str | None,
    published: datetime | None,
    summary: str,
    content: str,
) -> str:
    """`entry_hash` of an entry with these fields."""
    stamp = published.isoformat() if published else ""
    return _sha1(title, link or "", author or "", stamp, summary, content)


def _sha1(*parts: str) -> str:
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _content_type(value: str) -> tuple[str, str | None]:
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media_type.strip().lower(), charset


def _head_text(body: bytes, size: int = 1024) -> str:
    """The start of the body as text, for sniffing only (feed, HTML page, JSON...)."""
    chunk = body[:size]
    for bom, encoding in BOMS:
        if chunk.startswith(bom):
            return chunk[len(bom) :].decode(encoding, "ignore")
    if chunk[:4] == b"\x00\x00\x00<":
        return chunk.decode("utf-32-be", "ignore")
    if chunk[:4] == b"<\x00\x00\x00":
        return chunk.decode("utf-32-le", "ignore")
    if chunk[:2] == b"<\x00":
        return chunk.decode("utf-16-le", "ignore")
    if chunk[:2] == b"\x00<":
        return chunk.decode("utf-16-be", "ignore")
    return chunk.decode("latin-1")


_NOT_HTML = "not a feed (looks like an HTML page)"
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>])",
    re.IGNORECASE | re.DOTALL,
)


# --- RSS / Atom ---------------------------------------------------------------------------------


def _parse_xml_feed(
    body: bytes,
    hdrs: dict[str, str],
    media_type: str,
    charset: str | None,
    head: str,
    url: str,
    fast: bool,
) -> ParsedFeed:
    import feedparser  # lazy: 0.05 s, only the parsing workers need it
    import feedparser.api

    # Our SAX driver (below) instead of trying to import libxml2's on every parse.
    feedparser.api.PREFERRED_XML_PARSERS = [__name__]
    fast = lean_feedparser.install() and fast  # the fast path copies feedparser 6.0.14
    if _HTML_START.match(head):
        raise FeedParseError(_NOT_HTML)
    # The body is decoded once here; each later step (entity sizing, the fast path) reads
    # that text rather than decoding the bytes again.
    encoding, text = read_body(body, charset)
    if text is None and encoding:
        text = decoded(body, encoding)
    if encoding == "utf-8" and text is None:
        # A few bad sequences in an otherwise UTF-8 feed spoil those bytes only; feedparser
        # would re-read the whole feed in a guessed charset (mojibake everywhere).
        replaced = body.decode("utf-8", "replace")
        bad = replaced.count("\ufffd")
        non_ascii = len(replaced) - len(replaced.encode("ascii", "ignore"))
        if non_ascii - bad >= 4 * bad:
            body, text = replaced.encode("utf-8"), replaced
    # Our own encoding decision replaces feedparser's RFC 3023 rules (text/xml without charset
    # means US-ASCII there). No Content-Location: with a base URI feedparser spends a quarter of
    # its time re-joining it on every element; safe_link() resolves links against the URL.
    hdrs["content-type"] = "application/xml" + (f"; charset={encoding}" if encoding else "")
    hdrs.pop("content-location", None)
    if refused := entity_problem(body, encoding, hdrs, text):
        raise FeedParseError(refused)
    fast_result = fast_feed.read_rss(body, encoding, text) if fast else None
    del text  # feedparser decodes the body its own way: no second copy held meanwhile
    result = fast_result or _feedparser_parse(body, hdrs)
    feed = result.get("feed", {})
    title = plain_text(feed.get("title_detail"), MAX_TITLE) or None
    entries, cut = keep_within_caps(_entries(result, url))
    problem = _bozo_reason(result.get("bozo_exception"), head) if result.get("bozo") else None
    if not entries and not result.get("version"):
        if media_type in ("text/html", "application/xhtml+xml"):
            raise FeedParseError(_NOT_HTML)
        if not head.lstrip().startswith("<"):
            raise FeedParseError("not a feed (no RSS, Atom or JSON Feed found)")
        raise FeedParseError(problem or "not a feed (XML without RSS or Atom elements)")
    if problem and not entries and not title:
        raise FeedParseError(problem)
    return ParsedFeed(
        title=title,
        site_link=safe_link(feed.get("link"), url),
        entries=entries,
        warning="; ".join(w for w in (problem, cut) if w) or None,
    )


def _feedparser_parse(body: bytes, hdrs: dict[str, str]) -> Mapping[str, Any]:
    import feedparser

    # BytesIO: given bytes, feedparser would first try them as a local file name.
    try:
        return feedparser.parse(  # type: ignore[no-any-return]
            io.BytesIO(body),
            response_headers=hdrs,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # a feedparser bug on odd input must stay one feed's error
        raise FeedParseError(f"feed parser failed ({type(exc).__name__})") from None


def _bozo_reason(exc: BaseException | None, head: str) -> str:
    if exc is None:
        return "malformed feed"
    get_message = getattr(exc, "getMessage", None)
    if callable(get_message):  # xml.sax.SAXParseException
        line, column = exc.getLineNumber(), exc.getColumnNumber()  # type: ignore[attr-defined]
        if line > 1 and not head.startswith("<?xml"):
            line -= 1  # feedparser prepended an XML declaration line
        return f"malformed XML: {get_message()} at line {line}, column {column}"
    name = type(exc).__name__
    if name == "CharacterEncodingOverride":
        return str(exc)
    if name == "CharacterEncodingUnknown":
        return "unknown character encoding"
    return clean_text(f"malformed feed: {exc}")[:200]


def _entries(result: Mapping[str, Any], url: str) -> Iterator[ParsedEntry]:
    feed_author = None
    if str(result.get("version", "")).startswith("atom"):  # Atom: feed authors apply to entries
        feed_author = author_of(result.get("feed", {}))
    for e in result.get("entries", []):
        content_html = entry_content(e)
        # The content's text once: the index keeps it, and when the summary comes from the same
        # HTML (an RSS description is usually both) the summary is its first words.
        text = html_to_text(content_html) if content_html else ""
        summary_detail = _get(e, "summary_detail")
        known = (content_html, flat := one_line(text))
        summary = plain_text(summary_detail, MAX_SUMMARY, known) if summary_detail else ""
        if not summary and content_html:
            summary = summary_of(content_html, known=known)
        updated = as_utc(_get(e, "updated_parsed"))
        published = as_utc(_get(e, "published_parsed")) or updated
        published = published or as_utc(_get(e, "created_parsed"))
        link = _get(e, "link")
        if _get(e, "guidislink") and link == _get(e, "id") and not is_web_url(link):
            link = None  # a bare guid ("12345") is no permalink, whatever isPermaLink says
        link = safe_link(link, url)
        title = plain_text(_get(e, "title_detail"), MAX_TITLE) or truncate(summary, 100)
        if not (title or link or content_html):
            continue  # nothing a reader could see (a loose parse of broken XML leaves these)
        author = author_of(e) or feed_author
        yield ParsedEntry(
            key=entry_key(_get(e, "id"), link, title, summary, published),
            title=title,
            link=link,
            author=author,
            published=published,
            updated=updated,
            summary=summary,
            content=content_html,
            content_text=truncate(index_text(text, summary, flat=flat), MAX_CONTENT_TEXT),
            digest=seen_hash(title, link, author, published, summary, content_html),
        )


def create_parser() -> xml.sax.xmlreader.XMLReader:
    """The SAX driver feedparser gets (``xml.sax.make_parser`` calls this module's
    ``create_parser``): the stdlib expat reader, with expat's text buffering on. Without it
    expat reports character data in pieces (at every line end and entity reference) and
    feedparser handles each piece in Python: 13% of its time on a feed of HTML descriptions.
    The same parser and features otherwise, so the same documents parse the same way."""
    global _expat_reader
    if _expat_reader is None:
        from xml.sax.expatreader import ExpatParser

        class BufferedExpatParser(ExpatParser):
            def reset(self) -> None:
                super().reset()
                self._parser.buffer_text = True  # type: ignore[attr-defined]  # private: no stub

            def feed(self, data: str | ReadableBuffer, isFinal: bool = False) -> None:
                # Past MAX_ENTRIES entries (and one whole more: the feed has more) the rest
                # is left unread, 64 KB at a time: no time or memory for entries that would be
                # dropped, and no error from its end.
                handler = self._cont_handler  # type: ignore[attr-defined]  # private: no stub
                if len(getattr(handler, "entries", ())) <= MAX_ENTRIES + 1:
                    super().feed(data, isFinal)

        _expat_reader = BufferedExpatParser
    return _expat_reader()


_expat_reader: type[xml.sax.xmlreader.XMLReader] | None = None
