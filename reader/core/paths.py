"""Where Sinmun keeps its config and data, from flags, environment or the platform's dirs."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "sinmun"
CONFIG_ENV = "SINMUN_CONFIG"
DATA_DIR_ENV = "SINMUN_DATA_DIR"
DATABASE_NAME = "sinmun.db"


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get(CONFIG_ENV):
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get(DATA_DIR_ENV):
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def database_path(directory: Path) -> Path:
    return directory / DATABASE_NAME
