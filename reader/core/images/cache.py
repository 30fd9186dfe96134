"""Fetched pictures on disk, by URL, within a size limit: the least recently used go first.

One file per picture (named by a hash of its URL) in the data dir's ``cache/images``; a read
touches the file's time, so modification time orders use. Writes are atomic (a temporary file
renamed). Every error is swallowed: the cache only ever saves a fetch.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

MiB = 1024 * 1024
CACHE_BYTES = 64 * MiB  # the folder's limit
FOLDER = Path("cache") / "images"  # under the data dir


class ImageCache:
    def __init__(self, directory: Path, max_bytes: int = CACHE_BYTES) -> None:
        self.directory = directory
        self.max_bytes = max_bytes

    def path(self, src: str) -> Path:
        return self.directory / hashlib.sha256(src.encode("utf-8", "replace")).hexdigest()[:40]

    def get(self, src: str) -> bytes | None:
        path = self.path(src)
        try:
            data = path.read_bytes()
            os.utime(path)  # used now: the last to go
        except OSError:
            return None
        return data

    def put(self, src: str, data: bytes) -> None:
        """Keep ``data`` for ``src`` (not when it alone would take over a quarter of the room)."""
        if len(data) > self.max_bytes // 4:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".part-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(temp, self.path(src))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return
        self.prune()

    def prune(self) -> None:
        """Remove the least recently used files until the folder fits its limit."""
        entries: list[tuple[float, int, str]] = []
        try:
            with os.scandir(self.directory) as it:
                for entry in it:
                    if entry.name.startswith(".part-") or not entry.is_file():
                        continue
                    with contextlib.suppress(OSError):
                        st = entry.stat()
                        entries.append((st.st_mtime, st.st_size, entry.path))
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
            total -= size
