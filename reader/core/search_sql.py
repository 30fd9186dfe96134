"""The search in SQL: the MATCH expression of a query for the search index
(`reader.core.search_index`) and the conditions the list's queries add for a search.

Each word is one prefix term: `"특보"*` (a suffix of a Hangul word starts with it), `"budg"*`
(a word does); a word whose symbols the index keeps with it, one term too (`C++`, `#광주`): all
found by the index alone, exactly. A word with other symbols is narrowed by its letter-and-digit
runs, then each candidate is checked: a
plain substring search (SQLite's instr), then the word's pattern over the article's text
(`sinmun_search_confirm`, `reader.core.search_match`). Articles not in the index yet (above
its marker) are read and checked the same way, so a search is whole before the index is.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Literal

from reader.core.search_index import COLUMNS, CONFIRM_FUNCTION, GLUE, VOCAB, glued
from reader.core.search_match import SearchQuery, SearchWord, indexed, parse_query


def fts_match(query: SearchQuery) -> str:
    """The MATCH expression that finds (or, for words with symbols, narrows to) the query's
    articles; "" when it has no words (nothing can match)."""
    return _expression(_terms(query))


# The index keeps the words' first 1 to 4 characters as well (`prefix = '1 2 3 4'` in
# `schema._V_SEARCH`): a prefix that long at most is one lookup.
LONGEST_PREFIX = 4


def rough_match(query: SearchQuery) -> str:
    """A cheaper expression that finds at least the query's articles: each prefix longer than
    the prefix indexes cut to their length. FTS5 merges every word that starts with a longer
    prefix (at each evaluation: ~0.1 µs per match); an indexed prefix is one lookup."""
    return _expression(
        [(p[:LONGEST_PREFIX], True) if prefix else (p, False) for p, prefix in _terms(query)]
    )


def cheap_lookup(query: SearchQuery, conn: sqlite3.Connection | None = None) -> bool:
    """Whether looking one article up in the index costs little: every term is a whole word, a
    prefix the prefix indexes hold, or (given `conn`) a long prefix named as its few words by
    `match_sql` (no merge of many words)."""
    return all(
        not prefix
        or len(p) <= LONGEST_PREFIX
        or (conn is not None and _expands(p, prefix) and 1 <= _words(conn, p) <= EXPAND_AT_MOST)
        for p, prefix in _terms(query)
    )


def _words(conn: sqlite3.Connection, prefix: str) -> int:
    """How many words of the index start with `prefix` (counted to EXPAND_AT_MOST + 1)."""
    low = prefix.lower()
    sql = f"SELECT count(*) FROM (SELECT term FROM {VOCAB} WHERE term >= ? AND term < ? LIMIT ?)"
    n: int = conn.execute(sql, (low, _after(low), EXPAND_AT_MOST + 1)).fetchone()[0]
    return n


def _after(low: str) -> str:
    """The first string after every one that starts with `low` (an ASCII or glued prefix)."""
    return low[:-1] + chr(ord(low[-1]) + 1)


def _expression(terms: list[tuple[str, bool]]) -> str:
    return " AND ".join(dict.fromkeys(_quote(p, prefix) for p, prefix in terms))


def _quote(term: str, prefix: bool) -> str:
    # Quoted: `"`, `(`, NEAR, AND, `-`, `*` typed by the user are all inert.
    return '"' + term.replace('"', '""') + '"' + "*" * prefix


# A longer prefix is merged from every word of the index that starts with it, at each
# evaluation (`"@example"*` over 70k articles: 8.8 ms, the word alone 1.8 ms). The statement
# lists those words (`search_index.VOCAB`, in the same snapshot) and names them when they are
# at most EXPAND_AT_MOST; more, or none, and the prefix stays. Only for prefixes whose
# characters the tokenizer folds as `str.lower` does (ASCII, the glued symbols): the range
# read must be spelled as the index spells its words.
EXPAND_AT_MOST = 16
_EXPANSION = (
    f"(SELECT CASE WHEN count(*) BETWEEN 1 AND {EXPAND_AT_MOST} THEN "
    "'(' || group_concat('\"' || replace(term, '\"', '\"\"') || '\"', ' OR ') || ')' "
    f"ELSE ? END FROM (SELECT term FROM {VOCAB} WHERE term >= ? AND term < ? "
    f"LIMIT {EXPAND_AT_MOST + 1}))"
)
_FOLDED_AS_LOWER = frozenset(glued(GLUE))


def match_sql(query: SearchQuery) -> tuple[str, list[Any]]:
    """The operand of MATCH for `fts_match(query)` and its parameters: `?`, or an expression
    that names the few words each long prefix stands for (found by the same articles)."""
    terms = list(dict.fromkeys(_terms(query)))
    if not any(_expands(p, prefix) for p, prefix in terms):
        return "?", [_expression(terms)]
    parts: list[str] = []
    params: list[Any] = []
    for p, prefix in terms:
        if _expands(p, prefix):
            low = p.lower()
            parts.append(_EXPANSION)
            params += [_quote(p, prefix), low, _after(low)]
        else:
            parts.append("?")
            params.append(_quote(p, prefix))
    return " || ' AND ' || ".join(parts), params


def _expands(term: str, prefix: bool) -> bool:
    return (
        prefix
        and len(term) > LONGEST_PREFIX
        and all((c.isascii() and c.isalnum()) or c in _FOLDED_AS_LOWER for c in term)
    )


def checked_words(query: SearchQuery) -> tuple[SearchWord, ...]:
    """The words the index only narrows to: each candidate is read and checked. A word whose
    symbols are all kept in the index (`search_index.GLUE`) is found by it exactly."""
    return tuple(w for w in query.words if w.literal and not _glued(w))


def _glued(word: SearchWord) -> bool:
    return all(indexed(c) or c in GLUE for c in word.text)


def _terms(query: SearchQuery) -> list[tuple[str, bool]]:
    """(term, is a prefix) for each word: the word itself when its symbols are indexed with it,
    else each of its letter-and-digit runs. A run before a symbol ends a word of the text (or a
    suffix of one): a whole term."""
    terms: list[tuple[str, bool]] = []
    for word in query.words:
        if word.literal and _glued(word):
            terms.append((glued(word.text), True))
            continue
        last = len(word.pieces) - 1
        terms += [(p, i == last and word.open_end) for i, p in enumerate(word.pieces)]
    return terms


# How a query meets the search's matches: gather them and start from them ("matches": few),
# walk the list (or a region's tags) in order testing each row against the gathered set
# ("walk": many), or walk it looking each row up in the index ("probe": most rows match, and a
# lookup is cheap). A lookup costs ~10 µs on an index in a few segments (`search_index.tidy`
# keeps it so) but ~100 µs in dozens, and a long prefix is merged again at each one.
Plan = Literal["matches", "walk", "probe"]
Tail = int | None | Literal["ask"]


def search_conditions(
    search: str | None,
    table: str,
    id_column: str,
    plan: Plan = "walk",
    tail_after: Tail = "ask",
) -> tuple[list[str], list[Any]]:
    """SQL conditions on `table` (`a`, the articles, or `r`, the region tags whose article is
    `r.article_id`) for a search; none when there is no search. `tail_after`: the index's
    marker when articles above it are not indexed yet (those are read and checked instead),
    None when there are none, "ask": not known, the SQL reads the marker itself."""
    query = parse_query(search)
    if query is None:
        return [], []
    match = fts_match(query)
    if not match:
        return ["0"], []
    ref = f"{table}.{id_column}"
    operand, params = match_sql(query)
    if plan == "probe":
        cond = (
            f"EXISTS (SELECT 1 FROM articles_search WHERE articles_search MATCH {operand} "
            f"AND rowid = {ref})"
        )
    else:  # `+`: keeps SQLite on the list's (the tags') own order, probing the gathered set
        hint = "+" if plan == "walk" else ""
        cond = (
            f"{hint}{ref} IN (SELECT rowid FROM articles_search "
            f"WHERE articles_search MATCH {operand})"
        )
    conds = [cond]
    if checked := checked_words(query):  # read on the candidates the index let through
        check, args = _row_check(checked, table, id_column)
        conds.append(check)
        params += args
    if tail_after is None:
        return conds, params
    check, args = _row_check(query.words, table, id_column)
    in_index = " AND ".join(conds)
    if tail_after == "ask":
        marker = "(SELECT indexed_up_to FROM search_state)"
        return [f"(({in_index}) OR ({ref} > {marker} AND {check}))"], [*params, *args]
    return [f"(({in_index}) OR ({ref} > ? AND {check}))"], [*params, tail_after, *args]


def _row_check(words: tuple[SearchWord, ...], table: str, id_column: str) -> tuple[str, list[Any]]:
    """One condition: every word is found in the article's text (read from its row)."""
    names = COLUMNS.split(", ")
    columns = [f"{table}.{c}" for c in names] if id_column == "id" else names
    checks, params = [], []
    for word in words:
        check, args = _check(word, columns)
        checks.append(f"({check})")
        params += args
    both = " AND ".join(checks)
    if id_column == "id":
        return both, params
    return f"EXISTS (SELECT 1 FROM articles WHERE id = {table}.{id_column} AND {both})", params


def _check(word: SearchWord, columns: list[str]) -> tuple[str, list[Any]]:
    """A plain substring search first (SQLite's instr: no call into Python for the many that
    fail it), then the word's own pattern when the substring alone does not decide."""
    checks, args = [], []
    if word.verbatim:
        checks.append("(" + " OR ".join(f"instr({c}, ?)" for c in columns) + ")")
        args += [word.verbatim] * len(columns)
    if not word.verbatim_only:
        checks.append(f"{CONFIRM_FUNCTION}(?, {', '.join(columns)})")
        args.append(word.text)
    return " AND ".join(checks), args
