"""Where a cold `sinmun refresh` spends its time, for `refresh.py --profile`.

Three views, because one profiler cannot see all of it: cProfile of the CLI's main thread (the
event loop: HTTP, scheduling), then — in this process, one at a time — ``parse_feed`` on every
body (what the pool workers do) and ``Storage.apply_feed`` on every parsed feed (what the
storage threads do, invisible to a main-thread profile).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _servercheck import ServerProcess
from _timing import child_env, timed

REPO = Path(__file__).resolve().parent.parent


def _print_top(path: Path, key: str, top: int, title: str) -> None:
    print(f"\n--- {title}: top {top} by {key}")
    pstats.Stats(str(path)).strip_dirs().sort_stats(key).print_stats(top)


def profile_cold(
    args: argparse.Namespace, server: ServerProcess, cfg: Path, work: Path, out: Path
) -> None:
    """One extra cold run of this checkout (not --sinmun-cmd) under cProfile, with its data in
    ``work``; then the parsing and storage stages in-process."""
    env = child_env()
    env["PYTHONPATH"] = str(REPO)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "reader"]
    cmd += ["--config", str(cfg), "--data-dir", str(work / "data"), "refresh", "--json"]
    run = timed(cmd, cwd=REPO, env=env, timeout=args.timeout, out=work / "profile")
    print(
        f"\nprofiled cold run: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU "
        f"({run.orphan_cpu:.2f} s of it in {run.orphans} left-over child processes) → {out}"
    )
    if run.returncode != 0 or not out.exists():
        print(f"  failed: exit {run.returncode}: {run.stderr.strip()[-500:]}")
        return
    for key in ("tottime", "cumulative"):
        _print_top(out, key, args.profile_top, "CLI main thread (workers, threads not seen)")
    profile_stages(args, server, out)


def profile_stages(args: argparse.Namespace, server: ServerProcess, out: Path) -> None:
    """parse_feed and Storage.apply_feed over every feed, each under its own profile."""
    import httpx

    sys.path.insert(0, str(REPO))
    from reader.core.models import FeedSpec
    from reader.core.parsing import parse_feed
    from reader.core.storage import Storage

    fetched = []
    with httpx.Client(trust_env=False, timeout=60) as client:
        for url in server.urls:
            resp = client.get(url)
            fetched.append((resp.content, dict(resp.headers), url))

    parse_out = out.with_name(out.stem + "-parse" + out.suffix)
    t0 = time.process_time()
    parsed = [parse_feed(*f) for f in fetched]
    parse_cpu = time.process_time() - t0
    prof = cProfile.Profile()
    prof.runcall(lambda: [parse_feed(*f) for f in fetched])
    prof.dump_stats(str(parse_out))
    entries = sum(len(p.entries) for p in parsed)
    print(
        f"\nparse_feed, {len(fetched)} bodies → {entries} entries, one process: "
        f"{parse_cpu:.2f} s CPU unprofiled → {parse_out}"
    )
    _print_top(parse_out, "tottime", args.profile_top, "parse_feed")

    store_out = out.with_name(out.stem + "-store" + out.suffix)
    with tempfile.TemporaryDirectory(prefix="sinmun-store-") as tmp:
        storage = Storage(Path(tmp) / "sinmun.sqlite")
        try:
            feeds = [storage.add_feed(FeedSpec(url=f[2])) for f in fetched]
            now = datetime.now(UTC)

            def store_all() -> None:
                for feed, p in zip(feeds, parsed, strict=True):
                    storage.apply_feed(
                        feed.id, p, etag='"x"', last_modified=None, body_hash="x", when=now
                    )
                storage.index_fts()  # the refresh's last write

            t0 = time.perf_counter()
            prof = cProfile.Profile()
            prof.runcall(store_all)
            wall = time.perf_counter() - t0
        finally:
            storage.close()
    prof.dump_stats(str(store_out))
    print(f"\nStorage.apply_feed, {len(feeds)} feeds: {wall:.2f} s (profiled) → {store_out}")
    _print_top(store_out, "tottime", args.profile_top, "apply_feed")
