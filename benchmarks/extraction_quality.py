"""Extraction quality: Sinmun's extractor against plain trafilatura, on public test pages.

Usage::

    nice -n 10 python benchmarks/extraction_quality.py CORPUS [--limit N] [--pages] [--euc-kr]

CORPUS is a folder of cases (``<case>/source.html`` plus the expected answer) or a folder of
such folders, each scored as one set: ``../shared/corpus`` (readability and
article-extraction-benchmark), or a labelled set such as the Korean development set
(``<case>/expected.json`` with ``title``, ``outlet``, ``byline``, ``body``; see
benchmarks/_extraction_pages.py for the formats and benchmarks/_extraction_scores.py for every
metric's exact rule).

Both tools see the same raw bytes and no HTTP headers (so the page's own charset declaration
decides). The baseline is ``trafilatura.bare_extraction(html, url=..., with_metadata=True)``
with every other option at its default (title, author, site name and text from the one call).
Per set and tool: body F1/precision/recall (4-gram shingles, averaged over pages), title and
byline accuracy, outlet accuracy (labelled sets), and median, p95 and maximum CPU time per page
(``time.process_time``: decode + parse + extract; CPU rather than wall time because the machine
is shared), the faster of two runs of each page by each tool (one-time lazy set-up such as
trafilatura's stop-word lists is not a page's cost).

``--euc-kr`` also scores every page re-encoded as EUC-KR (CP949 bytes, each ``<meta>`` charset
rewritten to euc-kr) and lists the pages where a tool's output differs from its UTF-8 output.
``--pages`` lists, per page, what Sinmun (or ``--tool``) got wrong: title, byline or outlet
(expected vs got), and for a body under F1 0.95 the reference lines it missed and the lines it
added.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _extraction_pages import Page, as_euc_kr, load_sets
from _extraction_scores import (
    byline_contains,
    byline_exact,
    line_diff,
    outlet_match,
    prf,
    title_exact,
    title_loose,
)

BODY_OK = 0.95  # --pages shows the body diff of pages under this F1


@dataclass(frozen=True, slots=True)
class Result:
    title: str | None
    byline: str | None
    outlet: str | None
    body: str
    seconds: float

    def same_output(self, other: Result) -> bool:
        return (self.title, self.byline, self.outlet, self.body) == (
            other.title,
            other.byline,
            other.outlet,
            other.body,
        )


@dataclass(slots=True)
class Score:
    f1: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    titles: list[bool] = field(default_factory=list)
    bylines: list[bool] = field(default_factory=list)
    outlets: list[bool] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)


def run_sinmun(page: Page) -> Result:
    from reader.core.extract import ExtractError, extract_page

    start = time.process_time()
    try:
        art = extract_page(page.html, {}, page.url)
    except ExtractError:
        return Result(None, None, None, "", time.process_time() - start)
    seconds = time.process_time() - start
    name = art.byline.name if art.byline else None
    return Result(art.title, name, art.outlet, "\n".join(art.paragraphs), seconds)


def run_trafilatura(page: Page) -> Result:
    import trafilatura

    start = time.process_time()
    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    seconds = time.process_time() - start
    if doc is None:
        return Result(None, None, None, "", seconds)
    # A Document (a dict only with as_dict=True): the same four fields either way.
    field_of = doc.get if isinstance(doc, dict) else lambda name: getattr(doc, name, None)
    return Result(
        field_of("title"), field_of("author"), field_of("sitename"), field_of("text") or "", seconds
    )


TOOLS: dict[str, Callable[[Page], Result]] = {"sinmun": run_sinmun, "trafilatura": run_trafilatura}


@dataclass(frozen=True, slots=True)
class Checks:
    title: bool | None
    byline: bool | None
    outlet: bool | None
    f1: float
    precision: float
    recall: float


def check(page: Page, res: Result) -> Checks:
    """Every metric that applies to this page (None: the page's format has no answer)."""
    p, r, f = prf(page.body, res.body)
    title = byline = outlet = None
    if page.kind == "labelled":
        title = title_exact(page.title or "", res.title)
        byline = byline_exact(page.byline, res.byline)
        outlet = outlet_match(page.outlets, res.outlet) if page.outlets else None
    elif page.kind == "readability":
        title = title_loose(page.title, res.title) if page.title is not None else None
        byline = byline_contains(page.byline, res.byline) if page.byline else None
    return Checks(title, byline, outlet, f, p, r)


def evaluate(pages: list[Page], listing: str | None) -> dict[str, Score]:
    scores = {name: Score() for name in TOOLS}
    for page in pages:
        for name, tool in TOOLS.items():
            # Each page twice per tool, the faster run counted: a tool's one-time lazy set-up
            # (trafilatura's stop-word lists on its first justext fallback) is not a page's cost.
            res = tool(page)
            res = dataclasses.replace(res, seconds=min(res.seconds, tool(page).seconds))
            c = check(page, res)
            s = scores[name]
            s.results.append(res)
            s.f1.append(c.f1)
            s.precision.append(c.precision)
            s.recall.append(c.recall)
            s.seconds.append(res.seconds)
            for hits, ok in ((s.titles, c.title), (s.bylines, c.byline), (s.outlets, c.outlet)):
                if ok is not None:
                    hits.append(ok)
            if listing in (name, "both"):
                show_page(page, name, res, c)
    return scores


def _short(text: str | None, width: int = 90) -> str:
    if text is None:
        return "None"
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def show_page(page: Page, tool: str, res: Result, c: Checks) -> None:
    """What this tool got wrong on this page (one line when nothing)."""
    wrong = []
    if c.title is False:
        wrong.append(f"title   expected {_short(page.title)}\n             got {_short(res.title)}")
    if c.byline is False:
        wrong.append(f"byline  expected {_short(page.byline)}  got {_short(res.byline)}")
    if c.outlet is False:
        wrong.append(
            f"outlet  expected {_short(' | '.join(page.outlets))}  got {_short(res.outlet)}"
        )
    if c.f1 < BODY_OK:
        missing, extra = line_diff(page.body, res.body)
        lines = (
            f"{len(missing)} reference lines missing, {len(extra)} extra lines"
            if missing or extra
            else "no whole line differs"
        )
        wrong.append(
            f"body    F1 {c.f1:.2f} (precision {c.precision:.2f}, recall {c.recall:.2f}); {lines}"
            + "".join(f"\n          - {_short(line, 100)}" for line in missing[:4])
            + "".join(f"\n          + {_short(line, 100)}" for line in extra[:6])
        )
    status = "ok" if not wrong else "; ".join(w.split()[0] for w in wrong)
    print(f"  {page.name[:28]:28} {tool:11} f1={c.f1:.2f}  {status}", flush=True)
    for w in wrong:
        print(f"      {w}", flush=True)


def _pct(hits: list[bool]) -> str:
    return f"{sum(hits) / len(hits):6.1%} ({sum(hits)}/{len(hits)})" if hits else "     n/a"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(set_name: str, n: int, scores: dict[str, Score], note: str = "") -> None:
    print(f"\n{set_name}: {n} pages{note}")
    print(
        f"  {'tool':12} {'body F1':>7} {'prec':>6} {'recall':>6}  {'title':>15}  "
        f"{'byline':>15}  {'outlet':>15}  {'median ms':>9} {'p95 ms':>7} {'max ms':>7}"
    )
    for name, s in scores.items():
        print(
            f"  {name:12} {statistics.fmean(s.f1):7.3f} {statistics.fmean(s.precision):6.3f} "
            f"{statistics.fmean(s.recall):6.3f}  {_pct(s.titles):>15}  {_pct(s.bylines):>15}  "
            f"{_pct(s.outlets):>15}  {statistics.median(s.seconds) * 1000:9.1f} "
            f"{_p95(s.seconds) * 1000:7.1f} {max(s.seconds) * 1000:7.0f}"
        )
    mine, base = scores["sinmun"].seconds, scores["trafilatura"].seconds
    ratios = [
        f"{label} {f(mine) / f(base):.2f}×" if f(base) else f"{label} n/a"
        for label, f in (("median", statistics.median), ("p95", _p95))
    ]
    print(f"  CPU time sinmun/trafilatura: {', '.join(ratios)}")


def compare_encodings(pages: list[Page], utf8: dict[str, Score], euc: dict[str, Score]) -> None:
    """Per tool: on how many pages the EUC-KR copy gave exactly the UTF-8 output."""
    for name in TOOLS:
        pairs = zip(pages, utf8[name].results, euc[name].results, strict=True)
        differ = [p.name for p, a, b in pairs if not a.same_output(b)]
        same = len(pages) - len(differ)
        print(
            f"  EUC-KR vs UTF-8, {name}: same output on {same}/{len(pages)} pages"
            + (f"; differs on {', '.join(differ)}" if differ else "")
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder of cases, or a folder of such sets")
    parser.add_argument("--limit", type=int, default=None, help="at most N pages per set")
    parser.add_argument("--pages", action="store_true", help="list what each page got wrong")
    parser.add_argument(
        "--tool",
        choices=("sinmun", "trafilatura", "both"),
        default="sinmun",
        help="whose mistakes --pages lists (default: sinmun)",
    )
    parser.add_argument(
        "--euc-kr", action="store_true", help="also score every page re-encoded as EUC-KR"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"extraction_quality: {args.corpus}: not a directory", file=sys.stderr)
        return 2
    sets = load_sets(args.corpus, args.limit)
    if not sets:
        print(f"extraction_quality: {args.corpus}: no */source.html pages found", file=sys.stderr)
        return 2
    first = next(iter(sets.values()))[0]
    for tool in TOOLS.values():  # warm-up: imports and lazy caches out of the timings
        tool(first)
    listing = args.tool if args.pages else None
    for name, pages in sets.items():
        if listing:
            print(f"\n{name}: pages")
        scores = evaluate(pages, listing)
        report(name, len(pages), scores)
        if args.euc_kr:
            copies = [as_euc_kr(p) for p in pages]
            lost = sum(p.lost for p in copies)
            if listing:
                print(f"\n{name} [EUC-KR]: pages")
            euc = evaluate(copies, listing)
            note = f"; {lost} characters outside CP949 written as &#…;" if lost else ""
            report(f"{name} [EUC-KR]", len(copies), euc, note)
            compare_encodings(pages, scores, euc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
