"""Subscription lists in and out: OPML (import and export) and newsboat `urls` files (import).

Both are outside text: titles, tags and URLs pass through the one sanitizer on the way in and
on the way out, so a list can neither reach the terminal with escape sequences nor produce XML
that cannot be read back.
"""

from __future__ import annotations

import shlex
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr

from reader.core.charsets import BOMS
from reader.core.models import Feed, FeedSpec
from reader.core.text import CleanError, clean_text

MAX_FOLDERS = 16  # nesting levels of OPML folders that become tags


class SubscriptionFileError(CleanError):
    """The file could not be read as a subscription list (one line)."""


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _text_of(data: bytes) -> str:
    """The file as text: a byte-order mark (UTF-8, UTF-16, UTF-32) or UTF-16 without one,
    else UTF-8 (bad bytes replaced)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", "replace")
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", "replace")
    return data.decode("utf-8", "replace")


def _spec(url: str, title: str | None, tags: Iterable[str]) -> FeedSpec | None:
    """A cleaned spec, or None for a URL that is not plain http(s) text."""
    url = url.strip()
    if not _is_http(url) or clean_text(url) != url:
        return None  # controls, escapes or spaces in a URL: not a URL
    clean_tags = tuple(dict.fromkeys(t for t in (clean_text(tag) for tag in tags) if t))
    return FeedSpec(url, clean_text(title or "") or None, clean_tags)


def parse_subscriptions(data: bytes) -> list[FeedSpec]:
    """Feeds from an OPML document or a newsboat urls file, told apart by content."""
    text = _text_of(data)
    head = text.lstrip()[:200].lower()
    if head.startswith("<") and ("<opml" in text[:2000].lower() or head.startswith("<?xml")):
        return parse_opml(text)
    return parse_newsboat_urls(text)


def parse_opml(data: bytes | str) -> list[FeedSpec]:
    text = data if isinstance(data, str) else _text_of(data)
    if "<!ENTITY" in text.upper():  # no entity tricks in a subscription list
        raise SubscriptionFileError("OPML with entity declarations is not accepted")
    try:
        # As text, the XML declaration's encoding is moot: the bytes were decoded above.
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise SubscriptionFileError(f"not valid OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise SubscriptionFileError(f"not OPML: the root element is <{root.tag}>")
    body = root.find("body")
    if body is None:
        raise SubscriptionFileError("not valid OPML: no <body>")
    specs: list[FeedSpec] = []
    seen: set[str] = set()

    # Depth first, in document order, without recursion: a file of 100,000 nested folders
    # must not overflow the stack. Folders deeper than MAX_FOLDERS add no more tags.
    stack: list[tuple[Iterator[ET.Element], tuple[str, ...]]] = [
        (iter(body.findall("outline")), ())
    ]
    while stack:
        outlines, folders = stack[-1]
        outline = next(outlines, None)
        if outline is None:
            stack.pop()
            continue
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        label = clean_text(outline.get("title") or outline.get("text") or "")
        if url:
            categories = (outline.get("category") or "").split(",")
            tags = (*folders, *(c.strip().strip("/") for c in categories))
            spec = _spec(url, label, tags)
            if spec is not None and spec.url not in seen:
                seen.add(spec.url)
                specs.append(spec)
        else:
            inner = (*folders, label) if label and len(folders) < MAX_FOLDERS else folders
            stack.append((iter(outline.findall("outline")), inner))
    return specs


def parse_newsboat_urls(text: str) -> list[FeedSpec]:
    """newsboat's format: `URL tag "tag with space" "~Custom title"` per line, # comments."""
    specs: list[FeedSpec] = []
    seen: set[str] = set()
    # Lines end at "\n" (and "\r\n"), as in newsboat: splitlines() would also cut at NEL, FS,
    # U+2028 … inside a quoted title.
    for number, line in enumerate(text.split("\n"), start=1):
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
        title = next((w[1:] for w in rest if w.startswith("~")), None)
        tags = (w for w in rest if not w.startswith(("~", "!")))
        # query:, exec:, filter: feeds have no URL to fetch
        spec = _spec(url, title, tags)
        if spec is not None and spec.url not in seen:
            seen.add(spec.url)
            specs.append(spec)
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
        # Cleaned: XML 1.0 cannot carry most control characters, and a list must import again.
        title = quoteattr(clean_text(feed.title))
        attrs = f'type="rss" text={title} title={title} xmlUrl={quoteattr(clean_text(feed.url))}'
        if feed.site_link:
            attrs += f" htmlUrl={quoteattr(clean_text(feed.site_link))}"
        tags = [clean_text(t).replace(",", " ") for t in feed.tags]
        if any(tags):
            attrs += f" category={quoteattr(','.join(t for t in tags if t))}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
