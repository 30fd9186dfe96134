"""Refresh benchmark: `sinmun refresh` against a slow local feed server, beside newsboat.

Run by hand from the repository root (not part of the test suite):

    /work/venv/bin/python benchmarks/refresh.py                 # 200 feeds × 30 items, 50 ms
    /work/venv/bin/python benchmarks/refresh.py --feeds 50 --repeat 1 --no-newsboat
    /work/venv/bin/python benchmarks/refresh.py --profile /tmp/cold.prof   # + cProfile, top costs

What it does:

1. Starts ``benchmarks/_feedserver.py`` in its own process: N generated RSS feeds (default
   200 × 30 items, each item ~2 KB of mixed Korean/English HTML, unique guids and pubDates),
   spread over the loopback addresses 127.0.0.1 … 127.0.0.<hosts> (default 20) on one port,
   every response delayed by --latency-ms (default 50), ETag/Last-Modified → 304, gzip.
2. Measures the server alone, cold (200) and conditional (304), 40 requests at a time — with
   bare sockets (what the server can do) and with an httpx loop (what an httpx client reaches)
   — so one can see it is not the bottleneck; its own CPU per round is printed too.
3. Times ``python -m reader --config CFG --data-dir DIR refresh --json`` as a subprocess: cold
   (fresh data dir), then a 2nd and a 3rd run (warm: every feed must be 304). The JSON is
   checked: all ``ok`` cold, all ``not_modified`` warm.
4. Optional — only when ``newsboat`` is on PATH (``apt-get install newsboat``): times
   ``newsboat -x reload -u urls -c cache.db -C config`` (``reload-threads 8``) on the same feeds,
   cold and three passes; newsboat stores validators only from a feed's second reload on, so its
   warm figure is the 3rd pass. Skip with --no-newsboat.
5. Prints a table: wall and CPU time per run (median of --repeat), what the server saw (status
   counts, connections, peak concurrency), and the ratios sinmun/newsboat against issue 16's
   targets (cold ≤ 0.75×, warm ≤ 0.25× in wall time), with the CPU ratios beside them (CPU of
   each program's whole process tree). Exit status 1 if a check failed.

Wall time includes process start-up for both programs and ends when the program exits, as a
user would experience it. CPU time is user+sys of the program's whole process tree: wait4 for
the program and what it reaped, plus worker processes it left behind (adopted as a Linux child
subreaper, reaped and counted; the per-run line says how many there were).

--profile PATH adds one cold run under cProfile (CLI main thread), then profiles parse_feed and
Storage.apply_feed on the same feeds in-process (what the pool workers and storage threads do,
which a main-thread profile cannot see); see _profiling.py.

Helpers: _feedgen.py (feed content), _feedserver.py (the server process), _servercheck.py
(starting it, server-only figures), _timing.py (timed subprocesses), _profiling.py.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import shlex
import shutil
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

# run as a script: benchmarks/ is on sys.path
from _servercheck import ServerFigures, ServerProcess, measure_server
from _timing import Run, Series, become_subreaper, child_env, timed

REPO = Path(__file__).resolve().parent.parent
COLD_TARGET = 0.75  # issue 16: wall time, sinmun / newsboat
WARM_TARGET = 0.25


def _tail(text: str, lines: int = 4) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def _server_note(s: dict) -> str:
    codes = ", ".join(f"{n}×{c}" for c, n in sorted(s.get("by_status", {}).items()))
    return (
        f"server: {s.get('requests', 0)} req ({codes}) on {s.get('hosts', 0)} hosts, "
        f"{s.get('connections', 0)} conn, "
        f"peak {s.get('max_in_flight', 0)} in flight, {s.get('cpu_s', 0):.2f} s CPU"
    )


# --- sinmun ----------------------------------------------------------------------------------


def check_sinmun(run: Run, n_feeds: int, expect: str, n_items: int) -> None:
    """Fill ``run.note``/``run.ok`` from the ``refresh --json`` output and what the server saw
    (a warm run must be answered by 304s: `not_modified` alone may also mean "200, same body")."""
    if run.returncode != 0:
        run.ok, run.note = False, f"exit {run.returncode}: {_tail(run.stderr) or _tail(run.stdout)}"
        return
    try:
        results = json.loads(run.stdout)
        counts: dict[str, int] = {}
        for r in results:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        new = sum(int(r.get("new") or 0) for r in results)
    except (ValueError, TypeError, KeyError) as exc:
        run.ok, run.note = False, f"bad JSON ({exc}): {run.stdout[:200]!r}"
        return
    errors = [f"{r.get('url')}: {r.get('error')}" for r in results if r["status"] == "error"]
    run.note = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + f", {new} new"
    run.ok = counts.get(expect) == n_feeds and len(results) == n_feeds
    if expect == "ok" and new != n_items:
        run.ok = False
    code = "200" if expect == "ok" else "304"
    if run.server.get("by_status", {}).get(code) != n_feeds:
        run.ok = False
        run.note += f"; server did not answer every feed with {code}"
    if errors:
        run.note += f"; first error: {errors[0]}"


def sinmun_rep(
    args: argparse.Namespace, server: ServerProcess, work: Path, rep: int, series: list[Series]
) -> None:
    """Repetition ``rep``: cold into a fresh data dir, then two warm runs; appends to series."""
    cfg = work / "sinmun" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text("".join(f'[[feeds]]\nurl = "{u}"\n\n' for u in server.urls), encoding="utf-8")
    env = child_env()
    if args.sinmun_cmd:
        base = shlex.split(args.sinmun_cmd)
    else:  # this checkout, which need not be installed
        base = [sys.executable, "-m", "reader"]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    data = work / "sinmun" / f"data-{rep}"
    cmd = [*base, "--config", str(cfg), "--data-dir", str(data), "refresh", "--json"]
    for n, s in enumerate(series):
        server.stats(reset=True)
        log = work / "logs" / f"sinmun-{rep}-{n}"
        run = timed(cmd, cwd=REPO, env=env, timeout=args.timeout, out=log)
        run.server = server.stats(reset=True)
        check_sinmun(run, len(server.urls), "ok" if n == 0 else "not_modified", server.items)
        s.runs.append(run)
        _progress(s.label, rep, run)


# --- newsboat --------------------------------------------------------------------------------


def newsboat_rep(
    args: argparse.Namespace, server: ServerProcess, work: Path, rep: int, series: list[Series]
) -> None:
    """Repetition ``rep``: three reloads into a fresh cache; appends to series."""
    nb = work / "newsboat"
    (nb / "home").mkdir(parents=True, exist_ok=True)
    urls = nb / "urls"
    urls.write_text("".join(u + "\n" for u in server.urls), encoding="utf-8")
    config = nb / "config"
    config.write_text("reload-threads 8\n", encoding="utf-8")
    env = child_env(nb / "home")
    cache = nb / f"cache-{rep}.db"
    cmd = [args.newsboat, "-x", "reload", "-u", str(urls), "-c", str(cache), "-C", str(config)]
    for n, s in enumerate(series):
        server.stats(reset=True)
        log = work / "logs" / f"newsboat-{rep}-{n}"
        run = timed(cmd, cwd=nb, env=env, timeout=args.timeout, out=log)
        run.server = st = server.stats(reset=True)
        items = _newsboat_items(cache)
        run.note = f"{items} items in cache"
        codes = st.get("by_status", {})
        # newsboat 2.21 stores validators from a feed's 2nd reload on: pass 2 is all 200 there
        # (all 304 in a newsboat that stores them at once); pass 3 must be all 304.
        answered = codes.get("200", 0) + codes.get("304", 0)
        want = codes.get("304") if n == 2 else codes.get("200") if n == 0 else answered
        run.ok = run.returncode == 0 and want == len(server.urls) and items == server.items
        if run.returncode != 0:
            run.note += f"; exit {run.returncode}: {_tail(run.stderr)}"
        s.runs.append(run)
        _progress(s.label, rep, run)


def _newsboat_items(cache: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{cache}?mode=ro", uri=True)) as db:
            return db.execute("SELECT COUNT(*) FROM rss_item").fetchone()[0]
    except sqlite3.Error:
        return -1


# --- output ----------------------------------------------------------------------------------


def _progress(label: str, rep: int, run: Run) -> None:
    mark = "ok" if run.ok else "CHECK FAILED"
    left = f" (+{run.orphans} left-over procs)" if run.orphans else ""
    print(
        f"  [{rep + 1}] {label:<20} {run.wall:6.2f} s wall {run.cpu:6.2f} s CPU{left}  "
        f"{_server_note(run.server)}  {run.note}  {mark}",
        flush=True,
    )


def _fmt(x: float | None) -> str:
    return f"{x:6.2f} s" if x is not None else "     — "


def _ratio_line(name: str, a: float | None, b: float | None, target: float | None) -> str:
    wanted = f"target ≤ {target:.2f}×" if target is not None else "(no target)"
    if a is None or b is None or b <= 0:
        return f"  {name:<40} {'—':>8}   {wanted}"
    ratio = a / b
    verdict = "" if target is None else "meets target" if ratio <= target else "MISSES target"
    return f"  {name:<40} {ratio:7.2f}×   {wanted}  {verdict}".rstrip()


def floor_s(n_feeds: int, hosts: int, latency_s: float, total: int, per_host: int) -> float:
    """Least wall time latency alone imposes on a client with these connection limits."""
    per_host_feeds = math.ceil(n_feeds / hosts)
    rounds = max(math.ceil(n_feeds / total), math.ceil(per_host_feeds / per_host))
    return rounds * latency_s


def _table(
    args: argparse.Namespace,
    srv: ServerFigures,
    sinmun: list[Series],
    newsboat: list[Series],
) -> None:
    print(f"\n{'':36}{'wall':>9}{'CPU':>10}")
    print(f"  {'server only, cold (bare sockets)':<34}{_fmt(srv.bare_cold)}")
    print(f"  {'server only, 304 (bare sockets)':<34}{_fmt(srv.bare_304)}")
    print(f"  {'server only, cold (httpx)':<34}{_fmt(srv.httpx_cold)}")
    print(f"  {'server only, 304 (httpx)':<34}{_fmt(srv.httpx_304)}")
    for s in (*sinmun, *newsboat):
        bad = sum(not r.ok for r in s.runs)
        flag = f"  ({bad} of {len(s.runs)} runs failed their check)" if bad else ""
        print(f"  {s.label:<34}{_fmt(s.wall)}  {_fmt(s.cpu)}{flag}")
    lat = args.latency_ms / 1000
    print(
        f"  latency floor: {floor_s(args.feeds, args.hosts, lat, 64, 4):.2f} s at 64 connections "
        f"/ 4 per host (sinmun's defaults), {math.ceil(args.feeds / 8) * lat:.2f} s at 8 threads "
        "(newsboat)"
    )
    if sinmun and newsboat:
        print("\n  sinmun / newsboat (CPU: user+sys of each program's whole process tree)")
        for label, i, target in (("cold", 0, COLD_TARGET), ("warm (3rd)", 2, WARM_TARGET)):
            a, b = sinmun[i], newsboat[i]
            print(_ratio_line(f"{label}, wall", a.wall, b.wall, target))
            print(
                _ratio_line(
                    f"{label}, CPU ({_fmt(a.cpu).strip()} vs {_fmt(b.cpu).strip()})",
                    a.cpu,
                    b.cpu,
                    None,
                )
            )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description="Time `sinmun refresh` (and newsboat) against a slow local feed server.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--feeds", type=int, default=200, help="number of feeds")
    p.add_argument("--items", type=int, default=30, help="items per feed")
    p.add_argument("--item-bytes", type=int, default=2048, help="HTML bytes per item")
    p.add_argument("--latency-ms", type=float, default=50.0, help="added per response")
    p.add_argument("--hosts", type=int, default=20, help="loopback addresses 127.0.0.1…N")
    p.add_argument("--repeat", type=int, default=3, help="runs per figure; median reported")
    p.add_argument("--sinmun-cmd", default="", help="default: sys.executable -m reader")
    p.add_argument("--newsboat", default=shutil.which("newsboat") or "", help="newsboat binary")
    p.add_argument("--no-newsboat", action="store_true", help="skip newsboat")
    p.add_argument("--no-sinmun", action="store_true", help="skip sinmun (server/newsboat only)")
    p.add_argument("--no-gzip", action="store_true", help="server never compresses")
    p.add_argument("--concurrency", type=int, default=40, help="server-only check concurrency")
    p.add_argument("--timeout", type=float, default=300.0, help="per-run limit in seconds")
    p.add_argument("--profile", type=Path, help="also profile a cold sinmun run into this file")
    p.add_argument("--profile-top", type=int, default=25, help="rows of each profile to print")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = p.parse_args(argv)
    if args.repeat < 1 or args.feeds < 1 or args.items < 1:
        p.error("--repeat, --feeds and --items must be at least 1")
    if not 1 <= args.hosts <= 254:
        p.error("--hosts must be between 1 and 254")

    if not args.sinmun_cmd:  # this checkout: compiled once, as pip compiles an install
        compileall.compile_dir(REPO / "reader", quiet=1)
    if not become_subreaper():
        print("note: cannot adopt orphaned processes here; CPU may miss left-over workers")
    work = Path(tempfile.mkdtemp(prefix="sinmun-bench-"))
    server = ServerProcess(args)
    try:
        mb, gz = server.bytes / 1e6, server.gzip_bytes / 1e6
        print(
            f"{args.feeds} feeds × {args.items} items = {server.items} items, {mb:.1f} MB "
            f"({gz:.1f} MB gzipped), {args.latency_ms:g} ms latency, {args.hosts} hosts "
            f"(127.0.0.1…{args.hosts}:{server.port}), median of {args.repeat}",
            flush=True,
        )
        srv = measure_server(server, args.concurrency)
        sinmun: list[Series] = []
        if not args.no_sinmun:
            sinmun = [Series(f"sinmun {x}") for x in ("cold", "warm (2nd)", "warm (3rd)")]
        newsboat: list[Series] = []
        if args.no_newsboat or not args.newsboat:
            print("  newsboat: skipped" + ("" if args.no_newsboat else " (not installed)"))
        else:
            newsboat = [Series(f"newsboat {x}") for x in ("cold", "2nd", "warm (3rd)")]
        for rep in range(args.repeat):  # interleaved, so load from elsewhere hits both alike
            if sinmun:
                sinmun_rep(args, server, work, rep, sinmun)
            if newsboat:
                newsboat_rep(args, server, work, rep, newsboat)
        _table(args, srv, sinmun, newsboat)
        failed = not srv.ok or any(not r.ok for s in (*sinmun, *newsboat) for r in s.runs)
        if failed:
            print("\nSome checks failed (marked CHECK FAILED above); logs in", work / "logs")
            args.keep = True
        if args.profile and not args.no_sinmun:
            from _profiling import profile_cold

            cfg = work / "sinmun" / "config.toml"
            profile_cold(args, server, cfg, work / "profile", args.profile.resolve())
    finally:
        server.close()
        if args.keep:
            print(f"\nkept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
