"""The full-text index filled once per refresh (`reader.core.fts_index`): the marker, the
articles above it found all the same, the guarded triggers, and the migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core import fts_index, schema, search_index
from reader.core.models import ArticleQuery, FeedSpec
from reader.core.region_index import free_text_terms
from reader.core.storage import Storage
from tests.core.conftest import T0, _assert_fts_integrity, apply, entry, raw

WORDS = ("광주", "seoul", "budget", "새소식", "gone")


def _strict_integrity(db: Path) -> None:
    """The index matches the articles exactly, with nothing left above the marker."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


def _marker(db: Path) -> int:
    return int(raw(db, "SELECT indexed_up_to FROM fts_state")[0][0])


def _matches(db: Path) -> dict[str, list[int]]:
    sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid"
    return {w: [r[0] for r in raw(db, sql, (f'"{w}"*',))] for w in WORDS}


def _ids(st: Storage, region: str) -> set[int]:
    """The region filter's articles, both ways a query can meet the index."""
    q = ArticleQuery(region=region)
    listed = {a.id for a in st.query_articles(q, limit=1000)}
    assert st.count_articles(q) == len(listed)
    assert {a.id for a in st.query_articles(ArticleQuery(region=region, unread_only=True))} <= (
        listed
    )
    return listed


def _two_feeds(st: Storage) -> tuple[int, int]:
    a = st.add_feed(FeedSpec("http://127.0.0.1/a.xml")).id
    b = st.add_feed(FeedSpec("http://127.0.0.1/b.xml")).id
    apply(st, a, entry("a1", "광주시는 예산", T0), entry("a2", "Seoul budget", T0))
    apply(st, b, entry("b1", "새소식 광주", T0), entry("b2", "nothing here", T0))
    return a, b


def test_the_refresh_end_indexes_every_stored_article_once(st: Storage, db: Path) -> None:
    _two_feeds(st)
    assert _marker(db) == 0 and not any(_matches(db).values())  # the feeds' writes: none
    assert st.index_fts() == 4
    assert _marker(db) == raw(db, "SELECT max(id) FROM articles")[0][0]
    assert st.index_fts() == 0
    _strict_integrity(db)
    before = _matches(db)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    conn.commit()
    conn.close()
    assert _matches(db) == before and before["광주"] and before["seoul"]


def test_articles_stored_but_not_indexed_are_found_and_indexed_later(db: Path) -> None:
    with Storage(db) as st:  # a refresh killed after storing, before its last write
        _two_feeds(st)
        stored = _ids(st, "광주")
        assert len(stored) == 2 and len(_ids(st, "budget")) == 1
        assert _ids(st, "bud") == set()  # Latin words stay whole words, as in the index
        _assert_fts_integrity(db)
    with Storage(db) as st:  # the next refresh
        assert _ids(st, "광주") == stored
        assert st.index_fts() == 4
        assert _ids(st, "광주") == stored and len(_ids(st, "광주 seoul")) == 3
    _strict_integrity(db)


def test_updates_and_deletes_of_articles_not_yet_indexed_leave_the_index_whole(
    st: Storage, db: Path
) -> None:
    a, b = _two_feeds(st)
    st.index_fts()
    apply(st, a, entry("a3", "gone soon", T0), entry("a4", "광주 news", T0))  # above the marker
    apply(st, a, entry("a3", "gone soon, edited", T0), entry("a4", "광주 news, edited", T0))
    a4 = next(x.id for x in st.query_articles(ArticleQuery(), limit=99) if x.key == "a4")
    st.set_full_text(a4, "광주 full text", None)
    apply(st, a, entry("a1", "광주시는 예산 edited", T0))  # and an indexed one
    assert st.remove_feed("http://127.0.0.1/b.xml")  # deletes indexed articles
    assert st.count_articles(ArticleQuery(region="gone")) == 1
    _assert_fts_integrity(db)
    st.index_fts()
    _strict_integrity(db)
    assert _ids(st, "edited") == {
        x.id for x in st.query_articles(ArticleQuery(), limit=99) if x.key in ("a1", "a3", "a4")
    }
    del b


def test_ids_reused_after_the_newest_articles_went_are_not_taken_for_indexed(
    st: Storage, db: Path
) -> None:
    keep = st.add_feed(FeedSpec("http://127.0.0.1/keep.xml")).id
    gone = st.add_feed(FeedSpec("http://127.0.0.1/gone.xml")).id
    apply(st, keep, entry("k", "광주 keep", T0))
    apply(st, gone, entry("g1", "gone 1", T0), entry("g2", "gone 2", T0))
    st.index_fts()
    assert st.remove_feed("http://127.0.0.1/gone.xml")  # ids 2 and 3 free again
    apply(st, keep, entry("n1", "광주 new one", T0), entry("n2", "광주 new two", T0))
    assert len(_ids(st, "광주")) == 3
    _assert_fts_integrity(db)
    assert st.index_fts() == 2
    _strict_integrity(db)


def test_a_file_of_the_previous_version_starts_with_its_articles_indexed(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path, isolation_level=None)
    search_index.register(conn)
    schema.migrate(conn, path, schema.MIGRATIONS[: schema.MIGRATIONS.index(schema._V_FTS_MARKER)])
    conn.execute("INSERT INTO feeds (id, url, added_at) VALUES (1, 'http://127.0.0.1/a', 0)")
    for i, title in enumerate(["광주 old", "Seoul old", "other"], start=1):
        conn.execute(
            "INSERT INTO articles (id, feed_id, key, title, first_seen, sort_ts, entry_hash) "
            "VALUES (?, 1, ?, ?, 0, 0, '')",
            (i, f"k{i}", title),
        )
    # as version 5 wrote them: indexed in the feed's own transaction
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, summary, content_text, full_text) "
        "SELECT id, title, summary, content_text, full_text FROM articles"
    )
    conn.close()
    with Storage(path) as st:
        assert raw(path, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
        assert _marker(path) == 3 and st.index_fts() == 0
        assert len(_ids(st, "광주")) == 1
        apply(st, 1, entry("k1", "광주 old, edited", T0), entry("k9", "광주 new", T0))
        _assert_fts_integrity(path)
        assert st.index_fts() == 1
    _strict_integrity(path)


TEXTS = (
    "광주시는 예산을",
    "x광주 is not it",
    "Gwangju budget",
    "GWANGJU-si news",
    "café Séoul",
    "Cafe\u0301 decomposed",
    "New-York times",
    "newyork",
    "O'Neil said",
    "under_score words",
    "2026년 예산",
    "서울특별시",
    "Άθήνα Αθήνα йод Øre Łódź ĳs ǅ",
    "x\u0301y smørrebrød",
    "",
)
REGIONS = (
    "광주",
    "gwangju",
    "cafe",
    "seoul",
    "New-York",
    "york",
    "new",
    "o'neil",
    "score",
    "2026년",
    "서울 광주",
    "특별시",
    "budget news",
    "αθήνα",
    "йод",
    "иод",
    "ore",
    "lodz",
    "xy",
    "smorrebrod",
    "ĳs",
)


@pytest.mark.parametrize("region", REGIONS)
def test_articles_above_the_marker_are_matched_as_the_index_matches(region: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5 (a, b, tokenize = 'unicode61 remove_diacritics 2')"
    )
    pairs = [(x, y) for x in TEXTS for y in TEXTS]
    conn.executemany(
        "INSERT INTO t (rowid, a, b) VALUES (?, ?, ?)",
        [(i, x, y) for i, (x, y) in enumerate(pairs)],
    )
    terms = free_text_terms(region)
    found = {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (terms,))}
    read = {i for i, (x, y) in enumerate(pairs) if fts_index.backlog_matches(region, x, y)}
    assert read == found
    conn.close()
