"""What one parsed feed may hold, for RSS, Atom and JSON Feed alike: so that a refresh allocates
a bounded amount however hostile its feeds are. Titles, summaries, authors, links and keys have
their own caps in :mod:`reader.core.parsing`; these bound the big fields and the feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.models import ParsedEntry

# An entry's HTML: long-reads with their markup run to 100-300 KB; past 1 MiB it is no article
# (and a 1 MiB body already takes tens of milliseconds to lay out).
MAX_CONTENT = 1 << 20
# Its text kept for the search index: the text of even a 1 MiB page is mostly under half that.
MAX_CONTENT_TEXT = 1 << 19
# Entries kept per feed, the document's first (newest): feeds carry 10-100, full archives (a
# podcast's back catalogue) a few thousand, and 10,000 must store in bounded time (see
# tests/robustness); past that it is a dump, and feedparser spends ~2 KB and 66 µs on each.
MAX_ENTRIES = 10_000
# The text of all a feed's entries: 1.6 times the 10 MiB fetch cap, so a real feed that fits
# the fetch fits here too, where 10,000 entries of 1.5 MiB each would make 15 GiB.
MAX_FEED_CHARS = 16 << 20

_PARTIAL_REF = re.compile(r"&[#\w]{0,32}\Z")


def keep_within_caps(entries: Iterable[ParsedEntry]) -> tuple[tuple[ParsedEntry, ...], str | None]:
    """The entries a feed keeps: the first of each key (a repeated id in one document: the
    first, newest, wins), at most ``MAX_ENTRIES`` of them and ``MAX_FEED_CHARS`` of text in all;
    with a warning when some were left out. Entries past the caps are never even built."""
    kept: dict[str, ParsedEntry] = {}
    total = 0
    for entry in entries:
        if entry.key in kept:
            continue
        size = entry_chars(entry)
        if len(kept) == MAX_ENTRIES or total + size > MAX_FEED_CHARS:
            return tuple(kept.values()), f"feed too large: kept its first {len(kept):,} entries"
        kept[entry.key] = entry
        total += size
    return tuple(kept.values()), None


def entry_chars(e: ParsedEntry) -> int:
    """The characters of an entry's text fields, as counted against ``MAX_FEED_CHARS``."""
    fields = (e.key, e.title, e.link, e.author, e.summary, e.content, e.content_text)
    return sum(len(f) for f in fields if f)


def cap_html(html_text: str, limit: int = MAX_CONTENT) -> str:
    """At most ``limit`` characters of HTML, cut before a tag or a reference it would split,
    with "…" when cut."""
    if len(html_text) <= limit:
        return html_text
    cut = html_text[: limit - 1]
    if (lt := cut.rfind("<")) > cut.rfind(">"):
        cut = cut[:lt]
    if m := _PARTIAL_REF.search(cut, max(0, len(cut) - 34)):
        cut = cut[: m.start()]
    return cut + "…"
