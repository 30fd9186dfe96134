"""The SQLite file behind two connections shared by every thread, and its write transactions.

Each connection is behind its own RLock: one reads, one writes, so in WAL mode a read never
waits for a write (the UI calls in from worker threads). Writes wait their turn when another
process (the app, a cron `sinmun refresh`) is writing: SQLite's busy timeout, then retries up
to `WRITE_PATIENCE`, and the user's own writes go before a refresh's next feed
(`locks.WriteTurns`). `Storage` builds on this with what the file holds.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Self

from reader.core.locks import WriteTurns
from reader.core.schema import StorageError, connect, describe_error

# Seconds a write keeps asking for SQLite's write lock before it fails as "busy": another
# process's longest transaction (a retag of every article, a migration) fits well within.
WRITE_PATIENCE = 120.0
_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def begin_write(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, asking again while another process holds the write lock (each try
    already waits SQLite's busy timeout) for up to WRITE_PATIENCE seconds."""
    deadline = time.monotonic() + WRITE_PATIENCE
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as e:
            busy = (e.sqlite_errorcode & 0xFF) in _BUSY_CODES  # extended codes: BUSY_RECOVERY…
            if not busy or time.monotonic() >= deadline:
                raise


class Database:
    """The open file: `_read()` lends the reading connection, `_tx()` runs one write
    transaction; both raise only StorageError."""

    def __init__(self, path: Path, *, busy_timeout: float | None = None) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()  # the writing connection, _conn
        self._read_lock = threading.RLock()  # the reading one, _reader
        self._conn: sqlite3.Connection | None = connect(self.path)
        try:
            self._reader: sqlite3.Connection | None = connect(self.path)
            self._reader.execute("PRAGMA query_only = 1")
            if busy_timeout is not None:  # tests shorten SQLite's own wait (5 s)
                for conn in (self._conn, self._reader):
                    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        except BaseException:
            self.close()
            raise
        self._turns = WriteTurns(self.path.with_name(self.path.name + "-writers"))

    def close(self) -> None:
        with self._read_lock:
            reader = getattr(self, "_reader", None)  # absent when __init__ failed early
            if reader is not None:
                reader.close()
            self._reader = None
        with self._lock:
            if self._conn is None:
                return
            with suppress(sqlite3.Error):
                self._conn.execute("PRAGMA optimize")  # keeps planner statistics current
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._read_lock:
            if self._reader is None:
                raise StorageError(f"database {self.path} is closed")
            try:
                yield self._reader
            except sqlite3.Error as e:
                raise StorageError(describe_error(self.path, e)) from None

    @contextmanager
    def _tx(self, *, refresh: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front (no upgrade races),
        so it is the only statement that can find the database busy. A refresh's write lets
        the user's pending writes go first; the user's own writes are marked as pending."""
        if refresh:
            self._turns.let_users_first()  # before our lock: a user's write may wait on it
            turn: AbstractContextManager[object] = nullcontext()
        else:
            turn = self._turns.user()
        with turn, self._lock:
            conn = self._conn
            if conn is None:
                raise StorageError(f"database {self.path} is closed")
            try:
                begin_write(conn)
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as e:
                raise StorageError(describe_error(self.path, e)) from None

    def _own_connection_writes(self, statements: tuple[str, ...]) -> None:
        """Run each statement in its own transaction on a connection of its own, so this
        object's writes wait for them as for another process's (SQLite's busy wait), never on
        its lock: for long writes (an index merge). The user's pending writes go first."""
        self._turns.let_users_first()
        conn = connect(self.path)
        try:
            for statement in statements:
                begin_write(conn)
                conn.execute(statement)
                conn.execute("COMMIT")
        except sqlite3.Error as e:
            raise StorageError(describe_error(self.path, e)) from None
        finally:
            conn.close()
