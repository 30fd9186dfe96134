"""Sync benchmark: `sinmun sync` against the newsroom's Google Reader API server, beside a cold
`sinmun refresh` of the same items fetched from their feeds.

Run by hand from the repository root (not part of the test suite):

    .venv/bin/python benchmarks/sync.py                      # 100 feeds × 50 items, FreshRSS
    .venv/bin/python benchmarks/sync.py /tmp/sync-bench --feeds 20 --items 250 --dialect miniflux

What it does: starts the offline newsroom on 127.0.0.1 with its GReader server subscribed to
`--feeds` synthetic feeds (`/feeds/synthetic/<n>.xml?items=<items>`), each feed's entries as
the server's items (same titles, links and dates). Then, each in a fresh data dir under FOLDER
(default: a temporary one), it times as a subprocess, median of --repeat:

1. a cold `sinmun refresh --json` of those feeds, fetched directly ([[feeds]], no [sync]);
2. a first `sinmun sync --json` (every item listed and fetched from the server);
3. an incremental `sinmun sync --json` after the server got 1% more items.

It prints wall time and the requests each run made (the server's log), checks that every run
stored every item, and the target: first sync ≤ 2× the cold refresh. Exit status 1 when a
check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.newsroom import Newsroom  # noqa: E402
from reader.newsroom.content import ARTICLES  # noqa: E402
from reader.newsroom.greader import GReaderServer  # noqa: E402

TARGET = 2.0  # first sync ≤ 2× a cold refresh of the same items


def fill(nr: Newsroom, gr: GReaderServer, feeds: int, items: int) -> list[str]:
    """Subscribe the server to the synthetic feeds, their entries as items; their URLs."""
    urls = []
    for n in range(feeds):
        url = nr.url(f"/feeds/synthetic/{n}.xml?items={items}")
        urls.append(url)
        feed = gr.subscribe(f"Synthetic feed {n}", url, nr.base_url + "/", "bench")
        chosen = [ARTICLES[(n * 7 + i) % len(ARTICLES)] for i in range(items)]
        for a in reversed(chosen):  # the feed's first entry arrives last: the newest
            link = f"{nr.base_url}{a.path}?feed={n}"
            gr.add_item(feed, a.headline, link, a.published, f"<p>{a.summary}</p>")
    return urls


def run(folder: Path, config: str, *args: str) -> tuple[float, object]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(config, encoding="utf-8")
    env = {**os.environ, "SINMUN_CONFIG": str(folder / "config.toml")}
    env["SINMUN_DATA_DIR"] = str(folder / "data")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "reader", *args, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return wall, json.loads(done.stdout)


def stored(folder: Path) -> int:
    import sqlite3

    with sqlite3.connect(folder / "data" / "sinmun.db") as db:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="work folder (default: temporary)")
    parser.add_argument("--feeds", type=int, default=100)
    # at most the catalogue's 84 articles: past that a feed repeats a link, one story twice
    parser.add_argument("--items", type=int, default=50, help="per feed (at most 84)")
    parser.add_argument("--dialect", default="freshrss", choices=("freshrss", "miniflux"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not 0 < args.items <= len(ARTICLES):
        parser.error(f"--items must be 1 to {len(ARTICLES)}")
    folder = args.folder or Path(tempfile.mkdtemp(prefix="sinmun-sync-bench-"))
    total = args.feeds * args.items
    ok = True
    with Newsroom() as nr:
        gr = nr.serve_greader(args.dialect, fill=False)
        urls = fill(nr, gr, args.feeds, args.items)
        feeds_toml = "".join(f'[[feeds]]\nurl = "{u}"\n\n' for u in urls)
        sync_toml = (
            f'[sync]\nservice = "greader"\nurl = "{gr.url(nr.base_url)}"\n'
            f'username = "{gr.username}"\npassword = "{gr.password}"\n'
        )
        figures: dict[str, list[tuple[float, int]]] = {"refresh": [], "first": [], "next": []}
        for r in range(args.repeat):
            nr.request_log.clear()
            wall, _ = run(folder / f"refresh-{r}", feeds_toml, "refresh")
            figures["refresh"].append((wall, len(nr.request_log)))
            ok &= stored(folder / f"refresh-{r}") == total
            nr.request_log.clear()
            wall, report = run(folder / f"sync-{r}", sync_toml, "sync")
            figures["first"].append((wall, len(nr.request_log)))
            new = report["new"]  # type: ignore[index]
            ok &= stored(folder / f"sync-{r}") == total and new == total
            more = max(1, total // 100)
            feed = next(iter(gr.feeds.values()))
            for i in range(more):
                a = ARTICLES[i % len(ARTICLES)]
                when = a.published + timedelta(days=30)
                gr.add_item(feed, f"{a.headline} ({r}-{i})", f"{nr.base_url}/more/{r}/{i}", when)
            nr.request_log.clear()
            wall, report = run(folder / f"sync-{r}", sync_toml, "sync")
            figures["next"].append((wall, len(nr.request_log)))
            ok &= report["new"] == more  # type: ignore[index]
            for item in list(gr.items.values())[-more:]:  # the next round's first sync: 5,000
                del gr.items[item.id]

    def median(name: str) -> tuple[float, int]:
        walls = [w for w, _ in figures[name]]
        return statistics.median(walls), figures[name][0][1]

    print(f"{total:,} items in {args.feeds} feeds, {args.dialect} dialect, median of {args.repeat}")
    print(f"{'run':<28}{'wall':>9}{'requests':>10}")
    labels = {
        "refresh": "cold refresh (feeds)",
        "first": "first sync (server)",
        "next": f"incremental sync (+{max(1, total // 100)})",
    }
    for name, label in labels.items():
        wall, requests = median(name)
        print(f"{label:<28}{wall:>8.2f}s{requests:>10}")
    ratio = median("first")[0] / median("refresh")[0]
    met = ratio <= TARGET
    verdict = "met" if met else "MISSED"
    print(f"first sync / cold refresh: {ratio:.2f}× (target ≤ {TARGET}×: {verdict})")
    print(f"every run stored every item: {'yes' if ok else 'NO'}   (work folder: {folder})")
    return 0 if ok and met else 1


if __name__ == "__main__":
    raise SystemExit(main())
