"""One sync with a Google Reader API server, in the order that loses nothing:

1. push the queued changes, batch by batch, each acknowledged once the server took it;
2. pull the subscription list (feeds, their folders as tags);
3. list the item ids: all unread, all starred, and the reading list (all of it the first time,
   since a day before the last sync after that); fetch the contents of the ids Sinmun lacks, in
   batches, each stored in one transaction with its server ids;
4. merge the server's read and starred state into the reader's (`decisions.merge_flag`).

Any failure stops the run with a `SyncError`; what was done stays done, and the rest waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime

from reader.core.region_match import Place
from reader.core.sync import decisions, items
from reader.core.sync.client import GReaderClient
from reader.core.sync.dialects import READ, READING_LIST, STARRED, parse_item_id
from reader.core.sync.model import Pushed, QueuedChange, ServerItem, SyncError, SyncReport
from reader.core.sync.state import SyncStore, Written

MAX_ITEMS = 100_000  # ids listed per stream: a first sync holds at most this many items


async def run_sync(
    store: SyncStore,
    client: GReaderClient,
    *,
    places: Sequence[Place],
    local_urls: set[str],
    last_sync: datetime | None,
    now: Callable[[], datetime],
    report: SyncReport,
) -> None:
    """Sync; fills `report` as it goes (a failure leaves it saying how far it got)."""
    pushed = await push(store, client, report.pushed)

    subs = items.subscriptions(await client.subscriptions())
    feeds = await asyncio.to_thread(store.apply_subscriptions, subs, local_urls, now())
    report.subscriptions = len(subs)

    unread_raw, unread_all = await client.item_ids(READING_LIST, exclude=READ, limit=MAX_ITEMS)
    starred_raw, starred_all = await client.item_ids(STARRED, limit=MAX_ITEMS)
    since = decisions.since(last_sync)
    listed_raw, _ = await client.item_ids(READING_LIST, since=since, limit=MAX_ITEMS)
    unread, starred, listed = _ids(unread_raw), _ids(starred_raw), _ids(listed_raw)

    known = await asyncio.to_thread(store.known_ids)
    wanted = decisions.new_ids([*listed, *unread, *starred], known)
    written: dict[int, Written] = {}
    size = client.dialect.contents_per_request
    for start in range(0, len(wanted), size):
        raw = await client.contents(wanted[start : start + size])
        batch = list(items.server_items(raw))
        await asyncio.to_thread(store.write_items, batch, feeds, places, now(), written)
    report.new = sum(w.new for w in written.values())
    report.new_by_feed = {fid: w.new for fid, w in written.items() if w.new}

    changed = await asyncio.to_thread(
        store.merge_flags,
        set(unread) if unread_all else None,
        set(starred) if starred_all else None,
        pushed,
    )
    report.updated = sum(w.updated for w in written.values()) + changed


async def push(store: SyncStore, client: GReaderClient, counts: Pushed) -> set[tuple[int, str]]:
    """Push the queue in order; returns the (item, flag) pairs pushed. The queue is read again
    after each round: changes the reader makes meanwhile go out too."""
    done: set[tuple[int, str]] = set()
    while queued := await asyncio.to_thread(store.pending):
        queued = await _not_overtaken(store, client, queued)
        for batch in decisions.batches(queued, decisions.EDIT_BATCH):
            change = batch.first
            if change.flag == "all_read":
                assert change.stream_id is not None
                await client.mark_all_read(change.stream_id, change.value)
                counts.count(change, 1)
            else:
                add, remove = batch.edit()
                await client.edit_tag(batch.item_ids, add=add, remove=remove)
                counts.count(change, len(batch.item_ids))
                done |= {(item, change.flag) for item in batch.item_ids}
            await asyncio.to_thread(store.acknowledge, batch.changes)
    return done


async def _not_overtaken(
    store: SyncStore, client: GReaderClient, queued: list[QueuedChange]
) -> list[QueuedChange]:
    """The queued changes the server has not overtaken since. Only a server that dates its
    items' changes can tell (Miniflux); with the others the reader's change is the latest."""
    if not client.dialect.dates_changes:
        return queued
    ids = list(dict.fromkeys(c.item_id for c in queued if c.item_id is not None))
    server: dict[int, ServerItem] = {}
    size = client.dialect.contents_per_request
    for start in range(0, len(ids), size):
        raw = await client.contents(ids[start : start + size])
        server.update((item.item_id, item) for item in items.server_items(raw))
    lost: list[tuple[QueuedChange, bool]] = []
    for change in queued:
        item = server.get(change.item_id) if change.item_id is not None else None
        if item is not None:
            value = item.starred if change.flag == "starred" else item.read
            if decisions.overtaken(change, item.changed_ms, value):
                lost.append((change, value))
    if lost:
        await asyncio.to_thread(store.overtake, lost)
    dropped = {change.id for change, _ in lost}
    return [change for change in queued if change.id not in dropped]


def _ids(raw: list[str]) -> list[int]:
    out = []
    for text in raw:
        try:
            out.append(parse_item_id(text))
        except ValueError:
            raise SyncError(
                f"the server listed an item id Sinmun cannot read: {text[:40]!r}"
            ) from None
    return out
