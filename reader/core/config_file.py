"""The config file as bytes and text, read safely: only a regular file (a FIFO would block for
ever, /dev/zero never ends), at most MAX_CONFIG_BYTES, UTF-8 with or without a byte order mark.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

MAX_CONFIG_BYTES = 1024 * 1024  # a config is a few KiB; more is a mistake


class ConfigError(Exception):
    """A config problem, already phrased as the one line the user sees."""


def read_config_bytes(path: Path) -> bytes | None:
    """The file's bytes, None when there is no file. Only a regular file is read, and at most
    MAX_CONFIG_BYTES of it: a FIFO would block for ever, /dev/zero never ends."""
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror or exc})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe or device"
        raise ConfigError(f"{path}: config is {kind}, not a regular file")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(MAX_CONFIG_BYTES + 1)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read config ({exc.strerror or exc})") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: config file too large (over {MAX_CONFIG_BYTES // 1024} KiB)")
    return data


def decode_config(path: Path, raw_bytes: bytes) -> str:
    """The file's text: UTF-8, a leading byte order mark (Windows editors add one) dropped."""
    try:
        return raw_bytes.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: config is not valid UTF-8") from None
