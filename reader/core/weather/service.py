"""The weather bar's data source: refresh on an interval, keep the last good values, back off.

The last good report is kept in the database (meta key ``weather_cache``, JSON) so a new start
shows it at once; when a refresh fails the previous values stay, marked stale, and the next try
waits longer each time (and at least as long as a 429's Retry-After asks).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from reader.core.regions import Region, regions_from_config
from reader.core.weather.base import Observation, WeatherError, WeatherProvider, WeatherReport
from reader.core.weather.extras import Extras, ExtrasResult

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.settings import Config, WeatherConfig
    from reader.core.storage import Storage

__all__ = ["CACHE_KEY", "WeatherService", "make_provider"]

CACHE_KEY = "weather_cache"
_FIRST_BACKOFF = timedelta(minutes=1)
_MAX_BACKOFF = timedelta(minutes=60)
_KEY_ERROR_WAIT = timedelta(minutes=30)  # a refused key will not start working in a minute


def make_provider(weather: WeatherConfig) -> WeatherProvider:
    if weather.provider == "kma":
        from reader.core.weather.kma import KmaProvider

        return KmaProvider(weather.kma_key, weather.kma_base_url, weather.data_url)
    from reader.core.weather.open_meteo import OpenMeteoProvider

    return OpenMeteoProvider(weather.base_url)


class WeatherService:
    """Fetches through `provider`, remembers in `storage`; safe to call from a UI worker."""

    def __init__(
        self,
        config: Config,
        storage: Storage,
        http_client: Callable[[], Awaitable[HttpClient]],
        *,
        now: Callable[[], datetime] | None = None,
        provider: WeatherProvider | None = None,
        regions: Sequence[Region] | None = None,
    ) -> None:
        self.storage = storage
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(UTC))
        self.provider = provider or make_provider(config.weather)
        self.extras = Extras(config.weather)  # warnings and fine dust, beside the provider
        self.regions: list[Region] = list(regions or regions_from_config(config.regions))
        self.interval = timedelta(minutes=config.weather.refresh_minutes)
        self._http_client = http_client
        self._report: WeatherReport | None = None
        self._failures = 0
        self._next: datetime | None = None  # no refresh before this (interval or backoff)
        self._lock = asyncio.Lock()

    @classmethod
    def for_service(cls, service: Any) -> WeatherService:
        """Built from the lead's Service: its config, storage, HTTP client and clock."""
        return cls(service.config, service.storage, service.http_client, now=service.now)

    # --- reading ----------------------------------------------------------------------------
    @property
    def report(self) -> WeatherReport:
        """The values to show now (loaded from the cache on first use; never does network)."""
        if self._report is None:
            self._report = self._load()
        return self._report

    @property
    def last_error(self) -> str | None:
        return self.report.error

    def due_in(self) -> float:
        """Seconds until the next refresh should run (0: now)."""
        now = self.now()
        if self._next is None:
            fetched = self.report.fetched
            self._next = fetched + self.interval if fetched is not None else now
        return max(0.0, (self._next - now).total_seconds())

    # --- refreshing -------------------------------------------------------------------------
    async def refresh(self, *, force: bool = False) -> WeatherReport:
        """Fetch unless backing off (or not yet due); always returns a report to show."""
        async with self._lock:
            previous = await asyncio.to_thread(lambda: self.report)  # SQLite off the loop
            if not force and self.due_in() > 0:
                return previous
            now = self.now()
            try:
                client = await self._http_client()
                fetched, extras = await asyncio.gather(
                    self._observations(client, now), self.extras.fetch(client, self.regions, now)
                )
            except Exception as exc:  # the client itself failed to start
                fetched = _unexpected(exc)
                extras = ExtrasResult(errors=dict.fromkeys(self.extras.enabled, fetched.reason))
            if isinstance(fetched, WeatherError):
                return self._failed(previous, fetched, now, extras)
            report = WeatherReport(
                provider=self.provider.name,
                attribution=self.provider.attribution,
                observations=extras.apply(_merge(fetched, previous), previous.observations),
                fetched=now,
                credits=extras.credits or previous.credits,
                service_errors=extras.errors,
            )
            self._report, self._failures = report, 0
            self._next = now + self.interval
            await asyncio.to_thread(self._save, report)
            return report

    async def _observations(
        self, client: HttpClient, now: datetime
    ) -> list[Observation] | WeatherError:
        try:
            observations = await self.provider.fetch(client, self.regions, now)
        except WeatherError as exc:
            return exc
        except Exception as exc:  # a provider bug must not take the UI down with it
            return _unexpected(exc)
        if not any(o.temperature is not None or o.condition for o in observations):
            return WeatherError("no weather values in the answer")
        return observations

    def _failed(
        self, previous: WeatherReport, exc: WeatherError, now: datetime, extras: ExtrasResult
    ) -> WeatherReport:
        self._failures += 1
        wait = min(_FIRST_BACKOFF * 2 ** (self._failures - 1), _MAX_BACKOFF)
        wait = min(wait, max(self.interval, _FIRST_BACKOFF))  # never slower than the interval
        if exc.key_error:
            wait = max(wait, _KEY_ERROR_WAIT)
        if exc.retry_after:
            wait = max(wait, timedelta(seconds=exc.retry_after))
        self._next = now + wait
        self._report = WeatherReport(
            provider=previous.provider,
            attribution=previous.attribution,
            observations=extras.apply(
                [o.marked_stale() for o in previous.observations], previous.observations
            ),
            fetched=previous.fetched,
            stale=True,
            error=exc.reason,
            credits=extras.credits or previous.credits,
            service_errors=extras.errors,
        )
        return self._report

    async def watch(
        self, on_report: Callable[[WeatherReport], object], *, min_wait: float = 1.0
    ) -> None:
        """For a UI worker: hand over the cached report at once, then every refresh, forever
        (each on its interval or backoff). Cancel the worker to stop."""
        on_report(await asyncio.to_thread(lambda: self.report))
        while True:
            on_report(await self.refresh())
            await asyncio.sleep(max(min_wait, self.due_in()))

    # --- cache --------------------------------------------------------------------------------
    def _blank(self) -> WeatherReport:
        return WeatherReport(
            provider=self.provider.name,
            attribution=self.provider.attribution,
            observations=[Observation(r.name, r.label) for r in self.regions],
        )

    def _load(self) -> WeatherReport:
        blank = self._blank()
        try:
            data = json.loads(self.storage.get_meta(CACHE_KEY) or "null")
            if not isinstance(data, dict) or data.get("provider") != self.provider.name:
                return blank  # another provider's values would carry the wrong attribution
            fetched = datetime.fromisoformat(data["fetched"])
            cached = {o.name: o for o in map(Observation.from_json, data.get("regions", []))}
            credits = tuple(str(c) for c in data.get("credits") or () if isinstance(c, str))
        except (ValueError, TypeError, KeyError, AttributeError):
            return blank  # a damaged cache is no reason to fail: start empty
        old = self.now() - fetched > 2 * self.interval
        observations = []
        for region in self.regions:
            o = cached.get(region.name)
            if o is None:
                observations.append(Observation(region.name, region.label))
            else:
                o = replace(o, name=region.name, label=region.label, stale=False)
                observations.append(o.marked_stale() if old else o)
        return WeatherReport(
            provider=blank.provider,
            attribution=blank.attribution,
            observations=observations,
            fetched=fetched,
            stale=old,
            credits=credits,
        )

    def _save(self, report: WeatherReport) -> None:
        data = report.to_json()
        data.pop("error", None)
        data.pop("service_errors", None)
        self.storage.set_meta(CACHE_KEY, json.dumps(data, ensure_ascii=False))


def _merge(fresh: list[Observation], previous: WeatherReport) -> list[Observation]:
    """A region the answer left empty keeps its last value, marked stale."""
    old = {o.name: o for o in previous.observations}
    out = []
    for o in fresh:
        before = old.get(o.name)
        empty = o.temperature is None and o.condition is None
        if empty and before is not None and before.temperature is not None:
            out.append(
                Observation(
                    o.name,
                    o.label,
                    before.condition,
                    before.temperature,
                    before.observed,
                    stale=True,
                )
            )
        else:
            out.append(o)
    return out


def _unexpected(exc: Exception) -> WeatherError:
    return WeatherError(f"weather refresh failed unexpectedly ({type(exc).__name__}: {exc})"[:200])
