"""Retention in the database: drop, from one feed, what `reader.core.retention` decides.

`Storage.prune` runs this after a refresh, for each feed whose document the refresh stored:
the only feeds that can have grown, and the only ones whose current document (the entry keys
it lists, which must stay) is known.

Cheap when nothing is due: a feed is first checked against its covering index (its count, its
old read articles), and its rows are read only when something may go. The decision is made on
a read connection (`read`); the deletes run as refresh writes (`write`: each one lets the
user's pending writes go first) in short transactions of DELETE_CHUNK ids, so the user's star
or mark-read waits for one chunk at most. The full-text and search indexes follow through their
delete triggers, the region index through its ON DELETE CASCADE.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import datetime

from reader.core import search_index
from reader.core.query_parts import CHUNK, to_ts
from reader.core.retention import RetentionPolicy, Stored, is_due, to_drop

# Articles per delete transaction. Each delete also takes its entries out of both text indexes
# (FTS5 tokenizes the old text again) and its region tags: about 40 ms per hundred long articles.
DELETE_CHUNK = 100

Connect = Callable[[], AbstractContextManager[sqlite3.Connection]]


def prune_feed(
    read: Connect,
    write: Connect,
    policy: RetentionPolicy,
    feed_id: int,
    listed_keys: Iterable[str],
    when: datetime,
) -> int:
    """Apply `policy` to one feed whose current document lists `listed_keys`; returns how many
    articles were dropped. `read` opens a read connection, `write` a refresh's transaction."""
    if not policy.active:
        return 0
    now = to_ts(when) or 0
    with read() as c:
        ids = feed_drops(c, feed_id, frozenset(listed_keys), policy, now)
    dropped = 0
    for i in range(0, len(ids), DELETE_CHUNK):
        with write() as c:
            dropped += delete_articles(c, ids[i : i + DELETE_CHUNK])
    return dropped


def feed_drops(
    c: sqlite3.Connection, feed_id: int, listed: frozenset[str], policy: RetentionPolicy, now: int
) -> list[int]:
    """The ids of the feed's articles that `policy` drops (see `retention.to_drop`)."""
    total = c.execute("SELECT count(*) FROM articles WHERE feed_id = ?", (feed_id,)).fetchone()[0]
    cutoff = policy.read_cutoff(now)
    old_read = cutoff is not None and any(
        key not in listed  # a listed one stays: it would not make the feed due
        for (key,) in c.execute(
            "SELECT key FROM articles WHERE feed_id = ? AND sort_ts < ? AND read = 1 "
            "AND starred = 0",
            (feed_id, cutoff),
        ).fetchall()
    )
    if not is_due(policy, total, old_read):
        return []
    carried = _ids_of_keys(c, feed_id, list(listed))
    rows = c.execute(
        "SELECT id, sort_ts, read, starred FROM articles WHERE feed_id = ?", (feed_id,)
    ).fetchall()
    stored = [Stored(i, ts, bool(r), bool(s), i in carried) for i, ts, r, s in rows]
    return to_drop(stored, policy, now)


def _ids_of_keys(c: sqlite3.Connection, feed_id: int, keys: list[str]) -> set[int]:
    found: set[int] = set()
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0]
            for row in c.execute(
                f"SELECT id FROM articles WHERE feed_id = ? AND key IN ({marks})",
                (feed_id, *chunk),
            )
        )
    return found


def delete_articles(c: sqlite3.Connection, ids: list[int]) -> int:
    """Delete these articles (at most CHUNK) unless starred meanwhile: the user may star one
    between the decision and the delete. Their search-index entries, region tags and cached
    page text go with them."""
    search_index.register(c)  # the search index's delete trigger calls it (any connection)
    marks = ",".join("?" * len(ids))
    return c.execute(f"DELETE FROM articles WHERE id IN ({marks}) AND starred = 0", ids).rowcount
