"""The sync's plain data: what the server lists, what a run did, and its failures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reader.core.models import ParsedEntry
from reader.core.text import CleanError


class SyncError(CleanError):
    """A sync failed at run time (server down, bad answer): one line for the user."""


class SyncAuthError(SyncError):
    """The server refused the username or password."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed of the server's subscription list."""

    stream_id: str  # "feed/42" (FreshRSS, Miniflux) or "feed/https://…" (Google's form)
    url: str  # the feed's own URL
    title: str | None
    site_link: str | None
    labels: tuple[str, ...]  # its folders (categories), as tags


@dataclass(frozen=True, slots=True)
class ServerItem:
    """One item of `stream/items/contents`, its entry cleaned as a parsed feed's would be."""

    item_id: int  # signed 64-bit
    stream_id: str  # the feed it belongs to (origin.streamId)
    entry: ParsedEntry
    read: bool
    starred: bool
    timestamp_usec: int  # when the server got it (FreshRSS) or its date (Miniflux)
    changed_ms: int | None = None  # when its state last changed, if the server says (Miniflux)


@dataclass(frozen=True, slots=True)
class QueuedChange:
    """A change the user made, waiting in the database to be pushed."""

    id: int
    item_id: int | None
    stream_id: str | None
    flag: str  # "read", "starred" or "all_read" (a whole stream, up to `value` µs)
    value: int
    made_at: int = 0  # ms


@dataclass(slots=True)
class Pushed:
    read: int = 0
    unread: int = 0
    starred: int = 0
    unstarred: int = 0

    def count(self, change: QueuedChange, items: int) -> None:
        if change.flag == "starred":
            if change.value:
                self.starred += items
            else:
                self.unstarred += items
        elif change.value or change.flag == "all_read":
            self.read += items
        else:
            self.unread += items

    def to_json(self) -> dict[str, int]:
        return {
            "read": self.read,
            "unread": self.unread,
            "starred": self.starred,
            "unstarred": self.unstarred,
        }


@dataclass(slots=True)
class SyncReport:
    """What one sync did (`sinmun sync --json`)."""

    service: str
    url: str
    subscriptions: int = 0
    new: int = 0
    updated: int = 0  # known articles the server changed: content, read or starred
    pushed: Pushed = field(default_factory=Pushed)
    error: str | None = None
    requests: int = 0
    new_by_feed: dict[int, int] = field(default_factory=dict)  # feed id → new articles

    def to_json(self) -> dict[str, object]:
        return {
            "service": self.service,
            "url": self.url,
            "subscriptions": self.subscriptions,
            "new": self.new,
            "updated": self.updated,
            "pushed": self.pushed.to_json(),
            "error": self.error,
            "requests": self.requests,
        }


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """The status line's sync state: "synced 14:02 · 3 changes waiting"."""

    last: datetime | None  # the last successful sync
    waiting: int  # changes queued for the next one
    error: str | None = None  # why the last attempt failed, when it did

    def describe(self) -> str:
        when = self.last.astimezone().strftime("%H:%M") if self.last else None
        text = f"synced {when}" if when else "not synced yet"
        if self.error:
            text += f" · last sync failed: {self.error}"
        if self.waiting:
            text += f" · {self.waiting} change{'' if self.waiting == 1 else 's'} waiting"
        return text
