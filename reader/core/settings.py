"""The typed settings a config file turns into (config.py reads and checks the file).

Every field has a default, so `Config()` is a working setup: the curated feeds, the 19
built-in cities, Open-Meteo weather, no sync.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.models import FeedSpec
from reader.core.retention import RetentionPolicy

if TYPE_CHECKING:
    from reader.core.http import NetworkSettings

OPEN_METEO_URL = "https://api.open-meteo.com"
AIR_QUALITY_URL = "https://air-quality-api.open-meteo.com"
KMA_HUB_URL = "https://apihub.kma.go.kr"
DATA_GO_KR_URL = "https://apis.data.go.kr"


@dataclass(frozen=True, slots=True)
class WeatherConfig:
    provider: str = "open-meteo"
    base_url: str = OPEN_METEO_URL
    refresh_minutes: int = 10
    kma_key: str | None = None
    kma_base_url: str = KMA_HUB_URL
    # None: follows kma_base_url when that was moved (a mirror serving both), else data.go.kr
    kma_data_url: str | None = None
    air_quality: bool = True
    # None: follows base_url when that was moved (a mirror or test server), else Open-Meteo's
    air_base_url: str | None = None

    @property
    def data_url(self) -> str:
        """Where the data.go.kr services (grid forecasts, warnings, AirKorea) are asked."""
        if self.kma_data_url:
            return self.kma_data_url
        return self.kma_base_url if self.kma_base_url != KMA_HUB_URL else DATA_GO_KR_URL

    @property
    def air_url(self) -> str:
        """Where Open-Meteo's air-quality API (`/v1/air-quality`) is asked."""
        if self.air_base_url:
            return self.air_base_url
        return self.base_url if self.base_url != OPEN_METEO_URL else AIR_QUALITY_URL


@dataclass(frozen=True, slots=True)
class RegionConfig:
    name: str
    aliases: tuple[str, ...] = ()
    label: str | None = None
    lat: float | None = None
    lon: float | None = None
    nx: int | None = None
    ny: int | None = None
    stn: int | None = None


@dataclass(frozen=True, slots=True)
class UiConfig:
    refresh_on_start: bool = True
    refresh_minutes: int = 30
    theme: str | None = None
    region: str | None = None  # the default region filter
    browser: str | None = None  # a command, "w3m %u" (%u: the URL; a final & runs it beside)
    images: str = "auto"  # article pictures: "auto" (all), "lead" (the first) or "off"


@dataclass(frozen=True, slots=True)
class SyncConfig:
    """[sync]: a Google Reader API server (FreshRSS, Miniflux …) to sync with. The password
    (else `password_command`'s output, else env SINMUN_SYNC_PASSWORD) is never shown."""

    url: str
    username: str
    service: str = "greader"
    password: str | None = field(default=None, repr=False)
    password_command: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None  # the config file (saved settings go there, existing or not)
    feeds: tuple[FeedSpec, ...] = ()  # empty: the curated defaults seed a new database
    weather: WeatherConfig = field(default_factory=WeatherConfig)
    regions: tuple[RegionConfig, ...] = ()  # empty: the 19 built-in cities
    keys: dict[str, str] = field(default_factory=dict)  # action -> key overrides
    ui: UiConfig = field(default_factory=UiConfig)
    network: dict[str, Any] = field(default_factory=dict)  # NetworkSettings overrides
    storage: RetentionPolicy = field(default_factory=RetentionPolicy)  # [storage]
    sync: SyncConfig | None = None  # [sync]; None: feeds are fetched directly

    @classmethod
    def default(cls) -> Config:
        return cls()

    def network_settings(self) -> NetworkSettings:  # reader.core.http is imported lazily
        from reader.core.http import NetworkSettings

        return NetworkSettings(**self.network)
