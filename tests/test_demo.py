"""`sinmun demo` on a real terminal (a pty): its throwaway data folder goes when it ends, however
it ends — `q`, the terminal closed under it (SIGHUP), or `kill` (SIGTERM)."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _start_demo(tmpdir: Path) -> tuple[int, int]:
    """`sinmun demo` as the session leader of a new pty (its controlling terminal), with
    TMPDIR pointed at `tmpdir`; returns (pid, the terminal's master side)."""
    env = {**os.environ, "TMPDIR": str(tmpdir), "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("SINMUN_CONFIG", None)
    pid, master = pty.fork()
    if pid == 0:  # the child: nothing but exec
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "reader", "demo"], env)
    return pid, master


def _read_until(master: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    return seen


def _wait(pid: int, timeout: float, master: int | None) -> tuple[int | None, bytes]:
    """The exit status (None: still running) and what it wrote to the terminal meanwhile."""
    shown = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status, shown + (_read_until(master, b"\x00", 0.2) if master else b"")
        if master is not None:
            shown += _read_until(master, b"\x00", 0.1)
        else:
            time.sleep(0.1)
    return None, shown


@pytest.mark.parametrize("ending", ["terminal closed", "SIGTERM"])
def test_the_demo_removes_its_data_folder_when_killed(tmp_path: Path, ending: str) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    pid, master = _start_demo(tmpdir)
    status = None
    try:
        # The app's first frame: the demo's folder exists and the reader runs in it.
        shown = _read_until(master, "빛고을".encode(), 60)
        assert "빛고을".encode() in shown, shown[-2000:]
        [folder] = tmpdir.glob("sinmun-demo-*")
        assert (folder / "sinmun.db").exists()
        if ending == "terminal closed":
            os.close(master)  # the kernel sends the session SIGHUP
            master = -1
        else:
            os.kill(pid, signal.SIGTERM)
        status, shown = _wait(pid, 30, master if master >= 0 else None)
        assert status is not None, "the demo did not end"
        assert not list(tmpdir.glob("sinmun-demo-*")), "the throwaway data folder stayed"
        if ending == "SIGTERM":  # ended through its own code, not killed outright,
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signal.SIGTERM
            assert b"\x1b[?1049l" in shown  # and gave the terminal back
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if master >= 0:
            os.close(master)
