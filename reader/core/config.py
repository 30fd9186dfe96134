"""The user's TOML config: loaded, validated, and turned into typed settings.

Every problem becomes one `ConfigError` line naming the file, the line and the key, so the CLI
can print it and exit 2 without a traceback.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.keymap import DEFAULT_KEYS
from reader.core.models import FeedSpec


class ConfigError(Exception):
    """A config problem, already phrased as the one line the user sees."""


@dataclass(frozen=True, slots=True)
class WeatherConfig:
    provider: str = "open-meteo"
    base_url: str = "https://api.open-meteo.com"
    refresh_minutes: int = 10
    kma_key: str | None = None
    kma_base_url: str = "https://apihub.kma.go.kr"
    kma_data_url: str = "https://apis.data.go.kr"


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


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None  # the config file (saved settings go there, existing or not)
    feeds: tuple[FeedSpec, ...] = ()  # empty: the curated defaults seed a new database
    weather: WeatherConfig = field(default_factory=WeatherConfig)
    regions: tuple[RegionConfig, ...] = ()  # empty: the 19 built-in cities
    keys: dict[str, str] = field(default_factory=dict)  # action -> key overrides
    ui: UiConfig = field(default_factory=UiConfig)
    network: dict[str, Any] = field(default_factory=dict)  # NetworkSettings overrides

    @classmethod
    def default(cls) -> Config:
        return cls()

    def network_settings(self):  # -> reader.core.http.NetworkSettings (imported lazily)
        from reader.core.http import NetworkSettings

        return NetworkSettings(**self.network)


# --- schema -------------------------------------------------------------------------------
# Each table maps key -> (accepted types, description of the type for messages).
_STR = ((str,), "a string")
_INT = ((int,), "an integer")
_NUM = ((int, float), "a number")
_BOOL = ((bool,), "true or false")
_STRLIST = ((list,), "a list of strings")

_FEED_KEYS = {"url": _STR, "title": _STR, "tags": _STRLIST}
_WEATHER_KEYS = {
    "provider": _STR,
    "base_url": _STR,
    "refresh_minutes": _INT,
    "kma_key": _STR,
    "kma_base_url": _STR,
    "kma_data_url": _STR,
}
_REGION_KEYS = {
    "name": _STR,
    "aliases": _STRLIST,
    "label": _STR,
    "lat": _NUM,
    "lon": _NUM,
    "nx": _INT,
    "ny": _INT,
    "stn": _INT,
}
_UI_KEYS = {"refresh_on_start": _BOOL, "refresh_minutes": _INT, "theme": _STR, "region": _STR}
_NETWORK_KEYS = {
    "connect_timeout": _NUM,
    "read_timeout": _NUM,
    "total_timeout": _NUM,
    "max_connections": _INT,
    "max_per_host": _INT,
    "retries": _INT,
    "max_feed_bytes": _INT,
    "max_page_bytes": _INT,
    "user_agent": _STR,
}
_TOP = {"feeds", "weather", "regions", "keys", "ui", "network"}
_PROVIDERS = ("open-meteo", "kma")


def load_config(path: Path, *, must_exist: bool = False) -> Config:
    """Read and validate `path`; a missing file gives the defaults unless `must_exist`."""
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        if must_exist:
            raise ConfigError(f"{path}: config file not found") from None
        return _with_env(Config(path=path))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror or exc})") from None
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: config is not valid UTF-8") from None
    return _with_env(check_config_text(path, text))


def check_config_text(path: Path, text: str) -> Config:
    """The config `text` (of the file at `path`) validated, or a ConfigError naming the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_message(path, exc, text)) from None
    return _Validator(path, text).config(data)


def _toml_message(path: Path, exc: tomllib.TOMLDecodeError, text: str) -> str:
    message = str(exc)
    if match := re.search(r"\(at line (\d+), column \d+\)", message):
        reason = message[: match.start()].strip()
        return f"{path}:{match.group(1)}: invalid TOML: {reason}"
    if "end of document" in message:
        return f"{path}:{text.count(chr(10)) + 1}: invalid TOML: {message}"
    return f"{path}: invalid TOML: {message}"


def _with_env(config: Config) -> Config:
    """Environment values fill in what the file left out (KMA_API_KEY)."""
    key = os.environ.get("KMA_API_KEY")
    if key and not config.weather.kma_key:
        from dataclasses import replace

        return replace(config, weather=replace(config.weather, kma_key=key))
    return config


class _Validator:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    # --- errors ---------------------------------------------------------------------------
    def fail(self, key_path: tuple[str | int, ...], message: str) -> ConfigError:
        dotted = _dotted(key_path)
        line = self.locate(key_path)
        where = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{where}: {dotted}: {message}")

    def locate(self, key_path: tuple[str | int, ...]) -> int | None:
        """The line where `key_path` is set: a light scan of table headers and keys."""
        table: tuple[str | int, ...] = ()
        counts: dict[str, int] = {}
        best: int | None = None
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            if match := re.match(r"^\[\[\s*([^\]]+?)\s*\]\]", line):
                name = match.group(1).strip().strip('"')
                counts[name] = counts.get(name, -1) + 1
                table = (name, counts[name])
            elif match := re.match(r"^\[\s*([^\]]+?)\s*\]", line):
                table = tuple(part.strip().strip('"') for part in match.group(1).split("."))
            elif match := re.match(r'^("?)([^"=\s]+)\1\s*=', line):
                here = (*table, match.group(2))
                if here == key_path:
                    return number
                continue
            else:
                continue
            if table == key_path[: len(table)] and best is None and table:
                best = number
            if table == key_path:
                return number
        return best

    # --- tables ---------------------------------------------------------------------------
    def config(self, data: dict[str, Any]) -> Config:
        for key in data:
            if key not in _TOP:
                raise self.fail((key,), f"unknown key (expected one of {', '.join(sorted(_TOP))})")
        feeds = tuple(self.feed(i, t) for i, t in enumerate(self.array(data, "feeds")))
        regions = tuple(self.region(i, t) for i, t in enumerate(self.array(data, "regions")))
        weather = self.weather(self.table(data, "weather"))
        keys = self.keys(self.table(data, "keys"))
        ui = UiConfig(**self.checked(("ui",), self.table(data, "ui"), _UI_KEYS))
        network = self.checked(("network",), self.table(data, "network"), _NETWORK_KEYS)
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if name in network and network[name] <= 0:
                raise self.fail(("network", name), "must be greater than 0")
        for name in ("max_connections", "max_per_host", "max_feed_bytes", "max_page_bytes"):
            if name in network and network[name] < 1:
                raise self.fail(("network", name), "must be at least 1")
        if ui.refresh_minutes < 1:
            raise self.fail(("ui", "refresh_minutes"), "must be at least 1")
        return Config(
            path=self.path,
            feeds=feeds,
            weather=weather,
            regions=regions,
            keys=keys,
            ui=ui,
            network=network,
        )

    def table(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail((name,), f"must be a table ([{name}])")
        return value

    def array(self, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail((name,), f"must be an array of tables ([[{name}]])")
        return value

    def checked(
        self, where: tuple[str | int, ...], table: dict[str, Any], schema: dict[str, Any]
    ) -> dict[str, Any]:
        for key, value in table.items():
            if key not in schema:
                expected = ", ".join(sorted(schema))
                raise self.fail((*where, key), f"unknown key (expected one of {expected})")
            types, described = schema[key]
            if isinstance(value, bool) and bool not in types:
                raise self.fail((*where, key), f"must be {described}, not a boolean")
            if not isinstance(value, types):
                raise self.fail((*where, key), f"must be {described}, not {_type_name(value)}")
            if types == (list,) and not all(isinstance(v, str) for v in value):
                raise self.fail((*where, key), "must be a list of strings")
        return dict(table)

    def feed(self, index: int, table: dict[str, Any]) -> FeedSpec:
        where = ("feeds", index)
        values = self.checked(where, table, _FEED_KEYS)
        url = values.get("url")
        if not url:
            raise self.fail((*where, "url"), "missing (every [[feeds]] needs a url)")
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
            raise self.fail((*where, "url"), f"must be an http or https URL, not {url!r}")
        return FeedSpec(url=url, title=values.get("title"), tags=tuple(values.get("tags", ())))

    def region(self, index: int, table: dict[str, Any]) -> RegionConfig:
        where = ("regions", index)
        values = self.checked(where, table, _REGION_KEYS)
        if not values.get("name"):
            raise self.fail((*where, "name"), "missing (every [[regions]] needs a name)")
        lat, lon = values.get("lat"), values.get("lon")
        if lat is not None and not -90 <= lat <= 90:
            raise self.fail((*where, "lat"), "must be between -90 and 90")
        if lon is not None and not -180 <= lon <= 180:
            raise self.fail((*where, "lon"), "must be between -180 and 180")
        if (lat is None) != (lon is None):
            missing = "lon" if lon is None else "lat"
            raise self.fail((*where, missing), "missing (lat and lon go together)")
        values["aliases"] = tuple(values.get("aliases", ()))
        values["lat"] = float(lat) if lat is not None else None
        values["lon"] = float(lon) if lon is not None else None
        return RegionConfig(**values)

    def weather(self, table: dict[str, Any]) -> WeatherConfig:
        values = self.checked(("weather",), table, _WEATHER_KEYS)
        provider = values.get("provider", "open-meteo")
        if provider not in _PROVIDERS:
            raise self.fail(
                ("weather", "provider"), f"must be one of {', '.join(_PROVIDERS)}, not {provider!r}"
            )
        if values.get("refresh_minutes", 10) < 1:
            raise self.fail(("weather", "refresh_minutes"), "must be at least 1")
        for key in ("base_url", "kma_base_url", "kma_data_url"):
            if key in values and not re.match(r"^https?://", values[key], re.IGNORECASE):
                raise self.fail(("weather", key), "must be an http or https URL")
        return WeatherConfig(**values)

    def keys(self, table: dict[str, Any]) -> dict[str, str]:
        for action, key in table.items():
            if action not in DEFAULT_KEYS:
                raise self.fail(("keys", action), "unknown action (see `?` in the app)")
            if not isinstance(key, str) or not key.strip():
                raise self.fail(("keys", action), 'must be a key name such as "n" or "ctrl+n"')
        return dict(table)


def _dotted(key_path: tuple[str | int, ...]) -> str:
    out = ""
    for part in key_path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _type_name(value: object) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)
