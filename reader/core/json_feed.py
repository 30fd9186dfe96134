"""JSON Feed 1.0 / 1.1 bodies → :class:`ParsedFeed`, read with ``json``.

:func:`reader.core.parsing.parse_feed` sniffs a body and dispatches JSON here; the helpers both
formats share are in ``parsing`` (entry identity) and ``entry_fields`` (link safety, summaries,
limits). This module imports ``parsing`` at load time, so ``parsing`` imports this one inside
``parse_feed``: no cycle.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from typing import Any

from reader.core.charsets import decodes, normalise_charset
from reader.core.entry_fields import (
    MAX_AUTHOR,
    MAX_SUMMARY,
    MAX_TITLE,
    as_utc,
    safe_link,
    summary_of,
)
from reader.core.feed_caps import MAX_CONTENT, MAX_CONTENT_TEXT, cap_html, keep_within_caps
from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.parsing import FeedParseError, entry_key
from reader.core.text import (
    clean_text,
    html_to_text,
    index_text,
    one_line,
    strip_escapes,
    text_to_html,
    truncate,
)


def parse_json_feed(body: bytes, charset: str | None, url: str) -> ParsedFeed:
    """JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        try:
            data = json.loads(body)
        except UnicodeDecodeError:  # JSON must be UTF-8; tolerate a declared legacy charset
            encoding = normalise_charset(charset)
            if not encoding or not decodes(body, encoding):
                raise FeedParseError("invalid JSON: not UTF-8") from None
            data = json.loads(body.decode(encoding))
    except json.JSONDecodeError as exc:
        raise FeedParseError(
            f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise FeedParseError("invalid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer beyond Python's 4,300-digit limit
        raise FeedParseError(clean_text(f"invalid JSON: {exc}")[:200]) from None
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or "jsonfeed.org" not in version:
        raise FeedParseError("not a feed (JSON without a JSON Feed version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedParseError("invalid JSON Feed: no items list")
    feed_author = _json_author(data)
    entries, cut = keep_within_caps(
        _json_entry(item, url, feed_author) for item in items if isinstance(item, dict)
    )
    return ParsedFeed(
        title=truncate(_json_text(data.get("title")), MAX_TITLE) or None,
        site_link=safe_link(data.get("home_page_url"), url),
        entries=entries,
        warning=cut,
    )


def _json_entry(item: dict[str, Any], url: str, feed_author: str | None) -> ParsedEntry:
    content_html = item.get("content_html")
    content_text = item.get("content_text")
    if isinstance(content_html, str) and content_html.strip():
        content = strip_escapes(cap_html(content_html))
    elif isinstance(content_text, str):  # escaping can make text 6 times longer
        content = cap_html(text_to_html(content_text[:MAX_CONTENT]))
    else:
        content = ""
    text = html_to_text(content) if content else ""
    flat = one_line(text)
    summary = truncate(_json_text(item.get("summary")), MAX_SUMMARY)
    if not summary and content:
        summary = summary_of(content, known=(content, flat))
    title = truncate(_json_text(item.get("title")), MAX_TITLE) or truncate(summary, 100)
    published = _json_date(item.get("date_published"))
    updated = _json_date(item.get("date_modified"))
    published = published or updated
    link = safe_link(item.get("url"), url) or safe_link(item.get("external_url"), url)
    raw_id = item.get("id")
    guid = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else None
    return ParsedEntry(
        key=entry_key(guid, link, title, summary, published),
        title=title,
        link=link,
        author=_json_author(item) or feed_author,
        published=published,
        updated=updated,
        summary=summary,
        content=content,
        content_text=truncate(index_text(text, summary, flat=flat), MAX_CONTENT_TEXT),
    )


def _json_text(value: object) -> str:
    """JSON Feed text is plain, but generators often HTML-escape it: decode entities only."""
    return clean_text(html.unescape(value)) if isinstance(value, str) else ""


def _json_author(obj: dict[str, Any]) -> str | None:
    authors = obj.get("authors")  # 1.1: a list; 1.0: one "author" object
    if not isinstance(authors, list):
        authors = [obj.get("author")]
    names = [_json_text(a.get("name")) for a in authors if isinstance(a, dict)]
    text = truncate(", ".join(dict.fromkeys(n for n in names if n)), MAX_AUTHOR)
    return text or None


def _json_date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        from feedparser.datetimes import _parse_date  # RFC 822, W3C-DTF and more

        return as_utc(_parse_date(value))
    try:
        return stamp.replace(tzinfo=stamp.tzinfo or UTC).astimezone(UTC)
    except (OverflowError, ValueError):
        return None
