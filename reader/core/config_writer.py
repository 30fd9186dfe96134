"""Settings the app saves into the user's config file (the default region filter).

The file is the user's: it is edited with tomlkit, so comments, order and formatting stay as
they were, and only the one key changes. A broken config is never edited (the user is told
where it is broken, as at start-up), the edited text must validate before it replaces the
file, and the replacement is atomic: a crash leaves the old file or the new one, not half.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path

from reader.core.config import Config, ConfigError, check_config_text

_saving = threading.Lock()  # two saves in a row (from UI workers) edit the file in turn


def save_default_region(path: Path, region: str | None) -> Config:
    """Set ``[ui] region`` in the config at ``path`` (None: remove it, so the app opens
    unfiltered); the file is created when there is none. Returns the config as written."""
    with _saving:
        return _save(path, region)


def _save(path: Path, region: str | None) -> Config:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc})") from None
    check_config_text(path, text)  # a broken file: its own error, and no edit
    try:
        doc = tomlkit.parse(text)
        ui = doc.get("ui")
        if region is None:
            if ui is not None and "region" in ui:
                del ui["region"]
        else:
            if ui is None:
                ui = tomlkit.table()
                doc["ui"] = ui
            ui["region"] = region
        edited = tomlkit.dumps(doc)
    except (TOMLKitError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot edit config ({exc})") from None
    saved = check_config_text(path, edited)  # what is written must load
    _replace(path, edited)
    return saved


def _replace(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        fd, temp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot save config ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise ConfigError(f"{path}: cannot save config ({exc.strerror or exc})") from None
