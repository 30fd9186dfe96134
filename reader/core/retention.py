"""Retention: which stored articles of a feed to drop, decided on plain values (no SQL).

A feed that mints fresh GUIDs on every fetch would otherwise grow the database for ever. The
rules, for one feed:

- a starred article is always kept;
- an article the feed's current document still lists is always kept: dropped, it would come
  straight back as a new, unread article at the next refresh;
- of the rest, read articles dated more than ``keep_read_days`` ago go;
- and while the feed still holds more than ``max_articles_per_feed`` articles, the oldest of
  the rest go: read ones first, then unread ones.

0 turns a rule off (keep for ever). The database side is in `reader.core.pruning`, run through
`Storage.prune` after each refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DAY_SECONDS = 24 * 60 * 60


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    keep_read_days: int = 90  # 0: read articles are kept whatever their age
    max_articles_per_feed: int = 2000  # 0: no cap

    @property
    def active(self) -> bool:
        return self.keep_read_days > 0 or self.max_articles_per_feed > 0

    def read_cutoff(self, now_ts: int) -> int | None:
        """Read articles dated before this (Unix seconds) are old enough to go."""
        return now_ts - self.keep_read_days * DAY_SECONDS if self.keep_read_days else None


@dataclass(frozen=True, slots=True)
class Stored:
    """One stored article of a feed, as retention sees it."""

    id: int
    sort_ts: int  # published, else first seen: the list's date
    read: bool
    starred: bool
    carried: bool  # the feed's current document lists it


def is_due(policy: RetentionPolicy, total: int, has_old_read: bool) -> bool:
    """Whether a feed may have something to drop: over the cap, or holding an old read article
    (not starred, no longer listed) that the age rule lets go. Both are cheap to learn (an
    index count; the few old read rows), so a feed's rows are read only when this says so."""
    over = policy.max_articles_per_feed > 0 and total > policy.max_articles_per_feed
    return over or (policy.keep_read_days > 0 and has_old_read)


def to_drop(articles: Sequence[Stored], policy: RetentionPolicy, now_ts: int) -> list[int]:
    """The ids, among one feed's `articles`, that the policy drops (ascending)."""
    expendable = [a for a in articles if not a.starred and not a.carried]
    drop: set[int] = set()
    cutoff = policy.read_cutoff(now_ts)
    if cutoff is not None:
        drop.update(a.id for a in expendable if a.read and a.sort_ts < cutoff)
    excess = len(articles) - len(drop) - policy.max_articles_per_feed
    if policy.max_articles_per_feed > 0 and excess > 0:
        rest = [a for a in expendable if a.id not in drop]
        rest.sort(key=lambda a: (not a.read, a.sort_ts, a.id))  # read first, oldest first
        drop.update(a.id for a in rest[:excess])
    return sorted(drop)
