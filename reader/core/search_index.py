"""The search index: an FTS5 table (`articles_search`) of each article's words plus, for words
with Hangul (CJK, kana) in them, every suffix that starts at one of those characters.

A word found inside a compound is then a prefix of one of its suffixes: 특보 of "특보가" (from
한파특보가), 센터 of "센터를" (from 데이터센터를), and a one-syllable word likewise (보 of
"보가"). So every query word is a prefix term, `"특보"*`, answered by the index alone, and the
prefix indexes (1 to 4 characters) make the short words (most Korean words) one lookup each.
Latin words are indexed as they are: `"budg"*` still finds "Budget" and not "xbudget". The
symbols that join parts of names and tags (``C++``, ``C#``, ``#광주``, ``R&D``, ``@user``) are
indexed with their words, as private-use characters the tokenizer keeps inside a word.
`reader.core.search_match` says what matches; `reader.core.search_sql` asks the index.

The index keeps no positions (detail=none: phrases are never needed) and no text
(contentless): an article's terms are computed again from its columns by the SQL function
`sinmun_search_terms` when they must be taken out (the update and delete triggers) — the same
function, on the same columns, that put them in.

Articles join the index after they are stored, in batches (`index_some`), not in the
refresh's own transactions, which it would make ~4x as long (117 → 446 µs of CPU per article
stored on the refresh benchmark's feeds). Every
article up to `search_state.indexed_up_to` is in the index, none above it is; the triggers
leave those above alone, and a search reads them instead (`search_sql`), so it is never stale.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache

from reader.core.search_match import NGRAM_RANGES, parse_word

TERMS_FUNCTION = "sinmun_search_terms"
CONFIRM_FUNCTION = "sinmun_search_confirm"
# The columns indexed, in the order the functions take them.
COLUMNS = "title, summary, content_text, full_text"

# Symbols indexed as part of a word, each as a private-use character (unicode61 keeps those
# inside words): runs of letters, digits and these symbols with at least one symbol in them.
# The ones that join names, tags and compounds (C++, C#, #광주, R&D, @user, K-pop, don't);
# not sentence punctuation, which would double the index's Hangul suffixes.
GLUE = "#+&@-'"
_GLUE_MAP = str.maketrans({c: chr(0xE000 + ord(c)) for c in GLUE})


def glued(word: str) -> str:
    """A word as the index holds it when its symbols are in `GLUE` (C++ → C\ue02b\ue02b)."""
    return word.translate(_GLUE_MAP)


_GLUE_CLASS = "[" + re.escape(GLUE) + "]"
_GLUED = GLUE.translate(_GLUE_MAP)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The index's three patterns, compiled on first use: the wide character ranges take ~2 ms
    to compile, and the app imports this module before its first frame, which indexes
    nothing."""
    # Every suffix of a word that starts at a Hangul syllable (ideograph, kana): overlapping
    # matches, found by the regex engine alone (a Python loop per word costs 2-3x more).
    suffixes = re.compile(f"(?=([{NGRAM_RANGES}][^\\W_]*))")
    glue_runs = re.compile(  # from the start of a run only: linear in the text
        f"(?<!{_GLUE_CLASS})(?<![^\\W_])[^\\W_]*{_GLUE_CLASS}(?:[^\\W_]|{_GLUE_CLASS})*"
    )
    # ...and their suffixes from each symbol, Hangul syllable, or character after a symbol on
    # (a tag inside a run: x#광주, #C++).
    glue_suffixes = re.compile(
        f"(?=((?:[{_GLUED}{NGRAM_RANGES}]|(?<=[{_GLUED}])[^\\W_])(?:[^\\W_]|[{_GLUED}])*))"
    )
    return suffixes, glue_runs, glue_suffixes


def index_terms(*texts: str | None) -> str:
    """What the index tokenizes for an article: its text, the suffixes of its Hangul words, and
    its words joined by symbols (`GLUE`), with their suffixes.

    Changing this changes what the delete trigger takes out of the index: a new version needs
    a migration that rebuilds the index (a 'delete-all', then every article again).
    """
    suffixes, glue_runs, glue_suffixes = _patterns()
    parts: list[str] = []
    for text in texts:
        if not text:
            continue
        parts.append(text)
        if not text.isascii():
            parts.append(" ".join(suffixes.findall(text)))
        if any(c in text for c in GLUE):
            for run in glue_runs.findall(text):
                glued = run.translate(_GLUE_MAP)
                parts.append(" ".join([glued, *glue_suffixes.findall(glued)]))
    return "\n".join(parts)


def indexed_up_to(conn: sqlite3.Connection) -> int:
    """Every article with an id up to this is in the index; those above are not (yet)."""
    row = conn.execute("SELECT indexed_up_to FROM search_state").fetchone()
    return int(row[0]) if row else 0


def tail_after(conn: sqlite3.Connection) -> int | None:
    """The marker, when some article is above it (searched by reading it); else None."""
    marker = indexed_up_to(conn)
    above = conn.execute("SELECT 1 FROM articles WHERE id > ? LIMIT 1", (marker,)).fetchone()
    return marker if above else None


def backlog(conn: sqlite3.Connection) -> int:
    """How many articles are above the marker (not in the index yet)."""
    count: int = conn.execute(
        "SELECT count(*) FROM articles WHERE id > (SELECT indexed_up_to FROM search_state)"
    ).fetchone()[0]
    return count


def make_room(conn: sqlite3.Connection, max_id: int) -> None:
    """Before articles are inserted above `max_id` (the largest id stored): the marker comes
    down to it, as SQLite reuses the ids of the newest articles once they are deleted, and a
    new article must never be taken for an indexed one."""
    conn.execute(
        "UPDATE search_state SET indexed_up_to = ? WHERE indexed_up_to > ?", (max_id, max_id)
    )


def index_some(conn: sqlite3.Connection, limit: int) -> int:
    """Index up to `limit` of the articles above the marker, lowest ids first, and move the
    marker past them, in the caller's transaction; returns how many (0: the index is whole).
    One statement: FTS5 writes one segment for the lot."""
    start = indexed_up_to(conn)
    end = conn.execute(
        "SELECT max(id) FROM (SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?)",
        (start, limit),
    ).fetchone()[0]
    if end is None:
        return 0
    done = conn.execute(
        f"INSERT INTO articles_search (rowid, terms) SELECT id, {TERMS_FUNCTION}({COLUMNS}) "
        "FROM articles WHERE id > ? AND id <= ?",
        (start, end),
    ).rowcount
    conn.execute("UPDATE search_state SET indexed_up_to = ?", (end,))
    return done


def tidy(conn: sqlite3.Connection) -> bool:
    """One step of merging the index's segments (each batch, each edit writes one); True when
    there was work. Looking an article up costs ~10 µs in a few segments, ~100 µs in dozens."""
    before = conn.total_changes
    conn.execute("INSERT INTO articles_search (articles_search, rank) VALUES ('merge', -500)")
    return conn.total_changes - before > 1


# The index's words, one row each, in order (`search_sql` lists the few words a long prefix
# stands for): a temp table, so no schema change; it finds `articles_search` when read.
VOCAB = "temp.sinmun_search_vocab"


def register(conn: sqlite3.Connection) -> None:
    """Give a connection the functions the index's triggers and queries call, and (outside a
    transaction, whose rollback would take it away) the view of the index's words."""
    conn.create_function(TERMS_FUNCTION, 4, index_terms, deterministic=True)
    conn.create_function(CONFIRM_FUNCTION, 5, _confirm, deterministic=True)
    if not conn.in_transaction:
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} "
            "USING fts5vocab(main, articles_search, row)"
        )


def _confirm(word: str, *texts: str | None) -> int:
    parsed = parse_word(word)
    return int(parsed is not None and parsed.found_in(texts))
