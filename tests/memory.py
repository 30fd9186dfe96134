"""The memory budget of the hostile-input tests: a process under test runs with an address-space
limit (so a protection that fails ends in a MemoryError, not a machine out of memory) and its
peak resident set, its waited-for children included, must stay under ``MAX_RSS``."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

MiB = 1024 * 1024
MAX_RSS = 400 * MiB
# Virtual, not resident: threads' stacks and malloc arenas reserve far more than they touch.
ADDRESS_SPACE = 3 * 1024 * MiB


# Linux counts the RSS high-water mark of the process that spawned a child into the child's
# ru_maxrss (exec records the old mm's peak, and a vfork child's old mm is its parent's): a
# child of a 300 MB test process would "peak" at 300 MB. So children are started by this small
# spawner, which sets the limit, forks and execs the command, and reports the command's own
# rusage on a pipe; what it inherits is the spawner's few megabytes.
_SPAWNER = r"""
import json, os, resource, sys
limit, report, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
pid = os.fork()
if pid == 0:
    os.close(report)
    os.execvp(argv[0], argv)
_, status, usage = os.wait4(pid, 0)
os.write(report, json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss]).encode())
"""


def own_peak_rss() -> int:
    """This process's own peak RSS in bytes (VmHWM: the current memory map's high-water
    mark, which unlike ru_maxrss holds nothing inherited from the spawning process)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_bounded(
    argv: Sequence[str],
    *,
    timeout: float = 60,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    max_rss: int = MAX_RSS,
) -> tuple[int, bytes, bytes, int]:
    """Run ``argv`` under the address-space limit; (exit code, stdout, stderr, peak RSS bytes of
    the command and the children it waited for). Fails the test when the peak RSS passes
    ``max_rss`` or the run passes ``timeout``."""
    report_r, report_w = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", _SPAWNER, str(ADDRESS_SPACE), str(report_w), *argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        pass_fds=(report_w,),
        start_new_session=True,  # a timeout ends the spawner and the command together
    )
    os.close(report_w)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, expire)
    timer.start()
    try:
        out, err = proc.communicate(stdin)
    finally:
        timer.cancel()
    with os.fdopen(report_r, "rb") as report:
        reported = report.read()
    assert not expired.is_set(), f"still running after {timeout} s: {argv}"
    code, peak_kib = json.loads(reported) if reported else (proc.returncode, 0)
    peak = peak_kib * 1024
    assert peak < max_rss, f"peak RSS {peak / MiB:.0f} MiB > {max_rss / MiB:.0f} MiB: {argv}"
    return code, out, err, peak


def _address_space_in_use() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


@contextmanager
def bounded_here(growth: int = 2 * 1024 * MiB, max_rss: int = MAX_RSS) -> Iterator[None]:
    """The running process (a test of a hostile case in-process) may map at most ``growth``
    bytes more than it has now, and its peak RSS must stay under ``max_rss``. The limit is
    lifted again afterwards (a soft limit can be raised back to the hard one)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space_in_use() + growth
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    peak = own_peak_rss()
    assert peak < max_rss, f"peak RSS of the test process {peak / MiB:.0f} MiB"
