"""Reading the article list: one page, or the count, for any mix of filters.

Which plan answers depends on the filters: a configured region walks its tags (one index
range that holds the list order and the flags); words found in many articles walk the list in
order and test each row; rare words start from the search index. The SQL pieces bound to the
schema live in `schema.py`, `region_index.py` and `search_sql.py`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from reader.core import region_index, search_index, search_sql
from reader.core.models import Article, ArticleQuery
from reader.core.query_parts import from_ts, where_clause
from reader.core.search_match import parse_query

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
    plan = _search_plan(c, q)
    tail = _search_tail(c, q)
    if region is not None:
        # The region's tags hold the list order and the flags: one index range.
        where, params = region_index.tag_conditions(
            q, region, search_plan=plan or "matches", search_tail=tail
        )
        page = (
            f"SELECT r.article_id FROM article_regions r{where} "
            "ORDER BY r.sort_ts DESC, r.article_id DESC LIMIT ? OFFSET ?"
        )
    else:
        walk = _words_common(c, q, region_names, plan)
        where, params = where_clause(
            q, region_names, walk_list=walk, search_plan=plan, search_tail=tail
        )
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
    tail = _search_tail(c, q)
    match = _index_alone(q) if tail is None else None
    if region is not None:
        where, params = region_index.tag_conditions(q, region, search_tail=tail)
        sql = f"SELECT count(*) FROM article_regions r{where}"
        if match and q == ArticleQuery(search=q.search, region=q.region):
            # words and region alone: count the word matches that carry the region's tag
            sql = (
                "SELECT count(*) FROM articles_search f WHERE articles_search MATCH ? AND "
                "EXISTS (SELECT 1 FROM article_regions r "
                "WHERE r.article_id = f.rowid AND r.region = ?)"
            )
            params = [match, region]
        n: int = c.execute(sql, params).fetchone()[0]
        return n
    plan = _search_plan(c, q)
    walk = _words_common(c, q, region_names, plan)
    # A count visits every match: gathering them once beats looking each row up.
    count_plan: search_sql.Plan | None = "walk" if plan == "probe" else plan
    where, params = where_clause(
        q, region_names, walk_list=walk, search_plan=count_plan, search_tail=tail
    )
    sql = f"SELECT count(*) FROM articles a{where}"
    if match and q == ArticleQuery(search=q.search):
        # text alone: the index counts its own matches, no join needed
        sql = "SELECT count(*) FROM articles_search WHERE articles_search MATCH ?"
        params = [match]
    total: int = c.execute(sql, params).fetchone()[0]
    return total


def _index_alone(q: ArticleQuery) -> str | None:
    """The search's MATCH expression when the index alone decides it (no word to check)."""
    query = parse_query(q.search)
    if query is None or search_sql.checked_words(query):
        return None
    return search_sql.fts_match(query) or None


def _search_tail(c: sqlite3.Connection, q: ArticleQuery) -> int | None:
    """The search index's marker when a search must also read the articles above it."""
    return search_index.tail_after(c) if parse_query(q.search) is not None else None


def _by_region(q: ArticleQuery, region_names: frozenset[str]) -> str | None:
    """The configured region a query filters on, when its tags can drive the query."""
    region = (q.region or "").strip()
    return region if region in region_names else None


def _words_common(
    c: sqlite3.Connection,
    q: ArticleQuery,
    region_names: frozenset[str],
    plan: search_sql.Plan | None,
) -> bool:
    """Whether every word filter of a query (search, free-text region) matches many."""
    region = (q.region or "").strip()
    free_text = region and region not in region_names
    terms = region_index.free_text_terms(region) if free_text else None
    return plan != "matches" and (terms is None or _common(c, "articles_fts", terms))


# A search found in at least this share of the articles is met by looking rows up (when the
# lookups are cheap): the first page comes after a few hundred of them, sooner than gathering
# tens of thousands of matches (~0.1 µs each). The share is sampled in SAMPLES windows of
# SAMPLE_WIDTH ids spread over all of them (a feed's articles have neighbouring ids).
PROBE_SHARE = 0.5
SAMPLES, SAMPLE_WIDTH = 16, 200


def _search_plan(c: sqlite3.Connection, q: ArticleQuery) -> search_sql.Plan | None:
    """How the search meets the list (`search_sql.Plan`); None when there is no search.

    Decided with an expression whose lookups are cheap: a long prefix is counted by its first
    characters (a superset), so its costly merge happens once, in the query itself."""
    query = parse_query(q.search)
    if query is None:
        return None
    if not search_sql.fts_match(query):
        return "matches"
    rough = search_sql.rough_match(query)
    many = region_index.MANY_MATCHES
    sql = (
        "SELECT count(*) FROM (SELECT 1 FROM articles_search WHERE articles_search MATCH ? LIMIT ?)"
    )
    found: int = c.execute(sql, (rough, many)).fetchone()[0]
    if found < many:
        return "matches"
    if search_sql.cheap_lookup(query, c) and _share(c, rough) >= PROBE_SHARE:
        return "probe"
    return "walk"


def _share(c: sqlite3.Connection, match: str) -> float:
    """About what share of the articles `match` finds, from a sample of their ids."""
    top: int = c.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    width = min(SAMPLE_WIDTH, max(1, top // SAMPLES))
    starts = sorted(
        {max(0, top * (2 * k + 1) // (2 * SAMPLES) - width // 2) for k in range(SAMPLES)}
    )
    one = "SELECT count(*) AS n FROM articles_search WHERE articles_search MATCH ? "
    one += "AND rowid > ? AND rowid <= ?"
    sql = "SELECT sum(n) FROM (" + " UNION ALL ".join([one] * len(starts)) + ")"
    hits: int = c.execute(sql, [x for s in starts for x in (match, s, s + width)]).fetchone()[0]
    return hits / (width * len(starts))


def _common(c: sqlite3.Connection, table: str, match: str) -> bool:
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)"
    found: int = c.execute(sql, (match, region_index.MANY_MATCHES)).fetchone()[0]
    return found >= region_index.MANY_MATCHES
