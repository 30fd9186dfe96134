"""The feeds table: its rows read as `Feed`s with their article counts, the subscription's own
writes, and the fetch bookkeeping a refresh writes on a feed (validators, errors, a redirect).

Plain functions on a connection; `Storage` picks the connection and the transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from reader.core.models import Feed, FeedSpec
from reader.core.query_parts import from_ts
from reader.core.text import CleanError, printable

_FEED_COLS = (
    "f.id, f.url, f.title, f.user_title, f.site_link, f.tags, f.etag, f.last_modified, "
    "f.body_hash, f.last_fetched, f.last_success, f.last_error, f.error_count"
)
_COUNTS = "SELECT feed_id, count(*) AS total, sum(read = 0) AS unread FROM articles"


def _feed(row: Sequence[Any], total: int = 0, unread: int = 0) -> Feed:
    fid, url, title, user_title, site, tags, etag, lm, bh, fetched, ok, err, errs = row
    return Feed(
        id=fid,
        url=url,
        title=user_title or title or url,
        site_link=site,
        tags=tuple(json.loads(tags or "[]")),
        etag=etag,
        last_modified=lm,
        body_hash=bh,
        last_fetched=from_ts(fetched),
        last_success=from_ts(ok),
        last_error=err,
        error_count=errs,
        total=total or 0,
        unread=unread or 0,
    )


# --- reads -----------------------------------------------------------------------------------


def feed_at(c: sqlite3.Connection, url: str) -> Feed | None:
    """The feed stored under `url`, with its counts."""
    where = "url = ?"
    row = c.execute(
        f"SELECT {_FEED_COLS}, c.total, c.unread FROM feeds f "
        f"LEFT JOIN ({_COUNTS} WHERE feed_id = (SELECT id FROM feeds WHERE {where})) c "
        f"ON c.feed_id = f.id WHERE f.{where}",
        (url, url),
    ).fetchone()
    return None if row is None else _feed(row[:-2], row[-2], row[-1])


def all_urls(c: sqlite3.Connection) -> set[str]:
    return {row[0] for row in c.execute("SELECT url FROM feeds")}


def all_feeds(c: sqlite3.Connection) -> list[Feed]:
    """Every feed in the order it was added, with total and unread counts."""
    rows = c.execute(
        f"SELECT {_FEED_COLS}, c.total, c.unread FROM feeds f "
        f"LEFT JOIN ({_COUNTS} GROUP BY feed_id) c ON c.feed_id = f.id ORDER BY f.id"
    ).fetchall()
    return [_feed(r[:-2], r[-2], r[-1]) for r in rows]


# --- the subscription ------------------------------------------------------------------------


def insert(
    c: sqlite3.Connection,
    spec: FeedSpec,
    added: int | None,
    feed_title: str | None,
    site_link: str | None,
) -> None:
    """Subscribe; a URL already stored is left as it is."""
    c.execute(
        "INSERT INTO feeds (url, user_title, tags, added_at, title, site_link) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
        (spec.url, spec.title or None, json.dumps(list(spec.tags)), added, feed_title, site_link),
    )


def set_spec(c: sqlite3.Connection, spec: FeedSpec) -> None:
    c.execute(
        "UPDATE feeds SET user_title = ?, tags = ? WHERE url = ?",
        (spec.title or None, json.dumps(list(spec.tags)), spec.url),
    )


# --- fetch bookkeeping -----------------------------------------------------------------------


def move(c: sqlite3.Connection, feed_id: int, new_url: str) -> bool:
    """Store the feed under `new_url` (in normal form). False when another feed has it."""
    if c.execute("SELECT 1 FROM feeds WHERE url = ? AND id != ?", (new_url, feed_id)).fetchone():
        return False
    return c.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, feed_id)).rowcount > 0


def record_success(
    c: sqlite3.Connection,
    feed_id: int,
    validators: tuple[str | None, str | None] | None,
    now: int | None,
) -> bool:
    """A fetch that brought nothing new, with its (etag, last_modified) unless None (keep the
    stored ones). False when there is no such feed."""
    sets = "" if validators is None else "etag = ?, last_modified = ?, "
    params: list[Any] = [] if validators is None else list(validators)
    return (
        c.execute(
            f"UPDATE feeds SET {sets}last_fetched = ?, last_success = ?, "
            "last_error = NULL, error_count = 0 WHERE id = ?",
            [*params, now, now, feed_id],
        ).rowcount
        > 0
    )


def record_failure(c: sqlite3.Connection, feed_id: int, reason: str, now: int | None) -> bool:
    """A failed fetch: its reason (one printable line) and one more error. False when there is
    no such feed."""
    return (
        c.execute(
            "UPDATE feeds SET last_error = ?, error_count = error_count + 1, "
            "last_fetched = ? WHERE id = ?",
            (printable(reason, CleanError.MAX_REASON), now, feed_id),
        ).rowcount
        > 0
    )
