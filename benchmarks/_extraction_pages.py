"""Test pages for benchmarks/extraction_quality.py: the three folder formats, and EUC-KR copies.

Formats, one case per folder holding ``source.html`` (raw bytes):

- readability (mozilla/readability test pages): ``expected.html`` (the cleaned article) and
  ``expected-metadata.json`` (``title``, ``byline``);
- article-extraction-benchmark (scrapinghub): ``expected.json`` with ``url`` and ``articleBody``;
- labelled set (the Korean development set): ``expected.json`` with ``title``, ``outlet`` (a
  name, or a list of names that are all right, e.g. the Korean and the Latin form), ``byline``
  (names joined by "·", or null) and ``body`` (the article's paragraphs, one per line), and
  optionally ``meta.json`` with ``url``, ``outlet``, ``origin`` and ``encoding`` (the
  codec the bytes are really in, when it is not what the page declares).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

Kind = Literal["readability", "aeb", "labelled"]


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    html: bytes
    url: str | None
    body: str
    kind: Kind
    title: str | None = None
    byline: str | None = None
    outlets: tuple[str, ...] = ()  # any of them is right
    encoding: str | None = None  # the codec of ``html``, when known
    lost: int = 0  # characters an EUC-KR copy had to write as &#NNNN; references


def _case(case: Path) -> Page | None:
    raw = (case / "source.html").read_bytes()
    if (case / "expected-metadata.json").is_file():
        from lxml import html as lxml_html

        meta = json.loads((case / "expected-metadata.json").read_text("utf-8"))
        expected = (case / "expected.html").read_text("utf-8")
        root: Any = lxml_html.fromstring(expected) if expected.strip() else None
        body = root.text_content() if root is not None else ""
        return Page(
            case.name, raw, None, body, "readability", meta.get("title"), meta.get("byline")
        )
    if not (case / "expected.json").is_file():
        return None
    data = json.loads((case / "expected.json").read_text("utf-8"))
    if "articleBody" in data:
        return Page(case.name, raw, data.get("url"), data.get("articleBody") or "", "aeb")
    info = (
        json.loads((case / "meta.json").read_text("utf-8"))
        if (case / "meta.json").is_file()
        else {}
    )
    outlet = data.get("outlet") or ()
    return Page(
        case.name,
        raw,
        info.get("url") or data.get("url"),
        data.get("body") or "",
        "labelled",
        data.get("title"),
        data.get("byline"),  # null: the page names no reporter
        (outlet,) if isinstance(outlet, str) else tuple(outlet),
        info.get("encoding"),
    )


def load_sets(corpus: Path, limit: int | None) -> dict[str, list[Page]]:
    """Pages by set: ``corpus`` itself when it holds cases, else each sub-folder that does."""
    roots = (
        [corpus]
        if any(corpus.glob("*/source.html"))
        else sorted(p for p in corpus.iterdir() if p.is_dir())
    )
    sets: dict[str, list[Page]] = {}
    for root in roots:
        pages: list[Page] = []
        for case in sorted(p for p in root.iterdir() if (p / "source.html").is_file()):
            if limit is not None and len(pages) >= limit:
                break
            if (page := _case(case)) is not None:
                pages.append(page)
        if pages:
            sets[root.name] = pages
    return sets


# <meta charset=…> and the charset= inside <meta http-equiv="Content-Type" content=…>.
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"(charset\s*=\s*[\"']?)\s*[\w.:-]+", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def _text(page: Page) -> str:
    if page.encoding:
        return page.html.decode(page.encoding, "replace")
    try:
        return page.html.decode("utf-8")
    except UnicodeDecodeError:
        return page.html.decode("cp949", "replace")


def as_euc_kr(page: Page) -> Page:
    """The same page as an EUC-KR site would serve it: CP949 bytes, every charset declaration
    in a <meta> saying euc-kr (one is added after <head> when there is none). Characters CP949
    cannot hold become numeric character references, counted in ``lost``."""
    text = _text(page)
    found = 0

    def relabel(m: re.Match[str]) -> str:
        nonlocal found
        tag, n = _CHARSET.subn(r"\1euc-kr", m.group(0))
        found += n
        return tag

    text = _META.sub(relabel, text)
    if not found:
        head = _HEAD.search(text)
        at = head.end() if head else 0
        text = text[:at] + '<meta charset="euc-kr">' + text[at:]
    html = text.encode("cp949", "xmlcharrefreplace")
    lost = html.count(b"&#") - text.count("&#")
    return replace(page, html=html, encoding="cp949", lost=lost)
