"""The SQLite schema of a Sinmun database: DDL, forward migrations and opening a file safely.

The schema version lives in ``PRAGMA user_version``; ``MIGRATIONS[i]`` takes a database from
version ``i`` to ``i + 1``, each in its own transaction, so an interrupted upgrade leaves the
file at a version it really has.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from reader.core import fts_index, search_index
from reader.core.search_index import TERMS_FUNCTION
from reader.core.text import CleanError

APP_MARKER = "sinmun"


class StorageError(CleanError):
    """A database problem, as one line a user can act on."""


# Version 1: feeds, articles, full-text index.
_V1: tuple[str, ...] = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"INSERT INTO meta (key, value) VALUES ('app', '{APP_MARKER}')",
    """CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,                      -- the feed's own title, from the last parse
        user_title TEXT,                 -- the user's, wins when set
        site_link TEXT,
        tags TEXT NOT NULL DEFAULT '[]', -- JSON list of strings
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        last_fetched INTEGER,
        last_success INTEGER,
        last_error TEXT,
        error_count INTEGER NOT NULL DEFAULT 0,
        added_at INTEGER NOT NULL
    )""",
    """CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        link TEXT,
        author TEXT,
        published INTEGER,
        first_seen INTEGER NOT NULL,
        sort_ts INTEGER NOT NULL,        -- published, else first_seen: the list order
        summary TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL DEFAULT '',        -- HTML, as the feed gave it
        content_text TEXT NOT NULL DEFAULT '',   -- its text, for the search index
        entry_hash TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
        starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        full_text TEXT,                  -- extracted article page text (cache)
        full_data TEXT,                  -- JSON of the extraction (cache)
        UNIQUE (feed_id, key)
    )""",
    # The list: newest first, ties by id (a feed's new entries are inserted last first, so
    # entries of one time, such as every undated one of a refresh, keep the feed's order —
    # see feed_writes.write_feed). The other indexes also carry the read/starred flags
    # so any mix of feed/unread/starred filters is answered from one index alone (covering):
    # list pages, counts and list_feeds' GROUP BY never touch the wide article rows.
    "CREATE INDEX articles_by_time ON articles (sort_ts DESC, id DESC)",
    "CREATE INDEX articles_by_feed ON articles (feed_id, sort_ts DESC, id DESC, read, starred)",
    "CREATE INDEX articles_unread ON articles (sort_ts DESC, id DESC, read, starred) "
    "WHERE read = 0",
    "CREATE INDEX articles_starred ON articles (sort_ts DESC, id DESC, read, starred) "
    "WHERE starred = 1",
    # prefix='2': an index of 2-character prefixes makes `"광주"*` (광주시는, 광주의 …) 6x
    # faster; Korean names are mostly two syllables. It doubles the index size.
    """CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, summary, content_text, full_text,
        content = 'articles', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2'
    )""",
    # External content: the index holds no text, so the triggers must hand it the exact old
    # values to delete. `UPDATE OF` keeps read/starred flips away from the index.
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, summary, content_text, full_text)
        VALUES (new.id, new.title, new.summary, new.content_text, new.full_text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, summary, content_text, full_text)
        VALUES ('delete', old.id, old.title, old.summary, old.content_text, old.full_text);
    END""",
    """CREATE TRIGGER articles_fts_update
    AFTER UPDATE OF title, summary, content_text, full_text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, summary, content_text, full_text)
        VALUES ('delete', old.id, old.title, old.summary, old.content_text, old.full_text);
        INSERT INTO articles_fts (rowid, title, summary, content_text, full_text)
        VALUES (new.id, new.title, new.summary, new.content_text, new.full_text);
    END""",
)

# Version 2: new rows were indexed by `Storage.apply_feed` with one INSERT ... SELECT per feed,
# in the feed's transaction, instead of a per-row trigger (now once per refresh: _V_FTS_MARKER).
# FTS5 flushes its pending terms at every statement boundary, so a trigger fired by each
# executemany() row wrote one tiny segment per article and merged them all again: 6,000 new
# articles cost 1.4-1.9 s of CPU that way and 0.9 s as one statement per feed. Updates and
# deletes keep their triggers (rare, one row).
_V2: tuple[str, ...] = ("DROP TRIGGER articles_fts_insert",)

# Version 3: which configured regions each article mentions (see reader.core.region_match).
# Each tag carries the article's list position and the flags the other filters test, so a
# region's page, with or without feed/unread/starred, is one index range and its count one
# index count: the wide article rows are never read. Filled by Storage when articles are
# written, and all over again whenever the configured regions (meta 'region_places') change;
# a trigger keeps the flags in step with the article.
_V3: tuple[str, ...] = (
    """CREATE TABLE article_regions (
        region TEXT NOT NULL,
        sort_ts INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        feed_id INTEGER NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (region, sort_ts, article_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX article_regions_by_feed "
    "ON article_regions (region, feed_id, sort_ts, article_id)",
    "CREATE INDEX article_regions_by_article ON article_regions (article_id)",
    """CREATE TRIGGER article_regions_flags AFTER UPDATE OF read, starred ON articles BEGIN
        UPDATE article_regions SET read = new.read, starred = new.starred
        WHERE article_id = new.id;
    END""",
)

# Sync with a Google Reader API server (reader.core.sync): which feeds are the server's
# subscriptions, the server's id of each article's item and the flags both sides last agreed on
# (the base a three-way merge compares with), and the user's changes waiting to be pushed, in
# the order they were made. Item ids are the server's signed 64-bit form. The queue does not
# reference articles: a change outlives retention dropping its article. Self-contained: the
# last sync's time and error live in `meta`.
_V_SYNC: tuple[str, ...] = (
    """CREATE TABLE sync_feeds (
        feed_id INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
        stream_id TEXT NOT NULL UNIQUE
    )""",
    """CREATE TABLE sync_items (
        item_id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        stream_id TEXT NOT NULL,
        timestamp_usec INTEGER NOT NULL DEFAULT 0,
        base_read INTEGER NOT NULL DEFAULT 0,
        base_starred INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX sync_items_by_article ON sync_items (article_id)",
    """CREATE TABLE sync_queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        item_id INTEGER,                 -- NULL for a whole stream marked read
        stream_id TEXT,                  -- that stream
        flag TEXT NOT NULL CHECK (flag IN ('read', 'starred', 'all_read')),
        value INTEGER NOT NULL,          -- 0/1; for all_read: items up to this timestamp (µs)
        made_at INTEGER NOT NULL         -- when the user made the change (ms)
    )""",
)

# Search inside compounds (reader.core.search_index): 특보 finds 한파특보, 센터 데이터센터. An
# index of each article's words and of the suffixes of its Hangul words, without positions or
# text; its terms are computed by a function each connection registers (`connect`), also in
# the triggers that take an article's old terms out. Articles are indexed after they are
# stored, in batches, up to `search_state.indexed_up_to` (those above it are searched by
# reading them): the triggers leave the articles above the marker alone, so none is indexed
# twice or left out after a crash. Starts empty: the articles already stored are indexed the
# same way, at leisure.
_V_SEARCH: tuple[str, ...] = (
    """CREATE VIRTUAL TABLE articles_search USING fts5 (
        terms, content = '', detail = none, columnsize = 0,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3 4'
    )""",
    """CREATE TABLE search_state (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        indexed_up_to INTEGER NOT NULL
    )""",
    "INSERT INTO search_state (one, indexed_up_to) VALUES (1, 0)",
    f"""CREATE TRIGGER articles_search_delete AFTER DELETE ON articles
    WHEN old.id <= (SELECT indexed_up_to FROM search_state) BEGIN
        INSERT INTO articles_search (articles_search, rowid, terms) VALUES ('delete', old.id,
            {TERMS_FUNCTION}(old.title, old.summary, old.content_text, old.full_text));
    END""",
    f"""CREATE TRIGGER articles_search_update
    AFTER UPDATE OF title, summary, content_text, full_text ON articles
    WHEN old.id <= (SELECT indexed_up_to FROM search_state) BEGIN
        INSERT INTO articles_search (articles_search, rowid, terms) VALUES ('delete', old.id,
            {TERMS_FUNCTION}(old.title, old.summary, old.content_text, old.full_text));
        INSERT INTO articles_search (rowid, terms) VALUES (new.id,
            {TERMS_FUNCTION}(new.title, new.summary, new.content_text, new.full_text));
    END""",
)

# `articles_fts` is filled once per refresh (reader.core.fts_index), not in each feed's
# transaction: every article up to `fts_state.indexed_up_to` is in it, none above it, and its
# triggers now leave those above alone (an external-content 'delete' of a row it never had
# corrupts it). The articles already stored were indexed as they were written: the marker
# starts at the last of them.
_FTS_GUARD = "WHEN old.id <= (SELECT indexed_up_to FROM fts_state)"
_V_FTS_MARKER: tuple[str, ...] = (
    """CREATE TABLE fts_state (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        indexed_up_to INTEGER NOT NULL
    )""",
    "INSERT INTO fts_state (one, indexed_up_to) SELECT 1, coalesce(max(id), 0) FROM articles",
    "DROP TRIGGER articles_fts_delete",
    "DROP TRIGGER articles_fts_update",
    f"""CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles {_FTS_GUARD} BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, summary, content_text, full_text)
        VALUES ('delete', old.id, old.title, old.summary, old.content_text, old.full_text);
    END""",
    f"""CREATE TRIGGER articles_fts_update
    AFTER UPDATE OF title, summary, content_text, full_text ON articles {_FTS_GUARD} BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, summary, content_text, full_text)
        VALUES ('delete', old.id, old.title, old.summary, old.content_text, old.full_text);
        INSERT INTO articles_fts (rowid, title, summary, content_text, full_text)
        VALUES (new.id, new.title, new.summary, new.content_text, new.full_text);
    END""",
)

# `articles_fts` takes a refresh's articles in small batches, each a segment. FTS5's automerge
# (4 segments of a level merged as the next ones are written) made the refresh rewrite its own
# segments as it went: 0.39 s of CPU for 6,000 articles against 0.32 s without. Segments now
# merge 16 at a time (FTS5's crisis merge) and all at once when the app is idle
# (`Storage.optimize_search`); a region lookup in a few dozen segments still costs < 1 ms.
_V_FTS_MERGE: tuple[str, ...] = (
    "INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 0)",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    _V1,
    _V2,
    _V3,
    _V_SYNC,
    _V_SEARCH,
    _V_FTS_MARKER,
    _V_FTS_MERGE,
)
SCHEMA_VERSION = len(MIGRATIONS)


def describe_error(path: Path, exc: BaseException) -> str:
    """One line for a sqlite3 error, naming the file and what to do about it."""
    msg = str(exc)
    low = msg.lower()
    if "not a database" in low or "encrypted" in low:
        return f"{path} is not a Sinmun database (file is not a database)"
    if "unable to open" in low:
        return f"cannot open database {path} (unable to open database file: check the folder)"
    if "readonly" in low or "read-only" in low:
        return f"cannot write database {path} (read-only file or folder)"
    if "locked" in low or "busy" in low:
        return f"database {path} is busy (locked by another Sinmun?); try again"
    if "malformed" in low or "disk i/o" in low:
        return f"database {path} is damaged or unreadable ({msg})"
    if "full" in low:
        return f"cannot write database {path} (disk full)"
    return f"database error in {path}: {msg}"


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at `path`; StorageError on trouble."""
    if path.is_dir():
        raise StorageError(f"cannot open database {path}: it is a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StorageError(f"cannot create data folder {path.parent}: {e.strerror or e}") from None
    conn: sqlite3.Connection | None = None
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves (BEGIN IMMEDIATE for writes).
        conn = sqlite3.connect(
            str(path), timeout=5.0, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA busy_timeout = 5000")
        _check_ownership(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(
            "PRAGMA synchronous = NORMAL"
        )  # WAL: a power cut may drop the last commit only
        conn.execute("PRAGMA journal_size_limit = 16777216")  # trim the -wal after big refreshes
        # The search index's triggers call the functions registered here (a build of SQLite
        # that distrusts the schema would refuse that: this is our own file).
        conn.execute("PRAGMA trusted_schema = ON")
        search_index.register(conn)
        fts_index.register(conn)
        migrate(conn, path)
    except StorageError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.Error as e:
        if conn is not None:
            conn.close()
        raise StorageError(describe_error(path, e)) from None
    return conn


def _check_ownership(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse SQLite files that belong to another program, and newer Sinmun schemas."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if version == 0 and not tables:
        return  # brand new (or empty) file
    ours = (
        "meta" in tables
        and conn.execute(
            "SELECT 1 FROM meta WHERE key = 'app' AND value = ?", (APP_MARKER,)
        ).fetchone()
    )
    if not ours:
        raise StorageError(f"{path} is not a Sinmun database (it holds other tables)")
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer Sinmun "
            f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade Sinmun to open it"
        )


def migrate(
    conn: sqlite3.Connection, path: Path, migrations: Sequence[Sequence[str]] = MIGRATIONS
) -> int:
    """Apply the pending migrations, one transaction each; returns the final version."""
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    while version < len(migrations):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < len(migrations):
                for statement in migrations[version]:
                    conn.execute(statement)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return version
