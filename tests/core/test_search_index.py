"""The search index (reader/core/search_index.py): what goes in it, the MATCH expressions, its
marker, and its migration — on real SQLite files."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from reader.core import schema, search_index
from reader.core.models import ArticleQuery, FeedSpec
from reader.core.search_index import index_terms
from reader.core.search_match import parse_query
from reader.core.search_sql import fts_match, rough_match
from reader.core.storage import SCHEMA_VERSION, Storage
from tests.core.conftest import HOUR, T0, apply, entry, raw

PUA = {c: chr(0xE000 + ord(c)) for c in "#+&@-'"}


def test_index_terms_add_the_suffixes_of_hangul_words() -> None:
    terms = index_terms("한파특보가 발효", None, "")
    assert terms.splitlines() == ["한파특보가 발효", "한파특보가 파특보가 특보가 보가 가 발효 효"]
    assert index_terms("Budget vote", "plain") == "Budget vote\nplain"  # ASCII: as it is
    assert index_terms(None, None, None, None) == ""


def test_index_terms_keep_symbols_that_join_words() -> None:
    terms = index_terms("C++ and x#광주, reporter@example.kr")
    assert f"C{PUA['+']}{PUA['+']}" in terms.split()
    assert f"x{PUA['#']}광주" in terms.split() and f"{PUA['#']}광주" in terms.split()
    assert f"reporter{PUA['@']}example" in terms.split()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("특보", '"특보"*'),
        ("한파 특보 한파", '"한파"* AND "특보"*'),
        ('a"b', '"a" AND "b"*'),  # a quote inside a word is a symbol: pieces, confirmed
        ("C++", f'"C{PUA["+"]}{PUA["+"]}"*'),
        ("#광주", f'"{PUA["#"]}광주"*'),
        ("광주-전남", f'"광주{PUA["-"]}전남"*'),
        ("K-pop", f'"K{PUA["-"]}pop"*'),
        ("Gwangju's", '"Gwangju' + PUA["'"] + 's"*'),
        ("1.2", '"1" AND "2"*'),  # a full stop is not kept: the pieces, then a check
        ("NEAR(한파", '"NEAR" AND "한파"*'),
        ("!!", ""),
    ],
)
def test_match_expressions_quote_every_term(typed: str, expected: str) -> None:
    query = parse_query(typed)
    assert query is not None and fts_match(query) == expected


def test_rough_expressions_cut_long_prefixes_to_what_the_prefix_indexes_hold() -> None:
    query = parse_query("데이터센터 budget 특보 C++.")
    assert query is not None
    assert rough_match(query) == '"데이터센"* AND "budg"* AND "특보"* AND "C"'


# --- the marker -----------------------------------------------------------------------------


def test_new_articles_wait_above_the_marker_and_are_found_all_the_same(st: Storage) -> None:
    feed = st.add_feed(FeedSpec("http://127.0.0.1/a.xml"))
    apply(st, feed.id, entry("a", "한파특보 발효", T0), entry("b", "맑음", T0))
    assert st.search_backlog() == 2
    assert [a.key for a in st.query_articles(ArticleQuery(search="특보"))] == ["a"]
    assert st.index_search(limit=1) == 1 and st.search_backlog() == 1
    assert st.index_search() == 1 and st.index_search() == 0
    apply(st, feed.id, entry("c", "호우특보", T0 + HOUR))
    assert st.search_backlog() == 1
    assert {a.key for a in st.query_articles(ArticleQuery(search="특보"))} == {"a", "c"}


def test_an_id_used_again_is_not_taken_for_an_indexed_article(st: Storage) -> None:
    """SQLite gives a new row the largest id + 1: the id of the newest article, once it is
    deleted, comes back — and must not come back indexed (with the old article's words)."""
    old = st.add_feed(FeedSpec("http://127.0.0.1/old.xml"))
    apply(st, old.id, entry("x", "데이터센터 준공", T0))
    while st.index_search():
        pass
    gone_id = st.query_articles(ArticleQuery())[0].id
    st.remove_feed(old.url)
    new = st.add_feed(FeedSpec("http://127.0.0.1/new.xml"))
    apply(st, new.id, entry("y", "날씨 맑음", T0))
    assert st.query_articles(ArticleQuery())[0].id == gone_id
    assert st.count_articles(ArticleQuery(search="센터")) == 0
    assert st.search_backlog() == 1
    while st.index_search():
        pass
    assert st.count_articles(ArticleQuery(search="센터")) == 0
    assert st.count_articles(ArticleQuery(search="맑음")) == 1


def test_an_interrupted_batch_leaves_index_and_marker_as_they_were(st: Storage, db: Path) -> None:
    feed = st.add_feed(FeedSpec("http://127.0.0.1/a.xml"))
    apply(st, feed.id, *(entry(f"k{i}", f"한파특보 {i}", T0) for i in range(5)))
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        search_index.register(conn)
        conn.execute("BEGIN IMMEDIATE")
        assert search_index.index_some(conn, 3) == 3
        # the process dies here: the transaction never commits
    assert st.search_backlog() == 5
    assert raw(db, "SELECT indexed_up_to FROM search_state") == [(0,)]
    assert st.count_articles(ArticleQuery(search="특보")) == 5
    while st.index_search(limit=2):
        pass
    assert st.count_articles(ArticleQuery(search="특보")) == 5
    assert _vocabulary(db) == _rebuilt_vocabulary(db)


def _vocabulary(db: Path) -> list[tuple[str, int]]:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, articles_search, row)")
        return conn.execute("SELECT term, doc FROM temp.v ORDER BY term").fetchall()


def _rebuilt_vocabulary(db: Path) -> list[tuple[str, int]]:
    """The same from an index built afresh from the articles as they are now."""
    with closing(sqlite3.connect(db)) as conn:
        search_index.register(conn)
        conn.execute(
            "CREATE VIRTUAL TABLE temp.fresh USING fts5 (terms, content = '', detail = none, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        conn.execute(
            "INSERT INTO temp.fresh (rowid, terms) SELECT id, sinmun_search_terms(title, "
            "summary, content_text, full_text) FROM articles"
        )
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(temp, fresh, row)")
        return conn.execute("SELECT term, doc FROM temp.v ORDER BY term").fetchall()


def test_edits_and_deletes_leave_the_index_as_a_fresh_one(st: Storage, db: Path) -> None:
    feed = st.add_feed(FeedSpec("http://127.0.0.1/a.xml"))
    other = st.add_feed(FeedSpec("http://127.0.0.1/b.xml"))
    apply(st, feed.id, *(entry(f"k{i}", f"한파특보 {i}", T0, summary="C++ 센터") for i in range(6)))
    apply(st, other.id, entry("o", "데이터센터", T0))
    while st.index_search():
        pass
    apply(st, feed.id, entry("k1", "호우특보로 바뀜", T0), entry("k2", "LG전자", T0 + HOUR))
    ids = {a.key: a.id for a in st.query_articles(ArticleQuery())}
    st.set_full_text(ids["k3"], "전문 본문 R&D", None)
    st.set_full_text(ids["k4"], "다른 본문", None)
    st.set_full_text(ids["k4"], None, None)
    st.remove_feed(other.url)
    assert _vocabulary(db) == _rebuilt_vocabulary(db)
    assert {a.key for a in st.query_articles(ArticleQuery(search="호우"))} == {"k1"}
    # the edited two lost their summary (and "센터" with it); the other feed's one is gone
    assert {a.key for a in st.query_articles(ArticleQuery(search="센터"))} == {
        "k0",
        "k3",
        "k4",
        "k5",
    }


# --- the migration --------------------------------------------------------------------------


_SEARCH = schema.MIGRATIONS.index(schema._V_SEARCH)  # the version before the search index


def _previous_version_file(path: Path) -> None:
    """A database as the version before the search index left it, with two articles."""
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, path, schema.MIGRATIONS[:_SEARCH])
    conn.execute("INSERT INTO feeds (id, url, added_at) VALUES (1, 'http://127.0.0.1/f', 0)")
    for i, title in enumerate(["강원 한파특보 발효", "Budget vote"], 1):
        conn.execute(
            "INSERT INTO articles (id, feed_id, key, title, first_seen, sort_ts, entry_hash) "
            "VALUES (?, 1, ?, ?, 0, ?, 'h')",
            (i, f"k{i}", title, i),
        )
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, summary, content_text, full_text) "
        "SELECT id, title, summary, content_text, full_text FROM articles"
    )
    conn.close()


def test_a_file_of_the_previous_version_migrates_and_its_articles_get_indexed(
    tmp_path: Path,
) -> None:
    db = tmp_path / "old.db"
    _previous_version_file(db)
    assert raw(db, "PRAGMA user_version") == [(_SEARCH,)]
    with Storage(db) as st:
        assert raw(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
        assert st.search_backlog() == 2  # the migration itself is instant
        assert [a.key for a in st.query_articles(ArticleQuery(search="특보"))] == ["k1"]
        assert st.index_search() == 2 and st.search_backlog() == 0
        assert [a.key for a in st.query_articles(ArticleQuery(search="특보"))] == ["k1"]
        assert [a.key for a in st.query_articles(ArticleQuery(search="budg"))] == ["k2"]
    fresh = tmp_path / "fresh.db"
    Storage(fresh).close()
    shape = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert raw(db, shape) == raw(fresh, shape)


def test_a_migration_that_fails_part_way_leaves_the_previous_version(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _previous_version_file(db)
    broken = [*schema.MIGRATIONS[:_SEARCH], (*schema._V_SEARCH, "INSERT INTO nowhere VALUES (1)")]
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        search_index.register(conn)
        with pytest.raises(sqlite3.OperationalError):
            schema.migrate(conn, db, broken)
    assert raw(db, "PRAGMA user_version") == [(_SEARCH,)]
    names = {r[0] for r in raw(db, "SELECT name FROM sqlite_master")}
    assert not {"articles_search", "search_state"} & names
    assert raw(db, "PRAGMA integrity_check") == [("ok",)]
    with Storage(db) as st:
        assert st.count_articles(ArticleQuery(search="특보")) == 1
