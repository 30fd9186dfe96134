"""Subscription lists in and out: OPML (import and export) and newsboat `urls` files (import)."""

from __future__ import annotations

import shlex
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr

from reader.core.models import Feed, FeedSpec


class SubscriptionFileError(Exception):
    """The file could not be read as a subscription list (one line)."""


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def parse_subscriptions(data: bytes) -> list[FeedSpec]:
    """Feeds from an OPML document or a newsboat urls file, told apart by content."""
    head = data.lstrip()[:200].lower()
    if head.startswith(b"<") and (b"<opml" in data[:2000].lower() or head.startswith(b"<?xml")):
        return parse_opml(data)
    return parse_newsboat_urls(data.decode("utf-8", errors="replace"))


def parse_opml(data: bytes) -> list[FeedSpec]:
    if b"<!ENTITY" in data.upper():  # no entity tricks in a subscription list
        raise SubscriptionFileError("OPML with entity declarations is not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SubscriptionFileError(f"not valid OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise SubscriptionFileError(f"not OPML: the root element is <{root.tag}>")
    body = root.find("body")
    if body is None:
        raise SubscriptionFileError("not valid OPML: no <body>")
    specs: list[FeedSpec] = []
    seen: set[str] = set()

    def walk(node: ET.Element, folders: tuple[str, ...]) -> None:
        for outline in node.findall("outline"):
            url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
            label = (outline.get("title") or outline.get("text") or "").strip()
            if url:
                if _is_http(url) and url not in seen:
                    seen.add(url)
                    specs.append(FeedSpec(url, label or None, folders))
            else:
                walk(outline, (*folders, label) if label else folders)

    walk(body, ())
    return specs


def parse_newsboat_urls(text: str) -> list[FeedSpec]:
    """newsboat's format: `URL tag "tag with space" "~Custom title"` per line, # comments."""
    specs: list[FeedSpec] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise SubscriptionFileError(f"line {number}: {exc}") from None
        if not words:
            continue
        url, rest = words[0], words[1:]
        if not _is_http(url):
            continue  # query:, exec:, filter: feeds have no URL to fetch
        title = next((w[1:] for w in rest if w.startswith("~")), None)
        tags = tuple(w for w in rest if not w.startswith(("~", "!")))
        if url not in seen:
            seen.add(url)
            specs.append(FeedSpec(url, title or None, tags))
    return specs


def export_opml(feeds: Iterable[Feed], *, now: datetime | None = None) -> str:
    when = (now or datetime.now(UTC)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        "    <title>Sinmun subscriptions</title>",
        f"    <dateCreated>{when}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for feed in feeds:
        attrs = f'type="rss" text={quoteattr(feed.title)} title={quoteattr(feed.title)}'
        attrs += f" xmlUrl={quoteattr(feed.url)}"
        if feed.site_link:
            attrs += f" htmlUrl={quoteattr(feed.site_link)}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
