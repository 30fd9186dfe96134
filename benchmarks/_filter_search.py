"""Search at scale, for filter.py: the search index's size and catch-up cost, query and count
times of Korean compound words, one syllable, Latin, symbols and region + word, the same while
a refresh's worth of articles waits for the index, and agreement with the matching rules.

The check reads every article (read-only sqlite3) and asks `reader.core.search_match` whether
all the query's words are in its title, summary, content text or full text; the ids it finds
are compared with the ids Storage's search returns.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from startup import pct

from reader.core.models import ArticleQuery
from reader.core.search_match import parse_query
from reader.core.storage import Storage

QUERY_MS, COUNT_MS = 10.0, 50.0
LIMIT = 200  # the list's first page
TAIL = 6_000  # what a cold refresh of 200 feeds × 30 items leaves for the index
CATCH_UP_BATCH = 2_000


@dataclass
class SearchCase:
    label: str
    kind: str  # what the case stands for, in the summary
    query: ArticleQuery


@dataclass
class Timing:
    rows: int
    count: int
    query_ms: list[float] = field(default_factory=list)
    count_ms: list[float] = field(default_factory=list)


CASES = [
    SearchCase("센터 (in 데이터센터)", "Korean compound word", ArticleQuery(search="센터")),
    SearchCase("데이터센터", "Korean compound word", ArticleQuery(search="데이터센터")),
    SearchCase("팽 (one syllable)", "one syllable", ArticleQuery(search="팽")),
    SearchCase("시 (one syllable)", "one syllable", ArticleQuery(search="시")),
    SearchCase("budget", "Latin", ArticleQuery(search="budget")),
    SearchCase("Gwangju's", "symbols", ArticleQuery(search="Gwangju's")),
    SearchCase("C++", "symbols", ArticleQuery(search="C++")),
    SearchCase("@example", "symbols", ArticleQuery(search="@example")),
    SearchCase("광주 + 예산", "region + word", ArticleQuery(region="광주", search="예산")),
    SearchCase("광주 + 센터", "region + word", ArticleQuery(region="광주", search="센터")),
    SearchCase("부산 + 찬반", "region + word", ArticleQuery(region="부산", search="찬반")),
    SearchCase(
        "unread + 센터", "with the list's filters", ArticleQuery(unread_only=True, search="센터")
    ),
    SearchCase("광주 예산 (2 words)", "with the list's filters", ArticleQuery(search="광주 예산")),
]


def index_sizes(db: Path) -> dict[str, int]:
    """Bytes of each full-text index (its shadow tables), from SQLite's dbstat."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        sizes = {}
        for name in ("articles_fts", "articles_search"):
            row = conn.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", (name + "%",)
            ).fetchone()
            if row[0]:
                sizes[name] = int(row[0])
        sizes["file"] = db.stat().st_size
        return sizes
    finally:
        conn.close()


def catch_up(storage: Storage) -> tuple[int, float, float]:
    """Index what the search index does not have yet: (articles, wall s, CPU s)."""
    index = getattr(storage, "index_search", None)
    if index is None:
        return 0, 0.0, 0.0
    wall, cpu, done = time.perf_counter(), time.process_time(), 0
    while n := index(CATCH_UP_BATCH):
        done += n
    return done, time.perf_counter() - wall, time.process_time() - cpu


class _Queried(Protocol):
    query: ArticleQuery


def time_cases(storage: Storage, cases: Sequence[_Queried], repeat: int) -> list[Timing]:
    """Page and count of every case, timed in rounds over all the cases (so a busy moment on
    the shared machine spreads over them rather than landing on one)."""
    out = [
        Timing(len(storage.query_articles(c.query, 0, LIMIT)), storage.count_articles(c.query))
        for c in cases  # the warm-up
    ]
    for _ in range(repeat):
        for case, timing in zip(cases, out, strict=True):
            start = time.perf_counter()
            storage.query_articles(case.query, 0, LIMIT)
            middle = time.perf_counter()
            storage.count_articles(case.query)
            timing.query_ms.append((middle - start) * 1000)
            timing.count_ms.append((time.perf_counter() - middle) * 1000)
    return out


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} {pct(values, 95):7.2f}"


def _row(label: str, t: Timing) -> str:
    return f"  {label:<26} {t.rows:>5} {t.count:>8,} | {_ms(t.query_ms)} | {_ms(t.count_ms)}"


HEAD = (
    f"  {'case':<26} {'rows':>5} {'count':>8} | {'query':>7} {'p95':>7} | {'count':>7} {'p95':>7}"
)


def check(db: Path, storage: Storage, case: SearchCase) -> tuple[int, int, int]:
    """(found by Storage, found by the rules, disagreeing) for a search without region."""
    query = parse_query(case.query.search)
    assert query is not None and case.query.region is None
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT id, read, title, summary, content_text, full_text FROM articles"
        ).fetchall()
    finally:
        conn.close()
    want = {
        i
        for i, read, *texts in rows
        if query.words
        and all(w.found_in(texts) for w in query.words)
        and not (case.query.unread_only and read)
    }
    total = storage.count_articles(case.query)
    got = {a.id for a in storage.query_articles(case.query, 0, total + 1)}
    return len(got), len(want), len(got ^ want)


def prepare(db: Path, storage: Storage) -> None:
    """Bring the search index up to date (as the app does when the search field opens), so
    every search here, the region section's too, is timed on it; print its cost and size."""
    before = index_sizes(db)
    done, wall, cpu = catch_up(storage)
    after = index_sizes(db)
    print("search index (articles_search: words and the suffixes of Hangul words, no positions)")
    if done:
        print(
            f"  caught up {done:,} articles in {wall:.1f} s ({cpu:.1f} s CPU, "
            f"{cpu / done * 1e6:.0f} µs each) — after refreshes, not in them"
        )
    for name in ("articles_fts", "articles_search"):
        if name in after:
            print(f"  {name:<16} {after[name] / 1e6:7.1f} MB")
    print(f"  database file    {before['file'] / 1e6:7.1f} MB → {after['file'] / 1e6:.1f} MB")
    optimize(storage)


def optimize(storage: Storage, repeat: int = 20) -> None:
    """Region + word before and after the app's idle-time merge of the indexes into one segment
    each (`Storage.optimize_search`): the figures below are timed after it, as the app leaves
    the database once idle (make_db's cached database is already merged: no change then)."""
    merge = getattr(storage, "optimize_search", None)
    if merge is None:
        return
    cases = [c for c in CASES if c.kind == "region + word"]

    def worst() -> float:
        return max(pct(t.query_ms, 95) for t in time_cases(storage, cases, repeat))

    before = worst()
    wall, cpu = time.perf_counter(), time.process_time()
    merge()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"  idle-time optimize: {wall:.1f} s ({cpu:.1f} s CPU); region + word worst query p95 "
        f"{before:.2f} → {worst():.2f} ms (target ≤ {QUERY_MS:g})"
    )


def report(db: Path, storage: Storage, repeat: int, checks: bool) -> None:
    print(
        f"\nsearch on Storage: first {LIMIT} rows and the full count, ms p50 / p95 ({repeat} runs)"
    )
    print(HEAD)
    timings = time_cases(storage, CASES, repeat)
    for case, got in zip(CASES, timings, strict=True):
        print(_row(case.label, got), flush=True)
    kinds = dict.fromkeys(case.kind for case in CASES)
    for kind in kinds:
        mine = [t for c, t in zip(CASES, timings, strict=True) if c.kind == kind]
        worst_q = max(pct(t.query_ms, 95) for t in mine)
        worst_c = max(pct(t.count_ms, 95) for t in mine)
        print(
            f"  {kind}: worst query p95 {worst_q:.2f} ms (target ≤ {QUERY_MS:g}) → "
            f"{'PASS' if worst_q <= QUERY_MS else 'MISS'}; worst count p95 {worst_c:.2f} ms "
            f"(≤ {COUNT_MS:g}) → {'PASS' if worst_c <= COUNT_MS else 'MISS'}"
        )
    if checks:
        print("\nsearch agreement with the matching rules (every article read):")
        for case in CASES:
            if case.query.region is None:
                found, want, off = check(db, storage, case)
                print(f"  {case.label:<26} Storage {found:>7,}  rules {want:>7,}  disagree {off}")
    _tail(db, storage, max(3, repeat // 5))


def _tail(db: Path, storage: Storage, repeat: int) -> None:
    """The same searches while the newest ids wait for the index (a refresh just ended): the
    marker is moved down on this copy — the articles above it are read, not looked up."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "search_state" not in tables:
            return
        top = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
        conn.execute("UPDATE search_state SET indexed_up_to = ?", (max(0, top - TAIL),))
    finally:
        conn.close()
    cases = [c for c in CASES if c.kind != "other filters"]
    print(f"\nthe same with the newest {TAIL:,} ids not indexed yet, ms p50 / p95 ({repeat} runs)")
    print(HEAD)
    for case, got in zip(cases, time_cases(storage, cases, repeat), strict=True):
        print(_row(case.label, got), flush=True)
