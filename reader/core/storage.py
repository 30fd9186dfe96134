"""Feeds and articles in one SQLite file (stdlib sqlite3), with a full-text index.

One connection shared by every thread behind an RLock: the UI calls in from worker threads and
each call is a short statement. Every refresh write is one transaction, so a crash mid-refresh
leaves the file as it was before (WAL journal). The DDL and migrations live in `schema.py`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core import region_index
from reader.core.models import Article, ArticleQuery, Feed, FeedSpec, ParsedEntry, ParsedFeed
from reader.core.region_match import Place
from reader.core.schema import (
    SCHEMA_VERSION,
    StorageError,
    connect,
    describe_error,
    fts_query,
    where_clause,
)

__all__ = ["SCHEMA_VERSION", "Storage", "StorageError", "fts_query"]

_CHUNK = 500  # ids per `IN (...)`, well under SQLite's bound-variable limit

_FEED_COLS = (
    "f.id, f.url, f.title, f.user_title, f.site_link, f.tags, f.etag, f.last_modified, "
    "f.body_hash, f.last_fetched, f.last_success, f.last_error, f.error_count"
)
_ARTICLE_COLS = (
    "a.id, a.feed_id, f.url, COALESCE(f.user_title, f.title, f.url), a.key, a.title, a.link, "
    "a.author, a.published, a.summary, a.content, a.read, a.starred, a.first_seen"
)
_COUNTS = "SELECT feed_id, count(*) AS total, sum(read = 0) AS unread FROM articles"


def _ts(when: datetime | None) -> int | None:
    if when is None:
        return None
    if when.tzinfo is None:  # the domain is aware UTC; treat a stray naive time as UTC
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp())


def _dt(ts: int | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


def _content_text(entry: ParsedEntry) -> str:
    """Index text for the content; empty when it only repeats the summary (smaller index).
    The parser derives it in its worker process; entries built elsewhere get it here."""
    if entry.content_text is not None:
        return entry.content_text
    if not entry.content:
        return ""
    from reader.core.text import html_to_text, index_text

    return index_text(html_to_text(entry.content), entry.summary)


# --- storage --------------------------------------------------------------------------------


class Storage:
    """The database. Every public method is thread-safe and raises only StorageError."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = connect(self.path)
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
        with self._tx() as c:
            c.execute("DELETE FROM article_regions")
            count = region_index.retag(c, matcher)
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (region_index.SIGNATURE_KEY, wanted),
            )
        return count

    def close(self) -> None:
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
        with self._lock:
            if self._conn is None:
                raise StorageError(f"database {self.path} is closed")
            try:
                yield self._conn
            except sqlite3.Error as e:
                raise StorageError(describe_error(self.path, e)) from None

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front (no upgrade races)."""
        with self._read() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

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
            last_fetched=_dt(fetched),
            last_success=_dt(ok),
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

    def feed_by_id(self, feed_id: int) -> Feed | None:
        return self._one_feed("id = ?", feed_id)

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

    def add_feed(self, spec: FeedSpec, *, when: datetime | None = None) -> Feed:
        """Subscribe; a URL already stored is left as it is and returned."""
        added = _ts(when) if when else int(time.time())
        with self._tx() as c:
            c.execute(
                "INSERT INTO feeds (url, user_title, tags, added_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO NOTHING",
                (spec.url, spec.title or None, json.dumps(list(spec.tags)), added),
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

    def update_feed_url(self, feed_id: int, new_url: str) -> bool:
        """Follow a permanent redirect. False when another feed already has that URL."""
        with self._tx() as c:
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
        now = _ts(when)
        with self._tx() as c:
            c.execute(
                f"UPDATE feeds SET {validators}last_fetched = ?, last_success = ?, "
                "last_error = NULL, error_count = 0 WHERE id = ?",
                [*params, now, now, feed_id],
            )

    def record_error(self, feed_id: int, reason: str, when: datetime) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE feeds SET last_error = ?, error_count = error_count + 1, "
                "last_fetched = ? WHERE id = ?",
                (reason, _ts(when), feed_id),
            )

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

        New entries arrive unread. Known ones (same key) keep read/starred whatever happens
        and are rewritten only when their entry hash changed. A key repeated within the feed
        counts once: the first one wins.
        """
        # Imported here: parsing is written for worker processes and the UI rarely writes.
        from reader.core.parsing import entry_hash

        now = _ts(when)
        entries: dict[str, ParsedEntry] = {}
        for e in parsed.entries:
            entries.setdefault(e.key, e)
        new_rows: list[tuple[Any, ...]] = []
        changed: list[tuple[Any, ...]] = []
        with self._tx() as c:
            if not c.execute("SELECT 1 FROM feeds WHERE id = ?", (feed_id,)).fetchone():
                raise StorageError(f"no feed with id {feed_id}")
            known = self._known_entries(c, feed_id, list(entries))
            for key, e in entries.items():
                digest = entry_hash(e)
                row = known.get(key)
                if row is not None and row[1] == digest:
                    continue
                published = _ts(e.published)
                fields = (
                    e.title,
                    e.link,
                    e.author,
                    published,
                    e.summary,
                    e.content,
                    _content_text(e),
                    digest,
                )
                if row is None:
                    new_rows.append(
                        (feed_id, key, *fields, now, now if published is None else published)
                    )
                else:
                    changed.append((*fields, published, e.link, e.link, row[0]))
            # New rows get ids above the current maximum (rowid allocation, write lock held).
            last_id = c.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
            c.executemany(
                "INSERT INTO articles (feed_id, key, title, link, author, published, summary, "
                "content, content_text, entry_hash, first_seen, sort_ts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new_rows,
            )
            if new_rows:  # one statement: FTS5 writes one segment for the whole feed
                c.execute(
                    "INSERT INTO articles_fts (rowid, title, summary, content_text, full_text) "
                    "SELECT id, title, summary, content_text, full_text FROM articles "
                    "WHERE id > ?",
                    (last_id,),
                )
            # SET expressions see the old row: a changed link means the cached extraction is
            # of another page, so it is dropped.
            c.executemany(
                "UPDATE articles SET title = ?, link = ?, author = ?, published = ?, "
                "summary = ?, content = ?, content_text = ?, entry_hash = ?, "
                "sort_ts = COALESCE(?, first_seen), "
                "full_text = CASE WHEN link IS ? THEN full_text END, "
                "full_data = CASE WHEN link IS ? THEN full_data END WHERE id = ?",
                changed,
            )
            if self.places:
                self._tag_written(c, entries, last_id, [row[-1] for row in changed])
            c.execute(
                "UPDATE feeds SET title = COALESCE(?, title), site_link = COALESCE(?, site_link), "
                "etag = ?, last_modified = ?, body_hash = ?, last_fetched = ?, "
                "last_success = ?, last_error = NULL, error_count = 0 WHERE id = ?",
                (
                    parsed.title or None,
                    parsed.site_link or None,
                    etag,
                    last_modified,
                    body_hash,
                    now,
                    now,
                    feed_id,
                ),
            )
        return len(new_rows), len(changed)

    def _tag_written(
        self,
        c: sqlite3.Connection,
        entries: dict[str, ParsedEntry],
        last_id: int,
        changed_ids: list[int],
    ) -> None:
        """Tag the rows apply_feed just inserted (ids above `last_id`) and rewrote."""
        matcher = region_index.matcher_for(self.places)
        rows = []
        for article_id, key in c.execute("SELECT id, key FROM articles WHERE id > ?", (last_id,)):
            entry = entries[key]
            found = entry.regions
            if found is None:
                found = region_index.entry_regions(matcher, entry)
            rows.append((article_id, found))
        region_index.write_tags(c, rows)
        for i in range(0, len(changed_ids), _CHUNK):
            chunk = changed_ids[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            region_index.retag(c, matcher, f"AND id IN ({marks})", chunk)

    @staticmethod
    def _known_entries(
        c: sqlite3.Connection, feed_id: int, keys: list[str]
    ) -> dict[str, tuple[int, str]]:
        """key → (id, entry_hash) of the stored articles among ``keys`` (one query per chunk)."""
        known: dict[str, tuple[int, str]] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, article_id, digest in c.execute(
                f"SELECT key, id, entry_hash FROM articles WHERE feed_id = ? AND key IN ({marks})",
                (feed_id, *chunk),
            ):
                known[key] = (article_id, digest)
        return known

    # --- articles -----------------------------------------------------------------------

    @staticmethod
    def _article(r: Sequence[Any]) -> Article:
        # Columns in _ARTICLE_COLS order, which is Article's field order.
        return Article(*r[:8], _dt(r[8]), r[9], r[10], bool(r[11]), bool(r[12]), fetched=_dt(r[13]))

    def _by_region(self, q: ArticleQuery) -> str | None:
        """The configured region a query filters on, when its tags can drive the query."""
        region = (q.region or "").strip()
        return region if region in self._region_names else None

    def query_articles(self, q: ArticleQuery, offset: int = 0, limit: int = 50) -> list[Article]:
        """One page of the list, newest first (published, else first seen; ties by id)."""
        if limit <= 0:
            return []
        region = self._by_region(q)
        if region is not None:
            # The region's tags hold the list order and the flags: one index range.
            where, params = region_index.tag_conditions(
                q, region, probe_words=self._many_word_matches(q)
            )
            page = (
                f"SELECT r.article_id FROM article_regions r{where} "
                "ORDER BY r.sort_ts DESC, r.article_id DESC LIMIT ? OFFSET ?"
            )
        else:
            where, params = where_clause(q, self._region_names, walk_list=self._words_common(q))
            # Page over the narrow index first, then fetch only the rows of that page.
            page = (
                f"SELECT a.id FROM articles a{where} "
                "ORDER BY a.sort_ts DESC, a.id DESC LIMIT ? OFFSET ?"
            )
        sql = (
            f"SELECT {_ARTICLE_COLS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            f"WHERE a.id IN ({page}) ORDER BY a.sort_ts DESC, a.id DESC"
        )
        with self._read() as c:
            rows = c.execute(sql, [*params, limit, max(offset, 0)]).fetchall()
        return [self._article(r) for r in rows]

    def _words_common(self, q: ArticleQuery) -> bool:
        """Whether every word filter of a query (search, free-text region) matches many."""
        free_text = q.region and q.region.strip() not in self._region_names
        terms = region_index.free_text_terms(q.region.strip()) if free_text else None
        for match in (fts_query(q.search), terms):
            if match and not self._common(match):
                return False
        return True

    def _many_word_matches(self, q: ArticleQuery) -> bool:
        match = fts_query(q.search)
        return bool(match) and self._common(match)

    def _common(self, match: str) -> bool:
        sql = "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)"
        with self._read() as c:
            found = c.execute(sql, (match, region_index.MANY_MATCHES)).fetchone()[0]
        return found >= region_index.MANY_MATCHES

    def count_articles(self, q: ArticleQuery) -> int:
        region = self._by_region(q)
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
            with self._read() as c:
                return c.execute(sql, params).fetchone()[0]
        where, params = where_clause(q, self._region_names, walk_list=self._words_common(q))
        sql = f"SELECT count(*) FROM articles a{where}"
        if where and q == ArticleQuery(search=q.search):
            match = fts_query(q.search)
            if match:  # text alone: the index counts its own matches, no join needed
                sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
                params = [match]
        with self._read() as c:
            return c.execute(sql, params).fetchone()[0]

    def get_article(self, article_id: int) -> Article | None:
        with self._read() as c:
            row = c.execute(
                f"SELECT {_ARTICLE_COLS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
                "WHERE a.id = ?",
                (article_id,),
            ).fetchone()
        return None if row is None else self._article(row)

    def set_read(self, ids: Sequence[int], read: bool) -> int:
        """Mark articles read or unread; returns how many changed."""
        ids = list(ids)
        changed = 0
        with self._tx() as c:
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                changed += c.execute(
                    f"UPDATE articles SET read = ? WHERE id IN ({marks}) AND read != ?",
                    (int(read), *chunk, int(read)),
                ).rowcount
        return changed

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self._tx() as c:
            c.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))

    def mark_all_read(self, q: ArticleQuery) -> int:
        """Mark every unread article the query shows as read; returns how many."""
        where, params = where_clause(q, self._region_names)
        where = f"{where} AND a.read = 0" if where else " WHERE a.read = 0"
        with self._tx() as c:
            return c.execute(f"UPDATE articles AS a SET read = 1{where}", params).rowcount

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
