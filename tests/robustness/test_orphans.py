"""Parse workers never outlive Sinmun: `kill -9` (or the OOM killer) of `sinmun refresh` or of
the app leaves no worker, fork server or helper process behind, and SIGTERM and SIGHUP end a
refresh cleanly: an exit status that names the signal, no traceback.

Workers are found through /proc (Linux) and recorded before the kill: once their parent is
gone they belong to init and no longer look like Sinmun's.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.newsroom import Newsroom
from tests.robustness.conftest import ROOT, write_config
from tests.robustness.proctree import Proc, command, descendants, kill_all, running, wait_for

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

WORKERS = min(4, os.cpu_count() or 1)  # FeedParser's default pool size
GONE_WITHIN = 5.0  # seconds; a worker's own check runs twice a second


@pytest.fixture
def slow_newsroom() -> Iterator[Newsroom]:
    with Newsroom() as nr:  # its own: stopping it releases the slow answers
        yield nr


def _sinmun(
    config: Path, data: Path, *args: str, env: dict[str, str] | None = None, **popen: object
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # type: ignore[call-overload]
        [sys.executable, "-m", "reader", "--config", str(config), "--data-dir", str(data), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        start_new_session=True,  # not in pytest's process group: our signals reach it alone
        **popen,
    )


def _slow_config(tmp_path: Path, nr: Newsroom) -> Path:
    # Answers that take far longer than the test: the refresh is mid-fetch when signalled.
    urls = [nr.url(f"/faults/slow?delay=50&feed=bitgoeul&n={n}") for n in range(4)]
    return write_config(tmp_path / "config.toml", urls)


def _wait_for_tree(pid: int, count: int) -> list[Proc]:
    wait_for(lambda: len(descendants(pid)) >= count, 30, f"{count} processes below {pid}")
    return descendants(pid)


def _assert_all_end(procs: list[Proc]) -> None:
    try:
        wait_for(
            lambda: not any(running(p) for p in procs),
            GONE_WITHIN,
            "the workers to end: " + "; ".join(command(p[0]) for p in procs if running(p)),
        )
    finally:
        kill_all(procs)  # a failure must not leave them running for ever


needs_pool = pytest.mark.skipif(WORKERS < 2, reason="one core: parsing runs in a thread")


@needs_pool
def test_kill_9_of_a_refresh_leaves_no_worker(tmp_path: Path, slow_newsroom: Newsroom) -> None:
    proc = _sinmun(_slow_config(tmp_path, slow_newsroom), tmp_path / "data", "refresh")
    try:
        workers = _wait_for_tree(proc.pid, WORKERS)  # forked at start, before any fetch
        assert all("reader" in command(pid) for pid, _ in workers)
        proc.kill()
        proc.wait(10)
        _assert_all_end(workers)
    finally:
        proc.kill()
        proc.wait(10)


@needs_pool
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_a_refresh_cleanly(
    tmp_path: Path, slow_newsroom: Newsroom, sig: signal.Signals
) -> None:
    proc = _sinmun(
        _slow_config(tmp_path, slow_newsroom),
        tmp_path / "data",
        "refresh",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        workers = _wait_for_tree(proc.pid, WORKERS)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 128 + sig, (proc.returncode, err.decode(errors="replace"))
        assert b"Traceback" not in err + out, err.decode(errors="replace")
        _assert_all_end(workers)
    finally:
        proc.kill()
        proc.communicate(timeout=10)


def _drain(fd: int) -> None:
    """Read what the app draws, so its writes never block on a full terminal."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass  # the app is gone (EIO)


@needs_pool
def test_kill_9_of_the_app_leaves_no_worker(tmp_path: Path, newsroom: Newsroom) -> None:
    # The app parses in forkserver workers (it runs threads): workers, their fork server and
    # multiprocessing's resource tracker must all go with it.
    urls = [spec.url for spec in newsroom.feed_specs()]  # enough feeds for the pool
    weather = f'[weather]\nbase_url = "{newsroom.base_url}"\n'
    config = write_config(tmp_path / "config.toml", urls, weather)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    term = {"TERM": "xterm-256color"}
    proc = _sinmun(config, tmp_path / "data", env=term, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    drain = threading.Thread(target=_drain, args=(master,), daemon=True)
    drain.start()
    try:
        # refresh on start: a fork server, at least one worker below it, the resource tracker
        helpers = _wait_for_tree(proc.pid, 3)
        assert any("forkserver" in command(pid) for pid, _ in helpers), helpers
        helpers = descendants(proc.pid)
        proc.kill()
        proc.wait(10)
        _assert_all_end(helpers)
    finally:
        proc.kill()
        proc.wait(10)
        os.close(master)
        drain.join(5)
