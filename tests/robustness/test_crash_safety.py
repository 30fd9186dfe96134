"""`sinmun refresh` killed with SIGKILL at random points, many times over, loses nothing: the
database stays intact, the search index agrees with the articles, read/starred state is what
the user set, and the next refresh completes.

The feeds (/faults/hostile/churn/<n>.xml) change on every request, so every refresh rewrites
thousands of rows and index entries. Each kill waits until that refresh holds the data dir's
refresh lock (its imports are done, its work has begun), then lands at a point drawn from its
own stretch of one whole refresh's locked time: the kills are spread over the whole refresh,
early writes to the last, rather than left to chance (or to the interpreter's start-up).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from reader.core.models import ArticleQuery
from reader.newsroom import Newsroom
from tests.robustness.conftest import ROOT, integrity, open_service, sinmun, write_config

FEEDS = 24
ITEMS = 150
KILLS = 8
POLL = 0.005  # seconds between looks at the lock file while a refresh starts


def _start_refresh(config: Path, data: Path) -> subprocess.Popen[bytes]:
    args = ["--config", str(config), "--data-dir", str(data), "refresh", "--json"]
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes its parser workers too
    )


def _locked_by(proc: subprocess.Popen[bytes], lock: Path, deadline: float) -> float | None:
    """Wait until `proc` holds the refresh lock (its pid is in the lock file): the time it was
    seen, or None when it ended first. The deadline keeps a broken refresh from hanging us."""
    while proc.poll() is None:
        try:
            if lock.read_text().strip() == str(proc.pid):
                return time.monotonic()
        except OSError:  # not created yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the refresh never took the lock")
        time.sleep(POLL)
    return None


def _matches(conn: sqlite3.Connection, word: str) -> int:
    return conn.execute(
        "SELECT count(*) FROM articles WHERE title LIKE ?1 OR summary LIKE ?1 "
        "OR content_text LIKE ?1 OR full_text LIKE ?1",
        (f"%{word}%",),
    ).fetchone()[0]


async def test_sigkill_during_refresh_loses_nothing(tmp_path: Path) -> None:
    seed = int(os.environ.get("SINMUN_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    data = tmp_path / "data"
    with Newsroom() as nr:
        urls = [nr.url(f"/faults/hostile/churn/{n}.xml?items={ITEMS}") for n in range(FEEDS)]
        config = write_config(tmp_path / "config.toml", urls)

        service = open_service(data, urls)
        try:
            assert {r.status for r in await service.refresh()} == {"ok"}
            ids = [a.id for a in service.articles(ArticleQuery(), limit=FEEDS * (ITEMS + 2))]
            read = {i for i in ids if i % 3 == 0}
            starred = {i for i in ids if i % 7 == 0}
            service.set_read(sorted(read), True)
            for i in starred:
                service.set_starred(i, True)
        finally:
            await service.aclose()

        # One whole refresh, timed from the moment it holds the lock to its end, on this
        # machine: a faster machine (or a faster sinmun) scales the kill points with it.
        lock = data / "refresh.lock"
        whole_run = _start_refresh(config, data)
        locked = _locked_by(whole_run, lock, time.monotonic() + 60)
        assert whole_run.wait(timeout=60) == 0 and locked is not None
        whole = time.monotonic() - locked
        # Kill i lands in the i-th of KILLS equal stretches of that time (in a random order).
        points = [(i + rng.random()) / KILLS * 0.95 * whole for i in range(KILLS)]
        rng.shuffle(points)
        killed_running = 0
        for point in points:
            proc = _start_refresh(config, data)
            seen = _locked_by(proc, lock, time.monotonic() + 60)
            if seen is not None:
                time.sleep(max(0.0, seen + point - time.monotonic()))
            if proc.poll() is None:
                killed_running += 1
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        # A refresh faster than the timed one (a busy machine timed it) may end before a late
        # point: that kill proves nothing, but most must land.
        assert killed_running >= KILLS // 2, f"most kills must hit a running refresh (seed {seed})"

        db = data / "sinmun.db"
        assert integrity(db) == "ok", f"seed {seed}"
        conn = sqlite3.connect(db)
        try:
            # FTS5's own check that the external-content index matches the articles table
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
            state = {
                row[0]: (bool(row[1]), bool(row[2]))
                for row in conn.execute("SELECT id, read, starred FROM articles")
            }
            like = {w: _matches(conn, w) for w in ("alpha", "omega", "churn")}
        finally:
            conn.close()
        for i in ids:
            assert state[i] == (i in read, i in starred), f"article {i} (seed {seed})"
        assert {i for i, (_, s) in state.items() if s} == starred

        service = open_service(data, urls)
        try:
            for word, expected in like.items():
                assert service.count(ArticleQuery(search=word)) == expected, (word, seed)
        finally:
            service.close()

        final = sinmun("--config", str(config), "--data-dir", str(data), "refresh", "--json")
        assert final.code == 0, final.error
        statuses = {r["status"] for r in final.json()}
        assert statuses <= {"ok", "not_modified"}, final.json()
        assert len(final.json()) == FEEDS
        assert integrity(db) == "ok"
