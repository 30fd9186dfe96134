"""The reader's flags on articles (read, starred), each change to an article synced with a
server queued for it in the same transaction (`sync.queue`), so none is made without being
queued. Plain functions on a connection inside a write transaction (`Storage`'s).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.core.models import ArticleQuery
from reader.core.query_parts import CHUNK, where_clause


def set_read(c: sqlite3.Connection, ids: Sequence[int], read: bool) -> int:
    """Mark articles read or unread; returns how many changed."""
    from reader.core.sync import queue

    ids = list(ids)
    changed = 0
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        queue.queue_flag(c, chunk, "read", read)
        marks = ",".join("?" * len(chunk))
        changed += c.execute(
            f"UPDATE articles SET read = ? WHERE id IN ({marks}) AND read != ?",
            (int(read), *chunk, int(read)),
        ).rowcount
    return changed


def set_starred(c: sqlite3.Connection, article_id: int, starred: bool) -> None:
    from reader.core.sync import queue

    queue.queue_flag(c, [article_id], "starred", starred)
    c.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))


def mark_all_read(c: sqlite3.Connection, q: ArticleQuery, region_names: frozenset[str]) -> int:
    """Mark every unread article the query shows as read; returns how many. Synced articles
    are queued for the server: a whole feed (or everything) as "mark all as read" of its
    server streams, any narrower view article by article."""
    from reader.core.sync import queue

    where, params = where_clause(q, region_names)
    whole = not (q.starred_only or q.search or (q.region and q.region.strip()))
    feed_ids: list[int] | None = None
    if q.feed_id is not None or q.feed_url is not None:
        found = c.execute(
            "SELECT id FROM feeds WHERE id = ? OR url = ?", (q.feed_id, q.feed_url)
        ).fetchall()
        feed_ids = [row[0] for row in found]
    if whole and feed_ids != []:
        queue.queue_stream_read(c, feed_ids)
    else:
        queue.queue_read_where(c, where, params)
    unread = f"{where} AND a.read = 0" if where else " WHERE a.read = 0"
    return c.execute(f"UPDATE articles AS a SET read = 1{unread}", params).rowcount
