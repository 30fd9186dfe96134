"""Feed discovery: the feeds an HTML page advertises, free of any I/O.

A page names its feeds in its head: `<link rel="alternate" type="application/rss+xml"
href="/rss.xml">` (or Atom's `application/atom+xml`, JSON Feed's `application/feed+json`).
Relative addresses are resolved against the page's URL (or its `<base href>`).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

from reader.core.urls import normalize_url

__all__ = ["FEED_TYPES", "advertised_feeds"]

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
# The links sit in the head; a page's first megabyte holds it whatever the page is.
_SCANNED = 1024 * 1024


def advertised_feeds(body: bytes, page_url: str, charset: str | None = None) -> list[str]:
    """The absolute http(s) URLs of the feeds `body` advertises, in page order, each once."""
    from reader.core.charsets import choose_encoding

    head = body[:_SCANNED]
    text = head.decode(choose_encoding(head, charset) or "utf-8", "replace")
    finder = _LinkFinder(page_url)
    try:
        finder.feed(text)
        finder.close()
    except (AssertionError, ValueError):  # html.parser on input it cannot make sense of
        pass
    return finder.found


class _LinkFinder(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = page_url
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("link", "base"):
            return
        a = {name: (value or "").strip() for name, value in attrs}
        href = a.get("href", "")
        if not href:
            return
        if tag == "base":
            self.base = urljoin(self.base, href)
            return
        media_type = a.get("type", "").partition(";")[0].strip().lower()
        if "alternate" not in a.get("rel", "").lower().split() or media_type not in FEED_TYPES:
            return
        try:
            url = normalize_url(urljoin(self.base, href))
        except ValueError:  # a malformed address (a bad IPv6 literal …)
            return
        if url.startswith(("http://", "https://")) and url not in self.found:
            self.found.append(url)
