"""Processes as /proc shows them (Linux): who descends from whom, and who still runs.

A process is identified by its pid and its start time, so a pid reused by the system is not
mistaken for the one recorded; a zombie (dead, not reaped yet) does not run.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

Proc = tuple[int, int]  # pid, start time (clock ticks after boot)


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, ppid, start time) of `pid`, None when there is no such process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = raw.rpartition(b")")[2].split()  # the command name may hold spaces and parens
    return fields[0].decode(), int(fields[1]), int(fields[19])


def descendants(root: int) -> list[Proc]:
    """Every live process below `root`, by walking each process's parent."""
    parent_of: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[0] not in "ZX":
            parent_of[int(entry.name)] = (stat[1], stat[2])
    found: list[Proc] = []
    frontier = {root}
    while frontier:
        children = {pid for pid, (ppid, _) in parent_of.items() if ppid in frontier}
        found += [(pid, parent_of[pid][1]) for pid in children]
        frontier = children
    return found


def command(pid: int) -> str:
    with suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def running(proc: Proc) -> bool:
    stat = _stat(proc[0])
    return stat is not None and stat[2] == proc[1] and stat[0] not in "ZX"


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def kill_all(procs: Iterable[Proc]) -> None:
    """SIGKILL whichever of `procs` still run (a failed test must leave no orphans)."""
    for proc in procs:
        if running(proc):
            with suppress(OSError):
                os.kill(proc[0], signal.SIGKILL)
