"""The memory budget of the hostile-input tests: a process under test runs with an address-space
limit (so a protection that fails ends in a MemoryError, not a machine out of memory) and its
peak resident set, its waited-for children included, must stay under ``MAX_RSS``."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

MiB = 1024 * 1024
MAX_RSS = 400 * MiB
# Virtual, not resident: threads' stacks and malloc arenas reserve far more than they touch.
ADDRESS_SPACE = 3 * 1024 * MiB


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_bounded(
    argv: Sequence[str],
    *,
    timeout: float = 60,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    max_rss: int = MAX_RSS,
) -> tuple[int, bytes, bytes, int]:
    """Run ``argv`` under the address-space limit; (exit code, stdout, stderr, peak RSS bytes).
    Fails the test when the peak RSS passes ``max_rss`` or the run passes ``timeout``."""
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limit,
    )
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True),  # type: ignore[union-attr]
        threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True),  # type: ignore[union-attr]
    ]
    for thread in readers:
        thread.start()
    if stdin is not None:
        proc.stdin.write(stdin)  # type: ignore[union-attr]
        proc.stdin.close()  # type: ignore[union-attr]
    expired = threading.Event()
    timer = threading.Timer(timeout, lambda: (expired.set(), proc.kill()))
    timer.start()
    try:
        # wait4, not wait: the rusage of this child (and the children it waited for) alone.
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for thread in readers:
        thread.join(10)
    peak = usage.ru_maxrss * 1024  # kilobytes on Linux
    assert not expired.is_set(), f"still running after {timeout} s: {argv}"
    assert peak < max_rss, f"peak RSS {peak / MiB:.0f} MiB > {max_rss / MiB:.0f} MiB: {argv}"
    return proc.returncode, b"".join(out), b"".join(err), peak


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
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert peak < max_rss, f"peak RSS of the test process {peak / MiB:.0f} MiB"
