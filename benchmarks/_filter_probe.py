"""`sinmun` with timestamps of the region filter's steps, for filter.py's pty run.

    python benchmarks/_filter_probe.py OUT.log -- [sinmun arguments]

Runs the real CLI in this process with hooks added from outside (the app has none). Each step
appends one line "event perf_counter" to OUT.log: `set_filter` (the key's handler reached
`Filters.set`), `rows` (the list worker's rows reached the event loop), `painted` (the refresh
after they were applied). perf_counter is CLOCK_MONOTONIC on Linux, the same clock the benchmark
stamps its key presses and the terminal's output with, so the steps line up across processes.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    out = sys.argv[1]
    rest = sys.argv[2:]
    argv = rest[rest.index("--") + 1 :] if "--" in rest else rest
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def log(event: str) -> None:
        os.write(fd, f"{event} {time.perf_counter():.6f}\n".encode())

    from reader.ui.list_state import FilterKind, ListSnapshot
    from reader.ui.screens.filters import Filters
    from reader.ui.screens.lists import Lists

    set_filter, loaded = Filters.set, Lists.loaded

    def logged_set_filter(self: Filters, kind: FilterKind, value: str | None) -> None:
        log("set_filter")
        set_filter(self, kind, value)

    def logged_loaded(self: Lists, snapshot: ListSnapshot) -> None:
        current = snapshot.token == self.state.token
        if current:
            log("rows")
        loaded(self, snapshot)
        if current:
            # the screen's hook: the app's may wait on the closing picker
            self.screen.call_after_refresh(log, "painted")

    Filters.set = logged_set_filter  # type: ignore[method-assign]
    Lists.loaded = logged_loaded  # type: ignore[method-assign]
    from reader.cli import main as sinmun

    return sinmun(argv)


if __name__ == "__main__":
    raise SystemExit(main())
