"""Metrics for benchmarks/extraction_quality.py, and the line diff its --pages listing prints.

- Body: the article-extraction-benchmark's own definition, F1 over 4-gram shingles of ``\\w+``
  tokens (multiset counts) per page; ``\\w`` covers Hangul, so Korean text is scored the same.
- Titles: on readability pages, case-insensitive equality after collapsing every run of
  non-word characters to one space (the figures the project has always quoted); on labelled
  pages, exact equality after NFKC and whitespace folding only.
- Bylines: on readability pages, the old containment rule (both sides as lower-case ``\\w+``
  tokens without "by"/"and"; either contains the other; an empty prediction never matches); on
  labelled pages, exact equality of the *set of names* (below); a page labelled with no byline
  matches only an empty prediction.
- Outlets (labelled pages): equality with one of the accepted names after NFKC, case folding
  and dropping spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

TOKEN = re.compile(r"\w+", re.UNICODE)

# Between names: ·, comma, slash, "and", "및", ... ("외 N명" is a count, not a name).
_NAME_SEP = re.compile(r"\s*(?:[·・•∙⋅,，、/;|&]|\band\b|(?<=\s)및(?=\s))\s*", re.IGNORECASE)
_COUNT = re.compile(r"\s*외\s*(?:\d+\s*(?:명|인)\s*)?$")
_DATELINE = re.compile(r"^\S+=\s*")  # "워싱턴=김철수 특파원"
_EMAIL = re.compile(r"\S+@\S+")
_BRACKETS = re.compile(r"[\[\]()<>{}\"'“”‘’]")
# A role written before or after a name is not part of the name ("칼럼니스트 박생강",
# "구현모 기자", "워싱턴 특파원"): both tools are scored on names alone.
_ROLES = (
    r"(?:(?:수습|인턴|선임|객원|전문|사진|영상|취재)\s*)?기자|대기자|특파원|논설위원|논설실장|"
    "해설위원|편집위원|칼럼니스트|통신원|기상캐스터|캐스터|앵커|리포터|에디터|PD|pd"
)
_ROLE_END = re.compile(rf"(?:\s*(?:{_ROLES}))+$")
_ROLE_START = re.compile(rf"^(?:(?:{_ROLES})\s+)+")
_BY = re.compile(r"^by\s+", re.IGNORECASE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
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


def _fold(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).split())


def title_loose(expected: str, got: str | None) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    return bool(got) and norm(expected) == norm(got or "")


def title_exact(expected: str, got: str | None) -> bool:
    return bool(got) and _fold(expected) == _fold(got or "")


def byline_contains(expected: str, got: str | None) -> bool:
    def norm(s: str) -> str:
        return " ".join(t for t in TOKEN.findall(s.casefold()) if t not in ("by", "and"))

    e, g = norm(expected), norm(got or "")
    return bool(e and g) and (e in g or g in e)


def byline_names(text: str | None) -> frozenset[str]:
    """The names in a byline string, as a set ("배윤경·이상현 기자" → {배윤경, 이상현})."""
    if not text:
        return frozenset()
    text = _COUNT.sub("", _EMAIL.sub(" ", _fold(text)))
    names = set()
    for part in _NAME_SEP.split(_BRACKETS.sub(" ", text)):
        part = _ROLE_END.sub("", _COUNT.sub("", _DATELINE.sub("", _BY.sub("", part.strip()))))
        part = _ROLE_START.sub("", part).strip()
        if part:
            names.add(part.casefold())
    return frozenset(names)


def byline_exact(expected: str | None, got: str | None) -> bool:
    return byline_names(expected) == byline_names(got)


def outlet_match(expected: Sequence[str], got: str | None) -> bool:
    def norm(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).casefold().split())

    return bool(got) and norm(got or "") in {norm(e) for e in expected}


def _covered(line: str, other: Counter[tuple[str, ...]], other_text: str) -> bool:
    """Whether most of ``line`` appears in the other side (short lines: as a substring)."""
    mine = shingles(line)
    if not mine:
        return " ".join(TOKEN.findall(line)) in other_text
    return sum((mine & other).values()) >= 0.5 * sum(mine.values())


def line_diff(expected: str, got: str) -> tuple[list[str], list[str]]:
    """(expected lines the output lacks, output lines the reference lacks)."""
    exp_sh, got_sh = shingles(expected), shingles(got)
    exp_flat, got_flat = " ".join(TOKEN.findall(expected)), " ".join(TOKEN.findall(got))
    missing = [
        line
        for line in expected.splitlines()
        if line.strip() and not _covered(line, got_sh, got_flat)
    ]
    extra = [
        line for line in got.splitlines() if line.strip() and not _covered(line, exp_sh, exp_flat)
    ]
    return missing, extra
