"""Writing one refreshed feed: its new and changed articles, their region tags, and the feed's
own row (see `Storage.apply_feed`). The full-text index takes the new articles at the end of
the refresh, all in one statement (`fts_index.index_backlog`), the search index later, in
batches (`search_index.index_some`).

The work is split so the write lock is held for SQL alone: `prepare_feed` does every bit of CPU
work (hashes, index text, region tags) before the transaction, `write_feed` runs inside it.
Another process's writes (the app's star toggle, a second refresh) wait for this one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reader.core import fts_index, region_index, search_index
from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.query_parts import CHUNK, to_ts
from reader.core.region_match import Place
from reader.core.schema import StorageError


class FeedRemoved(StorageError):
    """The feed was unsubscribed (by another process or thread) while it was refreshed."""

    def __init__(self, feed_id: int) -> None:
        super().__init__(f"no feed with id {feed_id}")
        self.feed_id = feed_id


@dataclass(frozen=True, slots=True)
class PreparedEntry:
    entry: ParsedEntry
    digest: str  # entry_hash: tells "updated" from "unchanged"
    content_text: str
    regions: tuple[str, ...]  # the configured regions it mentions (none configured: empty)


@dataclass(frozen=True, slots=True)
class PreparedFeed:
    title: str | None
    site_link: str | None
    entries: dict[str, PreparedEntry]  # by key; a key repeated within the feed counts once


def prepare_feed(parsed: ParsedFeed, places: Sequence[Place]) -> PreparedFeed:
    """Everything `write_feed` needs that costs CPU, computed outside any transaction.

    A key repeated within the feed counts once: the first one wins.
    """
    # Imported here: parsing is written for worker processes and the UI rarely writes.
    from reader.core.parsing import entry_hash

    matcher = region_index.matcher_for(tuple(places)) if places else None
    entries: dict[str, PreparedEntry] = {}
    for e in parsed.entries:
        if e.key in entries:
            continue
        text = _content_text(e)
        regions: tuple[str, ...] = ()
        if matcher is not None:
            found = e.regions
            if found is None:  # the parser's workers tag entries; others are tagged here
                found = tuple(sorted(matcher.regions_in(e.title, e.summary, text)))
            regions = found
        digest = e.digest if e.digest is not None else entry_hash(e)  # the worker's, if any
        entries[e.key] = PreparedEntry(e, digest, text, regions)
    return PreparedFeed(parsed.title or None, parsed.site_link or None, entries)


def stored_fields(parsed: ParsedFeed) -> list[tuple[str, Any]]:
    """What a refresh stores of a parsed feed, as (field, value) pairs in a stable order: two
    parses of one document are the same to a reader when these are equal."""
    fields: list[tuple[str, Any]] = [
        ("title", parsed.title),
        ("site_link", parsed.site_link),
        ("warning", parsed.warning),
        ("entries", len(parsed.entries)),
    ]
    for key, p in prepare_feed(parsed, ()).entries.items():
        e = p.entry
        for name in ("title", "link", "author", "published", "updated", "summary", "content"):
            fields.append((f"{key}.{name}", getattr(e, name)))
        fields += [(f"{key}.content_text", p.content_text), (f"{key}.hash", p.digest)]
    return fields


def write_feed(
    c: sqlite3.Connection,
    feed_id: int,
    feed: PreparedFeed,
    places: Sequence[Place],
    *,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None,
    when: datetime,
) -> tuple[int, int]:
    """Store a prepared feed; returns (new, updated) article counts. ``c`` is in a transaction.

    New entries arrive unread. Known ones (same key) keep read/starred whatever happens and are
    rewritten only when their entry hash changed. FeedRemoved when the feed is gone.
    """
    now = to_ts(when)
    new_rows: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    changed_keys: list[tuple[int, str]] = []
    if not c.execute("SELECT 1 FROM feeds WHERE id = ?", (feed_id,)).fetchone():
        raise FeedRemoved(feed_id)
    known = _known_entries(c, feed_id, list(feed.entries))
    for key, p in feed.entries.items():
        e = p.entry
        row = known.get(key)
        if row is not None and row[1] == p.digest:
            continue
        published = to_ts(e.published)
        fields: tuple[Any, ...]
        fields = (e.title, e.link, e.author, published, e.summary, e.content, p.content_text)
        fields += (p.digest,)
        if row is None:
            new_rows.append((feed_id, key, *fields, now, now if published is None else published))
        else:
            changed.append((*fields, published, e.link, e.link, row[0]))
            changed_keys.append((row[0], key))
    # New rows get ids above the current maximum (rowid allocation, write lock held). They go
    # in last entry first: the list breaks ties of its time (published, else first seen: the
    # same second for every undated entry of this write) by id, newest first, so the feed's
    # own order is kept — its first entry above its later ones, as the feed lists them.
    new_rows.reverse()
    last_id = c.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    if new_rows:  # both indexes take them later (`Storage.index_search`, `Storage.index_fts`)
        search_index.make_room(c, last_id)
        fts_index.make_room(c, last_id)
    c.executemany(
        "INSERT INTO articles (feed_id, key, title, link, author, published, summary, "
        "content, content_text, entry_hash, first_seen, sort_ts) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new_rows,
    )
    # SET expressions see the old row: a changed link means the cached extraction is of
    # another page, so it is dropped.
    c.executemany(
        "UPDATE articles SET title = ?, link = ?, author = ?, published = ?, "
        "summary = ?, content = ?, content_text = ?, entry_hash = ?, "
        "sort_ts = COALESCE(?, first_seen), "
        "full_text = CASE WHEN link IS ? THEN full_text END, "
        "full_data = CASE WHEN link IS ? THEN full_data END WHERE id = ?",
        changed,
    )
    if places:
        _tag_written(c, places, feed, last_id, changed_keys)
    c.execute(
        "UPDATE feeds SET title = COALESCE(?, title), site_link = COALESCE(?, site_link), "
        "etag = ?, last_modified = ?, body_hash = ?, last_fetched = ?, "
        "last_success = ?, last_error = NULL, error_count = 0 WHERE id = ?",
        (feed.title, feed.site_link, etag, last_modified, body_hash, now, now, feed_id),
    )
    return len(new_rows), len(changed)


def _content_text(entry: ParsedEntry) -> str:
    """Index text for the content; empty when it only repeats the summary (smaller index).
    The parser derives it in its worker process; entries built elsewhere get it here."""
    if entry.content_text is not None:
        return entry.content_text
    if not entry.content:
        return ""
    from reader.core.text import html_to_text, index_text

    return index_text(html_to_text(entry.content), entry.summary)


def _tag_written(
    c: sqlite3.Connection,
    places: Sequence[Place],
    feed: PreparedFeed,
    last_id: int,
    changed: list[tuple[int, str]],
) -> None:
    """Tag the rows just inserted (ids above `last_id`) and rewritten, from the prepared tags."""
    inserted = [
        (article_id, feed.entries[key].regions)
        for article_id, key in c.execute("SELECT id, key FROM articles WHERE id > ?", (last_id,))
    ]
    region_index.write_tags(c, inserted, new=True)
    region_index.write_tags(
        c, [(article_id, feed.entries[key].regions) for article_id, key in changed]
    )
    # A rewritten article that kept its cached page text is tagged from that text too.
    matcher = region_index.matcher_for(tuple(places))
    for i in range(0, len(changed), CHUNK):
        chunk = [article_id for article_id, _ in changed[i : i + CHUNK]]
        marks = ",".join("?" * len(chunk))
        region_index.retag(c, matcher, f"AND id IN ({marks}) AND full_text IS NOT NULL", chunk)


def _known_entries(
    c: sqlite3.Connection, feed_id: int, keys: list[str]
) -> dict[str, tuple[int, str]]:
    """key → (id, entry_hash) of the stored articles among ``keys`` (one query per chunk)."""
    known: dict[str, tuple[int, str]] = {}
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        marks = ",".join("?" * len(chunk))
        for key, article_id, digest in c.execute(
            f"SELECT key, id, entry_hash FROM articles WHERE feed_id = ? AND key IN ({marks})",
            (feed_id, *chunk),
        ):
            known[key] = (article_id, digest)
    return known
