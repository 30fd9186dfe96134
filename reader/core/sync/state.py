"""The sync's side of the database: which feeds are the server's, the server's id beside each
article it sent, the flags both sides last agreed on, and the queue (`queue.py`).

Items are written through the refresh's own path (`feed_writes.prepare_feed`/`write_feed`:
cleaning, region tags, the search index), one transaction per batch together with their
server ids and full-text index entries, so a sync killed halfway leaves whole batches and
fetches the rest next time.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime

from reader.core import fts_index
from reader.core.feed_writes import prepare_feed, write_feed
from reader.core.models import ParsedFeed
from reader.core.query_parts import CHUNK, to_ts
from reader.core.region_match import Place
from reader.core.sync import queue
from reader.core.sync.decisions import merge_flag
from reader.core.sync.model import QueuedChange, ServerItem, Subscription

Tx = Callable[[], AbstractContextManager[sqlite3.Connection]]


@dataclass(slots=True)
class Written:
    new: int = 0
    updated: int = 0


class SyncStore:
    """Built by `Storage.sync_store()`: `read` and `write` are its read and (refresh-turn)
    write transactions."""

    def __init__(self, read: Tx, write: Tx) -> None:
        self._read = read
        self._write = write

    # --- subscriptions ------------------------------------------------------------------
    def feeds_by_stream(self) -> dict[str, int]:
        with self._read() as c:
            return dict(c.execute("SELECT stream_id, feed_id FROM sync_feeds"))

    def apply_subscriptions(
        self, subs: Sequence[Subscription], local_urls: set[str], when: datetime
    ) -> dict[str, int]:
        """Subscribe to the server's feeds (their folders as tags), drop the ones it no longer
        lists (a feed the config lists too stays, as a local feed). Returns stream → feed id."""
        now = to_ts(when)
        with self._write() as c:
            wanted = {sub.stream_id for sub in subs}
            for stream, feed_id in list(c.execute("SELECT stream_id, feed_id FROM sync_feeds")):
                if stream in wanted:
                    continue
                c.execute("DELETE FROM sync_feeds WHERE feed_id = ?", (feed_id,))
                row = c.execute("SELECT url FROM feeds WHERE id = ?", (feed_id,)).fetchone()
                if row is not None and row[0] not in local_urls:
                    c.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            for sub in subs:
                row = c.execute("SELECT id, tags FROM feeds WHERE url = ?", (sub.url,)).fetchone()
                if row is None:
                    feed_id = c.execute(
                        "INSERT INTO feeds (url, title, site_link, tags, added_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (sub.url, sub.title, sub.site_link, json.dumps(sub.labels), now),
                    ).lastrowid
                else:
                    feed_id = row[0]
                    tags = list(sub.labels)
                    if sub.url in local_urls:  # the config's tags stay beside the folders
                        tags = list(dict.fromkeys([*json.loads(row[1] or "[]"), *tags]))
                    c.execute(
                        "UPDATE feeds SET title = COALESCE(?, title), "
                        "site_link = COALESCE(?, site_link), tags = ? WHERE id = ?",
                        (sub.title, sub.site_link, json.dumps(tags, ensure_ascii=False), feed_id),
                    )
                c.execute(
                    "INSERT INTO sync_feeds (feed_id, stream_id) VALUES (?, ?) "
                    "ON CONFLICT (feed_id) DO UPDATE SET stream_id = excluded.stream_id",
                    (feed_id, sub.stream_id),
                )
            return dict(c.execute("SELECT stream_id, feed_id FROM sync_feeds"))

    # --- items --------------------------------------------------------------------------
    def known_ids(self) -> set[int]:
        with self._read() as c:
            return {row[0] for row in c.execute("SELECT item_id FROM sync_items")}

    def write_items(
        self,
        items: Sequence[ServerItem],
        feeds: dict[str, int],
        places: Sequence[Place],
        when: datetime,
        written: dict[int, Written],
    ) -> None:
        """Store one batch of items (those of feeds not subscribed are left out) and their
        ids, in one transaction; counts go into `written` by feed id."""
        by_feed: dict[int, list[ServerItem]] = {}
        for item in items:
            if (feed_id := feeds.get(item.stream_id)) is not None:
                by_feed.setdefault(feed_id, []).append(item)
        with self._read() as c:  # keys as stored: the same story from a local fetch is one
            keyed = {fid: _with_stored_keys(c, fid, batch) for fid, batch in by_feed.items()}
        prepared = {
            fid: prepare_feed(ParsedFeed(None, None, tuple(i.entry for i in batch)), places)
            for fid, batch in keyed.items()
        }
        with self._write() as c:
            for feed_id, batch in keyed.items():
                if not c.execute("SELECT 1 FROM feeds WHERE id = ?", (feed_id,)).fetchone():
                    continue  # unsubscribed meanwhile
                new, updated = write_feed(
                    c,
                    feed_id,
                    prepared[feed_id],
                    places,
                    etag=None,
                    last_modified=None,
                    body_hash=None,
                    when=when,
                )
                counts = written.setdefault(feed_id, Written())
                counts.new += new
                counts.updated += updated
                _link_items(c, feed_id, batch)
            fts_index.index_backlog(c)  # one statement for the batch, as a refresh ends

    # --- flags --------------------------------------------------------------------------
    def merge_flags(
        self,
        unread: set[int] | None,
        starred: set[int] | None,
        pushed: set[tuple[int, str]],
    ) -> int:
        """Apply the server's read and starred state (None: that list was incomplete, so it
        decides nothing) to every synced item; returns how many articles changed."""
        changed = 0
        with self._write() as c:
            held = queue.held_items(c) | pushed
            rows = c.execute(
                "SELECT s.item_id, a.read, a.starred, s.base_read, s.base_starred "
                "FROM sync_items s JOIN articles a ON a.id = s.article_id"
            ).fetchall()
            updates: list[tuple[int, int, int, int, int]] = []
            for item_id, read, star, base_read, base_star in rows:
                new_read, new_base_read = bool(read), bool(base_read)
                if unread is not None:
                    new_read, new_base_read = merge_flag(
                        bool(read),
                        bool(base_read),
                        item_id not in unread,
                        held=(item_id, "read") in held,
                    )
                new_star, new_base_star = bool(star), bool(base_star)
                if starred is not None:
                    new_star, new_base_star = merge_flag(
                        bool(star),
                        bool(base_star),
                        item_id in starred,
                        held=(item_id, "starred") in held,
                    )
                after = (new_read, new_star, new_base_read, new_base_star)
                if after != (bool(read), bool(star), bool(base_read), bool(base_star)):
                    updates.append((*map(int, after), item_id))
                    changed += (new_read, new_star) != (bool(read), bool(star))
            for i in range(0, len(updates), CHUNK):
                chunk = updates[i : i + CHUNK]
                c.executemany(
                    "UPDATE articles SET read = ?, starred = ? WHERE id = "
                    "(SELECT article_id FROM sync_items WHERE item_id = ?)",
                    [(r, s, item) for r, s, _, _, item in chunk],
                )
                c.executemany(
                    "UPDATE sync_items SET base_read = ?, base_starred = ? WHERE item_id = ?",
                    [(br, bs, item) for _, _, br, bs, item in chunk],
                )
        return changed

    # --- the queue ----------------------------------------------------------------------
    def pending(self) -> list[QueuedChange]:
        with self._read() as c:
            return queue.pending(c)

    def overtake(self, changes: Sequence[tuple[QueuedChange, bool]]) -> None:
        with self._write() as c:
            queue.overtake(c, changes)

    def acknowledge(self, changes: Sequence[QueuedChange]) -> None:
        with self._write() as c:
            queue.acknowledge(c, changes)

    def waiting(self) -> int:
        with self._read() as c:
            return queue.waiting(c)


def _with_stored_keys(
    c: sqlite3.Connection, feed_id: int, items: list[ServerItem]
) -> list[ServerItem]:
    """`items` with the key of the article already stored for the same link, if any: a story
    first fetched from the feed itself keeps its identity (and read and starred state)."""
    links = [i.entry.link for i in items if i.entry.link]
    stored: dict[str, str] = {}
    for start in range(0, len(links), CHUNK):
        chunk = links[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        stored.update(
            c.execute(
                f"SELECT link, key FROM articles WHERE feed_id = ? AND link IN ({marks})",
                (feed_id, *chunk),
            ).fetchall()
        )
    return [
        replace(i, entry=replace(i.entry, key=stored[i.entry.link]))
        if i.entry.link in stored and stored[i.entry.link] != i.entry.key
        else i
        for i in items
    ]


def _link_items(c: sqlite3.Connection, feed_id: int, items: list[ServerItem]) -> None:
    """Record each item's server id beside its article. A new item takes the server's flags;
    an article Sinmun held already keeps a read or a star it has (queued for the server)."""
    for item in items:
        row = c.execute(
            "SELECT a.id, a.read, a.starred, s.item_id FROM articles a "
            "LEFT JOIN sync_items s ON s.item_id = ? WHERE a.feed_id = ? AND a.key = ?",
            (item.item_id, feed_id, item.entry.key),
        ).fetchone()
        if row is None:
            continue  # a key repeated within the batch: its first item holds the article
        article_id, read, starred, known = row
        if known is not None:
            continue
        was_new = not c.execute(
            "SELECT 1 FROM sync_items WHERE article_id = ?", (article_id,)
        ).fetchone() and not (read or starred)
        c.execute(
            "INSERT INTO sync_items (item_id, article_id, stream_id, timestamp_usec, "
            "base_read, base_starred) VALUES (?, ?, ?, ?, ?, ?)",
            (
                item.item_id,
                article_id,
                item.stream_id,
                item.timestamp_usec,
                int(item.read),
                int(item.starred),
            ),
        )
        new_read, new_star = bool(read) or item.read, bool(starred) or item.starred
        if was_new:
            new_read, new_star = item.read, item.starred
        c.execute(
            "UPDATE articles SET read = ?, starred = ? WHERE id = ?",
            (int(new_read), int(new_star), article_id),
        )
        for flag, mine, theirs in (
            ("read", new_read, item.read),
            ("starred", new_star, item.starred),
        ):
            if mine != theirs:
                c.execute(
                    "INSERT INTO sync_queue (item_id, flag, value, made_at) VALUES (?, ?, 1, ?)",
                    (item.item_id, flag, queue.now_ms()),
                )
