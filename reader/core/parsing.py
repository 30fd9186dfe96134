"""Feed bytes → :class:`ParsedFeed`: RSS/Atom through feedparser here (plain RSS 2.0 through the
lxml fast path of :mod:`reader.core.fast_feed`, same result), JSON Feed in
:mod:`reader.core.json_feed`; :func:`parse_feed` sniffs the body and dispatches. The helpers both
formats share (entry identity and hash, link safety, summaries, limits) live here.

Runs in worker processes (``ProcessPoolExecutor``): :func:`parse_feed` is pure CPU, takes and
returns picklable values, and imports feedparser only when first called, so importing this
module stays cheap for the UI process.

Plain-text fields (titles, authors, summaries) are cleaned here with :mod:`reader.core.text`;
``content`` stays HTML (escape sequences and NUL removed) and is sanitised once, at render time.

Every field has a cap, and so do a feed's entries and their text in all (see
:mod:`reader.core.feed_caps`); XML entities are sized by :mod:`reader.core.xml_guard` before
feedparser may expand them.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlparse, urlsplit, urlunparse

from reader.core import fast_feed, lean_feedparser
from reader.core.charsets import BOMS, decoded, read_body
from reader.core.feed_caps import (
    MAX_CONTENT,
    MAX_CONTENT_TEXT,
    MAX_ENTRIES,
    cap_html,
    keep_within_caps,
)
from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.text import (
    CleanError,
    clean_text,
    html_to_text,
    index_text,
    one_line,
    strip_escapes,
    text_to_html,
    truncate,
)
from reader.core.xml_guard import entity_problem

if TYPE_CHECKING:
    import xml.sax.xmlreader

    from _typeshed import ReadableBuffer

MAX_TITLE = 1_000
MAX_SUMMARY = 1_000
MAX_AUTHOR = 300
MAX_KEY = 512  # longer guids are stored as their hash
MAX_LINK = 4_096

# dict.get, not FeedParserDict.get: none of the keys read here has an alias, and its lookup
# (aliases, special keys: "updated" would answer with "published", and warn) costs 1 µs a key.
_get = dict.get
_PARTIAL_TAG = re.compile(r"<[^<>]*\Z")  # stops at each "<": linear
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})


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
    stamp = entry.published.isoformat() if entry.published else ""
    return _sha1(
        entry.title, entry.link or "", entry.author or "", stamp, entry.summary, entry.content
    )


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
    title = _plain(feed.get("title_detail"), MAX_TITLE) or None
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
        feed_author = _author(result.get("feed", {}))
    for e in result.get("entries", []):
        content_html = _content_html(e)
        # The content's text once: the index keeps it, and when the summary comes from the same
        # HTML (an RSS description is usually both) the summary is its first words.
        text = html_to_text(content_html) if content_html else ""
        summary_detail = _get(e, "summary_detail")
        known = (content_html, flat := one_line(text))
        summary = _plain(summary_detail, MAX_SUMMARY, known) if summary_detail else ""
        if not summary and content_html:
            summary = summary_of(content_html, known=known)
        updated = as_utc(_get(e, "updated_parsed"))
        published = as_utc(_get(e, "published_parsed")) or updated
        published = published or as_utc(_get(e, "created_parsed"))
        link = _get(e, "link")
        if _get(e, "guidislink") and link == _get(e, "id") and not _is_web_url(link):
            link = None  # a bare guid ("12345") is no permalink, whatever isPermaLink says
        link = safe_link(link, url)
        title = _plain(_get(e, "title_detail"), MAX_TITLE) or truncate(summary, 100)
        if not (title or link or content_html):
            continue  # nothing a reader could see (a loose parse of broken XML leaves these)
        yield ParsedEntry(
            key=entry_key(_get(e, "id"), link, title, summary, published),
            title=title,
            link=link,
            author=_author(e) or feed_author,
            published=published,
            updated=updated,
            summary=summary,
            content=content_html,
            content_text=truncate(index_text(text, summary, flat=flat), MAX_CONTENT_TEXT),
        )


def _plain(detail: dict[str, Any] | None, limit: int, known: tuple[str, str] | None = None) -> str:
    """A feedparser text construct as one clean line: HTML-typed ones lose their tags."""
    if not detail:
        return ""
    value = str(_get(detail, "value") or "")
    if _get(detail, "type") in _HTML_TYPES:
        return summary_of(value, limit, known)
    return truncate(clean_text(value[: limit * 8]), limit)


def summary_of(
    html_text: str, limit: int = MAX_SUMMARY, known: tuple[str, str] | None = None
) -> str:
    """At most ``limit`` characters of an HTML body's text. Only the start is converted: a
    summary never needs more, and whole 1 MB articles would cost time for nothing.

    ``known``: an HTML string and its single-line text (``one_line(html_to_text(...))``),
    already computed for the index: reused when ``html_text`` is that string.
    """
    if len(html_text) > limit * 32:
        html_text = _PARTIAL_TAG.sub("", html_text[: limit * 32])
    elif known is not None and html_text == known[0]:
        return truncate(known[1], limit)
    return truncate(html_to_text(html_text, single_line=True), limit)


def _content_html(e: dict[str, Any]) -> str:
    contents = [c for c in _get(e, "content") or [] if _get(c, "value")]
    best = next((c for c in contents if _get(c, "type") in _HTML_TYPES), None)
    best = best or (contents[0] if contents else _get(e, "summary_detail"))
    if not best:
        return ""
    value = str(_get(best, "value") or "")
    if _get(best, "type") in _HTML_TYPES:
        return strip_escapes(cap_html(value))
    return cap_html(text_to_html(value[:MAX_CONTENT]))  # escaping can make text 6 times longer


# RSS writes "email (Name)"; feedparser splits it with a regex that knows only 2-4 letter
# top-level domains, so "jdoe@ledger.example (Jane Doe)" became "ple (Jane Doe".
_EMAIL_THEN_NAME = re.compile(r"^\s*[^\s@()<>]+@[^\s()<>]+\s*\((?P<name>[^()]+)\)\s*$")
_NAME_THEN_EMAIL = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<[^\s@<>]+@[^\s<>]+>\s*$")


def _author(e: dict[str, Any]) -> str | None:
    # White space collapsed first: the patterns' \s* after a lazy name was quadratic on a long
    # run of it (20,000 spaces: 0.6 s an entry); the name loses nothing it would keep.
    raw = " ".join(str(_get(e, "author") or "").split())
    if "@" in raw and (m := (_EMAIL_THEN_NAME.match(raw) or _NAME_THEN_EMAIL.match(raw))):
        return truncate(html_to_text(m.group("name"), single_line=True), MAX_AUTHOR) or None
    names = [str(_get(a, "name") or _get(a, "email") or "") for a in _get(e, "authors") or []]
    names = [n for n in (html_to_text(n, single_line=True) for n in names) if n]
    if not names and _get(e, "author"):
        names = [html_to_text(str(e["author"]), single_line=True)]
    text = truncate(", ".join(dict.fromkeys(n for n in names if n)), MAX_AUTHOR)
    return text or None


def as_utc(parsed: Any) -> datetime | None:
    """feedparser's UTC ``struct_time`` as an aware datetime (None when absent or absurd)."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _is_web_url(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def safe_link(link: object, base: str) -> str | None:
    """An absolute http(s) link, resolved against ``base``; anything else (javascript:, data:,
    file:, mailto:, garbage) is dropped.
    """
    if not isinstance(link, str):
        return None
    link = clean_text(link).replace(" ", "%20")
    if not link or len(link) > MAX_LINK:
        return None
    if link.startswith(_WEB) and base.startswith(_WEB):
        return _absolute_web_link(link, base)
    try:
        absolute = urljoin(base, link)
        parts = urlsplit(absolute)
    except ValueError:  # e.g. a malformed IPv6 netloc
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute


_WEB = ("http://", "https://")


def _absolute_web_link(link: str, base: str) -> str | None:
    """What the general path of `safe_link` gives for an absolute http(s) link (almost every
    feed link), parsed once instead of three times (urljoin parses the base and the link, the
    check the result). urljoin returns a link of another scheme as it is; one of the base's
    scheme put back together from its parts, which is the link itself unless an empty query,
    fragment or parameters get dropped; one without a host is relative after all."""
    scheme = "https" if link[4] == "s" else "http"
    # An ASCII link without brackets (IPv6) has nothing urlsplit() refuses, and a host when
    # something other than "/", "?" or "#" follows the "//": no need to split it.
    if not (
        link.isascii()
        and "[" not in link
        and "]" not in link
        and link[len(scheme) + 3 : len(scheme) + 4] not in ("", "/", "?", "#")
    ):
        try:
            parts = urlsplit(link)
        except ValueError:  # e.g. a malformed IPv6 netloc
            return None
        if not parts.netloc:
            try:
                absolute = urljoin(base, link)
                return absolute if urlsplit(absolute).netloc else None
            except ValueError:
                return None
    if not base.startswith(scheme + ":"):
        return link
    if ";" in link or "?#" in link or link.endswith(("?", "#")):
        return urlunparse(urlparse(link))
    return link


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
