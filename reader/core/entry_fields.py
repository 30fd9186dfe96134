"""One feed entry's fields from feedparser's result (or the fast path's, which has the same
shape): text constructs as clean lines, the content as HTML, the author's name, dates as UTC,
links made absolute and safe, each within its cap. :mod:`reader.core.parsing` reads entries
with these; :mod:`reader.core.json_feed` and :mod:`reader.core.sync.items` share the caps,
``summary_of``, ``as_utc`` and ``safe_link``.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlparse, urlsplit, urlunparse

from reader.core.feed_caps import MAX_CONTENT, cap_html
from reader.core.text import clean_text, html_to_text, strip_escapes, text_to_html, truncate

MAX_TITLE = 1_000
MAX_SUMMARY = 1_000
MAX_AUTHOR = 300
MAX_LINK = 4_096

# dict.get, not FeedParserDict.get: none of the keys read here has an alias, and its lookup
# (aliases, special keys: "updated" would answer with "published", and warn) costs 1 µs a key.
_get = dict.get
_PARTIAL_TAG = re.compile(r"<[^<>]*\Z")  # stops at each "<": linear
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})


def plain_text(
    detail: dict[str, Any] | None, limit: int, known: tuple[str, str] | None = None
) -> str:
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


def entry_content(e: dict[str, Any]) -> str:
    """An entry's content as HTML: its HTML content, else its first content or its summary."""
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


def author_of(e: dict[str, Any]) -> str | None:
    """An entry's (or an Atom feed's) author names, without e-mail addresses."""
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


def is_web_url(value: object) -> bool:
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
