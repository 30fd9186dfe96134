"""Retention: the pure decision (reader.core.retention) and its database side
(reader.core.pruning, run by Storage.prune): starred and currently listed articles always stay,
old read ones go, a feed is held to its cap, the search and region indexes keep no orphans, a
feed with nothing due costs two index reads, and the deletes give way to the user's writes."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext
from datetime import timedelta
from pathlib import Path

import pytest

from reader.core import pruning
from reader.core.locks import WriteTurns
from reader.core.models import ArticleQuery, FeedSpec
from reader.core.region_match import Place
from reader.core.retention import DAY_SECONDS, RetentionPolicy, Stored, is_due, to_drop
from reader.core.storage import Storage
from tests.core.conftest import HOUR, T0, _assert_fts_integrity, apply, entry, raw

NOW = 1_000 * DAY_SECONDS
OLD = NOW - 100 * DAY_SECONDS
RECENT = NOW - DAY_SECONDS


def art(i: int, ts: int, *, read=False, starred=False, carried=False) -> Stored:
    return Stored(i, ts, read, starred, carried)


# --- the decision ---------------------------------------------------------------------------
def test_old_read_articles_go_unless_starred_or_still_listed() -> None:
    articles = [
        art(1, OLD, read=True),  # goes
        art(2, OLD, read=True, starred=True),
        art(3, OLD, read=True, carried=True),
        art(4, OLD),  # unread: the age rule is for read articles
        art(5, RECENT, read=True),  # not old yet
    ]
    assert to_drop(articles, RetentionPolicy(90, 0), NOW) == [1]
    assert to_drop(articles, RetentionPolicy(0, 0), NOW) == []  # 0: kept for ever


def test_the_cap_drops_read_first_then_unread_oldest_first_never_starred_or_listed() -> None:
    articles = [
        art(1, OLD + 1, starred=True),
        art(2, OLD + 2, carried=True),
        art(3, OLD + 3),  # unread, oldest of the expendable ones
        art(4, OLD + 9, read=True),  # read: goes before older unread ones
        art(5, OLD + 5),
        art(6, NOW, carried=True),
    ]
    policy = RetentionPolicy(0, 4)
    assert to_drop(articles, policy, NOW) == [3, 4]
    assert to_drop(articles, RetentionPolicy(0, 5), NOW) == [4]
    assert to_drop(articles, RetentionPolicy(0, 1), NOW) == [3, 4, 5]  # the rest is protected


def test_both_rules_count_together() -> None:
    articles = [art(1, OLD, read=True), art(2, RECENT), art(3, RECENT + 1), art(4, NOW)]
    # the old read one goes by age, which brings the feed down to its cap of 3
    assert to_drop(articles, RetentionPolicy(90, 3), NOW) == [1]


def test_due_only_over_the_cap_or_with_an_old_read_article() -> None:
    policy = RetentionPolicy(90, 10)
    assert not is_due(policy, 10, False)
    assert is_due(policy, 11, False) and is_due(policy, 3, True)
    assert not is_due(RetentionPolicy(0, 0), 10**6, True)


# --- the database -----------------------------------------------------------------------------
def _keys(st: Storage) -> dict[str, int]:
    return {a.key: a.id for a in st.query_articles(ArticleQuery(), limit=1000)}


def _assert_no_orphans(db: Path) -> None:
    _assert_fts_integrity(db)  # the search index matches the articles, no more, no less
    orphans = raw(
        db, "SELECT count(*) FROM article_regions WHERE article_id NOT IN (SELECT id FROM articles)"
    )
    assert orphans == [(0,)]


def test_prune_keeps_starred_and_listed_drops_old_read_and_the_excess(
    st: Storage, db: Path
) -> None:
    st.set_places([Place("광주", ("광주",))])
    fd = st.add_feed(FeedSpec("http://x/f"))
    old = T0 - timedelta(days=200)
    # ten old articles that the feed no longer lists, all about 광주
    apply(st, fd.id, *(entry(f"old{i}", f"광주 old {i}", old + i * HOUR) for i in range(10)))
    current = [entry(f"new{i}", f"광주 new {i}", T0 + i * HOUR) for i in range(3)]
    apply(st, fd.id, *current, when=T0 + 5 * HOUR)
    ids = _keys(st)
    st.set_starred(ids["old0"], True)
    st.set_read([ids["old1"], ids["old2"], ids["new0"], ids["old0"]], True)

    dropped = st.prune(RetentionPolicy(90, 6), fd.id, [e.key for e in current], T0)
    left = _keys(st)
    assert {"old0", "new0", "new1", "new2"} <= set(left)  # starred; listed (read or not)
    assert "old1" not in left and "old2" not in left  # read and old
    assert len(left) == 6 and dropped == 7  # the oldest unread ones made room
    assert {"old8", "old9"} <= set(left)  # the newest of them stay
    _assert_no_orphans(db)
    assert st.count_articles(ArticleQuery(region="광주")) == 6  # the region index follows
    assert st.count_articles(ArticleQuery(search="old")) == 3  # and the search index


def test_prune_leaves_other_feeds_alone_and_does_nothing_when_off(st: Storage, db: Path) -> None:
    a = st.add_feed(FeedSpec("http://x/a"))
    b = st.add_feed(FeedSpec("http://x/b"))
    for fd in (a, b):
        apply(st, fd.id, *(entry(f"{fd.id}-{i}", f"t {i}", T0 + i * HOUR) for i in range(5)))
    assert st.prune(RetentionPolicy(0, 0), a.id, [], T0) == 0
    assert st.prune(RetentionPolicy(0, 2), a.id, [], T0) == 3
    assert st.count_articles(ArticleQuery(feed_id=a.id)) == 2
    assert st.count_articles(ArticleQuery(feed_id=b.id)) == 5
    _assert_no_orphans(db)


@contextmanager
def _transaction(conn: sqlite3.Connection, log: list[str]) -> Iterator[sqlite3.Connection]:
    log.append("write")
    with conn:  # commits
        yield conn


def test_nothing_due_costs_two_index_reads_and_no_write(st: Storage, db: Path) -> None:
    fd = st.add_feed(FeedSpec("http://x/f"))
    old = T0 - timedelta(days=200)
    listed = [entry(f"k{i}", f"t {i}", old + i * HOUR) for i in range(5)]
    apply(st, fd.id, *listed)
    st.set_read(list(_keys(st).values()), True)  # old and read, but the feed still lists them
    statements: list[str] = []
    log: list[str] = []
    with closing(sqlite3.connect(db)) as conn:
        conn.set_trace_callback(statements.append)
        dropped = pruning.prune_feed(
            lambda: nullcontext(conn),
            lambda: _transaction(conn, log),
            RetentionPolicy(90, 5),  # at the cap, not over it
            fd.id,
            [e.key for e in listed],
            T0,
        )
    assert dropped == 0 and log == [] and len(statements) == 2, statements
    assert len(_keys(st)) == 5


def test_deletes_run_in_short_transactions_and_spare_what_was_starred_meanwhile(
    st: Storage, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pruning, "DELETE_CHUNK", 2)
    fd = st.add_feed(FeedSpec("http://x/f"))
    apply(st, fd.id, *(entry(f"k{i}", f"t {i}", T0 + i * HOUR) for i in range(7)))
    ids = _keys(st)
    log: list[str] = []
    with closing(sqlite3.connect(db)) as conn:

        @contextmanager
        def write() -> Iterator[sqlite3.Connection]:
            if not log:  # the user stars one between the decision and its delete
                st.set_starred(ids["k4"], True)
            with _transaction(conn, log) as c:
                yield c

        policy = RetentionPolicy(0, 1)
        dropped = pruning.prune_feed(lambda: nullcontext(conn), write, policy, fd.id, [], T0)
    assert log == ["write"] * 3  # 6 ids to drop, 2 at a time
    assert dropped == 5 and set(_keys(st)) == {"k4", "k6"}
    _assert_no_orphans(db)


def test_prune_lets_the_users_pending_write_go_first(st: Storage, db: Path) -> None:
    fd = st.add_feed(FeedSpec("http://x/f"))
    apply(st, fd.id, *(entry(f"k{i}", f"t {i}", T0 + i * HOUR) for i in range(5)))
    done: list[int] = []
    pruner = threading.Thread(
        target=lambda: done.append(st.prune(RetentionPolicy(0, 2), fd.id, [], T0))
    )
    # What a user's write (a star, a mark read) holds while it waits and writes.
    with WriteTurns(db.with_name(db.name + "-writers")).user():
        pruner.start()
        time.sleep(0.3)
        assert not done and len(_keys(st)) == 5  # a refresh's write: it waits its turn
    pruner.join(10)
    assert done == [3] and len(_keys(st)) == 2
