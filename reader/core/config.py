"""The user's TOML config: loaded, validated (against config_schema.py), and turned into the
typed settings of settings.py.

Every problem becomes one `ConfigError` line naming the file, the line and the key, so the CLI
can print it and exit 2 without a traceback. Numbers have sane ranges (NaN, infinities and
negative timeouts are refused, not passed on to crash something later), strings that reach an
HTTP header or URL are refused when they hold what a header cannot carry, and strings that
reach the screen are cleaned like any text from outside.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from reader.core.config_file import ConfigError as ConfigError  # re-exported
from reader.core.config_file import decode_config, read_config_bytes
from reader.core.config_schema import (
    FEED_KEYS,
    IMAGE_MODES,
    NETWORK_KEYS,
    PROVIDERS,
    REGION_KEYS,
    STORAGE_KEYS,
    SYNC_KEYS,
    SYNC_SERVICES,
    TOP_KEYS,
    UI_KEYS,
    URL_KEYS,
    WEATHER_KEYS,
    KeySpec,
)
from reader.core.keymap import DEFAULT_KEYS
from reader.core.models import FeedSpec
from reader.core.retention import RetentionPolicy
from reader.core.settings import Config, RegionConfig, SyncConfig, UiConfig, WeatherConfig
from reader.core.text import clean_text

_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_HEADER_SAFE = re.compile(r"[\x20-\x7e]{1,512}")  # printable ASCII: no header injection


def load_config(path: Path, *, must_exist: bool = False) -> Config:
    """Read and validate `path`; a missing file gives the defaults unless `must_exist`."""
    raw_bytes = read_config_bytes(path)
    if raw_bytes is None:
        if must_exist:
            raise ConfigError(f"{path}: config file not found")
        return _with_env(Config(path=path))
    return _with_env(check_config_text(path, decode_config(path, raw_bytes)))


def check_config_text(path: Path, text: str) -> Config:
    """The config `text` (of the file at `path`) validated, or a ConfigError naming the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_message(path, exc, text)) from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        line, key = _deepest(text)
        raise ConfigError(f"{path}:{line}: {key}: nested too deeply") from None
    return _Validator(path, text).config(data)


def _deepest(text: str) -> tuple[int, str]:
    """Roughly where nesting first runs deep (brackets outside quotes), and the key there."""
    depth, key = 0, "value"
    for number, line in enumerate(text.splitlines(), start=1):
        if depth == 0 and (match := re.match(r'\s*"?([^"=\s\[]+)"?\s*=', line)):
            key = match.group(1)
        for char in re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*', "", line):
            depth += char in "[{"
            depth -= char in "]}"
            if depth > 100:
                return number, key
    return 1, key


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
            if key not in TOP_KEYS:
                raise self.fail(
                    (key,), f"unknown key (expected one of {', '.join(sorted(TOP_KEYS))})"
                )
        feeds = tuple(self.feed(i, t) for i, t in enumerate(self.array(data, "feeds")))
        regions = tuple(self.region(i, t) for i, t in enumerate(self.array(data, "regions")))
        weather = self.weather(self.table(data, "weather"))
        keys = self.keys(self.table(data, "keys"))
        ui = self.checked(("ui",), self.table(data, "ui"), UI_KEYS)
        for name in ("theme", "region"):  # shown on screen: cleaned like any outside text
            if name in ui:
                ui[name] = clean_text(ui[name]) or None
        if "browser" in ui:
            ui["browser"] = self.browser(ui["browser"])
        if ui.get("images", "auto") not in IMAGE_MODES:
            raise self.fail(("ui", "images"), 'must be "auto", "lead" or "off"')
        network = self.checked(("network",), self.table(data, "network"), NETWORK_KEYS)
        agent = network.get("user_agent")
        if agent is not None and not _HEADER_SAFE.fullmatch(agent):
            raise self.fail(
                ("network", "user_agent"),
                "must be printable ASCII, at most 512 characters "
                "(it is sent as an HTTP header: no accents, Hangul or control characters)",
            )
        storage = self.checked(("storage",), self.table(data, "storage"), STORAGE_KEYS)
        return Config(
            path=self.path,
            feeds=feeds,
            weather=weather,
            regions=regions,
            keys=keys,
            ui=UiConfig(**ui),
            network=network,
            storage=RetentionPolicy(**storage),
            sync=self.sync(self.table(data, "sync")) if "sync" in data else None,
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
        self, where: tuple[str | int, ...], table: dict[str, Any], schema: dict[str, KeySpec]
    ) -> dict[str, Any]:
        for key, value in table.items():
            if key not in schema:
                expected = ", ".join(sorted(schema))
                raise self.fail((*where, key), f"unknown key (expected one of {expected})")
            spec = schema[key]
            if isinstance(value, bool) and bool not in spec.types:
                raise self.fail((*where, key), f"must be {spec.described}, not a boolean")
            if not isinstance(value, spec.types):
                raise self.fail((*where, key), f"must be {spec.described}, not {_type_name(value)}")
            if spec.types == (list,) and not all(isinstance(v, str) for v in value):
                raise self.fail((*where, key), "must be a list of strings")
            if spec.low is not None and spec.high is not None:
                self.in_range((*where, key), value, spec)
        return dict(table)

    def in_range(self, key_path: tuple[str | int, ...], value: float, spec: KeySpec) -> None:
        low, high = spec.low, spec.high
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(key_path, f"must be a number between {low} and {high}, not {value}")
        assert spec.low is not None and spec.high is not None
        if spec.above and not spec.low < value <= spec.high:
            raise self.fail(key_path, f"must be more than {low} and at most {high}")
        if not spec.above and not spec.low <= value <= spec.high:
            raise self.fail(key_path, f"must be between {low} and {high}")

    def feed(self, index: int, table: dict[str, Any]) -> FeedSpec:
        where = ("feeds", index)
        values = self.checked(where, table, FEED_KEYS)
        url = values.get("url")
        if not url:
            raise self.fail((*where, "url"), "missing (every [[feeds]] needs a url)")
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE) or _SPACE_OR_CONTROL.search(url):
            raise self.fail(
                (*where, "url"),
                f"must be an http or https URL (no spaces or control characters), not {url!r}",
            )
        # FeedSpec cleans the title and tags (shown on screen)
        return FeedSpec(url=url, title=values.get("title"), tags=tuple(values.get("tags", ())))

    def region(self, index: int, table: dict[str, Any]) -> RegionConfig:
        where = ("regions", index)
        values = self.checked(where, table, REGION_KEYS)
        # names and spellings show in the weather bar, the picker and the list header
        values["name"] = clean_text(values.get("name", ""))
        if not values["name"]:
            raise self.fail((*where, "name"), "missing (every [[regions]] needs a name)")
        if "label" in values:
            values["label"] = clean_text(values["label"]) or None
        aliases = (clean_text(alias) for alias in values.get("aliases", ()))
        values["aliases"] = tuple(alias for alias in aliases if alias)
        lat, lon = values.get("lat"), values.get("lon")
        if (lat is None) != (lon is None):
            missing = "lon" if lon is None else "lat"
            raise self.fail((*where, missing), "missing (lat and lon go together)")
        values["lat"] = float(lat) if lat is not None else None
        values["lon"] = float(lon) if lon is not None else None
        return RegionConfig(**values)

    def browser(self, command: str) -> str | None:
        """`[ui] browser`: a command line split as a shell would (it is never run by one)."""
        import shlex

        try:
            words = shlex.split(command.strip().removesuffix("&"))
        except ValueError as exc:
            raise self.fail(("ui", "browser"), f"cannot be read as a command ({exc})") from None
        if not command.strip():
            return None
        if not words or re.search(r"[\x00-\x1f\x7f]", command):
            raise self.fail(("ui", "browser"), 'must name a program, as in "w3m %u"')
        return command.strip()

    def weather(self, table: dict[str, Any]) -> WeatherConfig:
        values = self.checked(("weather",), table, WEATHER_KEYS)
        provider = values.get("provider", "open-meteo")
        if provider not in PROVIDERS:
            raise self.fail(
                ("weather", "provider"), f"must be one of {', '.join(PROVIDERS)}, not {provider!r}"
            )
        for key in URL_KEYS:
            if key in values and (
                not re.match(r"^https?://", values[key], re.IGNORECASE)
                or _SPACE_OR_CONTROL.search(values[key])
            ):
                raise self.fail(
                    ("weather", key),
                    "must be an http or https URL (no spaces or control characters)",
                )
        if "kma_key" in values and _SPACE_OR_CONTROL.search(values["kma_key"]):
            raise self.fail(("weather", "kma_key"), "must not hold spaces or control characters")
        return WeatherConfig(**values)

    def sync(self, table: dict[str, Any]) -> SyncConfig:
        values = self.checked(("sync",), table, SYNC_KEYS)
        service = values.get("service", "greader")
        if service not in SYNC_SERVICES:
            expected = ", ".join(SYNC_SERVICES)
            raise self.fail(("sync", "service"), f"must be one of {expected}, not {service!r}")
        for key in ("url", "username"):
            if not str(values.get(key, "")).strip():
                raise self.fail(("sync", key), "missing ([sync] needs a url and a username)")
        url = values["url"].strip()
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE) or _SPACE_OR_CONTROL.search(url):
            raise self.fail(
                ("sync", "url"), "must be an http or https URL (no spaces or control characters)"
            )
        if "@" in url.split("://", 1)[1].split("/", 1)[0]:
            raise self.fail(("sync", "url"), "must not hold a user or password (use their keys)")
        if re.search(r"[\x00-\x1f\x7f]", values["username"]):
            raise self.fail(("sync", "username"), "must not hold control characters")
        if "password" in values and "password_command" in values:
            raise self.fail(("sync", "password_command"), "give password or password_command")
        command = values.get("password_command")
        if command is not None and not command.strip():
            raise self.fail(("sync", "password_command"), 'must name a program ("pass show rss")')
        return SyncConfig(
            url=url.rstrip("/"),
            username=values["username"],
            service=service,
            password=values.get("password"),
            password_command=command,
        )

    def keys(self, table: dict[str, Any]) -> dict[str, str]:
        for action, key in table.items():
            if action not in DEFAULT_KEYS:
                raise self.fail(("keys", action), "unknown action (see `?` in the app)")
            if not isinstance(key, str) or not key.strip() or _SPACE_OR_CONTROL.search(key):
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
