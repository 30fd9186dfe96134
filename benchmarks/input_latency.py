"""Key-press latency while a refresh of many slow feeds runs, in a real terminal.

    python benchmarks/input_latency.py [--db PATH | --n N] [--latency-ms 50] [--presses 100]

Serves 200 feeds of 30 items from `_feedserver.py` (its own process, 20 loopback hosts, every
response delayed by --latency-ms), points a copy of the 100k-article make_db database at them,
and runs `python -m reader` in a pseudo-terminal. Once the list shows it presses `r`, then `j`
every --interval seconds while the refresh runs, and times each press from the write to the
first output that repaints the article list (a cursor move into the list's column, learnt from
one press before the refresh). Prints p50/p95/max over the presses made during the refresh.
Target: p95 ≤ 50 ms. The default 50 ms per response is the refresh benchmark's: the refresh's
CPU work comes as densely as it does in a real cold refresh (a longer delay spreads it out).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _servercheck import ServerProcess
from _ui_pty import PtyProcess, visible
from startup import cached_db, child_env, first_title, pct

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
TARGET_MS = 50.0
MAX_ROW = 150  # the cursor walks down to here and back: inside the first page the list holds
_CUP = re.compile(rb"\x1b\[(\d+);(\d+)H")


def prepare_data(db: Path, urls: list[str], work: Path) -> tuple[Path, str, list[str]]:
    """A data dir holding a copy of `db` whose feeds are the server's URLs, the marker that
    shows its list is painted, and the list's first titles as drawn."""
    from reader.core.models import ArticleQuery, FeedSpec
    from reader.core.storage import Storage

    data = work / "data"
    data.mkdir()
    target = data / "sinmun.db"
    shutil.copyfile(db, target)  # the refresh writes to it; the cached one stays as it is
    _, marker, _ = first_title(target)
    storage = Storage(target)
    try:
        rows = storage.query_articles(ArticleQuery(), 0, MAX_ROW + 1)
        titles = [" ".join(a.title.split()) for a in rows]
        feeds = storage.list_feeds()
        for i, url in enumerate(urls):
            if i < len(feeds):
                storage.update_feed_url(feeds[i].id, url)
            else:
                storage.add_feed(FeedSpec(url))
    finally:
        storage.close()
    return data, marker, titles


def write_config(path: Path, urls: list[str]) -> None:
    lines = ["[ui]", "refresh_on_start = false", "", "[weather]"]
    lines += ['base_url = "http://127.0.0.1:9"', 'kma_base_url = "http://127.0.0.1:9"', ""]
    for url in urls:
        lines += ["[[feeds]]", f'url = "{url}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def calibrate(proc: PtyProcess, titles: list[str], timeout: float) -> tuple[int, bytes]:
    """Where the article list's rows start (screen column) and the cursor row's background
    colour (SGR bytes), learnt from one `j` before the refresh."""
    proc.drain(0.5)
    since = len(proc.raw)
    proc.send("j")
    if proc.wait_output(since, timeout) is None:
        raise SystemExit("the app did not repaint after a key press")
    proc.drain(0.3)
    out = bytes(proc.raw[since:])
    proc.send("k")
    proc.drain(0.3)
    prefix = _prefix(titles[1])
    marks = list(_CUP.finditer(out))
    for i, mark in enumerate(marks):
        row = out[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else len(out)]
        if prefix in row:
            backgrounds = re.findall(rb"48;2;\d+;\d+;\d+", row)
            if backgrounds:
                return int(mark.group(2)), Counter(backgrounds).most_common(1)[0][0]
    raise SystemExit("could not find the cursor row in the repaint")


def _prefix(title: str) -> bytes:
    return title[:6].encode()


def _rows(out: bytes, column: int) -> list[bytes]:
    """The pieces of `out` drawn from `column` on (one per cursor move there)."""
    marks = list(_CUP.finditer(out))
    return [
        out[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(out)]
        for i, m in enumerate(marks)
        if int(m.group(2)) == column
    ]


class Watcher:
    """Follows the visible text for the refresh's start and end lines."""

    def __init__(self, proc: PtyProcess) -> None:
        self.proc = proc
        self.seen = len(proc.raw)
        self.started: float | None = None
        self.finished: float | None = None
        self.summary = ""

    def scan(self) -> None:
        if len(self.proc.raw) == self.seen:
            return
        start = max(0, self.seen - 512)  # a line may straddle two reads
        text = visible(bytes(self.proc.raw[start:]).decode("utf-8", "replace"))
        self.seen = len(self.proc.raw)
        now = self.proc.chunks[-1][0]
        if self.started is None and "Refreshing" in text:
            self.started = now
        if self.finished is None and (m := re.search(r"Refreshed \d+ feeds in [^│\n]*", text)):
            self.finished = now
            self.summary = m.group(0).strip()


def press(
    proc: PtyProcess, key: str, want: bytes, column: int, cursor_bg: bytes, timeout: float
) -> float | None:
    """Press `key`; seconds until the list shows the cursor on the row starting with `want`
    (None: not within `timeout`). Other output (progress, a late repaint of the previous
    press) does not count."""
    since = len(proc.raw)
    sent = proc.send(key)
    deadline = sent + timeout
    while time.perf_counter() < deadline:
        if not proc.pump(deadline - time.perf_counter()):
            return None
        for row in _rows(bytes(proc.raw[since:]), column):
            if cursor_bg in row and want in row:
                return proc.chunks[-1][0] - sent
    return None


def run(args: argparse.Namespace, server: ServerProcess, work: Path) -> None:
    db = args.db or cached_db(args.n)
    t0 = time.perf_counter()
    data, marker, titles = prepare_data(db, server.urls, work)
    config = work / "config.toml"
    write_config(config, server.urls)
    print(f"data dir ready in {time.perf_counter() - t0:.1f} s (a copy of {db})")
    argv = [sys.executable, "-m", "reader", "--config", str(config), "--data-dir", str(data)]
    profile_out = Path(args.profile).resolve() if args.profile else None
    if profile_out is not None:  # the event loop's thread, sampled, for the whole session
        argv = [sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(profile_out)]
        argv += [str(HERE / "_ui_probe.py"), str(work / "probe.json"), "--"]
        argv += ["--config", str(config), "--data-dir", str(data)]
    proc = PtyProcess(argv, env=child_env(), cwd=str(REPO), cols=args.cols, rows=args.rows)
    cursor, step = 0, 1

    def next_key() -> tuple[str, bytes]:
        nonlocal cursor, step
        if not 0 <= cursor + step <= MAX_ROW:
            step = -step
        cursor += step
        return ("j" if step > 0 else "k"), _prefix(titles[cursor])

    try:
        if proc.wait_for(marker, 30) is None:
            raise SystemExit(f"the list never showed: {proc.text()[-300:]!r}")
        column, cursor_bg = calibrate(proc, titles, args.timeout)
        idle: list[float | None] = []
        for _ in range(10):
            idle.append(press(proc, *next_key(), column, cursor_bg, args.timeout))
            proc.drain(args.interval)
        watcher = Watcher(proc)
        proc.send("r")
        during: list[tuple[float, float]] = []  # (seconds into the refresh, latency)
        missed = 0
        next_press = time.perf_counter() + args.interval
        while True:
            watcher.scan()
            if watcher.finished is not None:
                break  # the refresh is over: later presses would not count
            wait = next_press - time.perf_counter()
            if wait > 0:
                proc.pump(wait)
                continue
            running = watcher.started is not None
            latency = press(proc, *next_key(), column, cursor_bg, args.timeout)
            next_press = time.perf_counter() + args.interval
            if running and latency is None:
                missed += 1
            elif running and latency is not None:
                during.append((time.perf_counter() - (watcher.started or 0), latency))
            if time.perf_counter() - (watcher.started or time.perf_counter()) > args.max_seconds:
                break
        refresh_s = (watcher.finished or time.perf_counter()) - (watcher.started or 0)
    finally:
        proc.close(grace=30.0 if profile_out else 5.0)
    report(args, idle, during, missed, refresh_s, watcher.summary)
    if profile_out is not None:
        print(f"pyinstrument profile of the app's main thread: {profile_out}")


def report(
    args: argparse.Namespace,
    idle: list[float | None],
    during: list[tuple[float, float]],
    missed: int,
    refresh_s: float,
    summary: str,
) -> None:
    ms = [v * 1000 for _, v in during]
    idle_ms = [v * 1000 for v in idle if v is not None]
    print(f"refresh ran {refresh_s:.1f} s ({summary or 'no summary seen'})")
    if idle_ms:
        print(
            f"idle (before the refresh): p50 {statistics.median(idle_ms):.0f} ms, "
            f"max {max(idle_ms):.0f} ms over {len(idle_ms)} presses"
        )
    if not ms:
        print(f"no key press was answered during the refresh ({missed} presses timed out)")
        return
    print(
        f"during the refresh, {len(ms)} presses (+{missed} with no repaint within "
        f"{args.timeout:.0f} s): p50 {statistics.median(ms):.0f} ms, p95 {pct(ms, 95):.0f} ms, "
        f"max {max(ms):.0f} ms; over {TARGET_MS:.0f} ms: {sum(v > TARGET_MS for v in ms)}"
    )
    verdict = "PASS" if pct(ms, 95) <= TARGET_MS and not missed else "MISS"
    print(f"target p95 ≤ {TARGET_MS:.0f} ms → {verdict}")
    if len(ms) < args.presses:
        print(f"  (only {len(ms)} presses fit in the refresh; raise --latency-ms for more)")
    worst = sorted(range(len(ms)), key=ms.__getitem__)[-8:]
    slow = ", ".join(f"{during[i][0]:.1f} s: {ms[i]:.0f} ms" for i in sorted(worst))
    print(f"  slowest presses (time into the refresh: latency): {slow}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="a make_db.py database (copied; default cached)")
    ap.add_argument("--n", type=int, default=100_000, help="articles of the cached database")
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=30)
    ap.add_argument("--item-bytes", type=int, default=2048)
    ap.add_argument("--latency-ms", type=float, default=50.0, help="server delay per response")
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--no-gzip", action="store_true")
    ap.add_argument("--presses", type=int, default=100, help="presses wanted during the refresh")
    ap.add_argument("--interval", type=float, default=0.1, help="seconds between presses")
    ap.add_argument("--timeout", type=float, default=2.0, help="longest wait for a repaint")
    ap.add_argument("--max-seconds", type=float, default=120.0, help="stop pressing after this")
    ap.add_argument("--profile", metavar="OUT", help="pyinstrument the app into OUT (text)")
    ap.add_argument("--cols", type=int, default=160)
    ap.add_argument("--rows", type=int, default=48)
    args = ap.parse_args()
    server = ServerProcess(args)
    try:
        with tempfile.TemporaryDirectory(prefix="sinmun-latency-") as tmp:
            run(args, server, Path(tmp))
    finally:
        with contextlib.suppress(Exception):
            server.close()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
