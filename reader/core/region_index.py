"""The region filter's index: which configured regions each stored article mentions.

Articles are tagged when they are written (new, changed, or given full text); the whole table
is rebuilt when the configured regions change. A region that is not configured (free text)
falls back to the full-text index `articles_fts`: prefix terms for Hangul, whole words otherwise
(not the search index: a region's name inside a compound is not that region), and reads the
articles the index does not have yet (`fts_index`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reader.core import fts_index
from reader.core.models import ArticleQuery, ParsedEntry, ParsedFeed
from reader.core.region_match import RULES_VERSION, Place, RegionMatcher

if TYPE_CHECKING:
    from reader.core.search_sql import Plan, Tail

SIGNATURE_KEY = "region_places"
_BATCH = 2_000


@lru_cache(maxsize=4)
def matcher_for(places: tuple[Place, ...]) -> RegionMatcher:
    # cached: parse workers see the same places for every feed of a refresh
    return RegionMatcher(list(places))


def signature(places: Sequence[Place]) -> str:
    """What the stored tags were computed from: the places and the version of the rules."""
    spellings = [[p.name, list(p.spellings)] for p in places]
    return json.dumps([RULES_VERSION, spellings], ensure_ascii=False)


def tag_feed(parsed: ParsedFeed, places: tuple[Place, ...]) -> ParsedFeed:
    """`parsed` with each entry's regions filled in (runs in the parse workers).

    A feed with no entry tagged yet is one just parsed, held by nobody else: its entries are
    filled in place, as copying each frozen entry costs as much as reading it (`regions` takes
    no part in an entry's equality or hash). A feed already tagged is copied."""
    matcher = matcher_for(places)
    if any(e.regions is not None for e in parsed.entries):
        from dataclasses import replace

        entries = tuple(
            replace(e, regions=tuple(sorted(entry_regions(matcher, e)))) for e in parsed.entries
        )
        return replace(parsed, entries=entries)
    for e in parsed.entries:
        object.__setattr__(e, "regions", tuple(sorted(entry_regions(matcher, e))))
    return parsed


def entry_regions(matcher: RegionMatcher, entry: ParsedEntry) -> set[str]:
    content = entry.content_text if entry.content_text is not None else entry.content
    return matcher.regions_in(entry.title, entry.summary, content)


def write_tags(
    conn: sqlite3.Connection, rows: Iterable[tuple[int, Iterable[str]]], *, new: bool = False
) -> None:
    """(article_id, regions) → the article's tags, replacing what it had; `new`: articles
    just inserted, which have none yet (no lookup to delete them)."""
    rows = [(article_id, tuple(regions)) for article_id, regions in rows]
    if not rows:
        return
    if not new:
        conn.executemany(
            "DELETE FROM article_regions WHERE article_id = ?", [(i,) for i, _ in rows]
        )
    conn.executemany(
        "INSERT INTO article_regions (region, sort_ts, article_id, feed_id, read, starred) "
        "SELECT ?, sort_ts, id, feed_id, read, starred FROM articles WHERE id = ?",
        [(region, article_id) for article_id, regions in rows for region in regions],
    )


def retag(
    conn: sqlite3.Connection, matcher: RegionMatcher, where: str = "", params: Sequence[Any] = ()
) -> int:
    """Recompute the tags of the articles selected by `where` (all by default)."""
    done = 0
    last = 0
    while True:
        batch = conn.execute(
            "SELECT id, title, summary, content_text, full_text FROM articles "
            f"WHERE id > ? {where} ORDER BY id LIMIT ?",
            (last, *params, _BATCH),
        ).fetchall()
        if not batch:
            return done
        write_tags(conn, ((r[0], matcher.regions_in(r[1], r[2], r[3], r[4])) for r in batch))
        last = batch[-1][0]
        done += len(batch)


# Above this many word matches, a page is found faster by walking the list (or a region's tags)
# in order and testing each row than by gathering the matches and sorting them.
MANY_MATCHES = 3_000


def tag_conditions(
    q: ArticleQuery,
    region: str,
    *,
    search_plan: Plan = "matches",
    search_tail: Tail = "ask",
) -> tuple[str, list[Any]]:
    """WHERE (on `article_regions AS r`) for a query on a configured region; `search_plan`
    and `search_tail`: how a search meets the tags (`search_sql.search_conditions`)."""
    from reader.core.query_parts import flag_conditions
    from reader.core.search_sql import search_conditions

    flags, flag_params = flag_conditions(q, "r")
    search, search_params = search_conditions(q.search, "r", "article_id", search_plan, search_tail)
    conds = ["r.region = ?", *flags, *search]
    params: list[Any] = [region, *flag_params, *search_params]
    return " WHERE " + " AND ".join(conds), params


def free_text_terms(region: str) -> str | None:
    """An FTS5 expression for a region nobody configured: any of its words, Hangul as prefix.

    None when it has no word in it.
    """
    terms = []
    for word, prefix in fts_index.free_text_words(region):
        terms.append('"' + word.replace('"', '""') + '"' + "*" * prefix)
    return " OR ".join(terms) if terms else None


def region_condition(
    region: str, known: set[str], *, walk_list: bool = True
) -> tuple[str, list[Any]]:
    """A condition on `articles AS a` for the region filter.

    `walk_list`: walk the list's index and probe the word matches (right when they are many);
    False lets SQLite start from the matches (right when they are few)."""
    if region in known:
        return "a.id IN (SELECT article_id FROM article_regions WHERE region = ?)", [region]
    terms = free_text_terms(region)
    if terms is None:
        return "0", []
    hint = "+" if walk_list else ""
    # The articles not in the index yet (above its marker) are read and matched alike: one set
    # either way, so SQLite can start from it or probe it as before (none: one seek).
    backlog = (
        f"SELECT id FROM articles WHERE id > {fts_index.MARKER} "
        f"AND {fts_index.BACKLOG_FUNCTION}(?, {fts_index.COLUMNS})"
    )
    matches = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    return f"{hint}a.id IN ({matches} UNION ALL {backlog})", [terms, region]
