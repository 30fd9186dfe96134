"""Storage on real SQLite files: schema and migrations, refresh writes, queries, search."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core import schema
from reader.core.models import ArticleQuery, FeedSpec, ParsedEntry, ParsedFeed
from reader.core.storage import SCHEMA_VERSION, Storage, StorageError, fts_query

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "storage"
T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def entry(key: str, title: str = "", published: datetime | None = None, **kw: str) -> ParsedEntry:
    return ParsedEntry(key=key, title=title or f"title {key}", published=published, **kw)


def feed_of(*entries: ParsedEntry, title: str | None = "Feed") -> ParsedFeed:
    return ParsedFeed(title=title, site_link="http://127.0.0.1/", entries=entries)


def apply(st: Storage, feed_id: int, *entries: ParsedEntry, when: datetime = T0):
    return st.apply_feed(
        feed_id, feed_of(*entries), etag=None, last_modified=None, body_hash=None, when=when
    )


def raw(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Look at the file through a second, independent connection."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "sinmun.db"


@pytest.fixture
def st(db: Path):
    storage = Storage(db)
    yield storage
    storage.close()


@pytest.fixture
def feed(st: Storage):
    return st.add_feed(FeedSpec("http://127.0.0.1/a.xml"))


# --- opening, schema, migrations ------------------------------------------------------------


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


def test_apply_to_an_unknown_feed_writes_nothing(st: Storage, feed, db: Path) -> None:
    apply(st, feed.id, entry("k1"))
    with pytest.raises(StorageError, match="no feed with id 999"):
        apply(st, 999, entry("k2"))
    assert raw(db, "SELECT count(*) FROM articles") == [(1,)]


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


# --- feeds ----------------------------------------------------------------------------------


def test_add_feed_is_idempotent_and_keeps_insertion_order(st: Storage) -> None:
    b = st.add_feed(FeedSpec("http://127.0.0.1/b.xml", "B"))
    a = st.add_feed(FeedSpec("http://127.0.0.1/a.xml"))
    again = st.add_feed(FeedSpec("http://127.0.0.1/b.xml", "ignored", ("x",)))
    assert again.id == b.id and again.title == "B" and again.tags == ()
    assert [f.url for f in st.list_feeds()] == [b.url, a.url]
    assert a.title == a.url  # no title known yet
    assert st.feed_by_id(a.id) == st.get_feed(a.url) == a
    assert st.get_feed("http://nope/") is None and st.feed_by_id(999) is None


def test_user_title_wins_over_the_feeds_own(st: Storage) -> None:
    mine = st.add_feed(FeedSpec("http://127.0.0.1/m.xml", "My title"))
    theirs = st.add_feed(FeedSpec("http://127.0.0.1/t.xml"))
    for f in (mine, theirs):
        st.apply_feed(
            f.id, feed_of(title="Their title"), etag=None, last_modified=None, body_hash=None,
            when=T0,
        )  # fmt: skip
    assert st.feed_by_id(mine.id).title == "My title"
    assert st.feed_by_id(theirs.id).title == "Their title"
    st.set_feed_spec(FeedSpec(mine.url, None, ("t",)))
    assert st.feed_by_id(mine.id).title == "Their title"
    assert st.feed_by_id(mine.id).tags == ("t",)


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
    assert st.feed_by_id(a.id).url == "http://127.0.0.1/new.xml"


# --- refresh writes -------------------------------------------------------------------------


def test_apply_feed_counts_new_updated_unchanged(st: Storage, feed) -> None:
    a, b, c = entry("a", "A", T0), entry("b", "B", T0), entry("c", "C", T0)
    assert apply(st, feed.id, a, b, c) == (3, 0)
    assert apply(st, feed.id, a, b, c) == (0, 0)
    b2 = entry("b", "B edited", T0)
    assert apply(st, feed.id, a, b2, c) == (0, 1)
    assert apply(st, feed.id, entry("d", "D"), b2, entry("c", "C", T0, summary="new")) == (1, 1)
    assert apply(st, feed.id) == (0, 0)  # an empty feed removes nothing
    titles = {a.key: a.title for a in st.query_articles(ArticleQuery(), limit=10)}
    assert titles == {"a": "A", "b": "B edited", "c": "C", "d": "D"}


def test_a_feeds_new_articles_are_indexed_by_one_statement(st: Storage, feed, db: Path) -> None:
    # FTS5 writes a segment at every statement boundary: one per article was 2x the CPU.
    seen: list[str] = []
    st._conn.set_trace_callback(seen.append)  # type: ignore[union-attr]
    entries = [entry(f"k{i}", f"광주 title {i}", content=f"<p>본문 {i}</p>") for i in range(50)]
    apply(st, feed.id, *entries)
    st._conn.set_trace_callback(None)  # type: ignore[union-attr]
    assert sum(sql.startswith("INSERT INTO articles_fts") for sql in seen) == 1
    assert not any("TRIGGER" in sql for sql in seen)
    assert st.count_articles(ArticleQuery(search="광주")) == 50
    assert st.count_articles(ArticleQuery(search="본문")) == 50
    _assert_fts_integrity(db)


def test_content_text_from_the_parser_is_what_gets_indexed(st: Storage, feed) -> None:
    # parse_feed derives it in the worker; entries made elsewhere (None) get it derived here
    apply(
        st, feed.id,
        entry("a", "t", content="<p>본문 parsed</p>", content_text="본문 parsed workerword"),
        entry("b", "t", content="<p>derived <b>here</b></p>"),
    )  # fmt: skip
    count = lambda s: st.count_articles(ArticleQuery(search=s))  # noqa: E731
    assert (count("workerword"), count("derived"), count("here")) == (1, 1, 1)


def test_duplicate_keys_in_one_feed_keep_the_first(st: Storage, feed) -> None:
    assert apply(st, feed.id, entry("k", "first"), entry("k", "second")) == (1, 0)
    assert [a.title for a in st.query_articles(ArticleQuery())] == ["first"]
    assert apply(st, feed.id, entry("k", "first"), entry("k", "third")) == (0, 0)


def test_same_key_in_two_feeds_is_two_articles(st: Storage) -> None:
    a = st.add_feed(FeedSpec("http://127.0.0.1/a.xml"))
    b = st.add_feed(FeedSpec("http://127.0.0.1/b.xml"))
    assert apply(st, a.id, entry("k")) == (1, 0)
    assert apply(st, b.id, entry("k")) == (1, 0)
    assert st.count_articles(ArticleQuery()) == 2


def test_read_and_starred_survive_changed_entries(st: Storage, feed) -> None:
    apply(st, feed.id, entry("a", "A", T0), entry("b", "B", T0))
    a, b = sorted(st.query_articles(ArticleQuery()), key=lambda x: x.key)
    st.set_read([a.id], True)
    st.set_starred(b.id, True)
    new, updated = apply(st, feed.id, entry("a", "A2", T0 + HOUR), entry("b", "B2", None))
    assert (new, updated) == (0, 2)
    a2, b2 = st.get_article(a.id), st.get_article(b.id)
    assert (a2.title, a2.read, a2.starred) == ("A2", True, False)
    assert (b2.title, b2.read, b2.starred) == ("B2", False, True)
    assert a2.published == T0 + HOUR and b2.published is None


def test_error_and_not_modified_bookkeeping(st: Storage, feed) -> None:
    st.record_error(feed.id, "timed out after 45 s", T0)
    st.record_error(feed.id, "HTTP 500 Internal Server Error", T0 + HOUR)
    f = st.feed_by_id(feed.id)
    assert (f.error_count, f.last_error) == (2, "HTTP 500 Internal Server Error")
    assert (f.last_fetched, f.last_success) == (T0 + HOUR, None)

    st.record_not_modified(feed.id, T0 + 2 * HOUR)
    f = st.feed_by_id(feed.id)
    assert (f.error_count, f.last_error, f.last_success) == (0, None, T0 + 2 * HOUR)

    st.apply_feed(
        feed.id, feed_of(entry("a"), title="Own"), etag='"e1"', last_modified="Mon", body_hash="h1",
        when=T0 + 3 * HOUR,
    )  # fmt: skip
    st.record_error(feed.id, "connection reset", T0 + 4 * HOUR)
    st.record_not_modified(feed.id, T0 + 5 * HOUR)
    f = st.feed_by_id(feed.id)
    assert (f.etag, f.last_modified, f.body_hash, f.title) == ('"e1"', "Mon", "h1", "Own")
    assert (f.error_count, f.last_success) == (0, T0 + 5 * HOUR)

    st.record_error(feed.id, "refused", T0 + 6 * HOUR)
    st.record_unchanged(feed.id, '"e2"', None, T0 + 7 * HOUR)
    f = st.feed_by_id(feed.id)
    assert (f.etag, f.last_modified, f.body_hash) == ('"e2"', None, "h1")
    assert (f.error_count, f.last_error, f.last_success) == (0, None, T0 + 7 * HOUR)

    st.record_error(feed.id, "boom", T0 + 8 * HOUR)
    apply(st, feed.id, entry("a"))
    assert st.feed_by_id(feed.id).error_count == 0


def test_changed_link_drops_the_cached_full_text(st: Storage, feed) -> None:
    apply(st, feed.id, entry("a", "A", link="http://127.0.0.1/1"), entry("b", "B", link="x"))
    a, b = sorted(st.query_articles(ArticleQuery()), key=lambda x: x.key)
    st.set_full_text(a.id, "본문 광주", '{"p": 1}')
    st.set_full_text(b.id, "body text", "{}")
    assert st.count_articles(ArticleQuery(search="본문")) == 1
    apply(st, feed.id, entry("a", "A", link="http://127.0.0.1/2"), entry("b", "B2", link="x"))
    assert st.get_full_text(a.id) == (None, None)
    assert st.get_full_text(b.id) == ("body text", "{}")  # content changed, page did not
    assert st.count_articles(ArticleQuery(search="본문")) == 0
    assert st.get_full_text(999) is None


# --- queries --------------------------------------------------------------------------------


@pytest.fixture
def two_feeds(st: Storage):
    a = st.add_feed(FeedSpec("http://127.0.0.1/a.xml"))
    b = st.add_feed(FeedSpec("http://127.0.0.1/b.xml"))
    apply(st, a.id, entry("a1", "광주시는 예산", T0), entry("a2", "서울 날씨", T0 + HOUR))
    apply(st, b.id, entry("b1", "Gwangju budget", T0 + 2 * HOUR), entry("b2", "Seoul", T0))
    ids = {x.key: x.id for x in st.query_articles(ArticleQuery())}
    st.set_read([ids["a2"], ids["b1"]], True)
    st.set_starred(ids["a1"], True)
    st.set_starred(ids["b1"], True)
    return a, b, ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ArticleQuery(), ["b1", "a2", "b2", "a1"]),
        (ArticleQuery(feed_id=1), ["a2", "a1"]),
        (ArticleQuery(feed_url="http://127.0.0.1/b.xml"), ["b1", "b2"]),
        (ArticleQuery(feed_url="http://nope/"), []),
        (ArticleQuery(unread_only=True), ["b2", "a1"]),
        (ArticleQuery(starred_only=True), ["b1", "a1"]),
        (ArticleQuery(search="광주"), ["a1"]),  # a particle form matches: 광주시는
        (ArticleQuery(search="gwang BUDG"), ["b1"]),  # all words, prefixes, any case
        (ArticleQuery(search="광주 budget"), []),
        (ArticleQuery(region="광주 Gwangju 광주광역시"), ["b1", "a1"]),  # any of the words
        (ArticleQuery(region="광주 Gwangju", unread_only=True), ["a1"]),
        (ArticleQuery(region="광주 Gwangju", search="budget"), ["b1"]),
        (ArticleQuery(feed_id=2, unread_only=True, starred_only=True), []),
        (ArticleQuery(feed_id=1, unread_only=True, starred_only=True, search="예산"), ["a1"]),
        (ArticleQuery(feed_id=1, feed_url="http://127.0.0.1/b.xml"), []),
    ],
)
def test_query_filters(st: Storage, two_feeds, query: ArticleQuery, expected: list[str]) -> None:
    got = st.query_articles(query)
    assert [a.key for a in got] == expected
    assert st.count_articles(query) == len(expected)


def test_article_fields_round_trip(st: Storage, feed) -> None:
    e = ParsedEntry(
        key="urn:1", title="제목", link="http://127.0.0.1/1", author="홍길동 기자",
        published=T0, summary="요약", content="<p>본문</p>",
    )  # fmt: skip
    apply(st, feed.id, e, when=T0 + HOUR)
    (a,) = st.query_articles(ArticleQuery())
    assert st.get_article(a.id) == a
    assert (a.key, a.title, a.link, a.author, a.summary, a.content) == (
        "urn:1", "제목", "http://127.0.0.1/1", "홍길동 기자", "요약", "<p>본문</p>",
    )  # fmt: skip
    assert (a.published, a.fetched, a.read, a.starred) == (T0, T0 + HOUR, False, False)
    assert (a.feed_id, a.feed_url, a.feed_title) == (feed.id, feed.url, "Feed")
    assert st.get_article(a.id + 1) is None


def test_order_published_then_first_seen_then_id(st: Storage, feed) -> None:
    apply(st, feed.id, entry("old", published=T0 - 5 * HOUR), when=T0)
    apply(st, feed.id, entry("undated-1"), entry("undated-2"), when=T0 - HOUR)
    apply(st, feed.id, entry("tie-1", published=T0), entry("tie-2", published=T0), when=T0)
    apply(st, feed.id, entry("new", published=T0 + HOUR), when=T0)
    got = [a.key for a in st.query_articles(ArticleQuery())]
    assert got == ["new", "tie-2", "tie-1", "undated-2", "undated-1", "old"]
    # An update that adds a date moves the article.
    apply(st, feed.id, entry("undated-1", published=T0 + 2 * HOUR), when=T0 + 3 * HOUR)
    assert st.query_articles(ArticleQuery(), limit=1)[0].key == "undated-1"


def test_paging_walks_the_whole_list_once(st: Storage, feed) -> None:
    rng = random.Random(7)
    entries = [
        entry(f"k{i}", published=T0 + timedelta(minutes=rng.randint(0, 30))) for i in range(230)
    ]
    apply(st, feed.id, *entries)
    pages = [st.query_articles(ArticleQuery(), offset=o, limit=50) for o in range(0, 250, 50)]
    flat = [a.id for page in pages for a in page]
    assert [len(p) for p in pages] == [50, 50, 50, 50, 30]
    assert len(set(flat)) == 230
    keys = [(a.published, a.id) for page in pages for a in page]
    assert keys == sorted(keys, reverse=True)
    assert st.query_articles(ArticleQuery(), limit=0) == []
    assert len(st.query_articles(ArticleQuery(), offset=-5, limit=3)) == 3


def test_list_feeds_counts(st: Storage, two_feeds) -> None:
    empty = st.add_feed(FeedSpec("http://127.0.0.1/empty.xml"))
    counts = {f.url: (f.total, f.unread) for f in st.list_feeds()}
    assert counts == {
        "http://127.0.0.1/a.xml": (2, 1),
        "http://127.0.0.1/b.xml": (2, 1),
        empty.url: (0, 0),
    }
    assert (st.get_feed("http://127.0.0.1/a.xml").total, st.feed_by_id(2).unread) == (2, 1)


def test_set_read_counts_changes_and_handles_many_ids(st: Storage, feed) -> None:
    apply(st, feed.id, *(entry(f"k{i}") for i in range(1200)))
    ids = [a.id for a in st.query_articles(ArticleQuery(), limit=2000)]
    assert st.set_read(ids, True) == 1200
    assert st.set_read(ids, True) == 0
    assert st.count_articles(ArticleQuery(unread_only=True)) == 0
    assert st.set_read(ids[:700], False) == 700
    assert st.feed_by_id(feed.id).unread == 700
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


# --- search ---------------------------------------------------------------------------------


HOSTILE = [
    '"', '""', "(", ")", "NEAR(", "NEAR(a b)", "*", "-", "-광주", "a OR", "AND", "NOT x",
    "title:x", "{title}: x", "^x", "x:", "''", "\\", "\x00", "%", "_", "광주\"", ":", "+",
    "", "   ", "!!!", "((( )))", "\u0301", "a" * 5000, "🙂", "col:광주 NEAR(",
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_search_is_safe_for_any_input(st: Storage, two_feeds, text: str) -> None:
    for q in (ArticleQuery(search=text), ArticleQuery(region=text, unread_only=True)):
        got = st.query_articles(q)
        assert st.count_articles(q) == len(got)
        assert st.mark_all_read(ArticleQuery(search=text, starred_only=True)) >= 0


def test_search_words_with_punctuation_still_match(st: Storage, two_feeds) -> None:
    assert [a.key for a in st.query_articles(ArticleQuery(search='"광주'))] == ["a1"]
    assert [a.key for a in st.query_articles(ArticleQuery(search="(Gwangju)"))] == ["b1"]
    assert [a.key for a in st.query_articles(ArticleQuery(search="-budget"))] == ["b1"]


def test_blank_search_filters_nothing_and_wordless_search_matches_nothing(
    st: Storage, two_feeds
) -> None:
    assert st.count_articles(ArticleQuery(search="  ")) == 4
    assert st.count_articles(ArticleQuery(search="!!! ((")) == 0
    assert st.count_articles(ArticleQuery(search="!!! 광주")) == 1


def test_fts_query_quotes_every_word() -> None:
    assert fts_query(None) is None and fts_query(" ") is None
    assert fts_query('a"b NEAR(') == '"a""b"* AND "NEAR("*'
    assert fts_query("x", "광주 Gwangju") == '"x"* AND ("광주"* OR "Gwangju"*)'
    assert fts_query("!!") == ""
    assert fts_query(None, "--") == ""


def test_search_covers_content_text_and_full_text_not_markup(st: Storage, feed) -> None:
    apply(
        st, feed.id,
        entry("a", "t", content='<p class="hiddenclass">visible <b>bold</b>word</p>'
              "<script>scriptword()</script>"),
        entry("b", "t", summary="café résumé"),
    )  # fmt: skip
    count = lambda s: st.count_articles(ArticleQuery(search=s))  # noqa: E731
    assert (count("visible"), count("bold")) == (1, 1)
    assert (count("hiddenclass"), count("scriptword"), count("class")) == (0, 0, 0)
    assert (count("cafe"), count("RESUME")) == (1, 1)  # diacritics and case folded
    b = next(a for a in st.query_articles(ArticleQuery()) if a.key == "b")
    st.set_full_text(b.id, "전문 extracted", None)
    assert count("전문") == 1
    st.set_full_text(b.id, None, None)
    assert count("전문") == 0


def _assert_fts_integrity(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        # rank=1: also compare the index with the content table (external content).
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def _brute_force(db: Path, term: str) -> int:
    """Articles with a word starting with `term` in any indexed column (a plain table scan)."""
    rows = raw(db, "SELECT title, summary, content_text, coalesce(full_text, '') FROM articles")
    term = term.casefold()
    return sum(
        any(w.startswith(term) for w in re.findall(r"\w+", " ".join(r).casefold())) for r in rows
    )


def test_index_stays_in_step_with_random_writes(st: Storage, db: Path) -> None:
    rng = random.Random(20261124)
    vocab = ["광주", "광주시", "서울", "budget", "bus", "busan", "mayor", "market", "날씨", "기자"]
    vocab += [f"w{i}" for i in range(20)]

    def text(n: int) -> str:
        return " ".join(rng.choice(vocab) for _ in range(n))

    def entries(feed_no: int, n: int) -> list[ParsedEntry]:
        return [
            ParsedEntry(
                key=f"{feed_no}-{rng.randint(0, 40)}",
                title=text(3),
                summary=text(6),
                content=f"<p>{text(8)}</p><p>{text(4)}</p>" if rng.random() < 0.7 else "",
            )
            for _ in range(n)
        ]

    feeds = [st.add_feed(FeedSpec(f"http://127.0.0.1/{i}.xml")) for i in range(4)]
    for round_no in range(6):
        for i, f in enumerate(feeds):
            apply(st, f.id, *entries(i, 25), when=T0 + round_no * HOUR)
        ids = [a.id for a in st.query_articles(ArticleQuery(), limit=1000)]
        for a_id in rng.sample(ids, 10):
            st.set_full_text(a_id, text(5) if rng.random() < 0.8 else None, None)
        st.set_read(rng.sample(ids, 20), True)
        if round_no == 3:
            st.remove_feed(feeds.pop(0).url)
        for term in ["광주", "광", "bus", "b", "market", "w1", "w12", "날씨", "zzz"]:
            assert st.count_articles(ArticleQuery(search=term)) == _brute_force(db, term), term
    assert st.count_articles(ArticleQuery()) > 50
    _assert_fts_integrity(db)


# --- concurrency and crashes ----------------------------------------------------------------


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
        assert again.feed_by_id(feed.id).etag is None
        assert apply(again, feed.id, entry("after")) == (1, 0)
