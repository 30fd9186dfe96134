"""The one object the CLI and the UI talk to: config, storage and network behind one facade.

What it does at length lives in modules of its own: a refresh and a sync under the data dir's
refresh lock in `refresh_run`, new subscriptions in `new_feeds`, an article's page in
`full_text`, what the app remembers between sessions in `preferences`.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import new_feeds, preferences
from reader.core.config import ConfigError
from reader.core.models import Article, ArticleQuery, Feed, FeedSpec, RefreshResult
from reader.core.new_feeds import Subscription
from reader.core.paths import database_path
from reader.core.preferences import with_recent
from reader.core.region_match import Place
from reader.core.service_errors import RefreshBusy, ServiceError
from reader.core.settings import Config
from reader.core.storage import Storage, StorageError
from reader.core.urls import normalize_url

if TYPE_CHECKING:
    from reader.core.extract import ExtractedArticle
    from reader.core.http import HttpClient
    from reader.core.parse_workers import FeedParser
    from reader.core.refresh import ProgressCallback
    from reader.core.regions import Region
    from reader.core.sync import Syncer, SyncReport, SyncStatus
    from reader.core.weather.service import WeatherService

__all__ = ["RefreshBusy", "Service", "ServiceError", "Subscription", "with_recent"]


class Service:
    def __init__(
        self,
        config: Config,
        storage: Storage,
        *,
        now: Callable[[], datetime] | None = None,
        parse_processes: int | None = None,
    ) -> None:
        self.config = config
        self.storage = storage
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(UTC))
        self._parse_processes = parse_processes
        # one HTTP client per event loop: the app's loop and a refresh thread's loop
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, HttpClient] = (
            weakref.WeakKeyDictionary()
        )
        self._weather: WeatherService | None = None
        self._recent_lock = threading.Lock()
        # What the user should hear about opening the database (copies of one feed merged).
        self.notices: list[str] = []

    @classmethod
    def open(
        cls,
        config: Config,
        data_dir: Path,
        *,
        now: Callable[[], datetime] | None = None,
        parse_processes: int | None = None,
    ) -> Service:
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"{data_dir}: cannot create the data directory ({exc.strerror or exc})"
            ) from None
        storage = Storage(database_path(data_dir))
        service = cls(config, storage, now=now, parse_processes=parse_processes)
        try:
            # Before the config's list is compared with the stored one: both in normal form.
            for change in storage.normalize_feed_urls():
                if change.keep_id is not None:
                    service.notices.append(
                        f"{change.kept} and {change.old} are one feed, subscribed twice: "
                        f"merged into the first, now {change.new}"
                    )
            service.sync_feeds()
            storage.set_places(service.places)
        except BaseException:
            storage.close()
            raise
        return service

    # --- lifecycle -----------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        """The data directory: the database's folder (crash.log goes there too)."""
        return self.storage.path.parent

    @cached_property
    def _parser(self) -> FeedParser:
        # With the first refresh: the refresh code is not needed for the app's first frame.
        from reader.core.parse_workers import FeedParser

        return FeedParser(self._parse_processes)

    def close(self) -> None:
        if "_parser" in self.__dict__:
            self._parser.close()
        self.storage.close()

    async def aclose(self) -> None:
        await self.aclose_http()
        self.close()

    async def aclose_http(self) -> None:
        """Close the HTTP client of the running event loop (before that loop ends)."""
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()

    # --- feeds ---------------------------------------------------------------------------
    # Every URL that comes in is compared and stored in its normal form (`urls.normalize_url`).
    def sync_feeds(self) -> None:
        """Bring the config's feed list into the database (see `feed_list`). With [sync] and
        no [[feeds]], the server's list is the list: no curated defaults."""
        from reader.core import feed_list

        if self.config.sync is not None and not self.config.feeds:
            return
        feed_list.sync(self.storage, self.config.feeds)

    def feeds(self) -> list[Feed]:
        return self.storage.list_feeds()

    def feed(self, url: str) -> Feed | None:
        """The subscribed feed at `url` (any spelling of it), else None."""
        return self.storage.get_feed(normalize_url(url))

    def add_feed(self, url: str, title: str | None = None) -> Feed:
        """Subscribe without looking at the URL (`subscribe` checks it first)."""
        return self.storage.add_feed(FeedSpec(url=normalize_url(url), title=title))

    async def subscribe(self, url: str, title: str | None = None) -> Subscription:
        """Subscribe to the feed at `url`, or to the first one the page at `url` advertises,
        after fetching it once; a ServiceError says why not (nothing is stored then)."""
        return await new_feeds.subscribe(self.storage, self.http_client, url, title)

    def import_feeds(self, specs: Iterable[FeedSpec]) -> tuple[int, int]:
        """Subscribe to the feeds of a subscription list that are not yet subscribed (as
        listed: nothing is fetched); returns how many distinct feeds it lists, how many were
        added."""
        return new_feeds.import_specs(self.storage, specs)

    def remove_feed(self, url: str) -> bool:
        url = normalize_url(url)
        if url in {normalize_url(spec.url) for spec in self.config.feeds}:
            raise ServiceError(
                f"{url} is listed in {self.config.path}; remove it there to unsubscribe"
            )
        return self.storage.remove_feed(url)

    # --- weather and regions -------------------------------------------------------------
    @property
    def weather(self) -> WeatherService:
        """The weather bar's data (built on first use: the first frame does not need it)."""
        if self._weather is None:
            from reader.core.weather.service import WeatherService

            self._weather = WeatherService(
                self.config, self.storage, self.http_client, now=self.now
            )
        return self._weather

    @cached_property
    def regions(self) -> list[Region]:
        """The configured regions (the 19 built-in cities unless the config names others)."""
        from reader.core.regions import regions_from_config

        return regions_from_config(self.config.regions)

    @property
    def places(self) -> list[Place]:
        """The configured regions as the region filter sees them (name and every spelling)."""
        return [Place(r.name, r.words) for r in self.regions]

    def recent_regions(self) -> list[str]:
        """The region filters chosen lately, newest first (kept across sessions)."""
        return preferences.recent_regions(self.storage)

    def saved_theme(self) -> str | None:
        """The theme picked last time in the app (`[ui] theme` in the config wins over it)."""
        return preferences.saved_theme(self.storage)

    def save_theme(self, name: str) -> None:
        preferences.save_theme(self.storage, name)

    def remember_region(self, region: str) -> list[str]:
        """Put `region` first among the recent choices; returns them."""
        with self._recent_lock:  # UI workers may save two choices at once
            return preferences.remember_region(self.storage, region)

    def save_default_region(self, region: str | None) -> Path:
        """Make `region` the filter the app opens with (None: none), saved in the config file;
        returns the file. A ConfigError says why it could not be saved."""
        from reader.core.config_writer import save_default_region

        path = self.config.path
        if path is None:
            raise ConfigError("no config file to save the default region in")
        saved = save_default_region(path, region)
        self.config = replace(self.config, ui=replace(self.config.ui, region=saved.ui.region))
        return path

    def resolve_region(self, text: str | None) -> str | None:
        """A typed region (name, label or alias: "Gwangju") as its configured name (광주);
        free text that names no configured region stays as it is (see `regions`)."""
        from reader.core.regions import resolve_region

        return resolve_region(self.regions, text)

    def _resolved(self, q: ArticleQuery) -> ArticleQuery:
        """The query as storage reads it: the region resolved, the feed's URL normal."""
        region = self.resolve_region(q.region)
        feed_url = normalize_url(q.feed_url) if q.feed_url is not None else None
        if (region, feed_url) == (q.region, q.feed_url):
            return q
        return replace(q, region=region, feed_url=feed_url)

    # --- articles ------------------------------------------------------------------------
    def articles(self, q: ArticleQuery, offset: int = 0, limit: int = 50) -> list[Article]:
        return self.storage.query_articles(self._resolved(q), offset=offset, limit=limit)

    def count(self, q: ArticleQuery) -> int:
        return self.storage.count_articles(self._resolved(q))

    def article(self, article_id: int) -> Article | None:
        return self.storage.get_article(article_id)

    def set_read(self, ids: Sequence[int], read: bool) -> None:
        self.storage.set_read(ids, read)

    def set_starred(self, article_id: int, starred: bool) -> None:
        self.storage.set_starred(article_id, starred)

    def mark_all_read(self, q: ArticleQuery) -> int:
        return self.storage.mark_all_read(self._resolved(q))

    def index_search(self, limit: int = 200) -> int:
        """Add a batch of articles to the search index (`Storage.index_search`): searches
        are whole without it, and fast with it. Returns how many; 0 when it has them all."""
        return self.storage.index_search(limit)

    def search_backlog(self) -> int:
        """How many articles the search index does not have yet (one read)."""
        return self.storage.search_backlog()

    def optimize_search(self) -> None:
        """Merge the search indexes into one segment each (`Storage.optimize_search`): idle
        time, after large changes."""
        self.storage.optimize_search()

    # --- network -------------------------------------------------------------------------
    async def http_client(self) -> HttpClient:
        """The HTTP client of the running event loop (a client belongs to its loop)."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            from reader.core.http import HttpClient

            client = self._clients[loop] = HttpClient(self.config.network_settings())
        return client

    async def refresh(
        self,
        on_progress: ProgressCallback | None = None,
        *,
        urls: Sequence[str] | None = None,
        wait: float | None = None,
        on_wait: Callable[[int | None], None] | None = None,
    ) -> list[RefreshResult]:
        """Refresh every feed (or those in `urls`); results in feed-list order.

        One refresh runs at a time per data dir, whichever process runs it (the app, cron's
        `sinmun refresh`): this one waits for another up to `wait` seconds (None: as long as
        it takes; `on_wait` hears the other's pid when there is one to wait for), then raises
        RefreshBusy. The lock is a file lock: a killed refresh never leaves it behind."""
        from reader.core import refresh_run  # with the first refresh: not the app's first frame

        self._parser.prestart()  # before to_thread() starts a thread: workers can be forked
        # The lock is opened after that fork: no worker shares (and could outlive us holding) it.
        async with refresh_run.refresh_turn(self.storage.path, wait, on_wait):
            return await refresh_run.refresh_all(
                self.storage,
                self.http_client,
                self._parser,
                self.config,
                syncer=self.syncer,
                places=self.places,
                urls=urls,
                on_progress=on_progress,
                now=self.now,
            )

    # --- sync with a server ([sync]) -----------------------------------------------------
    @cached_property
    def syncer(self) -> Syncer | None:
        """The sync with the [sync] server; None without one."""
        if self.config.sync is None:
            return None
        from reader.core.sync import Syncer

        network = self.config.network_settings()
        return Syncer(self.config.sync, self.storage, self.data_dir, network)

    async def sync(
        self, *, wait: float | None = None, on_wait: Callable[[int | None], None] | None = None
    ) -> SyncReport:
        """One sync with the server (ServiceError without [sync]); the report's `error` says
        why it failed. It holds the refresh lock: a refresh and a sync never overlap."""
        from reader.core import refresh_run

        if self.syncer is None:
            raise ServiceError("no [sync] server in the config")
        async with refresh_run.refresh_turn(self.storage.path, wait, on_wait):
            return await refresh_run.sync_once(
                self.syncer, self.config.feeds, self.places, self.now
            )

    def sync_status(self) -> SyncStatus | None:
        """The status line's "synced 14:02 · 3 changes waiting"; None without [sync]."""
        return None if self.syncer is None else self.syncer.status()

    # --- full text -----------------------------------------------------------------------
    def cached_full_article(self, article_id: int) -> ExtractedArticle | None:
        """The article's extracted page from the cache, if it was fetched before."""
        from reader.core import full_text  # with the first article opened

        return full_text.cached(self.storage, article_id)

    async def full_article(self, article: Article) -> ExtractedArticle:
        """The article's page, fetched and extracted once, then served from the cache.

        Raises `FetchError` (network) or `ExtractError` (no article on the page).
        """
        cached = await asyncio.to_thread(self.cached_full_article, article.id)
        if cached is not None:
            return cached
        return await self.fetch_full_article(article)

    async def fetch_full_article(self, article: Article) -> ExtractedArticle:
        """The article's page fetched, extracted and cached, without looking in the cache
        first: for a caller that just has (the app, opening an article). Raises as
        `full_article`."""
        from reader.core import full_text

        return await full_text.fetch_and_cache(self.storage, self.http_client, article)
