"""The full-text index `articles_fts` (the region filter's free-text words), filled once per
refresh rather than once per feed.

A feed's transaction stores its articles without index entries; the refresh ends with one
statement that indexes every article above `fts_state.indexed_up_to` and moves the marker
(`index_backlog`). FTS5 writes a segment at every statement boundary: one statement for the
refresh's 6,000 new articles costs 0.37 s of CPU, one per feed 0.50 s. Every article up to the
marker is in the index, none above it. The update and delete triggers leave the articles above
it alone (an external-content 'delete' of a row never inserted corrupts the index), and a query
reads them instead (`BACKLOG_FUNCTION`, the same words with the same rules), so the filter is
never stale, also after a crash between storing and indexing; the next refresh indexes them.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from functools import lru_cache

MARKER = "(SELECT indexed_up_to FROM fts_state)"
BACKLOG_FUNCTION = "sinmun_fts_words"
COLUMNS = "title, summary, content_text, full_text"


def indexed_up_to(conn: sqlite3.Connection) -> int:
    """Every article with an id up to this is in the index; those above are not (yet)."""
    row = conn.execute("SELECT indexed_up_to FROM fts_state").fetchone()
    return int(row[0]) if row else 0


def backlog(conn: sqlite3.Connection) -> int:
    """How many articles are above the marker (not in the index yet)."""
    count: int = conn.execute(f"SELECT count(*) FROM articles WHERE id > {MARKER}").fetchone()[0]
    return count


def make_room(conn: sqlite3.Connection, max_id: int) -> None:
    """Before articles are inserted above `max_id` (the largest id stored): the marker comes
    down to it, as SQLite reuses the ids of the newest articles once they are deleted, and a
    new article must never be taken for an indexed one."""
    conn.execute("UPDATE fts_state SET indexed_up_to = ? WHERE indexed_up_to > ?", (max_id, max_id))


def index_backlog(conn: sqlite3.Connection) -> int:
    """Index every article above the marker and move the marker to the last, in the caller's
    transaction; returns how many. One statement: FTS5 writes one segment for the lot."""
    start = indexed_up_to(conn)
    end = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    if end is None or end <= start:
        return 0
    done = conn.execute(
        f"INSERT INTO articles_fts (rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM articles "
        "WHERE id > ? AND id <= ?",
        (start, end),
    ).rowcount
    conn.execute("UPDATE fts_state SET indexed_up_to = ?", (end,))
    return done


# --- the index's matching, for the articles above the marker --------------------------------

# What the tokenizer (unicode61, remove_diacritics 2) takes for a word, once folded: letters,
# digits and private-use characters.
_TOKEN = re.compile("(?:[^\\W_]|[\ue000-\uf8ff])+")
# The characters it folds: Latin letters with diacritics (not Greek nor Cyrillic ones), and
# combining accents.
_FOLDED = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]")


@lru_cache(maxsize=4096)
def _bare(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


def _fold(text: str) -> str:
    """Lower case without diacritics, as the tokenizer folds. One regex scan when there is
    nothing to fold (Hangul, plain Latin): ~10x cheaper than normalizing the whole text."""
    text = text.lower()
    if text.isascii():
        return text
    return _FOLDED.sub(lambda m: _bare(m.group()), text)


def tokens(text: str) -> list[str]:
    """The index's terms for a text, in order."""
    return _TOKEN.findall(_fold(text))


def free_text_words(region: str) -> list[tuple[str, bool]]:
    """(word, is a prefix) for a region nobody configured: its words, Hangul ones as prefixes
    (`region_index.free_text_terms` makes the MATCH expression of the same)."""
    words = []
    for word in region.split():
        if any(c.isalnum() for c in word):
            words.append((word, any("\uac00" <= c <= "\ud7a3" for c in word)))
    return words


@lru_cache(maxsize=64)
def _phrases(region: str) -> tuple[tuple[tuple[str, ...], bool], ...]:
    return tuple(
        (tuple(t), prefix) for word, prefix in free_text_words(region) if (t := tokens(word))
    )


def _has_phrase(terms: list[str], phrase: tuple[str, ...], prefix: bool) -> bool:
    n = len(phrase)
    *head, last = phrase
    for i in range(len(terms) - n + 1):
        if terms[i : i + n - 1] == head:
            term = terms[i + n - 1]
            if term == last or (prefix and term.startswith(last)):
                return True
    return False


def backlog_matches(region: str, *texts: str | None) -> int:
    """1 when the index would find a word of `region` in one of the texts (each a column: a
    phrase never spans two), else 0."""
    phrases = _phrases(region)
    for text in texts:
        if not text:
            continue
        folded = _fold(text)
        candidates = [(p, pre) for p, pre in phrases if p[0] in folded]  # cheap: C substring
        if not candidates:
            continue
        terms = _TOKEN.findall(folded)
        if any(_has_phrase(terms, p, pre) for p, pre in candidates):
            return 1
    return 0


def register(conn: sqlite3.Connection) -> None:
    """Give a connection the function its queries call on the articles above the marker."""
    conn.create_function(BACKLOG_FUNCTION, 5, backlog_matches, deterministic=True)
