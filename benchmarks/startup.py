"""Time to first frame: process start → the article list painted in a real terminal.

    python benchmarks/startup.py [--db PATH] [--repeat R] [--cols C --rows R] [--profile]

Runs `python -m reader --config C --data-dir D` in a pseudo-terminal (the size of a real one,
160×48 by default) and stops the clock when the terminal output shows the article list: the
first row's title for a 100k-article database (made once by make_db.py and cached in the temp
dir, or --db PATH), the list's empty hint for an empty database, and a bare Textual app's one
line as the floor. The config lists the database's feeds and sets `refresh_on_start = false`;
feed and weather URLs point at a closed local port, so nothing waits for a network. One warm-up
run per case (it also leaves the parsed stylesheets in the data dir, as any earlier start of
the app does: reader/ui/css_cache.py), then R interleaved runs (default 7); prints median and
p95, the 100k/empty ratio against the targets (≤ 0.5 s, ≤ 1.3×) and the 100k/bare-app ratio
against issue 16's (≤ 1.5×), then what the 100k start imports before its first frame
(`python -X importtime`), and with --profile a pyinstrument profile of it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import make_db
from _ui_pty import PtyProcess

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
EMPTY_MARKER = "No articles"  # the empty list's hint ("No articles yet. Press r …")
MUST_BE_LAZY = (
    "trafilatura",
    "feedparser",
    "lxml",
    "httpx",
    "PIL",
    "textual_image",
    "reader.core.extract",
)
TARGET_S, TARGET_RATIO = 0.5, 1.3
TARGET_BARE = 1.5  # the 100k first frame against a bare Textual app's (issue 16)


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    # PYTHONDONTWRITEBYTECODE: an installed sinmun runs from compiled bytecode (see _timing.py)
    for name in (
        "SINMUN_CONFIG",
        "SINMUN_DATA_DIR",
        "TEXTUAL",
        "PYTHONSTARTUP",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["TERM"] = "xterm-256color"
    env["COLORTERM"] = "truecolor"
    return env


def write_config(path: Path, feed_urls: list[str]) -> None:
    lines = ["[ui]", "refresh_on_start = false", "", "[weather]"]
    lines += ['base_url = "http://127.0.0.1:9"', 'kma_base_url = "http://127.0.0.1:9"', ""]
    for url in feed_urls:
        lines += ["[[feeds]]", f'url = "{url}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def cached_db(n: int) -> Path:
    """A make_db database of n articles in the temp dir, made once."""
    path = Path(tempfile.gettempdir()) / "sinmun-bench" / f"data-{n}" / "sinmun.db"
    if not path.exists():
        print(f"making {n:,} articles at {path} (once) …", flush=True)
        figures = make_db.build(path, n)
        print(f"  {figures['seconds']:.1f} s, {make_db.db_size(path) / 1e6:.0f} MB", flush=True)
    return path


def data_dir_for(db: Path, work: Path) -> Path:
    """A data dir whose sinmun.db is `db`: its own directory when the name fits, else a link."""
    if db.name == "sinmun.db":
        return db.parent
    directory = work / "linked"
    directory.mkdir(exist_ok=True)
    target = directory / "sinmun.db"
    if not target.exists():
        try:
            os.link(db, target)
        except OSError:
            shutil.copy2(db, target)
    return directory


def first_title(db: Path) -> tuple[list[str], str, int]:
    """The database's feed URLs, the list's first title as it will be drawn, and the count."""
    from reader.core.models import ArticleQuery
    from reader.core.storage import Storage

    storage = Storage(db)
    try:
        urls = [feed.url for feed in storage.list_feeds()]
        rows = storage.query_articles(ArticleQuery(), 0, 1)
        count = storage.count_articles(ArticleQuery())
    finally:
        storage.close()
    if not rows:
        raise SystemExit(f"{db} holds no articles")
    title = " ".join(rows[0].title.split())
    return urls, title[: min(12, len(title))], count


def run_once(argv: list[str], marker: str, args: argparse.Namespace) -> tuple[float | None, str]:
    proc = PtyProcess(argv, env=child_env(), cwd=str(REPO), cols=args.cols, rows=args.rows)
    seconds = proc.wait_for(marker, args.timeout)
    tail = proc.text()[-300:]
    proc.close()
    return seconds, tail


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def importtime(argv: list[str], marker: str, args: argparse.Namespace) -> None:
    """What the 100k start imports before the list shows, from `-X importtime` on stderr."""
    cmd = [argv[0], "-X", "importtime", *argv[1:]]
    proc = PtyProcess(cmd, env=child_env(), cwd=str(REPO), cols=args.cols, rows=args.rows)
    seconds = proc.wait_for(marker, args.timeout)
    text = proc.text()
    proc.close()
    if seconds is None:
        print("  importtime run: the list never showed")
        return
    before = text[: text.index(marker)]
    rows = re.findall(r"import time:\s+(\d+) \|\s+(\d+) \|( *)([\w.]+)", before)
    top_level = [(int(cum), name) for _, cum, indent, name in rows if len(indent) <= 1]
    total = sum(c for c, _ in top_level)
    print(f"\n-X importtime, 100k case: {len(rows)} modules before the first frame, ")
    print(f"top-level imports {total / 1e6:.2f} s (slower than normal: importtime itself costs)")
    for cum, name in sorted(top_level, reverse=True)[: args.top]:
        print(f"  {cum / 1000:8.1f} ms  {name}")
    names = {name for _, _, _, name in rows}
    lazy = [m for m in MUST_BE_LAZY if any(n == m or n.startswith(m + ".") for n in names)]
    print(f"  imported before the first frame that should not be: {', '.join(lazy) or 'none'}")


def profile(config: Path, data: Path, args: argparse.Namespace, work: Path) -> None:
    """pyinstrument over the 100k start, up to the first painted list (`_ui_probe.py`)."""
    probe_out = work / "probe.json"
    html_out = work / "startup-profile.txt"
    cmd = [sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(html_out)]
    cmd += ["--show-all"] if args.profile_all else []
    cmd += [str(HERE / "_ui_probe.py"), str(probe_out), "--exit", "--"]
    cmd += ["--config", str(config), "--data-dir", str(data)]
    proc = PtyProcess(cmd, env=child_env(), cwd=str(REPO), cols=args.cols, rows=args.rows)
    while proc.pump(args.timeout):
        pass
    proc.close()
    if not probe_out.exists() or not html_out.exists():
        print(f"\nprofile failed: {proc.text()[-500:]}")
        return
    report = json.loads(probe_out.read_text())
    print(f"\npyinstrument, 100k case (first frame at {report['seconds']:.2f} s under profiling)")
    print(html_out.read_text())
    lazy = [m for m in MUST_BE_LAZY if m in report["modules"]]
    print(f"modules at the first frame that should be lazy: {', '.join(lazy) or 'none'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="a make_db.py database (default: cached 100k)")
    ap.add_argument("--n", type=int, default=100_000, help="articles for the cached database")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--cols", type=int, default=160)
    ap.add_argument("--rows", type=int, default=48)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait per run")
    ap.add_argument("--top", type=int, default=15, help="modules shown from -X importtime")
    ap.add_argument("--no-importtime", action="store_true")
    ap.add_argument("--profile", action="store_true", help="pyinstrument the 100k start")
    ap.add_argument("--profile-all", action="store_true", help="pyinstrument --show-all")
    args = ap.parse_args()

    db = args.db or cached_db(args.n)
    urls, marker, count = first_title(db)
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="sinmun-startup-") as tmp:
        work = Path(tmp)
        config = work / "config.toml"
        write_config(config, urls)
        full = data_dir_for(db, work)
        empty = work / "empty"
        app = [python, "-m", "reader", "--config", str(config), "--data-dir"]
        cases = {
            "bare Textual app": ([python, str(HERE / "_ui_bare.py")], "BARE-FIRST-FRAME"),
            "empty database": ([*app, str(empty)], EMPTY_MARKER),
            f"{count:,} articles": ([*app, str(full)], marker),
        }
        print(f"{args.cols}×{args.rows} pty; waiting for {marker!r} in the {count:,} case")
        times: dict[str, list[float]] = {name: [] for name in cases}
        for rep in range(args.repeat + 1):  # rep 0 warms caches (and creates the empty DB)
            for name, (argv, mark) in cases.items():
                seconds, tail = run_once(argv, mark, args)
                if seconds is None:
                    sys.exit(f"{name}: {mark!r} never showed; screen ended with: {tail!r}")
                if rep:
                    times[name].append(seconds)
            print(
                f"  run {rep or 'warm-up'}: "
                + ", ".join(f"{n} {t[-1]:.3f} s" for n, t in times.items() if rep and t),
                flush=True,
            )
        print(f"\ntime to first painted list, {args.repeat} runs (median / p95 / min):")
        for name, values in times.items():
            print(
                f"  {name:<18} {statistics.median(values):6.3f} s {pct(values, 95):6.3f} s"
                f" {min(values):6.3f} s"
            )
        names = list(cases)
        bare = statistics.median(times[names[0]])
        big, small = statistics.median(times[names[2]]), statistics.median(times[names[1]])
        ratio, to_bare = big / small, big / bare
        print(
            f"  {names[2]} / empty: {ratio:.2f}× (target ≤ {TARGET_RATIO}×); "
            f"{names[2]}: {big:.3f} s (target ≤ {TARGET_S} s) → "
            + ("PASS" if ratio <= TARGET_RATIO and big <= TARGET_S else "MISS")
        )
        print(
            f"  {names[2]} / bare Textual app: {to_bare:.2f}× (target ≤ {TARGET_BARE}×) → "
            + ("PASS" if to_bare <= TARGET_BARE else "MISS")
        )
        if not args.no_importtime:
            importtime(cases[names[2]][0], marker, args)
        if args.profile:
            profile(config, full, args, work)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
    except subprocess.SubprocessError as exc:
        sys.exit(str(exc))
