"""Both feed parsers over a folder of feeds: the lxml fast path (reader.core.fast_feed) against
feedparser alone, compared on what is stored.

    python benchmarks/fast_feed_equivalence.py ../shared/corpus/feedparser
    python benchmarks/fast_feed_equivalence.py DIR --generated 200   # + the refresh feeds

Every file under DIR (recursively; *.xml, *.rss, *.atom, *.rdf, *.json) is parsed twice with
``parse_feed``: ``fast=False`` (feedparser for every feed) and ``fast=True``. For each feed the
fast path accepts, the stored fields must be equal: the feed's title, site link and warning,
and per entry every field, its search text and its hash (``feed_writes.stored_fields``); a feed
it declines goes to feedparser, the same call. Prints the accepted count, the identical count,
each difference (there must be none: exit status 1 otherwise) and the parse CPU of both runs
(process time, each feed parsed --repeat times, best of them).

A file may start with feedparser's test-suite header comment; its ``Header: name: value`` lines
become the response headers, as in feedparser's own tests.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.core import fast_feed  # noqa: E402
from reader.core.feed_writes import stored_fields  # noqa: E402
from reader.core.models import ParsedFeed  # noqa: E402
from reader.core.parsing import FeedParseError, parse_feed  # noqa: E402

_HEADER = re.compile(rb"^\s*Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.MULTILINE)
_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".json"}
URL = "http://feeds.example/feed.xml"


def stored(parsed: ParsedFeed | str) -> list[tuple[str, Any]]:
    """What a refresh stores of a parse, as (field, value) pairs; an error is its message."""
    return [("error", parsed)] if isinstance(parsed, str) else stored_fields(parsed)


def parse(body: bytes, headers: dict[str, str], *, fast: bool) -> ParsedFeed | str:
    try:
        return parse_feed(body, headers, URL, fast=fast)
    except FeedParseError as exc:
        return f"FeedParseError: {exc}"


def differences(a: list[tuple[str, Any]], b: list[tuple[str, Any]]) -> list[str]:
    if len(a) != len(b):
        return [f"{len(a)} fields vs {len(b)}: {a[:4]!r} / {b[:4]!r}"]
    return [f"{x[0]}: {x[1]!r} != {y[1]!r}" for x, y in zip(a, b, strict=True) if x != y]


def corpus(root: Path) -> Iterator[tuple[str, bytes, dict[str, str]]]:
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in _SUFFIXES and path.is_file():
            body = path.read_bytes()
            headers = {k.decode().lower(): v.decode("latin-1") for k, v in _HEADER.findall(body)}
            yield str(path.relative_to(root)), body, headers


def generated(count: int) -> Iterator[tuple[str, bytes, dict[str, str]]]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from _feedgen import make_feed

    for i in range(count):
        path, doc = make_feed(i, 30, "http://127.0.0.1:8000", 2000, 1)
        yield f"generated{path}", doc.body, {"content-type": doc.content_type}


def accepted_by_fast_path(body: bytes, headers: dict[str, str]) -> bool:
    """Whether the fast path read this body (parse_feed's call to it, watched)."""
    seen: list[bool] = []
    read = fast_feed.read_rss

    def watch(data: bytes, encoding: str | None, *text: str | None) -> dict[str, Any] | None:
        result = read(data, encoding, *text)
        seen.append(result is not None)
        return result

    fast_feed.read_rss = watch  # type: ignore[assignment]
    try:
        parse(body, headers, fast=True)
    finally:
        fast_feed.read_rss = read
    return any(seen)


def cpu(feeds: list[tuple[str, bytes, dict[str, str]]], *, fast: bool, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _, body, headers in feeds:
            parse(body, headers, fast=fast)
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folder", type=Path, nargs="?", help="a folder of feeds (searched recursively)")
    ap.add_argument("--generated", type=int, default=0, help="add N refresh-benchmark feeds")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (best is shown)")
    args = ap.parse_args()
    feeds = list(corpus(args.folder)) if args.folder else []
    feeds += generated(args.generated)
    if not feeds:
        ap.error("no feeds: give a folder and/or --generated N")
    accepted = identical = 0
    accepted_feeds = []
    for name, body, headers in feeds:
        if not accepted_by_fast_path(body, headers):
            continue
        accepted += 1
        accepted_feeds.append((name, body, headers))
        diff = differences(
            stored(parse(body, headers, fast=False)), stored(parse(body, headers, fast=True))
        )
        if diff:
            print(f"DIFFERENT {name}:", *diff[:5], sep="\n    ")
        else:
            identical += 1
    cpu(feeds[:50], fast=True, repeat=1)  # warm-up: imports, first-parse caches
    slow_all, fast_all = (
        cpu(feeds, fast=False, repeat=args.repeat),
        cpu(feeds, fast=True, repeat=args.repeat),
    )
    slow_acc = cpu(accepted_feeds, fast=False, repeat=args.repeat)
    fast_acc = cpu(accepted_feeds, fast=True, repeat=args.repeat)
    print(f"feeds: {len(feeds)}  accepted by the fast path: {accepted}  identical: {identical}")
    print(f"differences: {accepted - identical}")
    print(
        f"parse CPU, all feeds:      feedparser only {slow_all:.3f} s, with fast path "
        f"{fast_all:.3f} s ({_change(slow_all, fast_all)})"
    )
    print(
        f"parse CPU, accepted feeds: feedparser {slow_acc:.3f} s, fast path {fast_acc:.3f} s "
        f"({_change(slow_acc, fast_acc)})"
    )
    return 0 if accepted == identical else 1


def _change(before: float, after: float) -> str:
    return f"{(after - before) / before:+.0%}" if before else "n/a"


if __name__ == "__main__":
    sys.exit(main())
