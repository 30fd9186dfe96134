"""How Storage's list, count and search queries hold up at scale.

    python benchmarks/storage_scale.py [N] [--db PATH] [--repeat R]

Fills a fresh database with N generated articles (default 100,000) through the public API
(`apply_feed`), marks about two thirds read and a few starred, then prints the median and
worst time of each query the UI runs. With --db an existing file is reused when it already
holds N articles (generation is the slow part). Budgets: list page < 5 ms, counts < 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.models import ArticleQuery, FeedSpec, ParsedEntry, ParsedFeed
from reader.core.storage import Storage

PER_FEED = 500
CITIES = ("강릉", "서울", "인천", "원주", "수원", "청주", "대전", "포항", "대구", "전주", "울산")
CITIES += ("창원", "광주", "부산", "순천", "홍성", "제주", "김해", "구미")
PARTICLES = ("", "시는", "의", "에서", "시", "광역시")
_SYLLABLES = "가나다라마바사아자차카타파하경정부시장기자교육문화지역발표계획사업주민의회예산"


class _Text:
    """Zipf-distributed words, Korean and English, like a real news collection's."""

    def __init__(self, rng: random.Random, vocabulary: int = 6000) -> None:
        self.rng = rng
        words = set()
        while len(words) < vocabulary:
            if rng.random() < 0.6:
                words.add("".join(rng.choices(_SYLLABLES, k=rng.choice((2, 2, 3, 4)))))
            else:
                words.add("".join(rng.choices("abcdefghijklmnoprstuvwy", k=rng.randint(3, 9))))
        self.words = sorted(words)
        rng.shuffle(self.words)
        weights = [1 / rank for rank in range(1, vocabulary + 1)]
        total = 0.0
        self.cum = []
        for w in weights:
            total += w
            self.cum.append(total)

    def sentence(self, n: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.cum, k=n))

    def city(self) -> str:
        """A place mention with a particle; 광주 three times as often as any other city."""
        city = "광주" if self.rng.random() < 0.15 else self.rng.choice(CITIES)
        return city + self.rng.choice(PARTICLES)


def populate(storage: Storage, n: int, *, seed: int = 1) -> float:
    """Add n generated articles in feeds of PER_FEED entries, one apply_feed per feed.

    Returns the seconds spent inside apply_feed (the rest is making up the text).
    """
    rng = random.Random(seed)
    text = _Text(rng)
    base = datetime(2026, 11, 1, tzinfo=UTC)
    made = 0
    feed_no = 0
    spent = 0.0
    while made < n:
        count = min(PER_FEED, n - made)
        feed = storage.add_feed(FeedSpec(f"http://127.0.0.1/feed/{feed_no}.xml"))
        entries = []
        for i in range(count):
            # Some entries lack a date (they sort by first-seen time).
            published = None if rng.random() < 0.05 else base - timedelta(minutes=made + i)
            entries.append(
                ParsedEntry(
                    key=f"urn:{feed_no}:{i}",
                    title=(text.city() + " " if rng.random() < 0.4 else "") + text.sentence(7),
                    link=f"http://127.0.0.1/a/{feed_no}/{i}",
                    author="홍길동 기자",
                    published=published,
                    summary=text.sentence(12) + " " + text.city() + " " + text.sentence(12),
                    content="<p>" + "</p><p>".join(text.sentence(25) for _ in range(4)) + "</p>",
                )
            )
        parsed = ParsedFeed(f"Feed {feed_no}", "http://127.0.0.1/", tuple(entries))
        t0 = time.perf_counter()
        storage.apply_feed(
            feed.id, parsed, etag=None, last_modified=None, body_hash=None, when=base
        )
        spent += time.perf_counter() - t0
        made += count
        feed_no += 1
    t0 = time.perf_counter()
    storage.index_fts()  # as a refresh ends: the full-text index takes them all at once
    spent += time.perf_counter() - t0
    ids = [a_id for a_id in range(1, n + 1) if rng.random() < 0.66]
    storage.set_read(ids, True)
    for a_id in rng.sample(range(1, n + 1), max(1, n // 200)):
        storage.set_starred(a_id, True)
    return spent


def _measure(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    times = []
    result: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times), result


def run(db: Path, n: int, repeat: int) -> None:
    storage = Storage(db)
    have = storage.count_articles(ArticleQuery())
    if have != n:
        if have:
            sys.exit(f"{db} holds {have} articles, not {n}; use another --db")
        t0 = time.perf_counter()
        in_apply = populate(storage, n)
        elapsed = time.perf_counter() - t0
        print(
            f"generated {n:,} articles in {elapsed:.1f} s; apply_feed took {in_apply:.1f} s "
            f"({in_apply / n * 1e6:.0f} µs per new article)"
        )
    index_search = getattr(storage, "index_search", None)
    if index_search is not None:  # the search index takes new articles later, in batches
        t0 = time.perf_counter()
        indexed = 0
        while done := index_search(2000):
            indexed += done
        if indexed:
            spent_s = time.perf_counter() - t0
            print(f"search index: {indexed:,} articles in {spent_s:.1f} s")
    storage.close()  # runs PRAGMA optimize, as a real session end would
    storage = Storage(db)
    feed = storage.list_feeds()[len(storage.list_feeds()) // 2]
    every = ArticleQuery()
    unread = ArticleQuery(unread_only=True)
    words = _Text(random.Random(1)).words  # the same vocabulary populate() drew from
    search = ArticleQuery(search="광주")
    common = ArticleQuery(search=words[0])
    rare = ArticleQuery(search=f"{words[200]} {words[40]}")
    region = ArticleQuery(region="광주 Gwangju 광주광역시")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("page 1 (50), all", lambda: storage.query_articles(every)),
        ("page at offset 50,000", lambda: storage.query_articles(every, offset=n // 2)),
        ("page 1, unread", lambda: storage.query_articles(unread)),
        ("page 1, starred", lambda: storage.query_articles(ArticleQuery(starred_only=True))),
        ("page 1, one feed", lambda: storage.query_articles(ArticleQuery(feed_id=feed.id))),
        ("page 1, search 광주", lambda: storage.query_articles(search)),
        (f"page 1, search {words[0]} (commonest)", lambda: storage.query_articles(common)),
        ("page 1, search two rarer words", lambda: storage.query_articles(rare)),
        ("page 1, region 광주|Gwangju", lambda: storage.query_articles(region)),
        ("page 1, region + unread", lambda: storage.query_articles(
            ArticleQuery(region="광주 Gwangju", unread_only=True))),
        ("count all", lambda: storage.count_articles(every)),
        ("count unread", lambda: storage.count_articles(unread)),
        ("count one feed unread", lambda: storage.count_articles(
            ArticleQuery(feed_id=feed.id, unread_only=True))),
        ("count search 광주", lambda: storage.count_articles(search)),
        ("count search 광주 + unread", lambda: storage.count_articles(
            ArticleQuery(search="광주", unread_only=True))),
        ("count search commonest word", lambda: storage.count_articles(common)),
        ("count search two rarer words", lambda: storage.count_articles(rare)),
        ("count region 광주|Gwangju", lambda: storage.count_articles(region)),
        ("list_feeds (counts)", storage.list_feeds),
        ("get_article", lambda: storage.get_article(n // 3)),
    ]  # fmt: skip
    print(f"{n:,} articles in {db.stat().st_size / 1e6:.0f} MB; median / worst of {repeat} runs")
    for name, fn in cases:
        median, worst, result = _measure(fn, repeat)
        shown = len(result) if isinstance(result, list) else result
        shown = "" if isinstance(shown, object) and not isinstance(shown, int) else shown
        print(f"  {name:<30} {median:8.2f} ms {worst:8.2f} ms   -> {shown}")
    storage.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000, help="articles (100000)")
    ap.add_argument("--db", type=Path, help="database file to create or reuse")
    ap.add_argument("--repeat", type=int, default=20, help="runs per query (20)")
    args = ap.parse_args()
    if args.db:
        run(args.db, args.n, args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp) / "scale.db", args.n, args.repeat)


if __name__ == "__main__":
    main()
