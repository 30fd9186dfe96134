"""Timing subprocesses for the benchmarks: wall time, and CPU time of the whole process tree.

``os.wait4`` only reports CPU of the child and of the descendants *it* waited for. A program
that leaves worker processes behind (e.g. a ProcessPoolExecutor shut down with ``wait=False``)
would look cheaper than it is, so on Linux the benchmark makes itself a *child subreaper*:
orphaned descendants are re-parented to it, and it reaps them and adds their CPU separately.
"""

from __future__ import annotations

import ctypes
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36


@dataclass
class Run:
    """One timed subprocess run and what the server saw during it."""

    wall: float
    cpu: float  # the child and everything below it, including reaped orphans
    returncode: int
    stdout: str
    stderr: str
    orphans: int = 0  # descendants the child left running when it exited
    orphan_cpu: float = 0.0
    server: dict = field(default_factory=dict)
    note: str = ""
    ok: bool = True


@dataclass
class Series:
    """The same measurement repeated; figures are medians."""

    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.runs else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(r.cpu for r in self.runs) if self.runs else None


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux ≥ 3.4); False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _children() -> set[int]:
    """PIDs whose parent is this process (from /proc; empty elsewhere)."""
    me, kids = str(os.getpid()), set()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return kids
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # the command name may hold spaces and parentheses; fields resume after the last ")"
        if stat.rsplit(b")", 1)[-1].split()[1].decode() == me:
            kids.add(int(name))
    return kids


def _reap_orphans(before: set[int], settle: float) -> tuple[int, float]:
    """Wait (up to ``settle`` s) for children that appeared during the run; their count/CPU."""
    deadline = time.perf_counter() + settle
    count, cpu = 0, 0.0
    while pending := _children() - before:
        for pid in pending:
            try:
                done, _, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                continue
            if done:
                count += 1
                cpu += usage.ru_utime + usage.ru_stime
        if time.perf_counter() > deadline:
            break
        time.sleep(0.005)
    return count, cpu


def child_env(home: Path | None = None) -> dict[str, str]:
    """The environment for measured programs: no proxies, no SINMUN_* overrides."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.pop("SINMUN_CONFIG", None)
    env.pop("SINMUN_DATA_DIR", None)
    # An installed sinmun runs from bytecode pip compiled; a checkout run with this set would
    # compile ~25 modules from source on every run (45 ms of CPU at each start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if home is not None:  # keep newsboat's history/lock files out of the real home
        env |= {"HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home)}
    return env


def timed(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float, out: Path) -> Run:
    """Run ``cmd`` with stdout/stderr to ``out``.out/.err. Wall time ends when the child exits
    (the user gets the prompt back); CPU is user+sys of the child's whole tree."""
    out.parent.mkdir(parents=True, exist_ok=True)
    before = _children()
    with open(out.with_suffix(".out"), "w+b") as so, open(out.with_suffix(".err"), "w+b") as se:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=so, stderr=se, stdin=subprocess.DEVNULL
        )
        deadline = t0 + timeout
        while True:  # wait4 rather than Popen.wait: it returns the child's rusage
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        orphans, orphan_cpu = _reap_orphans(before, settle=10.0)
        so.seek(0)
        se.seek(0)
        stdout = so.read().decode("utf-8", "replace")
        stderr = se.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime + orphan_cpu
    return Run(wall, cpu, proc.returncode, stdout, stderr, orphans, orphan_cpu)
