"""Feeds and articles in one SQLite file (stdlib sqlite3), with a full-text index.

Two connections shared by every thread, each behind its own RLock: one reads, one writes, so
in WAL mode a read never waits for a write (the UI calls in from worker threads). Every refresh
write is one transaction, so a crash mid-refresh leaves the file as it was before. Writes wait
their turn when another process (the app, a cron `sinmun refresh`) is writing: SQLite's busy
timeout, then retries up to `WRITE_PATIENCE`, and the user's own writes go before a refresh's
next feed (`locks.WriteTurns`). The DDL and migrations live in `schema.py`, the refresh write in
`feed_writes.py`, retention in `pruning.py`, the list queries in `article_queries.py`, the
search index (filled after refreshes, `index_search`) in `search_index.py`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core import article_queries, feed_urls, fts_index, pruning, region_index, search_index
from reader.core.feed_urls import UrlChange
from reader.core.feed_writes import FeedRemoved, prepare_feed, write_feed
from reader.core.locks import WriteTurns
from reader.core.models import Article, ArticleQuery, Feed, FeedSpec, ParsedFeed
from reader.core.region_match import Place
from reader.core.retention import RetentionPolicy
from reader.core.schema import (
    CHUNK,
    SCHEMA_VERSION,
    StorageError,
    connect,
    describe_error,
    from_ts,
    to_ts,
    where_clause,
)
from reader.core.text import CleanError, printable
from reader.core.urls import normalize_url

if TYPE_CHECKING:
    from reader.core.sync.state import SyncStore

__all__ = ["SCHEMA_VERSION", "FeedRemoved", "Storage", "StorageError"]

# Seconds a write keeps asking for SQLite's write lock before it fails as "busy": another
# process's longest transaction (a retag of every article, a migration) fits well within.
WRITE_PATIENCE = 120.0
_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)

_FEED_COLS = (
    "f.id, f.url, f.title, f.user_title, f.site_link, f.tags, f.etag, f.last_modified, "
    "f.body_hash, f.last_fetched, f.last_success, f.last_error, f.error_count"
)
_COUNTS = "SELECT feed_id, count(*) AS total, sum(read = 0) AS unread FROM articles"


# --- storage --------------------------------------------------------------------------------


def _begin(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, asking again while another process holds the write lock (each try
    already waits SQLite's busy timeout) for up to WRITE_PATIENCE seconds."""
    deadline = time.monotonic() + WRITE_PATIENCE
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as e:
            busy = (e.sqlite_errorcode & 0xFF) in _BUSY_CODES  # extended codes: BUSY_RECOVERY…
            if not busy or time.monotonic() >= deadline:
                raise


class Storage:
    """The database. Every public method is thread-safe and raises only StorageError."""

    def __init__(self, path: Path, *, busy_timeout: float | None = None) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()  # the writing connection, _conn
        self._read_lock = threading.RLock()  # the reading one, _reader
        self._conn: sqlite3.Connection | None = connect(self.path)
        try:
            self._reader: sqlite3.Connection | None = connect(self.path)
            self._reader.execute("PRAGMA query_only = 1")
            if busy_timeout is not None:  # tests shorten SQLite's own wait (5 s)
                for conn in (self._conn, self._reader):
                    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        except BaseException:
            self.close()
            raise
        self._turns = WriteTurns(self.path.with_name(self.path.name + "-writers"))
        self.places: tuple[Place, ...] = ()  # the configured regions the index tags
        self._region_names: frozenset[str] = frozenset()

    def set_places(self, places: Sequence[Place]) -> int:
        """Tag articles with these regions from now on; retags everything when they changed.

        Returns how many articles were (re)tagged.
        """
        self.places = tuple(places)
        self._region_names = frozenset(p.name for p in self.places)
        wanted = region_index.signature(self.places)
        if self.get_meta(region_index.SIGNATURE_KEY) == wanted:
            return 0
        matcher = region_index.matcher_for(self.places)
        with self._tx(refresh=True) as c:
            c.execute("DELETE FROM article_regions")
            count = region_index.retag(c, matcher)
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (region_index.SIGNATURE_KEY, wanted),
            )
        return count

    def close(self) -> None:
        with self._read_lock:
            reader = getattr(self, "_reader", None)  # absent when __init__ failed early
            if reader is not None:
                reader.close()
            self._reader = None
        with self._lock:
            if self._conn is None:
                return
            with suppress(sqlite3.Error):
                self._conn.execute("PRAGMA optimize")  # keeps planner statistics current
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._read_lock:
            if self._reader is None:
                raise StorageError(f"database {self.path} is closed")
            try:
                yield self._reader
            except sqlite3.Error as e:
                raise StorageError(describe_error(self.path, e)) from None

    @contextmanager
    def _tx(self, *, refresh: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front (no upgrade races),
        so it is the only statement that can find the database busy. A refresh's write lets
        the user's pending writes go first; the user's own writes are marked as pending."""
        if refresh:
            self._turns.let_users_first()  # before our lock: a user's write may wait on it
            turn: AbstractContextManager[object] = nullcontext()
        else:
            turn = self._turns.user()
        with turn, self._lock:
            conn = self._conn
            if conn is None:
                raise StorageError(f"database {self.path} is closed")
            try:
                _begin(conn)
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as e:
                raise StorageError(describe_error(self.path, e)) from None

    # --- meta ---------------------------------------------------------------------------

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def get_meta(self, key: str) -> str | None:
        with self._read() as c:
            row = c.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    # --- feeds --------------------------------------------------------------------------

    @staticmethod
    def _feed(row: Sequence[Any], total: int = 0, unread: int = 0) -> Feed:
        fid, url, title, user_title, site, tags, etag, lm, bh, fetched, ok, err, errs = row
        return Feed(
            id=fid,
            url=url,
            title=user_title or title or url,
            site_link=site,
            tags=tuple(json.loads(tags or "[]")),
            etag=etag,
            last_modified=lm,
            body_hash=bh,
            last_fetched=from_ts(fetched),
            last_success=from_ts(ok),
            last_error=err,
            error_count=errs,
            total=total or 0,
            unread=unread or 0,
        )

    def _one_feed(self, where: str, value: object) -> Feed | None:
        with self._read() as c:
            row = c.execute(
                f"SELECT {_FEED_COLS}, c.total, c.unread FROM feeds f "
                f"LEFT JOIN ({_COUNTS} WHERE feed_id = (SELECT id FROM feeds WHERE {where})) c "
                f"ON c.feed_id = f.id WHERE f.{where}",
                (value, value),
            ).fetchone()
        return None if row is None else self._feed(row[:-2], row[-2], row[-1])

    def get_feed(self, url: str) -> Feed | None:
        return self._one_feed("url = ?", url)

    def feed_urls(self) -> set[str]:
        """The subscribed URLs alone: cheap, for start-up bookkeeping."""
        with self._read() as c:
            return {row[0] for row in c.execute("SELECT url FROM feeds")}

    def list_feeds(self) -> list[Feed]:
        """Every feed in the order it was added, with total and unread counts."""
        with self._read() as c:
            rows = c.execute(
                f"SELECT {_FEED_COLS}, c.total, c.unread FROM feeds f "
                f"LEFT JOIN ({_COUNTS} GROUP BY feed_id) c ON c.feed_id = f.id ORDER BY f.id"
            ).fetchall()
        return [self._feed(r[:-2], r[-2], r[-1]) for r in rows]

    def add_feed(
        self,
        spec: FeedSpec,
        *,
        when: datetime | None = None,
        feed_title: str | None = None,
        site_link: str | None = None,
    ) -> Feed:
        """Subscribe (`feed_title`, `site_link`: what a fetch of it already said); a URL
        already stored is left as it is and returned."""
        added = to_ts(when) if when else int(time.time())
        tags = json.dumps(list(spec.tags))
        with self._tx() as c:
            c.execute(
                "INSERT INTO feeds (url, user_title, tags, added_at, title, site_link) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                (spec.url, spec.title or None, tags, added, feed_title, site_link),
            )
        feed = self.get_feed(spec.url)
        if feed is None:  # removed by another thread in between
            raise StorageError(f"feed {spec.url} vanished while being added")
        return feed

    def set_feed_spec(self, spec: FeedSpec) -> Feed | None:
        """Apply a changed config entry (user title, tags) to a stored feed."""
        with self._tx() as c:
            c.execute(
                "UPDATE feeds SET user_title = ?, tags = ? WHERE url = ?",
                (spec.title or None, json.dumps(list(spec.tags)), spec.url),
            )
        return self.get_feed(spec.url)

    def remove_feed(self, url: str) -> bool:
        """Unsubscribe; its articles (and their index entries) go with it."""
        with self._tx() as c:
            return c.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def normalize_feed_urls(self) -> list[UrlChange]:
        """Store every feed under its normal URL, merging copies of one feed (`feed_urls`);
        returns what changed. Only reads when nothing has to change (every start)."""
        with self._read() as c:
            if not feed_urls.stored_plan(c):
                return []
        with self._tx() as c:  # planned again under the lock: another process may be first
            return feed_urls.apply(c, feed_urls.stored_plan(c))

    def update_feed_url(self, feed_id: int, new_url: str) -> bool:
        """Follow a permanent redirect. False when another feed already has that URL."""
        new_url = normalize_url(new_url)
        with self._tx(refresh=True) as c:
            if c.execute(
                "SELECT 1 FROM feeds WHERE url = ? AND id != ?", (new_url, feed_id)
            ).fetchone():
                return False
            return (
                c.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, feed_id)).rowcount > 0
            )

    # --- refresh writes -----------------------------------------------------------------

    def record_not_modified(self, feed_id: int, when: datetime) -> None:
        self.record_unchanged(feed_id, None, None, when, keep_validators=True)

    def record_unchanged(
        self,
        feed_id: int,
        etag: str | None,
        last_modified: str | None,
        when: datetime,
        *,
        keep_validators: bool = False,
    ) -> None:
        """A fetch that brought nothing new (304, or the same body): a success all the same."""
        validators = "" if keep_validators else "etag = ?, last_modified = ?, "
        params: list[Any] = [] if keep_validators else [etag, last_modified]
        now = to_ts(when)
        with self._tx(refresh=True) as c:
            updated = c.execute(
                f"UPDATE feeds SET {validators}last_fetched = ?, last_success = ?, "
                "last_error = NULL, error_count = 0 WHERE id = ?",
                [*params, now, now, feed_id],
            ).rowcount
        if not updated:
            raise FeedRemoved(feed_id)

    def record_error(self, feed_id: int, reason: str, when: datetime) -> None:
        with self._tx(refresh=True) as c:
            updated = c.execute(
                "UPDATE feeds SET last_error = ?, error_count = error_count + 1, "
                "last_fetched = ? WHERE id = ?",
                (printable(reason, CleanError.MAX_REASON), to_ts(when), feed_id),
            ).rowcount
        if not updated:
            raise FeedRemoved(feed_id)

    def apply_feed(
        self,
        feed_id: int,
        parsed: ParsedFeed,
        *,
        etag: str | None,
        last_modified: str | None,
        body_hash: str | None,
        when: datetime,
    ) -> tuple[int, int]:
        """Store a parsed feed in one transaction; returns (new, updated) article counts.
        Known articles keep their read/starred state (see `feed_writes.write_feed`).
        FeedRemoved when the feed was unsubscribed meanwhile."""
        prepared = prepare_feed(parsed, self.places)  # CPU work, before taking the write lock
        with self._tx(refresh=True) as c:
            return write_feed(
                c,
                feed_id,
                prepared,
                self.places,
                etag=etag,
                last_modified=last_modified,
                body_hash=body_hash,
                when=when,
            )

    def index_fts(self) -> int:
        """Index the articles stored since the last call (`fts_index`), in one statement: a
        refresh's, a sync's last write. Returns how many."""
        with self._tx(refresh=True) as c:
            return fts_index.index_backlog(c)

    def index_search(self, limit: int = 200) -> int:
        """Add up to `limit` articles not yet in the search index to it; when it has them all,
        merge its segments. Each step is a short refresh's write (the user's own writes go
        first). Returns how many articles; 0 when the index has them all. Search is whole either
        way (what the index lacks is read); indexed and merged, it is fast."""
        with self._tx(refresh=True) as c:
            done = search_index.index_some(c, limit)
        while not done:  # ~40 ms a step; nothing to merge costs one read
            with self._tx(refresh=True) as c:
                if not search_index.tidy(c):
                    break
        return done

    def optimize_search(self) -> None:
        """Merge each full-text index (`articles_search`, `articles_fts`) into one b-tree: FTS5's
        'optimize'. A search then reads one segment instead of dozens (region + word at 100k:
        8 → 2 ms) but the merge writes the whole index (seconds at 100k): for idle time, after
        large changes. On a connection of its own, each index in its own transaction, so this
        Storage's writes wait for it as for another process's (SQLite's busy wait), never on
        its lock; the user's pending writes go first."""
        self._turns.let_users_first()
        conn = connect(self.path)
        try:
            for table in ("articles_search", "articles_fts"):
                _begin(conn)
                conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
                conn.execute("COMMIT")
        except sqlite3.Error as e:
            raise StorageError(describe_error(self.path, e)) from None
        finally:
            conn.close()

    def search_backlog(self) -> int:
        """How many articles the search index does not have yet."""
        with self._read() as c:
            return search_index.backlog(c)

    def prune(
        self, policy: RetentionPolicy, feed_id: int, listed_keys: Iterable[str], when: datetime
    ) -> int:
        """Retention for a feed whose current document lists `listed_keys` (those stay); returns
        how many articles went. The deletes are a refresh's writes, in short transactions."""
        write = partial(self._tx, refresh=True)
        return pruning.prune_feed(self._read, write, policy, feed_id, listed_keys, when)

    # --- articles -----------------------------------------------------------------------

    def query_articles(self, q: ArticleQuery, offset: int = 0, limit: int = 50) -> list[Article]:
        """One page of the list, newest first (published, else first seen; ties by id)."""
        with self._read() as c:
            return article_queries.query_page(c, q, self._region_names, offset, limit)

    def count_articles(self, q: ArticleQuery) -> int:
        with self._read() as c:
            return article_queries.count(c, q, self._region_names)

    def get_article(self, article_id: int) -> Article | None:
        with self._read() as c:
            return article_queries.get_article(c, article_id)

    def set_read(self, ids: Sequence[int], read: bool) -> int:
        """Mark articles read or unread; returns how many changed. A change to an article
        synced with a server is queued for it in the same transaction (`sync.queue`)."""
        from reader.core.sync import queue

        ids = list(ids)
        changed = 0
        with self._tx() as c:
            for i in range(0, len(ids), CHUNK):
                chunk = ids[i : i + CHUNK]
                queue.queue_flag(c, chunk, "read", read)
                marks = ",".join("?" * len(chunk))
                changed += c.execute(
                    f"UPDATE articles SET read = ? WHERE id IN ({marks}) AND read != ?",
                    (int(read), *chunk, int(read)),
                ).rowcount
        return changed

    def set_starred(self, article_id: int, starred: bool) -> None:
        from reader.core.sync import queue

        with self._tx() as c:
            queue.queue_flag(c, [article_id], "starred", starred)
            c.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))

    def mark_all_read(self, q: ArticleQuery) -> int:
        """Mark every unread article the query shows as read; returns how many. Synced
        articles are queued for the server: a whole feed (or everything) as "mark all as read"
        of its server streams, any narrower view article by article."""
        from reader.core.sync import queue

        where, params = where_clause(q, self._region_names)
        whole = not (q.starred_only or q.search or (q.region and q.region.strip()))
        with self._tx() as c:
            feed_ids: list[int] | None = None
            if q.feed_id is not None or q.feed_url is not None:
                found = c.execute(
                    "SELECT id FROM feeds WHERE id = ? OR url = ?", (q.feed_id, q.feed_url)
                ).fetchall()
                feed_ids = [row[0] for row in found]
            if whole and feed_ids != []:
                queue.queue_stream_read(c, feed_ids)
            else:
                queue.queue_read_where(c, where, params)
            unread = f"{where} AND a.read = 0" if where else " WHERE a.read = 0"
            return c.execute(f"UPDATE articles AS a SET read = 1{unread}", params).rowcount

    def sync_store(self) -> SyncStore:
        """The sync's tables (`reader.core.sync.state`), written in the refresh's turns."""
        from reader.core.sync.state import SyncStore

        return SyncStore(self._read, partial(self._tx, refresh=True))

    def set_full_text(self, article_id: int, text: str | None, data_json: str | None) -> None:
        """Cache an article page's extracted text (searchable) and its JSON form."""
        with self._tx() as c:
            c.execute(
                "UPDATE articles SET full_text = ?, full_data = ? WHERE id = ?",
                (text, data_json, article_id),
            )
            if self.places:  # the page may name a region the feed's text did not
                matcher = region_index.matcher_for(self.places)
                region_index.retag(c, matcher, "AND id = ?", (article_id,))

    def get_full_text(self, article_id: int) -> tuple[str | None, str | None] | None:
        """The cached (full_text, full_data) of an article; None when there is no article."""
        with self._read() as c:
            row = c.execute(
                "SELECT full_text, full_data FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
        return None if row is None else (row[0], row[1])
