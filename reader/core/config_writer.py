"""Settings the app saves into the user's config file (the default region filter).

The file is the user's: it is edited with tomlkit, so comments, order and formatting stay as
they were, and only the one key changes. A broken config is never edited (the user is told
where it is broken, as at start-up), the edited text must validate before it replaces the
file, and the replacement is atomic: a crash leaves the old file or the new one, not half.
A config that is a symlink (dotfiles kept in a repository) stays one: the file it points to is
replaced, beside itself, with its permissions.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
import threading
from pathlib import Path

from reader.core.config import ConfigError, check_config_text
from reader.core.config_file import decode_config, read_config_bytes
from reader.core.settings import Config

_saving = threading.Lock()  # two saves in a row (from UI workers) edit the file in turn


def save_default_region(path: Path, region: str | None) -> Config:
    """Set ``[ui] region`` in the config at ``path`` (None: remove it, so the app opens
    unfiltered); the file is created when there is none. Returns the config as written."""
    with _saving:
        return _save(path, region)


def _save(path: Path, region: str | None) -> Config:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    target = Path(os.path.realpath(path))  # through a symlink to the file itself
    raw = read_config_bytes(target) or b""
    text = decode_config(path, raw)
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
    bom = "\ufeff" if raw.startswith(codecs.BOM_UTF8) else ""  # left as it was
    _replace(path, target, bom + edited)
    return saved


def _replace(path: Path, target: Path, text: str) -> None:
    """Write `text` to `target` (what `path` names, through any symlink), atomically."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        fd, temp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=target.parent)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot save config ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise ConfigError(f"{path}: cannot save config ({exc.strerror or exc})") from None
