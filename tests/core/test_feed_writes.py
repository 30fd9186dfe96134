"""Refresh writes through `Storage.apply_feed` (reader/core/feed_writes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.models import ArticleQuery, FeedSpec
from reader.core.storage import Storage, StorageError
from tests.core.conftest import HOUR, T0, _assert_fts_integrity, apply, entry, raw


def test_apply_to_an_unknown_feed_writes_nothing(st: Storage, feed, db: Path) -> None:
    apply(st, feed.id, entry("k1"))
    with pytest.raises(StorageError, match="no feed with id 999"):
        apply(st, 999, entry("k2"))
    assert raw(db, "SELECT count(*) FROM articles") == [(1,)]


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


def test_new_articles_are_indexed_by_one_statement_for_all_feeds(
    st: Storage, feed, db: Path
) -> None:
    # FTS5 writes a segment at every statement boundary: one per article was 2x the CPU, one
    # per feed 1.35x; the feeds' writes leave it to the refresh's last one.
    other = st.add_feed(FeedSpec("http://127.0.0.1/other.xml"))
    seen: list[str] = []
    st._conn.set_trace_callback(seen.append)  # type: ignore[union-attr]
    entries = [entry(f"k{i}", f"광주 title {i}", content=f"<p>본문 {i}</p>") for i in range(50)]
    apply(st, feed.id, *entries)
    apply(st, other.id, *entries)
    assert not any("articles_fts" in sql for sql in seen)
    assert st.index_fts() == 100
    st._conn.set_trace_callback(None)  # type: ignore[union-attr]
    assert sum(sql.startswith("INSERT INTO articles_fts") for sql in seen) == 1
    assert not any("TRIGGER" in sql for sql in seen)
    assert st.index_fts() == 0
    assert st.count_articles(ArticleQuery(search="광주")) == 100
    assert st.count_articles(ArticleQuery(region="본문")) == 100
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
