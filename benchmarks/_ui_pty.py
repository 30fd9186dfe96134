"""A program in a real pseudo-terminal, as a user's terminal would run it, for the UI benchmarks.

The child gets the pty as stdin/stdout/stderr and a fixed window size; everything it writes is
collected as it arrives (a full pty buffer would stall it) and kept both raw and with the
escape sequences stripped, so a benchmark can wait for visible text ("the list shows this
title") and timestamp when it appeared.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Sequence

# CSI, OSC (to BEL or ST), DCS/SOS/PM/APC (to ST), then any other two-byte ESC sequence.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[@-Z\\-_]"
    r"|\x1b[ -/][0-~]"
)
_CURSOR_TO = re.compile(r"\x1b\[(\d+);(\d+)H")


def visible(text: str) -> str:
    """`text` without terminal escape sequences (the characters a user could see)."""
    return _ESCAPES.sub("", text)


class PtyProcess:
    """`argv` running in a new pty of `cols`×`rows`."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        cwd: str,
        cols: int = 160,
        rows: int = 48,
    ) -> None:
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: exec at once, nothing else
            try:
                os.chdir(cwd)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.raw = bytearray()
        self.chunks: list[tuple[float, int]] = []  # (arrival time, end offset in raw)
        self.exited: int | None = None
        self._decoded_upto = 0
        self._text = ""

    # --- output ----------------------------------------------------------------------------
    def pump(self, timeout: float) -> bool:
        """Read what the child wrote within `timeout` s; False once it has closed the pty."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the child closed its side
            return False
        if not data:
            return False
        self.raw += data
        self.chunks.append((time.perf_counter(), len(self.raw)))
        return True

    def text(self) -> str:
        """Everything so far, decoded, with the escape sequences stripped."""
        if self._decoded_upto < len(self.raw):
            # The whole stream each time: an escape sequence or a character may straddle reads
            # (a cut character at the very end shows as U+FFFD until the rest arrives).
            self._decoded_upto = len(self.raw)
            self._text = visible(bytes(self.raw).decode("utf-8", "replace"))
        return self._text

    def wait_for(self, marker: str, timeout: float) -> float | None:
        """Seconds from the start until `marker` was visible, or None on timeout/exit."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            alive = self.pump(min(0.05, deadline - time.perf_counter()))
            if marker in self.text():
                return self.chunks[-1][0] - self.started
            if not alive:
                return None
        return None

    def wait_output(self, since: int, timeout: float) -> float | None:
        """Wait until bytes beyond offset `since` arrive; the arrival time (perf_counter)."""
        deadline = time.perf_counter() + timeout
        while len(self.raw) <= since:
            left = deadline - time.perf_counter()
            if left <= 0 or not self.pump(left):
                return None
        return self.chunks[-1][0]

    # --- input and ending ------------------------------------------------------------------
    def send(self, data: str | bytes) -> float:
        """Write keys to the child; returns the time of the write (perf_counter)."""
        payload = data.encode() if isinstance(data, str) else data
        now = time.perf_counter()
        os.write(self.fd, payload)
        return now

    def drain(self, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline and self.pump(deadline - time.perf_counter()):
            pass

    def close(self, quit_keys: str = "q", grace: float = 5.0) -> int:
        """Ask the program to quit with `quit_keys`, then terminate it if it will not."""
        with contextlib.suppress(OSError):
            self.send(quit_keys)
        deadline = time.perf_counter() + grace
        for sig in (None, signal.SIGTERM, signal.SIGKILL):
            if sig is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, sig)
                deadline = time.perf_counter() + grace
            while time.perf_counter() < deadline:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.exited = os.waitstatus_to_exitcode(status)
                    with contextlib.suppress(OSError):
                        self.drain(0.05)
                        os.close(self.fd)
                    return self.exited
                self.pump(0.02)
        raise RuntimeError(f"process {self.pid} would not exit")


def cursor_row(raw: bytes) -> int | None:
    """The last absolute cursor row a chunk of output moved to (1-based), if any."""
    matches = _CURSOR_TO.findall(raw.decode("utf-8", "replace"))
    return int(matches[-1][0]) if matches else None
