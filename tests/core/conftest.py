"""Shared helpers and fixtures for the storage tests (test_storage, test_feed_writes,
test_article_queries): a fresh database file, a feed, two seeded feeds, entry builders.

Helpers are imported with ``from tests.core.conftest import ...``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core import fts_index
from reader.core.models import ArticleQuery, FeedSpec, ParsedEntry, ParsedFeed
from reader.core.storage import Storage

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


def _assert_fts_integrity(db: Path) -> None:
    """The full-text index holds exactly the articles up to its marker: with those above it
    added (then rolled back), it matches the articles table, no more, no less."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        conn.execute("BEGIN")
        try:
            fts_index.index_backlog(conn)
            # rank=1: also compare the index with the content table (external content).
            conn.execute(
                "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
            )
        finally:
            conn.execute("ROLLBACK")
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
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
