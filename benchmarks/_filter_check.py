"""The region filter's count against the matching rules, for filter.py.

A brute-force pass reads every article (read-only sqlite3) and asks
`reader.core.region_match.RegionMatcher` whether its title, summary, content text or full text
mentions the region; the ids it finds are compared with the ids Storage's region query returns.
The body is scanned as `content_text` (the text of the feed's HTML, what the index holds) when
the schema has it, else as the raw `content`.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.models import ArticleQuery
from reader.core.region_match import Place, RegionMatcher
from reader.core.regions import BUILTIN_REGIONS, find_region
from reader.core.storage import Storage

EXAMPLES = 3  # disagreeing articles shown each way
KINDS = 8  # kinds of disagreement shown


@dataclass
class CheckResult:
    region: str
    words: tuple[str, ...]
    body_column: str
    storage_count: int
    storage_ids: set[int]
    matcher_ids: set[int]
    scan_seconds: float
    kinds: Counter[tuple[str, str]]  # (side, first mention's words) → disagreeing articles
    only_storage: list[tuple[int, str]] = field(default_factory=list)  # (id, context)
    only_matcher: list[tuple[int, str]] = field(default_factory=list)


def _context(texts: tuple[str | None, ...], pattern: re.Pattern[str], width: int = 18) -> str:
    """The first match of `pattern` in `texts`, with `width` chars each side."""
    for text in texts:
        if text and (m := pattern.search(text)):
            start, end = max(0, m.start() - width), min(len(text), m.end() + width)
            return " ".join(text[start:end].split())
    return "(no spelling of the region in the text)"


def _mention(texts: tuple[str | None, ...], pattern: re.Pattern[str]) -> str:
    """The first mention as a kind: the word holding it, with the word before it when the
    name is Hangul (경기 광주시는 is another place; "in Gwangju" is just Gwangju)."""
    for text in texts:
        if text and (m := pattern.search(text)):
            before = text[: m.start()]
            start = m.start() - len(re.search(r"\S*$", before).group(0))  # type: ignore[union-attr]
            if re.match(r"[\uac00-\ud7a3]", m.group(0)):
                previous = re.search(r"(\S+)\s+$", before[:start])
                start = previous.start(1) if previous else start
            end = m.end() + len(re.match(r"\S*", text[m.end() :]).group(0))  # type: ignore[union-attr]
            return " ".join(text[start:end].split())
    return "(no spelling of the region)"


def check_region(db: Path, storage: Storage, typed: str) -> CheckResult:
    """Storage's matches for `typed` (resolved like the UI does) vs the matcher's."""
    region = find_region(BUILTIN_REGIONS, typed)
    name, words = (region.name, region.words) if region else (typed, (typed,))
    matcher = RegionMatcher([Place(name, words)])
    spelled = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    query = ArticleQuery(region=name)
    count = storage.count_articles(query)
    storage_ids = {a.id for a in storage.query_articles(query, 0, max(count, 1))}

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
        body = "content_text" if "content_text" in columns else "content"
        sql = f"SELECT id, title, summary, {body}, full_text FROM articles"
        started = time.perf_counter()
        found: set[int] = set()
        kinds: Counter[tuple[str, str]] = Counter()
        for article_id, *texts in conn.execute(sql):
            matched = bool(matcher.regions_in(*texts))
            if matched:
                found.add(article_id)
            if matched != (article_id in storage_ids):  # what the first mention looks like
                side = "only in the matcher" if matched else "only in storage"
                kinds[side, _mention(tuple(texts), spelled)] += 1
        seconds = time.perf_counter() - started
        result = CheckResult(name, words, body, count, storage_ids, found, seconds, kinds)
        for ids, out in (
            (storage_ids - found, result.only_storage),
            (found - storage_ids, result.only_matcher),
        ):
            for article_id in sorted(ids)[:EXAMPLES]:
                row = conn.execute(f"{sql} WHERE id = ?", (article_id,)).fetchone()
                out.append((article_id, _context(tuple(row[1:]), spelled)))
    finally:
        conn.close()
    return result


def report(result: CheckResult) -> bool:
    """Print the comparison; True when storage and the matcher agree."""
    only_s = len(result.storage_ids - result.matcher_ids)
    only_m = len(result.matcher_ids - result.storage_ids)
    print(
        f"\ncorrectness, region {result.region} ({', '.join(result.words)}): "
        f"title/summary/{result.body_column}/full_text"
    )
    print(f"  Storage.count_articles:          {result.storage_count:>8,}")
    print(f"  Storage rows (query, all pages): {len(result.storage_ids):>8,}")
    print(
        f"  RegionMatcher brute-force scan:  {len(result.matcher_ids):>8,}  "
        f"({result.scan_seconds:.1f} s over every article)"
    )
    print(
        f"  difference: {only_s + only_m:,} articles ({only_s:,} only in storage, "
        f"{only_m:,} only in the matcher); count − matcher = "
        f"{result.storage_count - len(result.matcher_ids):+,}"
    )
    if result.kinds:
        print("  commonest first mentions in the disagreeing articles:")
        for (side, context), n in result.kinds.most_common(KINDS):
            print(f"    {n:>7,}  {side}: {context}")
    for label, examples in (
        ("only in storage", result.only_storage),
        ("only in the matcher", result.only_matcher),
    ):
        for article_id, context in examples:
            print(f"    {label}: #{article_id}: …{context}…")
    agree = not only_s and not only_m and result.storage_count == len(result.matcher_ids)
    print(f"  → {'AGREE' if agree else 'DISAGREE'}")
    return agree
