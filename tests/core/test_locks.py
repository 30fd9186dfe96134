"""File locks between Sinmun processes (reader/core/locks.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.locks import FileLock, WriteTurns

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")


def test_holdings_exclude_each_other_even_in_one_process(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    first, second = FileLock(path), FileLock(path)
    assert first.try_acquire()
    first.note_pid()
    assert not second.try_acquire()
    assert not second.acquire(0.1)
    assert second.holder() == os.getpid()
    first.release()
    assert second.try_acquire()
    second.release()


def test_shared_holdings_coexist_and_keep_an_exclusive_one_out(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    users = [FileLock(path, shared=True) for _ in range(2)]
    assert all(user.try_acquire() for user in users)
    assert not FileLock(path).try_acquire()
    for user in users:
        user.release()
    assert FileLock(path).try_acquire()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    assert not FileLock(path).try_acquire()
    holder.kill()
    holder.wait(10)
    assert FileLock(path).try_acquire()


HOLD = """
import sys, time
from pathlib import Path
from reader.core.locks import FileLock
lock = FileLock(Path(sys.argv[1]))
assert lock.try_acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_refresh_lets_the_users_writes_go_first_but_not_for_ever(tmp_path: Path) -> None:
    turns = WriteTurns(tmp_path / "w", polite=0.3)
    started = time.monotonic()
    turns.let_users_first()
    assert time.monotonic() - started < 0.2  # nobody waiting: no wait
    with turns.user():
        started = time.monotonic()
        turns.let_users_first()  # a user stopped mid-write (Ctrl-Z) cannot stall a refresh
        assert 0.3 <= time.monotonic() - started < 2
