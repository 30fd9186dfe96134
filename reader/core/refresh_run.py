"""One refresh or sync of a data dir at a time, and what a refresh does under that lock: the
[sync] server's feeds synced first, the others fetched, moved feeds remembered, retention.

`Service.refresh` and `Service.sync` are the callers; these functions take what they need.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.locks import FileLock
from reader.core.models import FeedSpec, RefreshResult
from reader.core.parse_workers import FeedParser
from reader.core.refresh import ProgressCallback, refresh_feeds
from reader.core.region_match import Place
from reader.core.retention import RetentionPolicy
from reader.core.service_errors import RefreshBusy
from reader.core.storage import Storage, StorageError
from reader.core.urls import normalize_url

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.settings import Config
    from reader.core.sync import Syncer, SyncReport

log = logging.getLogger(__name__)

REFRESH_LOCK = "refresh.lock"  # in the data dir, held by the process refreshing its feeds


@asynccontextmanager
async def refresh_turn(
    db_path: Path, wait: float | None, on_wait: Callable[[int | None], None] | None
) -> AsyncIterator[None]:
    """Hold the data dir's refresh lock (next to the database at `db_path`), waiting for
    another holder up to `wait` seconds (None: as long as it takes; `on_wait` hears the other's
    pid when there is one to wait for), else RefreshBusy. A file lock: a killed holder never
    leaves it behind."""
    lock = FileLock(db_path.with_name(REFRESH_LOCK))
    if not lock.try_acquire():
        if on_wait is not None:
            on_wait(lock.holder())
        if not await lock.acquire_async(wait):
            raise RefreshBusy(lock.holder())
    try:
        lock.note_pid()
        yield
    finally:
        lock.release()


async def sync_once(
    syncer: Syncer,
    config_feeds: Sequence[FeedSpec],
    places: Sequence[Place],
    now: Callable[[], datetime],
) -> SyncReport:
    """One sync with the server; the config's own feeds stay local (`Syncer.sync`)."""
    local = {normalize_url(spec.url) for spec in config_feeds}
    return await syncer.sync(places=places, local_urls=local, now=now)


async def refresh_all(
    storage: Storage,
    http_client: Callable[[], Awaitable[HttpClient]],
    parser: FeedParser,
    config: Config,
    *,
    syncer: Syncer | None,
    places: Sequence[Place],
    urls: Sequence[str] | None,
    on_progress: ProgressCallback | None,
    now: Callable[[], datetime],
) -> list[RefreshResult]:
    """Refresh every feed (or those in `urls`); the caller holds `refresh_turn`. A sync with
    the server for its feeds (`syncer`), then a fetch of the others. Results in feed-list
    order, the server's feeds first."""
    feeds = await asyncio.to_thread(storage.list_feeds)
    if urls is not None:
        wanted = set(urls)
        feeds = [feed for feed in feeds if feed.url in wanted]
    synced: list[RefreshResult] = []
    if syncer is not None:  # the server's feeds come from the server
        from reader.core.sync.results import as_refresh_results

        report = await sync_once(syncer, config.feeds, places, now)
        server = await asyncio.to_thread(syncer.server_feed_ids)
        everything = await asyncio.to_thread(storage.list_feeds)
        synced = as_refresh_results(report, [f for f in everything if f.id in server])
        feeds = [feed for feed in feeds if feed.id not in server]
    client = await http_client()
    listed: dict[int, frozenset[str]] = {}  # feed id → the keys its stored document lists
    results = await refresh_feeds(
        storage,
        client,
        feeds,
        parser,
        on_progress=on_progress,
        on_stored=listed.__setitem__,
        now=now,
    )
    for feed, result in zip(feeds, results, strict=True):
        if result.url != feed.url:  # remember the move so the config's old URL maps to it
            new_url = normalize_url(result.url)
            await asyncio.to_thread(storage.set_meta, f"moved:{feed.url}", new_url)
    await asyncio.to_thread(prune_stored, storage, config.storage, now(), listed)
    return synced + results


def prune_stored(
    storage: Storage,
    policy: RetentionPolicy,
    when: datetime,
    listed: Mapping[int, frozenset[str]],
) -> int:
    """Retention ([storage] in the config) for the feeds whose document was just stored: the
    only ones that can have grown. Returns how many articles went. Best effort: a database
    that cannot be written now (busy, read-only) is left for the next refresh, the refresh
    itself stands."""
    dropped = 0
    try:
        for feed_id, keys in listed.items():
            dropped += storage.prune(policy, feed_id, keys, when)
    except StorageError as exc:
        log.warning("retention skipped: %s", exc)
    return dropped
