"""The queue of the reader's changes to synced articles, in the database (`sync_queue`).

Storage queues a change in the same transaction that makes it (`Storage.set_read`,
`set_starred`, `mark_all_read`), so a change is never made without being queued. A sync pushes
the queue in order, batch by batch, and each batch leaves the queue (and becomes the new base)
only once the server has answered it: a sync killed halfway pushes the rest next time, and the
server takes the same edit twice without harm.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from reader.core.sync.model import QueuedChange

_FLAGS = {"read": "read", "starred": "starred"}  # flag name → articles column


def now_ms() -> int:
    return int(time.time() * 1000)


def queue_flag(c: sqlite3.Connection, article_ids: Sequence[int], flag: str, value: bool) -> int:
    """Queue `flag` = `value` for the synced items of `article_ids` whose flag differs (call
    before the update). Returns how many were queued."""
    column = _FLAGS[flag]
    marks = ",".join("?" * len(article_ids))
    return c.execute(
        "INSERT INTO sync_queue (item_id, flag, value, made_at) "
        f"SELECT s.item_id, ?, ?, ? FROM sync_items s JOIN articles a ON a.id = s.article_id "
        f"WHERE s.article_id IN ({marks}) AND a.{column} != ? ORDER BY s.item_id",
        (flag, int(value), now_ms(), *article_ids, int(value)),
    ).rowcount


def queue_read_where(c: sqlite3.Connection, where: str, params: Sequence[Any]) -> int:
    """Queue "read" for the unread synced items among the articles `where` (on `articles AS
    a`, as `query_parts.where_clause` writes it) selects. Call before the update."""
    condition = f"{where} AND a.read = 0" if where else " WHERE a.read = 0"
    return c.execute(
        "INSERT INTO sync_queue (item_id, flag, value, made_at) "
        f"SELECT s.item_id, 'read', 1, ? FROM articles AS a "
        f"JOIN sync_items s ON s.article_id = a.id{condition} ORDER BY s.item_id",
        (now_ms(), *params),
    ).rowcount


def queue_stream_read(c: sqlite3.Connection, feed_ids: Sequence[int] | None) -> int:
    """Queue "mark all as read" for the server streams of `feed_ids` (None: every one), each up
    to the newest item Sinmun holds of it: the server's newer items stay unread. Returns how
    many streams were queued."""
    condition = ""
    if feed_ids is not None:
        condition = f" WHERE f.feed_id IN ({','.join('?' * len(feed_ids))})"
    return c.execute(
        "INSERT INTO sync_queue (stream_id, flag, value, made_at) "
        "SELECT f.stream_id, 'all_read', max(s.timestamp_usec), ? FROM sync_feeds f "
        f"JOIN sync_items s ON s.stream_id = f.stream_id{condition} "
        "GROUP BY f.stream_id HAVING max(s.timestamp_usec) > 0 "
        "AND sum(s.article_id IN (SELECT id FROM articles WHERE read = 0)) > 0",
        (now_ms(), *(feed_ids or ())),
    ).rowcount


def pending(c: sqlite3.Connection, limit: int = 10_000) -> list[QueuedChange]:
    rows = c.execute(
        "SELECT id, item_id, stream_id, flag, value, made_at FROM sync_queue ORDER BY id LIMIT ?",
        (limit,),
    )
    return [QueuedChange(*row) for row in rows]


def waiting(c: sqlite3.Connection) -> int:
    return int(c.execute("SELECT count(*) FROM sync_queue").fetchone()[0])


def held_items(c: sqlite3.Connection) -> set[tuple[int, str]]:
    """(item, flag) of every change still queued; a stream marked read holds its items' read."""
    held = {
        (item, flag)
        for item, flag in c.execute(
            "SELECT item_id, flag FROM sync_queue WHERE item_id IS NOT NULL"
        )
    }
    held |= {
        (item, "read")
        for (item,) in c.execute(
            "SELECT s.item_id FROM sync_queue q JOIN sync_items s ON s.stream_id = q.stream_id "
            "WHERE q.flag = 'all_read' AND s.timestamp_usec <= q.value"
        )
    }
    return held


def overtake(c: sqlite3.Connection, changes: Sequence[tuple[QueuedChange, bool]]) -> None:
    """Later changes on the server replace these queued ones: the article and the base take
    the server's value, and the change leaves the queue unpushed."""
    for change, value in changes:
        column = _FLAGS[change.flag]
        c.execute(
            f"UPDATE articles SET {column} = ? WHERE id = "
            "(SELECT article_id FROM sync_items WHERE item_id = ?)",
            (int(value), change.item_id),
        )
        c.execute(
            f"UPDATE sync_items SET base_{column} = ? WHERE item_id = ?",
            (int(value), change.item_id),
        )
        c.execute("DELETE FROM sync_queue WHERE id = ?", (change.id,))


def acknowledge(c: sqlite3.Connection, changes: Sequence[QueuedChange]) -> None:
    """The server took `changes`: they leave the queue and their values become the base."""
    for change in changes:
        if change.flag == "all_read":
            c.execute(
                "UPDATE sync_items SET base_read = 1 WHERE stream_id = ? AND timestamp_usec <= ?",
                (change.stream_id, change.value),
            )
        else:
            c.execute(
                f"UPDATE sync_items SET base_{change.flag} = ? WHERE item_id = ?",
                (change.value, change.item_id),
            )
    ids = [change.id for change in changes]
    c.execute(f"DELETE FROM sync_queue WHERE id IN ({','.join('?' * len(ids))})", ids)
