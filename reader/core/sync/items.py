"""The server's JSON as Sinmun's own records: subscriptions, and items as cleaned entries.

An item becomes the `ParsedEntry` a feed's entry would: title and author as one clean line,
the HTML body capped and stripped of escape sequences, the summary its first words, links only
http(s). Its key is what a fetch of the feed would give it when the server passes the guid on,
else its link, so the same story from a local feed and from the server is one article (and
`state.SyncStore` matches a stored article by its link too).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from reader.core.entry_fields import MAX_AUTHOR, MAX_TITLE, safe_link, summary_of
from reader.core.feed_caps import MAX_CONTENT_TEXT, cap_html
from reader.core.models import ParsedEntry
from reader.core.parsing import entry_key
from reader.core.sync.dialects import label_name, parse_item_id, state_name
from reader.core.sync.model import ServerItem, Subscription
from reader.core.text import clean_text, html_to_text, index_text, one_line, strip_escapes, truncate
from reader.core.urls import normalize_url


def subscriptions(answer: Any) -> list[Subscription]:
    """`subscription/list`'s feeds that have a usable http(s) URL, each stream once."""
    raw = answer.get("subscriptions") if isinstance(answer, dict) else None
    out: dict[str, Subscription] = {}
    for sub in raw if isinstance(raw, list) else []:
        if not isinstance(sub, dict) or not isinstance(sub.get("id"), str):
            continue
        stream = clean_text(sub["id"])
        # Google's own form is feed/<url>; FreshRSS and Miniflux give the URL in `url`
        url = safe_link(sub.get("url") or stream.removeprefix("feed/"), "")
        if not stream or url is None or stream in out:
            continue
        labels = []
        for category in sub.get("categories") or []:
            if isinstance(category, dict):
                name = category.get("label") or label_name(str(category.get("id", ""))) or ""
                if name := clean_text(str(name)):
                    labels.append(name)
        out[stream] = Subscription(
            stream_id=stream,
            url=normalize_url(url),
            title=_line(sub.get("title"), MAX_TITLE) or None,
            site_link=safe_link(sub.get("htmlUrl"), url),
            labels=tuple(dict.fromkeys(labels)),
        )
    return list(out.values())


def server_items(raw_items: list[Any]) -> Iterator[ServerItem]:
    """The usable items of a `stream/items/contents` answer."""
    for raw in raw_items:
        if isinstance(raw, dict) and (item := server_item(raw)) is not None:
            yield item


def server_item(raw: dict[str, Any]) -> ServerItem | None:
    try:
        item_id = parse_item_id(str(raw.get("id", "")))
    except ValueError:
        return None
    origin = raw.get("origin")
    stream = origin.get("streamId") if isinstance(origin, dict) else None
    if not isinstance(stream, str) or not stream:
        return None
    link = _link(raw)
    body = _body(raw)
    content = strip_escapes(cap_html(body)) if body else ""
    text = html_to_text(content) if content else ""
    flat = one_line(text)
    summary = summary_of(content, known=(content, flat)) if content else ""
    title = _line(raw.get("title"), MAX_TITLE) or truncate(summary, 100)
    published = _seconds(raw.get("published")) or _seconds(raw.get("updated"))
    guid = raw.get("guid") if isinstance(raw.get("guid"), str) else None
    states = {state_name(str(c)) for c in raw.get("categories") or [] if isinstance(c, str)}
    entry = ParsedEntry(
        key=entry_key(guid, link, title, summary, published)
        if guid or link
        else f"greader:{item_id}",
        title=title,
        link=link,
        author=_line(raw.get("author"), MAX_AUTHOR) or None,
        published=published,
        summary=summary,
        content=content,
        content_text=truncate(index_text(text, summary, flat=flat), MAX_CONTENT_TEXT),
    )
    return ServerItem(
        item_id=item_id,
        stream_id=stream,
        entry=entry,
        read="read" in states,
        starred="starred" in states,
        timestamp_usec=_usec(raw),
        changed_ms=_changed_ms(raw),
    )


def _line(value: object, limit: int) -> str:
    if not isinstance(value, str):
        return ""
    return truncate(html_to_text(value[: limit * 8], single_line=True), limit)


def _link(raw: dict[str, Any]) -> str | None:
    for key in ("canonical", "alternate"):
        links = raw.get(key)
        for link in links if isinstance(links, list) else []:
            if isinstance(link, dict) and (href := safe_link(link.get("href"), "")):
                return href
    return None


def _body(raw: dict[str, Any]) -> str:
    """The item's HTML: `content` (the full one) else `summary` (FreshRSS puts it there)."""
    for key in ("content", "summary"):
        part = raw.get(key)
        if isinstance(part, dict) and isinstance(part.get("content"), str) and part["content"]:
            return str(part["content"])
    return ""


def _seconds(value: object) -> datetime | None:
    try:
        seconds = int(str(value))
    except ValueError:
        return None
    if not 0 < seconds < 253402300800:  # before year 10000
        return None
    return datetime.fromtimestamp(seconds, UTC)


def _changed_ms(raw: dict[str, Any]) -> int | None:
    """When the item's state last changed: Miniflux's `updated` (FreshRSS sends none)."""
    when = _seconds(raw.get("updated")) if "updated" in raw else None
    return None if when is None else int(when.timestamp()) * 1000


def _usec(raw: dict[str, Any]) -> int:
    """When the server took the item in, in µs (`timestampUsec`, else `crawlTimeMsec`)."""
    for key, scale in (("timestampUsec", 1), ("crawlTimeMsec", 1000)):
        try:
            value = int(str(raw.get(key)))
        except ValueError:
            continue
        if value > 0:
            return value * scale
    return 0
