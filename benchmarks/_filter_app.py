"""The region filter in the running app, for filter.py.

`pty_run`: `python -m reader` in a real pseudo-terminal on the 100k database. It waits for the
first painted list, then applies the region filter the way a user does — `f`, type the place,
enter — and times enter → the repaint that shows both the header's "region: 광주" and the
filtered list's first title; `esc` clears the filter between runs. It reads the app's resident
memory (/proc/<pid>/status) after the first frame, with the filter on, and after `G` (bottom).

`in_process`: the same filter applied in-process under `App.run_test` (headless), timed from
`screen.filters.set("region", …)` to the first refresh after the list's new rows are applied —
what the app itself spends, without the terminal round trip.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from _ui_pty import PtyProcess, visible
from startup import child_env

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PICKER_TITLE = "Filter by region"  # the picker's heading (region_picker.py)


@dataclass
class PtyFigures:
    first_frame_s: float
    picker_ms: list[float] = field(default_factory=list)  # `f` → picker shown
    enter_ms: list[float] = field(default_factory=list)  # enter → filtered list repainted
    # enter → each step inside the app (from _filter_probe.py's log) → visible in the terminal
    steps_ms: dict[str, list[float]] = field(default_factory=dict)
    bottom_ms: float | None = None  # `G` → the filtered list's last row shown
    memory: dict[str, tuple[int, int]] = field(default_factory=dict)  # stage → (RSS, HWM) kB


def memory_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in kB, from /proc/<pid>/status; (0, 0) when unreadable."""
    values = {"VmRSS": 0, "VmHWM": 0}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in values:
                    values[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return values["VmRSS"], values["VmHWM"]


def wait_visible(proc: PtyProcess, since: int, needles: list[str], timeout: float) -> float | None:
    """Arrival time (perf_counter) of the output after byte `since` that completes all of
    `needles` as visible text; None on timeout or exit."""
    deadline = time.perf_counter() + timeout
    while True:
        text = visible(bytes(proc.raw[since:]).decode("utf-8", "replace"))
        if all(n in text for n in needles):
            return proc.chunks[-1][0]
        left = deadline - time.perf_counter()
        if left <= 0 or not proc.pump(min(left, 0.05)):
            return None


STEPS = (
    ("set_filter", "key → set_filter (picker closes, handler runs)"),
    ("rows", "set_filter → rows on the event loop (worker queries)"),
    ("painted", "rows → list painted (Textual render)"),
)


def steps(log: Path, entered: float, shown: float) -> dict[str, float]:
    """ms of each step after the key press at `entered`, from the probe's log; the last,
    "painted → visible", ends when the terminal showed it (`shown`)."""
    events = []
    for line in log.read_text(encoding="ascii").splitlines():
        name, _, stamp = line.partition(" ")
        events.append((float(stamp), name))
    out: dict[str, float] = {}
    last = entered
    for name, label in STEPS:
        at = next((t for t, n in sorted(events) if n == name and t >= last), None)
        if at is None:
            return out
        out[label] = (at - last) * 1000
        last = at
    out["painted → visible in the terminal (write, pty)"] = (shown - last) * 1000
    return out


def settle(proc: PtyProcess, quiet: float = 0.3, limit: float = 5.0) -> None:
    """Read until the app has written nothing for `quiet` s (at most `limit` s)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        before = len(proc.raw)
        if not proc.pump(quiet):
            return
        if len(proc.raw) == before:
            return


def pty_run(
    argv: list[str],
    *,
    first_marker: str,
    region: str,
    typed: str,
    filtered_marker: str,
    last_marker: str,
    repeat: int,
    cols: int,
    rows: int,
    timeout: float,
    probe_log: Path | None = None,
) -> PtyFigures:
    """The picker path in a real terminal (see the module doc). With `probe_log` (argv runs
    _filter_probe.py writing there) each enter's time is also split into the app's steps."""
    proc = PtyProcess(argv, env=child_env(), cwd=str(REPO), cols=cols, rows=rows)
    header = f"region: {region}"

    def fail(what: str) -> SystemExit:
        return SystemExit(f"app in pty: {what}; the screen ended with {proc.text()[-400:]!r}")

    try:
        first = proc.wait_for(first_marker, timeout)
        if first is None:
            raise fail(f"the list never showed {first_marker!r}")
        figures = PtyFigures(first_frame_s=first)
        settle(proc, 0.5)
        figures.memory["first frame"] = memory_kb(proc.pid)
        for run in range(repeat + 1):  # run 0 warms the picker's import and SQLite's cache
            since = len(proc.raw)
            sent = proc.send("f")
            shown = wait_visible(proc, since, [PICKER_TITLE], timeout)
            if shown is None:
                raise fail("`f` did not open the region picker")
            settle(proc, 0.2)
            since = len(proc.raw)
            proc.send(typed)
            if proc.wait_output(since, timeout) is None:
                raise fail("typing in the picker drew nothing")
            settle(proc, 0.3)
            since = len(proc.raw)
            entered = proc.send("\r")
            painted = wait_visible(proc, since, [header, filtered_marker], timeout)
            if painted is None:
                raise fail(f"enter did not paint {header!r} with {filtered_marker!r}")
            if run:
                figures.picker_ms.append((shown - sent) * 1000)
                figures.enter_ms.append((painted - entered) * 1000)
                if probe_log is not None:
                    for step, ms in steps(probe_log, entered, painted).items():
                        figures.steps_ms.setdefault(step, []).append(ms)
            settle(proc, 0.3)
            if run < repeat:  # clear for the next run (not timed)
                since = len(proc.raw)
                proc.send("\x1b")
                if wait_visible(proc, since, [first_marker], timeout) is None:
                    raise fail("esc did not bring the unfiltered list back")
                settle(proc, 0.3)
        figures.memory["filter applied"] = memory_kb(proc.pid)
        since = len(proc.raw)
        sent = proc.send("G")
        bottom = wait_visible(proc, since, [last_marker], timeout)
        if bottom is not None:
            figures.bottom_ms = (bottom - sent) * 1000
        settle(proc, 0.5)
        figures.memory["filter + G (bottom)"] = memory_kb(proc.pid)
        return figures
    finally:
        proc.close()


async def _in_process(
    config_path: Path, data_dir: Path, region: str, repeat: int, cols: int, rows: int
) -> tuple[list[tuple[float, float]], int]:
    from reader.core.config import load_config
    from reader.core.service import Service
    from reader.ui.app import create_app
    from reader.ui.list_state import ListSnapshot
    from reader.ui.screens.lists import Lists
    from reader.ui.screens.main import MainScreen
    from reader.ui.widgets.article_list import ArticleList

    loop = asyncio.get_running_loop()
    waiting: list[asyncio.Future[tuple[float, float]]] = []
    original = Lists.loaded

    def loaded(self: Lists, snapshot: ListSnapshot) -> None:
        arrived = time.perf_counter()  # the worker's rows reached the event loop
        current = snapshot.token == self.state.token
        original(self, snapshot)
        if waiting and current:
            done = waiting.pop()

            def painted() -> None:
                if not done.done():
                    done.set_result((arrived, time.perf_counter()))

            self.screen.app.call_after_refresh(painted)

    async def apply(screen: MainScreen, value: str | None) -> tuple[float, float]:
        done: asyncio.Future[tuple[float, float]] = loop.create_future()
        waiting[:] = [done]
        start = time.perf_counter()
        screen.filters.set("region", value)
        arrived, painted = await asyncio.wait_for(done, 30)
        return (arrived - start) * 1000, (painted - start) * 1000

    Lists.loaded = loaded  # type: ignore[method-assign]
    service = Service.open(load_config(config_path, must_exist=True), data_dir)
    times: list[tuple[float, float]] = []
    try:
        app = create_app(service, cursor_blink=False)
        async with app.run_test(size=(cols, rows)) as pilot:
            deadline = time.perf_counter() + 30
            while not (isinstance(app.screen, MainScreen) and app.screen.query(ArticleList)):
                if time.perf_counter() > deadline:
                    raise SystemExit("in-process app: the main screen never mounted")
                await pilot.pause(0.05)
            screen = app.screen
            await pilot.pause(0.5)  # the first list and the feeds load
            listed = 0
            for run in range(repeat + 1):
                figures = await apply(screen, region)
                listed = screen.query_one(ArticleList).row_count
                if run:
                    times.append(figures)
                await apply(screen, None)
    finally:
        Lists.loaded = original  # type: ignore[method-assign]
        service.close()
    return times, listed


def in_process(
    config_path: Path, data_dir: Path, region: str, repeat: int, cols: int, rows: int
) -> tuple[list[tuple[float, float]], int]:
    """Per run, ms from `screen.filters.set("region", region)` to the rows reaching the event loop
    and to the list painted; and how many rows the list then held."""
    return asyncio.run(_in_process(config_path, data_dir, region, repeat, cols, rows))


def app_argv(config: Path, data_dir: Path, probe_log: Path | None = None) -> list[str]:
    """`python -m reader` on `data_dir`, or the same CLI under _filter_probe.py."""
    args = ["--config", str(config), "--data-dir", str(data_dir)]
    if probe_log is None:
        return [sys.executable, "-m", "reader", *args]
    return [sys.executable, str(HERE / "_filter_probe.py"), str(probe_log), "--", *args]
