"""Pieces of SQL bound to the schema (its partial indexes, its time columns), shared by the
modules that write and query articles."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reader.core import search_sql
from reader.core.models import ArticleQuery

CHUNK = 500  # ids per `IN (...)`, well under SQLite's bound-variable limit


def to_ts(when: datetime | None) -> int | None:
    """Times are stored as whole Unix seconds (UTC)."""
    if when is None:
        return None
    if when.tzinfo is None:  # the domain is aware UTC; treat a stray naive time as UTC
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp())


def from_ts(ts: int | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


def flag_conditions(q: ArticleQuery, table: str) -> tuple[list[str], list[Any]]:
    """The feed / unread / starred conditions on `table` (articles or article_regions, which
    both carry feed_id, read and starred)."""
    # Literal `read = 0` / `starred = 1` so the planner can use the partial indexes.
    conds: list[str] = []
    params: list[Any] = []
    if q.feed_id is not None:
        conds.append(f"{table}.feed_id = ?")
        params.append(q.feed_id)
    if q.feed_url is not None:
        conds.append(f"{table}.feed_id = (SELECT id FROM feeds WHERE url = ?)")
        params.append(q.feed_url)
    if q.unread_only:
        conds.append(f"{table}.read = 0")
    if q.starred_only:
        conds.append(f"{table}.starred = 1")
    return conds, params


def where_clause(
    q: ArticleQuery,
    known_regions: frozenset[str] | set[str] = frozenset(),
    *,
    walk_list: bool = True,
    search_plan: search_sql.Plan | None = None,
    search_tail: search_sql.Tail = "ask",
) -> tuple[str, list[Any]]:
    """SQL conditions (on `articles AS a`) and parameters for an article query.

    `walk_list` (for word filters): walk the list's index probing the matches, fastest when
    they are many; False lets SQLite start from the matches, fastest when they are few.
    `search_plan` overrides it for the search (see `search_sql.Plan`); `search_tail`: the
    search index's marker when articles above it are not indexed yet, None when there are
    none; by default the SQL reads it (`search_sql.search_conditions`)."""
    from reader.core.region_index import region_condition

    conds, params = flag_conditions(q, "a")
    if q.region is not None and q.region.strip():
        cond, args = region_condition(q.region.strip(), set(known_regions), walk_list=walk_list)
        conds.append(cond)
        params.extend(args)
    # "walk" (`+a.id`): walk the list's own index (newest first, or the feed/unread one) and
    # probe the match set, rather than seek every match and sort: 3-10x faster on common words.
    plan = search_plan or ("walk" if walk_list else "matches")
    search, search_params = search_sql.search_conditions(q.search, "a", "id", plan, search_tail)
    conds += search
    params += search_params
    return (" WHERE " + " AND ".join(conds)) if conds else "", params
