"""Feeds and articles in one SQLite file (stdlib sqlite3), with a full-text index.

Every public method is a read on the reading connection or one write transaction on the
writing one (`database.Database`: threads, other processes, the user's writes first), so a
crash mid-refresh leaves the file as it was before. The DDL and migrations live in `schema.py`,
the feeds table's SQL in `feed_rows.py`, the refresh write in `feed_writes.py`, retention in
`pruning.py`, the list queries in `article_queries.py`, read and starred in `article_flags.py`,
the search index (filled after refreshes, `index_search`) in `search_index.py`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import (
    article_flags,
    article_queries,
    feed_rows,
    feed_urls,
    fts_index,
    pruning,
    region_index,
    search_index,
)
from reader.core.database import Database
from reader.core.feed_urls import UrlChange
from reader.core.feed_writes import FeedRemoved, prepare_feed, write_feed
from reader.core.models import Article, ArticleQuery, Feed, FeedSpec, ParsedFeed
from reader.core.query_parts import to_ts
from reader.core.region_match import Place
from reader.core.retention import RetentionPolicy
from reader.core.schema import SCHEMA_VERSION, StorageError
from reader.core.urls import normalize_url

if TYPE_CHECKING:
    from reader.core.sync.state import SyncStore

__all__ = ["SCHEMA_VERSION", "FeedRemoved", "Storage", "StorageError"]


class Storage(Database):
    """The database. Every public method is thread-safe and raises only StorageError."""

    def __init__(self, path: Path, *, busy_timeout: float | None = None) -> None:
        super().__init__(path, busy_timeout=busy_timeout)
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
        with self._tx(refresh=True) as c:
            c.execute("DELETE FROM article_regions")
            count = 0
            if c.execute("SELECT 1 FROM articles LIMIT 1").fetchone():  # a new file has none
                count = region_index.retag(c, region_index.matcher_for(self.places))
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (region_index.SIGNATURE_KEY, wanted),
            )
        return count

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

    def get_feed(self, url: str) -> Feed | None:
        with self._read() as c:
            return feed_rows.feed_at(c, url)

    def feed_urls(self) -> set[str]:
        """The subscribed URLs alone: cheap, for start-up bookkeeping."""
        with self._read() as c:
            return feed_rows.all_urls(c)

    def list_feeds(self) -> list[Feed]:
        """Every feed in the order it was added, with total and unread counts."""
        with self._read() as c:
            return feed_rows.all_feeds(c)

    def add_feeds(self, specs: Sequence[FeedSpec]) -> None:
        """Subscribe to each, in one transaction (a first start with a long list: one write,
        not one per feed); URLs already stored are left as they are."""
        added = int(time.time())
        with self._tx() as c:
            for spec in specs:
                feed_rows.insert(c, spec, added, None, None)

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
        with self._tx() as c:
            feed_rows.insert(c, spec, added, feed_title, site_link)
        feed = self.get_feed(spec.url)
        if feed is None:  # removed by another thread in between
            raise StorageError(f"feed {spec.url} vanished while being added")
        return feed

    def set_feed_spec(self, spec: FeedSpec) -> Feed | None:
        """Apply a changed config entry (user title, tags) to a stored feed."""
        with self._tx() as c:
            feed_rows.set_spec(c, spec)
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
            return feed_rows.move(c, feed_id, new_url)

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
        validators = None if keep_validators else (etag, last_modified)
        with self._tx(refresh=True) as c:
            updated = feed_rows.record_success(c, feed_id, validators, to_ts(when))
        if not updated:
            raise FeedRemoved(feed_id)

    def record_error(self, feed_id: int, reason: str, when: datetime) -> None:
        with self._tx(refresh=True) as c:
            updated = feed_rows.record_failure(c, feed_id, reason, to_ts(when))
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
        self._own_connection_writes(
            tuple(
                f"INSERT INTO {table} ({table}) VALUES ('optimize')"
                for table in ("articles_search", "articles_fts")
            )
        )

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
        with self._tx() as c:
            return article_flags.set_read(c, ids, read)

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self._tx() as c:
            article_flags.set_starred(c, article_id, starred)

    def mark_all_read(self, q: ArticleQuery) -> int:
        """Mark every unread article the query shows as read; returns how many. Synced
        articles are queued for the server (`article_flags.mark_all_read`)."""
        with self._tx() as c:
            return article_flags.mark_all_read(c, q, self._region_names)

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
