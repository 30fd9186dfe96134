"""Sync with a Google Reader API server (FreshRSS, Miniflux, Inoreader, The Old Reader …).

`Syncer` is what the service holds when the config has a [sync] table: it builds the client
from the config and the data dir, runs one sync (`run.run_sync`) and remembers how it went in
the database's meta table (`synced 14:02 · 3 changes waiting`). The modules: `dialects` (ids,
streams, addresses), `client` (HTTP), `items` (the server's JSON as entries), `decisions`
(pure), `state` and `queue` (the database), `credentials` (password and token).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.settings import SyncConfig
from reader.core.sync.model import SyncAuthError, SyncError, SyncReport, SyncStatus
from reader.core.text import CleanError, printable

if TYPE_CHECKING:
    import httpx

    from reader.core.http import NetworkSettings
    from reader.core.region_match import Place
    from reader.core.storage import Storage

__all__ = ["SyncAuthError", "SyncError", "SyncReport", "SyncStatus", "Syncer"]

LAST_SYNC = "sync_last"  # meta: ISO time of the last successful sync
LAST_ERROR = "sync_error"  # meta: why the last attempt failed ("" when it did not)


class Syncer:
    def __init__(
        self,
        config: SyncConfig,
        storage: Storage,
        data_dir: Path,
        network: NetworkSettings | None = None,
    ) -> None:
        from reader.core.sync.credentials import PasswordSource, TokenCache
        from reader.core.sync.dialects import dialect_for

        self.config = config
        self.storage = storage
        self.dialect = dialect_for(config.url)
        self.network = network
        self.password = PasswordSource(config)  # asked once per run, whatever runs
        self.tokens = TokenCache(data_dir, self.dialect.base, config.username)
        self.transport: httpx.AsyncBaseTransport | None = None  # tests and benchmarks

    def __repr__(self) -> str:
        return f"Syncer({self.dialect.base!r}, {self.config.username!r})"

    def server_feed_ids(self) -> set[int]:
        return set(self.storage.sync_store().feeds_by_stream().values())

    async def sync(
        self,
        *,
        places: Sequence[Place],
        local_urls: set[str],
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> SyncReport:
        """One sync; the report's `error` says why it failed (a StorageError still raises)."""
        from reader.core.sync.client import GReaderClient
        from reader.core.sync.run import run_sync

        report = SyncReport(self.config.service, self.dialect.base)
        client = GReaderClient(
            self.dialect,
            self.config.username,
            self.password,
            self.tokens,
            self.network,
            transport=self.transport,
        )
        try:
            await run_sync(
                self.storage.sync_store(),
                client,
                places=places,
                local_urls=local_urls,
                last_sync=self.last_sync(),
                now=now,
                report=report,
            )
        except SyncError as exc:
            report.error = printable(str(exc), CleanError.MAX_REASON)
        finally:
            report.requests = client.requests
            await client.aclose()
        if report.error is None:
            self.storage.set_meta(LAST_SYNC, now().isoformat())
        self.storage.set_meta(LAST_ERROR, report.error or "")
        return report

    def last_sync(self) -> datetime | None:
        value = self.storage.get_meta(LAST_SYNC)
        try:
            return datetime.fromisoformat(value) if value else None
        except ValueError:
            return None

    def status(self) -> SyncStatus:
        return SyncStatus(
            last=self.last_sync(),
            waiting=self.storage.sync_store().waiting(),
            error=self.storage.get_meta(LAST_ERROR) or None,
        )
