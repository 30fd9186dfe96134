"""The sync's pure decisions, apart from any I/O: how queued changes go out in batches, which
items to fetch, and whose flag wins when both sides changed one.

Flags merge three ways: `base` is what Sinmun and the server last agreed on, `local` what the
reader has now, `server` what the server says now; the side that moved from the base wins. A
change still queued, or pushed during this very sync, is newer than anything the pull saw, so a
stale pull never undoes it (a read item does not turn unread). Before a queued change is pushed,
a server that dates its items' changes (Miniflux's `updated`) may show it was overtaken by a
later change on the server: then the server's wins (`overtaken`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reader.core.sync.dialects import READ, STARRED
from reader.core.sync.model import QueuedChange

EDIT_BATCH = 250  # items per edit-tag request
SINCE_MARGIN = 24 * 3600  # seconds re-listed before the last sync (clock skew, late arrivals)


@dataclass(frozen=True, slots=True)
class Batch:
    """One request's worth of queued changes, in queue order."""

    changes: tuple[QueuedChange, ...]

    @property
    def first(self) -> QueuedChange:
        return self.changes[0]

    @property
    def item_ids(self) -> list[int]:
        return [c.item_id for c in self.changes if c.item_id is not None]

    def edit(self) -> tuple[str | None, str | None]:
        """(tag to add, tag to remove) of an edit-tag batch."""
        tag = STARRED if self.first.flag == "starred" else READ
        return (tag, None) if self.first.value else (None, tag)


def batches(queue: Sequence[QueuedChange], size: int = EDIT_BATCH) -> list[Batch]:
    """The queue as requests, in order: runs of the same flag and value share an edit-tag
    request (at most `size` items); a stream marked read is a request of its own. An item
    changed twice in a run (read, unread, read) is pushed as each change, in order."""
    out: list[list[QueuedChange]] = []
    for change in queue:
        last = out[-1] if out else None
        if (
            last is not None
            and change.flag != "all_read"
            and (last[0].flag, last[0].value) == (change.flag, change.value)
            and len(last) < size
            and change.item_id not in {c.item_id for c in last}
        ):
            last.append(change)
        else:
            out.append([change])
    return [Batch(tuple(run)) for run in out]


def merge_flag(local: bool, base: bool, server: bool, *, held: bool = False) -> tuple[bool, bool]:
    """(the reader's new value, the new base) of one flag of one item. `held`: a local change
    is queued or was pushed in this sync, and stands."""
    if held or server == base:  # the server did not move (or it saw an older state)
        return local, base
    return server, server  # the server moved (to where the reader may have gone too)


def overtaken(change: QueuedChange, server_changed_ms: int | None, server_value: bool) -> bool:
    """Whether the server changed the item's flag after the reader did: its value then wins."""
    if server_changed_ms is None or change.item_id is None:
        return False
    return server_changed_ms > change.made_at and server_value != bool(change.value)


def new_ids(listed: Iterable[int], known: set[int]) -> list[int]:
    """Items the server lists that Sinmun does not hold yet, in the server's order, once."""
    return [i for i in dict.fromkeys(listed) if i not in known]


def since(last_sync: datetime | None) -> int | None:
    """The `ot` of an incremental listing: a day before the last successful sync (None: the
    first sync lists everything)."""
    if last_sync is None:
        return None
    return max(0, int(last_sync.timestamp()) - SINCE_MARGIN)
