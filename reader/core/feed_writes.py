"""Writing one refreshed feed: its new and changed articles, their index entries and region
tags, and the feed's own row, inside the caller's transaction (see `Storage.apply_feed`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reader.core import region_index
from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.region_match import Place
from reader.core.schema import CHUNK, StorageError, to_ts


def write_feed(
    c: sqlite3.Connection,
    feed_id: int,
    parsed: ParsedFeed,
    places: Sequence[Place],
    *,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None,
    when: datetime,
) -> tuple[int, int]:
    """Store a parsed feed; returns (new, updated) article counts. ``c`` is in a transaction.

    New entries arrive unread. Known ones (same key) keep read/starred whatever happens and are
    rewritten only when their entry hash changed. A key repeated within the feed counts once:
    the first one wins.
    """
    # Imported here: parsing is written for worker processes and the UI rarely writes.
    from reader.core.parsing import entry_hash

    now = to_ts(when)
    entries: dict[str, ParsedEntry] = {}
    for e in parsed.entries:
        entries.setdefault(e.key, e)
    new_rows: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    if not c.execute("SELECT 1 FROM feeds WHERE id = ?", (feed_id,)).fetchone():
        raise StorageError(f"no feed with id {feed_id}")
    known = _known_entries(c, feed_id, list(entries))
    for key, e in entries.items():
        digest = entry_hash(e)
        row = known.get(key)
        if row is not None and row[1] == digest:
            continue
        published = to_ts(e.published)
        fields = (
            e.title,
            e.link,
            e.author,
            published,
            e.summary,
            e.content,
            _content_text(e),
            digest,
        )
        if row is None:
            new_rows.append((feed_id, key, *fields, now, now if published is None else published))
        else:
            changed.append((*fields, published, e.link, e.link, row[0]))
    # New rows get ids above the current maximum (rowid allocation, write lock held).
    last_id = c.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    c.executemany(
        "INSERT INTO articles (feed_id, key, title, link, author, published, summary, "
        "content, content_text, entry_hash, first_seen, sort_ts) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new_rows,
    )
    if new_rows:  # one statement: FTS5 writes one segment for the whole feed
        c.execute(
            "INSERT INTO articles_fts (rowid, title, summary, content_text, full_text) "
            "SELECT id, title, summary, content_text, full_text FROM articles "
            "WHERE id > ?",
            (last_id,),
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
        _tag_written(c, places, entries, last_id, [row[-1] for row in changed])
    c.execute(
        "UPDATE feeds SET title = COALESCE(?, title), site_link = COALESCE(?, site_link), "
        "etag = ?, last_modified = ?, body_hash = ?, last_fetched = ?, "
        "last_success = ?, last_error = NULL, error_count = 0 WHERE id = ?",
        (
            parsed.title or None,
            parsed.site_link or None,
            etag,
            last_modified,
            body_hash,
            now,
            now,
            feed_id,
        ),
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
    entries: dict[str, ParsedEntry],
    last_id: int,
    changed_ids: list[int],
) -> None:
    """Tag the rows just inserted (ids above `last_id`) and rewritten."""
    matcher = region_index.matcher_for(tuple(places))
    rows = []
    for article_id, key in c.execute("SELECT id, key FROM articles WHERE id > ?", (last_id,)):
        entry = entries[key]
        found = entry.regions
        if found is None:
            found = region_index.entry_regions(matcher, entry)
        rows.append((article_id, found))
    region_index.write_tags(c, rows)
    for i in range(0, len(changed_ids), CHUNK):
        chunk = changed_ids[i : i + CHUNK]
        marks = ",".join("?" * len(chunk))
        region_index.retag(c, matcher, f"AND id IN ({marks})", chunk)


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
