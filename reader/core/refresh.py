"""Refreshing feeds: fetch every feed concurrently, parse off the event loop (in the worker
processes of `parse_workers`), store each feed in its own transaction. One broken feed never
stops the others. Each feed document stored is reported (`on_stored`) with the entry keys it
lists: what retention must keep."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from reader.core.decisions import (
    FetchOutcome,
    body_digest,
    classify_fetch,
    moved_url,
    next_attempt,
)
from reader.core.models import Feed, RefreshProgress, RefreshResult
from reader.core.parse_workers import FeedParser
from reader.core.storage import FeedRemoved, StorageError

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.storage import Storage

log = logging.getLogger(__name__)

ProgressCallback = Callable[[RefreshProgress], None]
# A feed whose document was stored: its id and the keys of the entries that document lists.
StoredCallback = Callable[[int, frozenset[str]], None]

# Below this many bodies to parse, starting worker processes costs more than it saves.
_POOL_THRESHOLD = 4
_DAY = timedelta(days=1)
_P = ParamSpec("_P")
_T = TypeVar("_T")
WAITING_SHOWN = 3  # at most this many feeds left: progress names them
REMOVED = "feed removed during refresh"
# New articles stored before the full-text index takes them, mid-refresh: indexing them while
# other feeds are still fetched and parsed leaves only the last batch for the end. Each batch
# is one statement (one FTS5 segment); with FTS5's automerge off (schema._V_FTS_MERGE) small
# batches cost what large ones do (0.32-0.35 s of CPU per 6,000 articles, 100 to 6,000 a
# batch), and the last one, after the last store, is short.
INDEX_EVERY = 300


async def refresh_feeds(
    storage: Storage,
    client: HttpClient,
    feeds: Sequence[Feed],
    parser: FeedParser,
    *,
    on_progress: ProgressCallback | None = None,
    on_stored: StoredCallback | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[RefreshResult]:
    """Refresh `feeds`; results come back in the same order as `feeds`. `on_stored` hears each
    feed whose new document was stored (not a 304, nor the same body again), on the loop."""
    total = len(feeds)
    done = failed = 0
    many = total >= _POOL_THRESHOLD
    running = {i: feed_label(feed) for i, feed in enumerate(feeds)}
    unindexed = _Backlog()

    async def one(index: int, feed: Feed) -> RefreshResult:
        nonlocal done, failed
        retry_at = next_attempt(feed.error_count, feed.last_fetched) if feed.last_fetched else None
        if retry_at is not None and retry_at > now():
            # a feed failing again and again is left alone for a while, not hammered
            result = RefreshResult(feed.url, feed.title, "error", error=_resting(feed, retry_at))
        else:
            try:
                result = await _refresh_one(
                    storage, client, feed, parser, many=many, on_stored=on_stored, now=now
                )
                if result.new and unindexed.add(result.new):
                    await _store(storage.index_fts)
            except FeedRemoved:  # `sinmun feeds remove` meanwhile: the others go on
                result = RefreshResult(feed.url, feed.title, "error", error=REMOVED)
            except StorageError:
                raise  # the database itself is in trouble (disk full…): stop, say so
            except Exception as exc:  # a bug must cost one feed, not the refresh
                log.exception("refreshing %s failed", feed.url)
                reason = f"internal error: {type(exc).__name__}: {exc}"
                result = RefreshResult(feed.url, feed.title, "error", error=reason)
                try:
                    await _store(storage.record_error, feed.id, reason, now())
                except FeedRemoved:
                    result = RefreshResult(feed.url, feed.title, "error", error=REMOVED)
        done += 1
        failed += result.status == "error"
        del running[index]
        if on_progress is not None:
            waiting = tuple(running.values()) if len(running) <= WAITING_SHOWN else ()
            on_progress(RefreshProgress(done, total, failed, feed.url, waiting))
        return result

    # The full-text index takes the refresh's new articles in one statement at the end (and,
    # first, any a crash left unindexed): the refresh is done when they are stored and indexed.
    await _store(storage.index_fts)
    results = list(await asyncio.gather(*(one(i, feed) for i, feed in enumerate(feeds))))
    await _store(storage.index_fts)
    return results


class _Backlog:
    """New articles stored since the full-text index last took them (as far as this refresh
    knows): `add` says when a batch is due, and starts counting the next one."""

    def __init__(self) -> None:
        self.count = 0

    def add(self, new: int) -> bool:
        self.count += new
        if self.count < INDEX_EVERY:
            return False
        self.count = 0
        return True


def feed_label(feed: Feed) -> str:
    """A feed as a progress line names it: its title, else its URL without the scheme."""
    if feed.title and feed.title != feed.url:
        return feed.title
    return feed.url.split("://", 1)[-1]


def _resting(feed: Feed, retry_at: datetime) -> str:
    assert feed.last_fetched is not None  # a retry time comes from the last fetch
    when = retry_at.astimezone().strftime(
        "%H:%M" if retry_at - feed.last_fetched < _DAY else "%m-%d %H:%M"
    )
    last = feed.last_error or "unknown error"
    return f"{last} (failed {feed.error_count} times in a row; next try after {when})"


async def _store(call: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    # SQLite writes are short but synchronous; keep them off the event loop.
    return await asyncio.to_thread(call, *args, **kwargs)


async def _refresh_one(
    storage: Storage,
    client: HttpClient,
    feed: Feed,
    parser: FeedParser,
    *,
    many: bool,
    on_stored: StoredCallback | None,
    now: Callable[[], datetime],
) -> RefreshResult:
    from reader.core.http import FetchError
    from reader.core.parsing import FeedParseError

    try:
        fetched = await client.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    except FetchError as exc:
        await _store(storage.record_error, feed.id, exc.reason, now())
        return RefreshResult(feed.url, feed.title, "error", error=exc.reason)

    url = feed.url
    new_url = moved_url(feed, fetched)
    if new_url is not None and await _store(storage.update_feed_url, feed.id, new_url):
        url = new_url

    digest = None if fetched.not_modified else body_digest(fetched.body)
    outcome = classify_fetch(feed, fetched, digest)
    if outcome is FetchOutcome.NOT_MODIFIED:
        await _store(storage.record_not_modified, feed.id, now())
        return RefreshResult(url, feed.title, "not_modified")
    if outcome is FetchOutcome.UNCHANGED:
        await _store(storage.record_unchanged, feed.id, fetched.etag, fetched.last_modified, now())
        return RefreshResult(url, feed.title, "not_modified")

    try:
        parsed = await parser.parse(
            fetched.body, fetched.headers, fetched.url, many=many, places=storage.places
        )
    except FeedParseError as exc:
        reason = str(exc) or "not a feed"
        await _store(storage.record_error, feed.id, reason, now())
        return RefreshResult(url, feed.title, "error", error=reason)

    new, updated = await _store(
        storage.apply_feed,
        feed.id,
        parsed,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        body_hash=digest,
        when=now(),
    )
    if on_stored is not None:
        on_stored(feed.id, frozenset(entry.key for entry in parsed.entries))
    title = feed.title if feed.title != feed.url else (parsed.title or feed.title)
    return RefreshResult(url, title, "ok", new=new, updated=updated, warning=parsed.warning)
