"""The domain: plain typed dataclasses shared by every layer.

Times are timezone-aware UTC ``datetime`` objects in the domain; storage keeps them as integer
Unix seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from reader.core.text import CleanError, clean_text, printable

RefreshStatus = Literal["ok", "not_modified", "error"]


def _clean_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in (clean_text(str(tag)) for tag in tags) if t))


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """A feed as the user configured it (config file or `feeds add`)."""

    url: str
    title: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Config files, OPML and urls files are outside text too; a URL never holds controls.
        object.__setattr__(self, "url", clean_text(self.url))
        object.__setattr__(self, "title", clean_text(self.title or "") or None)
        object.__setattr__(self, "tags", _clean_tags(self.tags))


@dataclass(slots=True)
class Feed:
    """A feed as stored, with what the last refresh learned."""

    id: int
    url: str
    title: str  # user title, else the feed's own, else the URL
    site_link: str | None = None
    tags: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None  # of the last parsed body, to skip unchanged ones
    last_fetched: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    error_count: int = 0  # consecutive failures, for backoff
    total: int = 0
    unread: int = 0

    def __post_init__(self) -> None:
        # Whatever wrote the row (an older Sinmun included), what is shown of it is clean.
        self.title = clean_text(self.title) or self.url
        self.tags = _clean_tags(self.tags)
        if self.last_error is not None:
            self.last_error = printable(self.last_error, CleanError.MAX_REASON)


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One entry of a parsed feed, already cleaned.

    ``title``, ``author`` and ``summary`` are plain text (entities decoded, tags stripped,
    control characters and escape sequences removed); ``content`` is the entry's HTML body
    (content, else description), sanitised only at render time.
    """

    key: str  # identity within the feed: guid, else link, else a content hash
    title: str
    link: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""
    content: str = ""
    # The content's text for the search index ("" when it only repeats the summary), derived
    # by the parser in its worker process so the storing process does no HTML work; None when
    # a producer did not compute it (storage then derives it). Not part of equality.
    content_text: str | None = field(default=None, compare=False, repr=False)
    # Names of the configured regions the entry mentions, likewise derived in the worker (see
    # reader.core.region_match); None when not computed. Not part of equality.
    regions: tuple[str, ...] | None = field(default=None, compare=False, repr=False)
    # `parsing.entry_hash` of the entry, computed by the parser in its worker process (the
    # storing process compares it with the stored one); None when not computed. A copy with
    # other visible fields must drop it (`replace(e, title=…, digest=None)`).
    digest: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    site_link: str | None
    entries: tuple[ParsedEntry, ...]
    warning: str | None = None  # a "bozo" feed that still yielded entries

    def __post_init__(self) -> None:
        if self.warning is not None:  # parser messages quote the document (its encoding label)
            object.__setattr__(self, "warning", printable(self.warning, CleanError.MAX_REASON))


@dataclass(slots=True)
class FetchResult:
    """What one GET brought back (a 304 has ``not_modified`` and no body)."""

    url: str  # the URL finally answered, after redirects
    status_code: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    permanent_redirect: str | None = None  # new URL when every hop was 301/308


@dataclass(slots=True)
class RefreshResult:
    """The outcome of refreshing one feed, as `sinmun refresh --json` reports it."""

    url: str
    title: str
    status: RefreshStatus
    new: int = 0
    updated: int = 0
    error: str | None = None
    warning: str | None = None

    def __post_init__(self) -> None:
        self.title = clean_text(self.title)
        if self.error is not None:
            self.error = printable(self.error, CleanError.MAX_REASON)
        if self.warning is not None:
            self.warning = printable(self.warning, CleanError.MAX_REASON)

    def to_json(self) -> dict[str, object]:
        return {
            "url": self.url,
            "title": self.title,
            "status": self.status,
            "new": self.new,
            "updated": self.updated,
            "error": self.error,
            "warning": self.warning,
        }


@dataclass(slots=True)
class Article:
    id: int
    feed_id: int
    feed_url: str
    feed_title: str
    key: str
    title: str
    link: str | None
    author: str | None
    published: datetime | None
    summary: str
    content: str
    read: bool
    starred: bool
    fetched: datetime | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "feed_url": self.feed_url,
            "feed_title": self.feed_title,
            "title": self.title,
            "link": self.link,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "summary": self.summary,
            "read": self.read,
            "starred": self.starred,
        }


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Which articles a list shows; every field narrows it further."""

    feed_id: int | None = None
    feed_url: str | None = None
    unread_only: bool = False
    starred_only: bool = False
    search: str | None = None  # full-text words
    region: str | None = None  # region name or free text (see the region filter)


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    """Where a running refresh is, for progress lines and the app's indicator."""

    done: int
    total: int
    failed: int = 0
    current: str | None = None  # URL of the feed that just finished
    # The feeds still running, by name, once only a few are left: what a refresh that seems
    # stuck on its last feeds is waiting for (a slow or hanging server).
    waiting: tuple[str, ...] = ()
