"""Advisory locks between Sinmun processes on files in the data dir (`fcntl.flock`).

The kernel drops a flock when the last descriptor of its holder goes, so a killed process
(even `kill -9`) never leaves a stale lock behind. Each holding opens the file anew: flock locks
belong to an open file, so two holdings in one process exclude each other as two processes do,
and a descriptor opened for one holding is never inherited by worker processes forked earlier.
Without fcntl (Windows) every lock is granted at once: SQLite's own locking still keeps the
data safe there, only the waiting-in-turn is lost.
"""

from __future__ import annotations

import asyncio
import os
import time
from contextlib import suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

POLL = 0.05  # seconds between tries while waiting for a lock
_NO_FILE = -1  # "held" without a file: the data dir cannot hold one (read-only, full)


class FileLock:
    """One holding of the lock on `path`, exclusive or shared; not reentrant, not shared
    between threads (make one per holding)."""

    def __init__(self, path: Path, *, shared: bool = False) -> None:
        self.path = Path(path)
        self.shared = shared
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it in a conflicting way; never waits."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already held")
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError:  # SQLite, opening the same folder, will say what is wrong with it
            self._fd = _NO_FILE
            return True
        if fcntl is not None:
            mode = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:  # held by another
                os.close(fd)
                return False
            except OSError:  # a file system without locks (some NFS): go unlocked
                pass
        self._fd = fd
        return True

    def acquire(self, timeout: float | None, poll: float = POLL) -> bool:
        """Wait up to `timeout` seconds (None: for ever) for the lock; False when it stayed
        taken. Polls rather than blocks, so a holder that is stopped cannot hang us."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.try_acquire():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(poll)
        return True

    async def acquire_async(self, timeout: float | None, poll: float = POLL) -> bool:
        """`acquire` for an event loop: the wait can be cancelled."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.try_acquire():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            await asyncio.sleep(poll)
        return True

    def note_pid(self) -> None:
        """Write this process's id into the (held) file, for `holder()` elsewhere."""
        if self._fd is not None and self._fd != _NO_FILE:
            with suppress(OSError):  # a full disk: the holder goes unnamed
                os.ftruncate(self._fd, 0)
                os.pwrite(self._fd, f"{os.getpid()}\n".encode(), 0)

    def holder(self) -> int | None:
        """The process id the current holder noted, when it did."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None or fd == _NO_FILE:
            return
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)  # explicit: a forked child may share the file
        os.close(fd)

    def __enter__(self) -> FileLock:
        self.acquire(None)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class WriteTurns:
    """The user's writes (read, star, mark, subscribe) go before a refresh's next write.

    SQLite hands its write lock to whoever asks first after a commit, and a waiter in another
    process only polls: a refresh committing feed after feed back to back can starve the app's
    star toggle past any busy timeout. So a user's write holds a shared lock on this file
    while it waits and writes, and a refresh, before each feed's transaction, waits (a little:
    `polite`) until no such lock is held. A user's write then waits for one feed's write at most.
    """

    def __init__(self, path: Path, *, polite: float = 2.0) -> None:
        self.path = Path(path)
        self.polite = polite

    def user(self) -> FileLock:
        """Held around a user's write (`with turns.user(): ...`)."""
        return _SharedHolding(self.path)

    def let_users_first(self) -> None:
        """Return once no user's write is waiting or running (or after `polite` seconds: a
        stopped process must not stall a refresh)."""
        probe = FileLock(self.path)
        if probe.acquire(self.polite, poll=0.005):
            probe.release()


class _SharedHolding(FileLock):
    def __init__(self, path: Path) -> None:
        super().__init__(path, shared=True)

    def __enter__(self) -> FileLock:
        # Only a refresh's momentary probe can stand in the way: never wait long for it.
        self.acquire(1.0, poll=0.001)
        return self
