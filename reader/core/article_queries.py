"""Reading the article list: one page, or the count, for any mix of filters.

Which plan answers depends on the filters: a configured region walks its tags (one index
range that holds the list order and the flags); words found in many articles walk the list in
order and test each row; rare words start from the full-text index. The SQL pieces bound to
the schema live in `schema.py` and `region_index.py`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from reader.core import region_index
from reader.core.models import Article, ArticleQuery
from reader.core.schema import from_ts, fts_query, where_clause

ARTICLE_COLS = (
    "a.id, a.feed_id, f.url, COALESCE(f.user_title, f.title, f.url), a.key, a.title, a.link, "
    "a.author, a.published, a.summary, a.content, a.read, a.starred, a.first_seen"
)


def article(r: Sequence[Any]) -> Article:
    """An article from a row of ``ARTICLE_COLS``, which are in Article's field order."""
    return Article(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        from_ts(r[8]),
        r[9],
        r[10],
        bool(r[11]),
        bool(r[12]),
        fetched=from_ts(r[13]),
    )


def get_article(c: sqlite3.Connection, article_id: int) -> Article | None:
    row = c.execute(
        f"SELECT {ARTICLE_COLS} FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    return None if row is None else article(row)


def query_page(
    c: sqlite3.Connection,
    q: ArticleQuery,
    region_names: frozenset[str],
    offset: int,
    limit: int,
) -> list[Article]:
    """One page of the list, newest first (published, else first seen; ties by id)."""
    if limit <= 0:
        return []
    region = _by_region(q, region_names)
    if region is not None:
        # The region's tags hold the list order and the flags: one index range.
        where, params = region_index.tag_conditions(q, region, probe_words=_many_word_matches(c, q))
        page = (
            f"SELECT r.article_id FROM article_regions r{where} "
            "ORDER BY r.sort_ts DESC, r.article_id DESC LIMIT ? OFFSET ?"
        )
    else:
        walk = _words_common(c, q, region_names)
        where, params = where_clause(q, region_names, walk_list=walk)
        # Page over the narrow index first, then fetch only the rows of that page.
        page = (
            f"SELECT a.id FROM articles a{where} "
            "ORDER BY a.sort_ts DESC, a.id DESC LIMIT ? OFFSET ?"
        )
    sql = (
        f"SELECT {ARTICLE_COLS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
        f"WHERE a.id IN ({page}) ORDER BY a.sort_ts DESC, a.id DESC"
    )
    rows = c.execute(sql, [*params, limit, max(offset, 0)]).fetchall()
    return [article(r) for r in rows]


def count(c: sqlite3.Connection, q: ArticleQuery, region_names: frozenset[str]) -> int:
    """How many articles the query shows."""
    region = _by_region(q, region_names)
    if region is not None:
        where, params = region_index.tag_conditions(q, region)
        sql = f"SELECT count(*) FROM article_regions r{where}"
        match = fts_query(q.search)
        if match and q == ArticleQuery(search=q.search, region=q.region):
            # words and region alone: count the word matches that carry the region's tag
            sql = (
                "SELECT count(*) FROM articles_fts f WHERE articles_fts MATCH ? AND "
                "EXISTS (SELECT 1 FROM article_regions r "
                "WHERE r.article_id = f.rowid AND r.region = ?)"
            )
            params = [match, region]
        n: int = c.execute(sql, params).fetchone()[0]
        return n
    where, params = where_clause(q, region_names, walk_list=_words_common(c, q, region_names))
    sql = f"SELECT count(*) FROM articles a{where}"
    if where and q == ArticleQuery(search=q.search):
        match = fts_query(q.search)
        if match:  # text alone: the index counts its own matches, no join needed
            sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
            params = [match]
    total: int = c.execute(sql, params).fetchone()[0]
    return total


def _by_region(q: ArticleQuery, region_names: frozenset[str]) -> str | None:
    """The configured region a query filters on, when its tags can drive the query."""
    region = (q.region or "").strip()
    return region if region in region_names else None


def _words_common(c: sqlite3.Connection, q: ArticleQuery, region_names: frozenset[str]) -> bool:
    """Whether every word filter of a query (search, free-text region) matches many."""
    region = q.region or ""
    free_text = region and region.strip() not in region_names
    terms = region_index.free_text_terms(region.strip()) if free_text else None
    return all(_common(c, match) for match in (fts_query(q.search), terms) if match)


def _many_word_matches(c: sqlite3.Connection, q: ArticleQuery) -> bool:
    match = fts_query(q.search)
    return bool(match and _common(c, match))


def _common(c: sqlite3.Connection, match: str) -> bool:
    sql = "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)"
    found: int = c.execute(sql, (match, region_index.MANY_MATCHES)).fetchone()[0]
    return found >= region_index.MANY_MATCHES
