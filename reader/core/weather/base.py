"""What every weather provider returns, and the one interface they share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from reader.core.text import CleanError, clean_text, printable
from reader.core.weather.codes import Condition

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.models import FetchResult
    from reader.core.regions import Region
    from reader.core.weather.air import AirQuality
    from reader.core.weather.warnings import WeatherWarning

__all__ = [
    "Observation",
    "WeatherError",
    "WeatherProvider",
    "WeatherReport",
    "get",
    "printable",
]


class WeatherError(CleanError):
    """A provider failed; ``reason`` is one human line. ``retry_after`` (seconds) when the
    provider asked us to wait (HTTP 429); ``key_error`` when the API key was refused."""

    def __init__(
        self, reason: str, *, retry_after: float | None = None, key_error: bool = False
    ) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.key_error = key_error


@dataclass(frozen=True, slots=True)
class Observation:
    """The weather at one region. Missing values are None (KMA's -9/-99 included)."""

    name: str
    label: str
    condition: Condition | None = None
    temperature: float | None = None  # ℃
    observed: datetime | None = None  # aware
    stale: bool = False
    warnings: tuple[WeatherWarning, ...] = ()  # in force now (KMA, with a key), 경보 first
    air: AirQuality | None = None  # fine dust, when [weather] air_quality is on

    def __post_init__(self) -> None:
        # Values come from servers: NaN or 1e308 is no temperature (and NaN is invalid JSON).
        t = self.temperature
        if t is not None and not (isinstance(t, int | float) and -100.0 <= t <= 100.0):
            object.__setattr__(self, "temperature", None)
        object.__setattr__(self, "label", clean_text(self.label))
        object.__setattr__(self, "name", clean_text(self.name))

    def to_json(self) -> dict[str, Any]:
        c = self.condition
        return {
            "name": self.name,
            "label": self.label,
            "condition": c.ko if c else None,
            "condition_en": c.en if c else None,
            "code": c.code if c else None,
            "temperature": self.temperature,
            "observed": self.observed.astimezone(UTC).isoformat() if self.observed else None,
            "stale": self.stale,
            "warnings": [w.to_json() for w in self.warnings],
            "air": self.air.to_json() | {"source": self.air.source} if self.air else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Observation:
        from reader.core.weather.air import AirQuality
        from reader.core.weather.codes import condition_from_code
        from reader.core.weather.warnings import WeatherWarning

        observed = data.get("observed")
        warnings = data.get("warnings")
        temperature = data.get("temperature")
        return cls(
            name=str(data["name"]),
            label=str(data.get("label") or data["name"]),
            condition=condition_from_code(data.get("code")),
            temperature=float(temperature) if isinstance(temperature, int | float) else None,
            observed=datetime.fromisoformat(observed) if isinstance(observed, str) else None,
            stale=bool(data.get("stale", False)),
            warnings=tuple(
                WeatherWarning.from_json(w) for w in warnings or () if isinstance(w, dict)
            )
            if isinstance(warnings, list)
            else (),
            air=AirQuality.from_json(data.get("air")),
        )

    def marked_stale(self) -> Observation:
        return self if self.stale else replace(self, stale=True)


@dataclass(slots=True)
class WeatherReport:
    """The bar's data: one observation per configured region, in order."""

    provider: str
    attribution: str
    observations: list[Observation] = field(default_factory=list)
    fetched: datetime | None = None  # when these values were last fetched successfully
    stale: bool = False  # the last refresh failed or the values are old
    error: str | None = None  # why the last refresh failed
    credits: tuple[str, ...] = ()  # the other sources shown: "CAMS", "에어코리아", "기상청 특보"
    # why a warnings or dust refresh failed (its last values stay): "warnings"/"air" → reason
    service_errors: dict[str, str] = field(default_factory=dict)

    @property
    def observed(self) -> datetime | None:
        """The newest observation time: what "14:00 갱신" shows."""
        times = [o.observed for o in self.observations if o.observed is not None]
        return max(times) if times else None

    def to_json(self) -> dict[str, Any]:
        """The one JSON form: `sinmun weather --json` prints it, the weather cache keeps it."""
        return {
            "provider": self.provider,
            "attribution": self.attribution,
            "regions": [o.to_json() for o in self.observations],
            "stale": self.stale,
            "error": self.error,
            "fetched": self.fetched.isoformat() if self.fetched else None,
            "credits": list(self.credits),
            "service_errors": dict(self.service_errors),
        }


class WeatherProvider(Protocol):
    name: str  # "open-meteo" | "kma"
    attribution: str  # "Open-Meteo" | "기상청 제공"

    async def fetch(
        self, client: HttpClient, regions: Sequence[Region], now: datetime
    ) -> list[Observation]:
        """One observation per region, in order; raises WeatherError."""
        ...


_RETRY_AFTER = re.compile(r"retry after (\d+) s")


async def get(client: HttpClient, url: str, *, who: str, accept: str) -> FetchResult:
    """GET through the shared client; network/HTTP failures become a WeatherError."""
    from reader.core.http import FetchError

    try:
        return await client.fetch(url, accept=accept, max_bytes=4 * 1024 * 1024)
    except FetchError as exc:
        raise _weather_error(exc, who) from None


def _weather_error(exc: Exception, who: str) -> WeatherError:
    reason = getattr(exc, "reason", str(exc))
    status = getattr(exc, "status", None)
    body = getattr(exc, "body", b"") or b""
    retry_after = getattr(exc, "retry_after", None)
    if status is None and (m := re.search(r"HTTP (\d{3})", reason)):
        status = int(m.group(1))
    if retry_after is None and (m := _RETRY_AFTER.search(reason)):
        retry_after = float(m.group(1))
    detail = _json_reason(body)
    if status == 429:
        wait = f"; retry after {int(retry_after)} s" if retry_after else ""
        text = f"{who} rate limit reached (HTTP 429{wait})"
        return WeatherError(f"{text}: {detail}" if detail else text, retry_after=retry_after or 60)
    if status in (401, 403):
        return WeatherError(f"{who} rejected the API key (HTTP {status})", key_error=True)
    if detail:
        return WeatherError(f"{who}: {detail} (HTTP {status})")
    return WeatherError(f"{who}: {reason}")


def _json_reason(body: bytes) -> str | None:
    """Open-Meteo's `{"error": true, "reason": "…"}` error body, if that is what this is."""
    import json

    if not body:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if isinstance(data, dict) and isinstance(data.get("reason"), str):
        return printable(data["reason"], 120)
    return None
