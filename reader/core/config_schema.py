"""What a config file may hold: each table's keys, their types and number ranges, and the
values a few strings may take (config.py checks a file against these).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WEEK_MINUTES = 7 * 24 * 60


@dataclass(frozen=True, slots=True)
class KeySpec:
    types: tuple[type[Any], ...]
    described: str
    low: float | None = None  # numbers: the accepted range, both ends included...
    high: float | None = None
    above: bool = False  # ...except `low` when this is set (a timeout must be > 0)


_STR = KeySpec((str,), "a string")
_BOOL = KeySpec((bool,), "true or false")
_STRLIST = KeySpec((list,), "a list of strings")


def _int(low: int, high: int) -> KeySpec:
    return KeySpec((int,), "an integer", low, high)


def _num(low: float, high: float, *, above: bool = False) -> KeySpec:
    return KeySpec((int, float), "a number", low, high, above)


FEED_KEYS = {"url": _STR, "title": _STR, "tags": _STRLIST}
WEATHER_KEYS = {
    "provider": _STR,
    "base_url": _STR,
    "refresh_minutes": _int(1, WEEK_MINUTES),
    "kma_key": _STR,
    "kma_base_url": _STR,
    "kma_data_url": _STR,
    "air_quality": _BOOL,
    "air_base_url": _STR,
}
REGION_KEYS = {
    "name": _STR,
    "aliases": _STRLIST,
    "label": _STR,
    "lat": _num(-90, 90),
    "lon": _num(-180, 180),
    "nx": _int(1, 149),  # KMA's forecast grid (reader.core.kma_grid)
    "ny": _int(1, 253),
    "stn": _int(1, 99_999),
}
UI_KEYS = {
    "refresh_on_start": _BOOL,
    "refresh_minutes": _int(1, WEEK_MINUTES),
    "theme": _STR,
    "region": _STR,
    "browser": _STR,
    "images": _STR,
}
NETWORK_KEYS = {
    "connect_timeout": _num(0, 600, above=True),
    "read_timeout": _num(0, 600, above=True),
    "total_timeout": _num(0, 3600, above=True),
    "max_connections": _int(1, 1000),
    "max_per_host": _int(1, 100),
    "retries": _int(0, 10),
    "max_feed_bytes": _int(1, 1024**3),
    "max_page_bytes": _int(1, 1024**3),
    "user_agent": _STR,
}
STORAGE_KEYS = {"keep_read_days": _int(0, 36_500), "max_articles_per_feed": _int(0, 1_000_000)}
SYNC_KEYS = {
    "service": _STR,
    "url": _STR,
    "username": _STR,
    "password": _STR,
    "password_command": _STR,
}
SYNC_SERVICES = ("greader",)
TOP_KEYS = {"feeds", "weather", "regions", "keys", "ui", "network", "storage", "sync"}
PROVIDERS = ("open-meteo", "kma")
IMAGE_MODES = ("auto", "lead", "off")  # reader.core.images.decisions.IMAGE_MODES
URL_KEYS = ("base_url", "kma_base_url", "kma_data_url", "air_base_url")
