"""Storage on real SQLite files: schema and migrations, feeds, bookkeeping, concurrency.

Refresh writes are in test_feed_writes.py, article lists and search in test_article_queries.py.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.core import schema
from reader.core.models import ArticleQuery, Feed, FeedSpec
from reader.core.storage import SCHEMA_VERSION, Storage, StorageError
from tests.core.conftest import HOUR, T0, _assert_fts_integrity, apply, entry, feed_of, raw

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "storage"


def feed_by_id(st: Storage, feed_id: int) -> Feed | None:
    """A stored feed by id, as the feed list shows it (the product looks feeds up by URL)."""
    return next((f for f in st.list_feeds() if f.id == feed_id), None)


# --- opening, schema, migrations ------------------------------------------------------------------


def test_new_file_is_migrated_to_current_schema(db: Path) -> None:
    Storage(db).close()
    assert raw(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert raw(db, "PRAGMA journal_mode") == [("wal",)]
    names = {r[0] for r in raw(db, "SELECT name FROM sqlite_master")}
    assert {"meta", "feeds", "articles", "articles_fts", "articles_by_time"} <= names


def test_empty_file_is_initialised(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Storage(path) as st:
        assert st.add_feed(FeedSpec("http://x/")).id == 1


def test_reopen_keeps_data(db: Path) -> None:
    with Storage(db) as st:
        f = st.add_feed(FeedSpec("http://127.0.0.1/a.xml", "Mine", ("local", "news")))
        apply(st, f.id, entry("k1", "광주 소식", T0))
        st.set_meta("seeded", "defaults")
    with Storage(db) as st:
        (again,) = st.list_feeds()
        assert (again.title, again.tags, again.total, again.unread) == (
            "Mine",
            ("local", "news"),
            1,
            1,
        )
        assert st.get_meta("seeded") == "defaults"
        assert [a.title for a in st.query_articles(ArticleQuery(search="광주"))] == ["광주 소식"]


def test_newer_schema_is_refused_with_a_clear_message(db: Path) -> None:
    Storage(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 4}")
    conn.close()
    with pytest.raises(StorageError) as err:
        Storage(db)
    msg = str(err.value)
    assert str(db) in msg and "\n" not in msg
    assert f"newer Sinmun (schema {SCHEMA_VERSION + 4}, this one knows {SCHEMA_VERSION})" in msg


def test_garbage_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    junk = b"These are my notes, not a database.\n" * 200
    path.write_bytes(junk)
    with pytest.raises(StorageError) as err:
        Storage(path)
    assert str(err.value) == f"{path} is not a Sinmun database (file is not a database)"
    assert path.read_bytes() == junk


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="is not a Sinmun database"):
        Storage(path)
    assert raw(path, "PRAGMA user_version") == [(0,)]


def test_unusable_paths_name_the_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match=re.escape(str(blocker))):
        Storage(blocker / "sinmun.db")  # parent is a regular file
    with pytest.raises(StorageError, match=re.escape(str(tmp_path))):
        Storage(tmp_path)  # a folder


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_is_a_storage_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError, match=re.escape(str(folder))):
            Storage(folder / "sinmun.db")
    finally:
        folder.chmod(0o700)


def test_failed_migration_rolls_back_to_the_last_good_version(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    good = ("CREATE TABLE one (x)",)
    bad = ("CREATE TABLE two (x)", "INSERT INTO nowhere VALUES (1)")
    with pytest.raises(sqlite3.OperationalError):
        schema.migrate(conn, tmp_path / "m.db", [good, bad])
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert tables == {"one"}
    assert schema.migrate(conn, tmp_path / "m.db", [good, ("CREATE TABLE two (x)",)]) == 2
    conn.close()


def test_version_1_file_opens_and_matches_a_fresh_schema(tmp_path: Path) -> None:
    old = tmp_path / "v1.db"
    conn = sqlite3.connect(old)
    conn.executescript((DATA / "schema_v1.sql").read_text(encoding="utf-8"))
    conn.close()
    fresh = tmp_path / "fresh.db"
    for path in (old, fresh):
        Storage(path).close()
    shape = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert raw(old, shape) == raw(fresh, shape)
    with Storage(old) as st:
        kwangju, world = st.list_feeds()
        assert (kwangju.title, kwangju.tags, kwangju.total, kwangju.unread) == (
            "광주일보",
            ("local",),
            2,
            1,
        )
        assert (world.title, world.error_count, world.last_error) == (
            "My world news",
            3,
            "timed out after 45 s",
        )
        hits = st.query_articles(ArticleQuery(search="광주"))
        assert [(a.id, a.read, a.starred) for a in hits] == [(2, False, True), (1, True, False)]
        assert st.get_full_text(2) == ("광주 오늘 흐림", '{"paragraphs": ["광주 오늘 흐림"]}')
    _assert_fts_integrity(old)


def test_closed_storage_raises_storage_error(db: Path) -> None:
    st = Storage(db)
    st.close()
    st.close()  # twice is fine
    with pytest.raises(StorageError, match="closed"):
        st.list_feeds()


# --- feeds ----------------------------------------------------------------------------------------


def test_add_feed_is_idempotent_and_keeps_insertion_order(st: Storage) -> None:
    b = st.add_feed(FeedSpec("http://127.0.0.1/b.xml", "B"))
    a = st.add_feed(FeedSpec("http://127.0.0.1/a.xml"))
    again = st.add_feed(FeedSpec("http://127.0.0.1/b.xml", "ignored", ("x",)))
    assert again.id == b.id and again.title == "B" and again.tags == ()
    assert [f.url for f in st.list_feeds()] == [b.url, a.url]
    assert a.title == a.url  # no title known yet
    assert feed_by_id(st, a.id) == st.get_feed(a.url) == a
    assert st.get_feed("http://nope/") is None and feed_by_id(st, 999) is None


def test_user_title_wins_over_the_feeds_own(st: Storage) -> None:
    mine = st.add_feed(FeedSpec("http://127.0.0.1/m.xml", "My title"))
    theirs = st.add_feed(FeedSpec("http://127.0.0.1/t.xml"))
    for f in (mine, theirs):
        st.apply_feed(
            f.id, feed_of(title="Their title"), etag=None, last_modified=None, body_hash=None,
            when=T0,
        )  # fmt: skip
    assert feed_by_id(st, mine.id).title == "My title"
    assert feed_by_id(st, theirs.id).title == "Their title"
    st.set_feed_spec(FeedSpec(mine.url, None, ("t",)))
    assert feed_by_id(st, mine.id).title == "Their title"
    assert feed_by_id(st, mine.id).tags == ("t",)


def test_remove_feed_cascades_to_articles_and_index(st: Storage, db: Path) -> None:
    keep = st.add_feed(FeedSpec("http://127.0.0.1/keep.xml"))
    gone = st.add_feed(FeedSpec("http://127.0.0.1/gone.xml"))
    apply(st, keep.id, entry("k", "광주 keep"))
    apply(st, gone.id, entry("k", "광주 gone"), entry("j", "광주 also gone"))
    assert st.count_articles(ArticleQuery(search="광주")) == 3
    assert st.remove_feed(gone.url) is True
    assert st.remove_feed(gone.url) is False
    assert raw(db, "SELECT count(*) FROM articles") == [(1,)]
    assert st.count_articles(ArticleQuery(search="광주")) == 1
    assert raw(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'gone'") == [(0,)]
    _assert_fts_integrity(db)


def test_update_feed_url_follows_redirects_but_not_onto_another_feed(st: Storage) -> None:
    a = st.add_feed(FeedSpec("http://127.0.0.1/a.xml"))
    b = st.add_feed(FeedSpec("http://127.0.0.1/b.xml"))
    assert st.update_feed_url(a.id, "http://127.0.0.1/new.xml") is True
    assert st.get_feed("http://127.0.0.1/new.xml").id == a.id
    assert st.update_feed_url(a.id, b.url) is False
    assert feed_by_id(st, a.id).url == "http://127.0.0.1/new.xml"


# --- fetch bookkeeping ----------------------------------------------------------------------------


def test_error_and_not_modified_bookkeeping(st: Storage, feed) -> None:
    st.record_error(feed.id, "timed out after 45 s", T0)
    st.record_error(feed.id, "HTTP 500 Internal Server Error", T0 + HOUR)
    f = feed_by_id(st, feed.id)
    assert (f.error_count, f.last_error) == (2, "HTTP 500 Internal Server Error")
    assert (f.last_fetched, f.last_success) == (T0 + HOUR, None)

    st.record_not_modified(feed.id, T0 + 2 * HOUR)
    f = feed_by_id(st, feed.id)
    assert (f.error_count, f.last_error, f.last_success) == (0, None, T0 + 2 * HOUR)

    st.apply_feed(
        feed.id, feed_of(entry("a"), title="Own"), etag='"e1"', last_modified="Mon", body_hash="h1",
        when=T0 + 3 * HOUR,
    )  # fmt: skip
    st.record_error(feed.id, "connection reset", T0 + 4 * HOUR)
    st.record_not_modified(feed.id, T0 + 5 * HOUR)
    f = feed_by_id(st, feed.id)
    assert (f.etag, f.last_modified, f.body_hash, f.title) == ('"e1"', "Mon", "h1", "Own")
    assert (f.error_count, f.last_success) == (0, T0 + 5 * HOUR)

    st.record_error(feed.id, "refused", T0 + 6 * HOUR)
    st.record_unchanged(feed.id, '"e2"', None, T0 + 7 * HOUR)
    f = feed_by_id(st, feed.id)
    assert (f.etag, f.last_modified, f.body_hash) == ('"e2"', None, "h1")
    assert (f.error_count, f.last_error, f.last_success) == (0, None, T0 + 7 * HOUR)

    st.record_error(feed.id, "boom", T0 + 8 * HOUR)
    apply(st, feed.id, entry("a"))
    assert feed_by_id(st, feed.id).error_count == 0


# --- counts, read and starred, meta ---------------------------------------------------------------


def test_list_feeds_counts(st: Storage, two_feeds) -> None:
    empty = st.add_feed(FeedSpec("http://127.0.0.1/empty.xml"))
    counts = {f.url: (f.total, f.unread) for f in st.list_feeds()}
    assert counts == {
        "http://127.0.0.1/a.xml": (2, 1),
        "http://127.0.0.1/b.xml": (2, 1),
        empty.url: (0, 0),
    }
    assert (st.get_feed("http://127.0.0.1/a.xml").total, feed_by_id(st, 2).unread) == (2, 1)


def test_set_read_counts_changes_and_handles_many_ids(st: Storage, feed) -> None:
    apply(st, feed.id, *(entry(f"k{i}") for i in range(1200)))
    ids = [a.id for a in st.query_articles(ArticleQuery(), limit=2000)]
    assert st.set_read(ids, True) == 1200
    assert st.set_read(ids, True) == 0
    assert st.count_articles(ArticleQuery(unread_only=True)) == 0
    assert st.set_read(ids[:700], False) == 700
    assert feed_by_id(st, feed.id).unread == 700
    assert st.set_read([], True) == 0


def test_mark_all_read_with_a_query(st: Storage, two_feeds) -> None:
    a, _b, ids = two_feeds
    assert st.mark_all_read(ArticleQuery(search="광주 OR seoul")) == 0  # words, all must match
    assert st.mark_all_read(ArticleQuery(region="광주 Gwangju")) == 1  # b1 was read already
    assert st.get_article(ids["a1"]).read is True
    assert st.get_article(ids["b2"]).read is False
    assert st.mark_all_read(ArticleQuery(feed_id=a.id)) == 0
    assert st.mark_all_read(ArticleQuery()) == 1
    assert st.count_articles(ArticleQuery(unread_only=True)) == 0


def test_meta_round_trip(st: Storage) -> None:
    assert st.get_meta("k") is None
    st.set_meta("k", "v1")
    st.set_meta("k", "v2")
    assert st.get_meta("k") == "v2"


# --- concurrency and crashes ----------------------------------------------------------------------


def test_threads_and_a_second_connection_share_the_file(st: Storage, db: Path) -> None:
    f1 = st.add_feed(FeedSpec("http://127.0.0.1/1.xml"))
    other = Storage(db)  # e.g. `sinmun refresh` while the TUI is open
    f2 = other.add_feed(FeedSpec("http://127.0.0.1/2.xml"))
    errors: list[BaseException] = []
    stop = threading.Event()

    def guard(fn):
        def run() -> None:
            try:
                fn()
            except BaseException as e:  # surfaced by the assert below
                errors.append(e)
                stop.set()

        return run

    def writer(storage: Storage, feed_id: int, prefix: str) -> None:
        for n in range(30):
            apply(storage, feed_id, *(entry(f"{prefix}{n}-{i}", "광주 news") for i in range(10)))
            page = storage.query_articles(ArticleQuery(feed_id=feed_id), limit=5)
            storage.set_read([a.id for a in page], True)

    reads = 0

    def reader() -> None:
        nonlocal reads
        while not stop.is_set() or not reads:
            reads += 1
            st.list_feeds()
            st.count_articles(ArticleQuery(search="광주", unread_only=True))
            st.query_articles(ArticleQuery(unread_only=True), offset=10)

    threads = [
        threading.Thread(target=guard(lambda: writer(st, f1.id, "a"))),
        threading.Thread(target=guard(lambda: writer(other, f2.id, "b"))),
        threading.Thread(target=guard(reader)),
    ]
    for t in threads:
        t.start()
    for t in threads[:2]:
        t.join(60)
    stop.set()
    threads[2].join(60)
    other.close()
    assert errors == []
    assert reads > 0
    assert [(f.total, f.unread) for f in st.list_feeds()] == [(300, 150), (300, 150)]
    _assert_fts_integrity(db)


CRASHER = """
import os, signal, sys
from datetime import UTC, datetime
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.storage import Storage

st = Storage(Path(sys.argv[1]))
conn = st._conn
conn.execute("PRAGMA cache_size = 5")  # spill uncommitted pages into the WAL early
inserts = 0

def trace(sql):
    global inserts
    if sql.startswith("INSERT INTO articles "):
        inserts += 1
        if inserts == 1500:
            os.kill(os.getpid(), signal.SIGKILL)

conn.set_trace_callback(trace)
body = "<p>" + "광주 본문 " * 200 + "</p>"
entries = tuple(ParsedEntry(key=f"new{i}", title=f"new {i}", content=body) for i in range(3000))
st.apply_feed(1, ParsedFeed("F", None, entries), etag="x", last_modified=None, body_hash="h",
              when=datetime.now(UTC))
print("not killed")
"""


def test_kill_mid_write_leaves_the_last_commit(st: Storage, feed, db: Path) -> None:
    apply(st, feed.id, *(entry(f"old{i}", "광주 old") for i in range(10)))
    proc = subprocess.run(
        [sys.executable, "-c", CRASHER, str(db), str(ROOT)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    assert db.with_name(db.name + "-wal").stat().st_size > 100_000  # it was mid-write
    _assert_fts_integrity(db)
    with Storage(db) as again:
        assert again.count_articles(ArticleQuery()) == 10
        assert again.count_articles(ArticleQuery(search="광주")) == 10
        assert feed_by_id(again, feed.id).etag is None
        assert apply(again, feed.id, entry("after")) == (1, 0)
