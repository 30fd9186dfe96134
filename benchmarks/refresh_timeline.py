"""A timeline of one cold `sinmun refresh`: when each feed's fetch, parse and store start and end,
and in which process, against the benchmark's feed server.

    python benchmarks/refresh_timeline.py                 # 200 feeds × 30 items, 50 ms, 20 hosts
    python benchmarks/refresh_timeline.py --feeds 50 --events /tmp/events.tsv

The refresh runs in a child process (``--child``) with `HttpClient.fetch`, `parse_and_tag`
(what the parse workers run; forked workers inherit the wrapper) and `Storage.apply_feed`
wrapped: each appends "kind pid start end url" to a file of its own process. Printed: when
the process started working, the span of each kind (first start, last end, busy time per
process), and the last stored feed against the last parsed one (the storage tail).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _child(events_dir: Path, argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    start = time.time()
    import functools

    def record(kind: str, t0: float, url: str) -> None:
        path = events_dir / f"{os.getpid()}.tsv"
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{kind}\t{os.getpid()}\t{t0:.6f}\t{time.time():.6f}\t{url}\n")

    record("start", start, "")
    from reader.core import http, parse_workers, storage

    fetch = http.HttpClient.fetch

    @functools.wraps(fetch)
    async def timed_fetch(self, url, *args, **kwargs):  # type: ignore[no-untyped-def]
        t0 = time.time()
        try:
            return await fetch(self, url, *args, **kwargs)
        finally:
            record("fetch", t0, url)

    parse = parse_workers.parse_and_tag

    def timed_parse(body, headers, url, places):  # type: ignore[no-untyped-def]
        t0 = time.time()
        try:
            return parse(body, headers, url, places)
        finally:
            record("parse", t0, url)

    apply = storage.Storage.apply_feed

    def timed_apply(self, feed_id, parsed, **kwargs):  # type: ignore[no-untyped-def]
        t0 = time.time()
        try:
            return apply(self, feed_id, parsed, **kwargs)
        finally:
            record("store", t0, str(feed_id))

    # pickled by name for the workers: they find it where the original was
    timed_parse.__module__, timed_parse.__qualname__ = parse.__module__, parse.__qualname__
    from reader.core import service

    def timed_method(cls: object, name: str) -> None:
        method = getattr(cls, name)

        @functools.wraps(method)
        def timed(*a, **k):  # type: ignore[no-untyped-def]
            t0 = time.time()
            try:
                return method(*a, **k)
            finally:
                record(name, t0, "")

        setattr(cls, name, timed)

    from reader.core import refresh_run

    for cls, name in [
        (storage.Storage, "index_fts"),
        (storage.Storage, "list_feeds"),
        (refresh_run, "prune_stored"),
        (service.Service, "open"),
    ]:
        timed_method(cls, name)
    http.HttpClient.fetch = timed_fetch  # type: ignore[method-assign]
    parse_workers.parse_and_tag = timed_parse
    storage.Storage.apply_feed = timed_apply  # type: ignore[method-assign]
    from reader.cli import main

    code = main(argv)
    record("end", start, "")
    return code


def _report(events_dir: Path) -> None:
    rows = []
    for path in events_dir.glob("*.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, pid, t0, t1, url = line.split("\t")
            rows.append((kind, int(pid), float(t0), float(t1), url))
    start = min(r[2] for r in rows if r[0] == "start")
    main_pid = next(r[1] for r in rows if r[0] == "start")
    end = max(r[3] for r in rows if r[0] == "end")
    print(f"process: {end - start:.3f} s from interpreter start to exit of main()")
    spans: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for kind, pid, t0, t1, _ in rows:
        if kind in ("fetch", "parse", "store"):
            spans[kind].append((pid, t0 - start, t1 - start))
    for kind in ("fetch", "parse", "store"):
        s = spans[kind]
        if not s:
            continue
        first, last = min(x[1] for x in s), max(x[2] for x in s)
        per: dict[int, float] = defaultdict(float)
        for pid, t0, t1 in s:
            per[pid] += t1 - t0
        procs = ", ".join(
            f"{'main' if pid == main_pid else pid}: {busy:.2f} s"
            for pid, busy in sorted(per.items())
        )
        ends = sorted(x[2] for x in s)
        print(
            f"{kind:6} n={len(s):3}  first start {first:.3f}  median end {ends[len(ends) // 2]:.3f}"
            f"  last end {last:.3f}  busy {procs}"
        )
    for kind, _pid, t0, t1, _ in sorted(rows, key=lambda r: r[2]):
        if kind not in ("fetch", "parse", "store"):
            print(f"  {kind:10} {t0 - start:.3f} → {t1 - start:.3f}")
    for q in (0.1, 0.25, 0.5, 0.75, 0.9, 1.0):
        marks = []
        for kind in ("fetch", "parse", "store"):
            ends = sorted(x[2] for x in spans[kind])
            if ends:
                marks.append(f"{kind} {ends[min(len(ends) - 1, int(q * len(ends)))]:.3f}")
        print(f"  {int(q * 100):3}% done by: " + ", ".join(marks))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--items", type=int, default=30)
    p.add_argument("--item-bytes", type=int, default=2048)
    p.add_argument("--latency-ms", type=float, default=50.0)
    p.add_argument("--hosts", type=int, default=20)
    p.add_argument("--no-gzip", action="store_true")
    p.add_argument("--events", type=Path, help="also copy the raw events here")
    p.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child is not None:
        return _child(Path(args.child[0]), args.child[1:])

    sys.path.insert(0, str(HERE))
    from _servercheck import ServerProcess

    work = Path(tempfile.mkdtemp(prefix="sinmun-timeline-"))
    server = ServerProcess(args)
    try:
        cfg = work / "config.toml"
        cfg.write_text("".join(f'[[feeds]]\nurl = "{u}"\n\n' for u in server.urls), "utf-8")
        events = work / "events"
        events.mkdir()
        cmd = [sys.executable, __file__, "--child", str(events)]
        cmd += ["--config", str(cfg), "--data-dir", str(work / "data"), "refresh", "--json"]
        t0 = time.time()
        done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        print(f"wall {time.time() - t0:.3f} s (exit {done.returncode})")
        if done.returncode:
            print(done.stderr[-2000:], done.stdout[:1000])
        _report(events)
        if args.events:
            with open(args.events, "w", encoding="utf-8") as out:
                for path in sorted(events.glob("*.tsv")):
                    out.write(path.read_text(encoding="utf-8"))
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
