"""The sync's pure decisions: batches in queue order, and whose flag wins."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reader.core.sync.decisions import (
    SINCE_MARGIN,
    batches,
    merge_flag,
    new_ids,
    overtaken,
    since,
)
from reader.core.sync.dialects import READ, STARRED
from reader.core.sync.model import QueuedChange


def change(n: int, item: int | None, flag: str = "read", value: int = 1) -> QueuedChange:
    return QueuedChange(n, item, "feed/1" if item is None else None, flag, value)


def test_runs_of_one_change_share_a_request_in_queue_order() -> None:
    queue = [change(1, 10), change(2, 11), change(3, 10, "starred"), change(4, 12)]
    out = batches(queue, size=250)
    assert [b.item_ids for b in out] == [[10, 11], [10], [12]]
    assert out[0].edit() == (READ, None)
    assert out[1].edit() == (STARRED, None)


def test_an_item_changed_back_and_forth_goes_out_as_each_change() -> None:
    queue = [change(1, 10), change(2, 10, value=0), change(3, 10)]
    out = batches(queue)
    assert [(b.item_ids, b.edit()) for b in out] == [
        ([10], (READ, None)),
        ([10], (None, READ)),
        ([10], (READ, None)),
    ]


def test_batches_are_bounded_and_a_stream_marked_read_stands_alone() -> None:
    queue = [change(i, i) for i in range(1, 6)]
    queue.insert(2, change(99, None, "all_read", 1_700_000_000_000_000))
    out = batches(queue, size=2)
    assert [len(b.changes) for b in out] == [2, 1, 2, 1]
    assert out[1].first.flag == "all_read"


@pytest.mark.parametrize(
    ("local", "base", "server", "held", "expected"),
    [
        (False, False, True, False, (True, True)),  # read on the server: read here
        (True, True, False, False, (False, False)),  # unread on the server: unread here
        (True, False, False, False, (True, False)),  # read here only: stays, still to push
        (True, False, False, True, (True, False)),  # queued: the pull saw an older state
        (True, True, False, True, (True, True)),  # a stale pull never makes it unread
        (False, True, True, True, (False, True)),  # unread here, queued: stays unread
        (True, False, True, False, (True, True)),  # both read: agreed
    ],
)
def test_the_side_that_moved_wins(local, base, server, held, expected) -> None:
    assert merge_flag(local, base, server, held=held) == expected


def test_a_later_change_on_the_server_overtakes_a_queued_one() -> None:
    read_at_noon = QueuedChange(1, 10, None, "read", 1, made_at=12_000)
    assert overtaken(read_at_noon, 13_000, False)  # unread again on the phone, later
    assert not overtaken(read_at_noon, 11_000, False)  # the phone's change was earlier
    assert not overtaken(read_at_noon, 13_000, True)  # the server agrees anyway
    assert not overtaken(read_at_noon, None, False)  # no times (FreshRSS): ours is latest


def test_new_ids_keep_the_servers_order_once() -> None:
    assert new_ids([5, 4, 3, 5, 2], {4}) == [5, 3, 2]


def test_an_incremental_listing_starts_a_day_before_the_last_sync() -> None:
    assert since(None) is None
    last = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert since(last) == int(last.timestamp()) - SINCE_MARGIN
