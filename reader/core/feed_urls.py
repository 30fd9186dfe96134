"""Bringing stored feed URLs to their one spelling (`urls.normalize_url`).

Databases written before URLs were normalised may hold `HTTP://Host/feed` beside
`http://host/feed`: two subscriptions of one feed. The first subscribed (lowest id) is kept,
under the normal URL, with its title and tags; each later copy is merged into it — what the
user marked read or starred on either copy stays marked, articles only the copy has move over
— and the copy is removed. The plan is pure; `apply` runs in the caller's write transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UrlChange:
    feed_id: int
    old: str
    new: str
    keep_id: int | None = None  # set: merged into this earlier subscription of the same URL
    kept: str | None = None  # … stored under this URL until now


def plan(rows: Sequence[tuple[int, str]], normalize: Callable[[str], str]) -> list[UrlChange]:
    """(id, url) rows in id order → the changes, merges first (so no rename can collide with
    a URL still stored). Empty when every stored URL is already normal."""
    first: dict[str, tuple[int, str]] = {}
    merges: list[UrlChange] = []
    renames: list[UrlChange] = []
    for feed_id, url in rows:
        normal = normalize(url)
        keep, kept = first.setdefault(normal, (feed_id, url))
        if keep != feed_id:
            merges.append(UrlChange(feed_id, url, normal, keep, kept))
        elif normal != url:
            renames.append(UrlChange(feed_id, url, normal))
    return merges + renames


def stored_plan(c: sqlite3.Connection) -> list[UrlChange]:
    """The plan for the feeds stored now."""
    from reader.core.urls import normalize_url

    return plan(c.execute("SELECT id, url FROM feeds ORDER BY id").fetchall(), normalize_url)


def apply(c: sqlite3.Connection, changes: Sequence[UrlChange]) -> list[UrlChange]:
    """Carry out `changes` (in a write transaction); returns them."""
    for change in changes:
        if change.keep_id is None:
            c.execute("UPDATE feeds SET url = ? WHERE id = ?", (change.new, change.feed_id))
        else:
            _merge(c, change.feed_id, change.keep_id)
    return list(changes)


def _merge(c: sqlite3.Connection, drop: int, keep: int) -> None:
    for flag in ("read", "starred"):  # marked on either copy: marked
        c.execute(
            f"UPDATE articles SET {flag} = 1 WHERE feed_id = ? AND {flag} = 0 AND key IN "
            f"(SELECT key FROM articles WHERE feed_id = ? AND {flag} = 1)",
            (keep, drop),
        )
    c.execute(
        "UPDATE articles SET feed_id = ? WHERE feed_id = ? AND key NOT IN "
        "(SELECT key FROM articles WHERE feed_id = ?)",
        (keep, drop, keep),
    )
    c.execute(  # the region tags carry the feed too
        "UPDATE article_regions SET feed_id = ? WHERE feed_id = ? AND article_id IN "
        "(SELECT id FROM articles WHERE feed_id = ?)",
        (keep, drop, keep),
    )
    c.execute("DELETE FROM feeds WHERE id = ?", (drop,))  # its other articles go with it
