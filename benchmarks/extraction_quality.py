"""Extraction quality: Sinmun's extractor against plain trafilatura, on public test pages.

Usage::

    nice -n 10 python benchmarks/extraction_quality.py ../shared/corpus [--limit N] [--pages]

CORPUS may be the corpus root or one of its folders:
- ``readability/<case>/`` (mozilla/readability test pages): ``source.html``, ``expected.html``
  (the cleaned article), ``expected-metadata.json`` (``title``, ``byline``);
- ``article-extraction-benchmark/<sha>/`` (scrapinghub): ``source.html``, ``expected.json``
  (``url``, ``articleBody``).

Both tools see the same raw bytes. The baseline is ``trafilatura.bare_extraction(html,
with_metadata=True)`` with every other option at its default (title, author and text come from
the one call). Metrics, per corpus and tool:

- body F1: the article-extraction-benchmark's own definition — F1 over 4-gram shingles of
  ``\\w+`` tokens (multiset counts), per page, averaged over pages (precision/recall likewise);
  readability's reference text is the text of ``expected.html``. Sinmun's body is its paragraphs.
- title accuracy: case-insensitive equality after collapsing every run of non-word characters
  to one space (readability only; the other corpus has no titles).
- byline accuracy over readability's non-null bylines (76): both sides reduced to lower-case
  ``\\w+`` tokens without "by"/"and" and joined by spaces; a match is containment either way
  (so "By Jane Doe" ≈ "Jane Doe", "Jane Doe·John Roe" ≈ "Jane Doe and John Roe"); an empty
  prediction never matches.
- median and maximum CPU time per page (``time.process_time``: decode + parse + extract), after
  one warm-up page; CPU time rather than wall time because the benchmark machine is shared. The
  maximum shows a page that escapes the extraction budget (reader/core/extract/dom.py).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(slots=True)
class Page:
    name: str
    html: bytes
    url: str | None
    body: str
    title: str | None = None
    byline: str | None = None


@dataclass(slots=True)
class Result:
    title: str | None
    byline: str | None
    body: str
    seconds: float


@dataclass(slots=True)
class Score:
    f1: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    titles: list[bool] = field(default_factory=list)
    bylines: list[bool] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def prf(expected: str, got: str) -> tuple[float, float, float]:
    """The benchmark's shingle precision, recall and F1 (empty vs empty is a perfect score)."""
    truth, pred = shingles(expected), shingles(got)
    tp = sum((truth & pred).values())
    fp = sum((pred - truth).values())
    fn = sum((truth - pred).values())
    if tp + fp + fn == 0:
        return 1.0, 1.0, 1.0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def title_match(expected: str, got: str | None) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    return bool(got) and norm(expected) == norm(got or "")


def byline_match(expected: str, got: str | None) -> bool:
    def norm(s: str) -> str:
        return " ".join(t for t in _TOKEN.findall(s.casefold()) if t not in ("by", "and"))

    e, g = norm(expected), norm(got or "")
    return bool(e and g) and (e in g or g in e)


def load_pages(corpus: Path, limit: int | None) -> dict[str, list[Page]]:
    from lxml import html as lxml_html

    sets: dict[str, list[Page]] = {}
    roots = (
        [corpus]
        if any(corpus.glob("*/source.html"))
        else sorted(p for p in corpus.iterdir() if p.is_dir())
    )
    for root in roots:
        pages: list[Page] = []
        for case in sorted(p for p in root.iterdir() if (p / "source.html").is_file()):
            if limit is not None and len(pages) >= limit:
                break
            raw = (case / "source.html").read_bytes()
            if (case / "expected-metadata.json").is_file():
                meta = json.loads((case / "expected-metadata.json").read_text("utf-8"))
                expected = (case / "expected.html").read_text("utf-8")
                body = lxml_html.fromstring(expected).text_content() if expected.strip() else ""
                pages.append(
                    Page(case.name, raw, None, body, meta.get("title"), meta.get("byline"))
                )
            elif (case / "expected.json").is_file():
                data = json.loads((case / "expected.json").read_text("utf-8"))
                pages.append(Page(case.name, raw, data.get("url"), data.get("articleBody") or ""))
        if pages:
            sets[root.name] = pages
    return sets


def run_sinmun(page: Page) -> Result:
    from reader.core.extract import ExtractError, extract_page

    start = time.process_time()
    try:
        art = extract_page(page.html, {}, page.url)
    except ExtractError:
        return Result(None, None, "", time.process_time() - start)
    seconds = time.process_time() - start
    name = art.byline.name if art.byline else None
    return Result(art.title, name, "\n".join(art.paragraphs), seconds)


def run_trafilatura(page: Page) -> Result:
    import trafilatura

    start = time.process_time()
    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    seconds = time.process_time() - start
    if doc is None:
        return Result(None, None, "", seconds)
    return Result(doc.title, doc.author, doc.text or "", seconds)


TOOLS: dict[str, Callable[[Page], Result]] = {"sinmun": run_sinmun, "trafilatura": run_trafilatura}


def evaluate(pages: list[Page], show_pages: bool) -> dict[str, Score]:
    scores = {name: Score() for name in TOOLS}
    for page in pages:
        row = []
        for name, tool in TOOLS.items():
            res = tool(page)
            s = scores[name]
            p, r, f = prf(page.body, res.body)
            s.precision.append(p)
            s.recall.append(r)
            s.f1.append(f)
            s.seconds.append(res.seconds)
            if page.title is not None:
                s.titles.append(title_match(page.title, res.title))
            if page.byline:
                s.bylines.append(byline_match(page.byline, res.byline))
            row.append(f"{name} f1={f:.2f} byline={res.byline!r} title={res.title!r}")
        if show_pages:
            print(
                f"  {page.name[:20]:20} exp={page.byline!r} {page.title!r}\n    "
                + "\n    ".join(row),
                flush=True,
            )
    return scores


def _pct(hits: list[bool]) -> str:
    return f"{sum(hits) / len(hits):6.1%} ({sum(hits)}/{len(hits)})" if hits else "     n/a"


def report(corpus_name: str, n: int, scores: dict[str, Score]) -> None:
    print(f"\n{corpus_name}: {n} pages")
    print(
        f"  {'tool':12} {'body F1':>8} {'prec':>6} {'recall':>6}  {'title':>15}  "
        f"{'byline':>15}  {'median ms':>9}  {'max ms':>7}"
    )
    for name, s in scores.items():
        print(
            f"  {name:12} {statistics.fmean(s.f1):8.3f} {statistics.fmean(s.precision):6.3f} "
            f"{statistics.fmean(s.recall):6.3f}  {_pct(s.titles):>15}  {_pct(s.bylines):>15}  "
            f"{statistics.median(s.seconds) * 1000:9.1f}  {max(s.seconds) * 1000:7.0f}"
        )
    base = statistics.median(scores["trafilatura"].seconds)
    ratio = statistics.median(scores["sinmun"].seconds) / base if base else float("nan")
    print(f"  time ratio sinmun/trafilatura (medians): {ratio:.2f}×")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="corpus root or one of its folders")
    parser.add_argument("--limit", type=int, default=None, help="at most N pages per folder")
    parser.add_argument("--pages", action="store_true", help="print one line per page")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"extraction_quality: {args.corpus}: not a directory", file=sys.stderr)
        return 2
    sets = load_pages(args.corpus, args.limit)
    if not sets:
        print(f"extraction_quality: {args.corpus}: no */source.html pages found", file=sys.stderr)
        return 2
    first = next(iter(sets.values()))[0]
    for tool in TOOLS.values():  # warm-up: imports and lazy caches out of the timings
        tool(first)
    for name, pages in sets.items():
        report(name, len(pages), evaluate(pages, args.pages))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
