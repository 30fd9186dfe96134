"""What the bar shows beside the temperature: warnings (KMA, with a key) and fine dust.

Each service is asked once per refresh for every region, beside the provider's own request;
a failure keeps that service's last values and is reported on its own, never as the
weather's failure. Without a KMA key there are no warnings and nothing is said about them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from reader.core.weather.air import AirKorea, AirQuality, OpenMeteoAir
from reader.core.weather.base import Observation, WeatherError
from reader.core.weather.warnings import KmaWarnings, WeatherWarning

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.regions import Region
    from reader.core.settings import WeatherConfig

__all__ = ["Extras", "ExtrasResult"]


@dataclass(slots=True)
class ExtrasResult:
    warnings: dict[str, tuple[WeatherWarning, ...]] | None = None  # None: not fetched
    air: dict[str, AirQuality] | None = None
    errors: dict[str, str] = field(default_factory=dict)
    credits: tuple[str, ...] = ()

    def apply(
        self, observations: list[Observation], before: list[Observation]
    ) -> list[Observation]:
        """`observations` with this refresh's warnings and dust; a service that failed keeps
        the values it gave last time (from `before`)."""
        old = {o.name: o for o in before}
        out = []
        for o in observations:
            prior = old.get(o.name)
            if self.warnings is not None:
                warnings = self.warnings.get(o.name, ())
            else:
                warnings = prior.warnings if prior and "warnings" in self.errors else ()
            if self.air is not None:
                air = self.air.get(o.name)
            else:
                air = prior.air if prior and "air" in self.errors else None
            out.append(replace(o, warnings=warnings, air=air))
        return out


class Extras:
    def __init__(self, weather: WeatherConfig) -> None:
        key = (weather.kma_key or "").strip()
        self.kma_provider = weather.provider == "kma"
        self.warnings = KmaWarnings(key, weather.data_url) if key else None
        self.air_enabled = weather.air_quality
        self.airkorea = AirKorea(key, weather.data_url) if key and self.kma_provider else None
        self.open_meteo_air = OpenMeteoAir(weather.air_url)

    @property
    def enabled(self) -> tuple[str, ...]:
        """The services asked on each refresh: "warnings", "air"."""
        return (("warnings",) if self.warnings else ()) + (("air",) if self.air_enabled else ())

    async def fetch(
        self, client: HttpClient, regions: Sequence[Region], now: datetime
    ) -> ExtrasResult:
        result = ExtrasResult()
        warnings_credit, air_credits = await asyncio.gather(
            self._warnings(client, regions, now, result), self._air(client, regions, now, result)
        )
        result.credits = (*warnings_credit, *air_credits)  # in this order, whoever answered first
        return result

    async def _warnings(
        self, client: HttpClient, regions: Sequence[Region], now: datetime, out: ExtrasResult
    ) -> tuple[str, ...]:
        if self.warnings is None:
            return ()
        try:
            out.warnings = await self.warnings.fetch(client, regions, now)
        except Exception as exc:
            out.errors["warnings"] = _reason(exc)
            return ()
        return () if self.kma_provider else ("기상청 특보",)

    async def _air(
        self, client: HttpClient, regions: Sequence[Region], now: datetime, out: ExtrasResult
    ) -> tuple[str, ...]:
        if not self.air_enabled:
            return ()
        found: dict[str, AirQuality] = {}
        credits: list[str] = []
        rest = list(regions)
        try:
            if self.airkorea is not None:
                found = await self.airkorea.fetch(client, regions, now)
                credits.append("에어코리아")
                rest = [r for r in regions if r.name not in found]
            if rest:  # keyless, or places AirKorea does not measure (abroad)
                found |= await self.open_meteo_air.fetch(client, rest, now)
                credits.append("CAMS")
        except Exception as exc:
            out.errors["air"] = _reason(exc)
            return ()
        out.air = found
        return tuple(credits)


def _reason(exc: Exception) -> str:
    if isinstance(exc, WeatherError):
        return exc.reason
    return f"failed unexpectedly ({type(exc).__name__}: {exc})"[:200]
