"""Pure decisions of a refresh: no I/O here, so they are easy to test and reason about."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from enum import Enum

from reader.core.models import Feed, FetchResult


class FetchOutcome(Enum):
    NOT_MODIFIED = "not_modified"  # the server said 304
    UNCHANGED = "unchanged"  # a 200 whose body is byte-for-byte the last one we parsed
    PARSE = "parse"  # new bytes: parse and store


def body_digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def classify_fetch(feed: Feed, result: FetchResult, digest: str | None) -> FetchOutcome:
    """What to do with a response: parsing is the expensive step, so skip it when we can."""
    if result.not_modified:
        return FetchOutcome.NOT_MODIFIED
    if digest is not None and feed.body_hash == digest and feed.last_success is not None:
        return FetchOutcome.UNCHANGED
    return FetchOutcome.PARSE


def moved_url(feed: Feed, result: FetchResult) -> str | None:
    """The URL a feed should be stored under after a permanent redirect, if it changed."""
    new = result.permanent_redirect
    return new if new and new != feed.url else None


BACKOFF_START = timedelta(minutes=10)
BACKOFF_CAP = timedelta(days=1)


def next_attempt(error_count: int, last_fetched: datetime) -> datetime:
    """When a feed that failed `error_count` times in a row may be fetched again."""
    if error_count <= 1:
        return last_fetched
    backoff: timedelta = min(BACKOFF_START * 2 ** min(error_count - 2, 16), BACKOFF_CAP)
    return last_fetched + backoff
