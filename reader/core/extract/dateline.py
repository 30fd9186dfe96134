"""Printed date lines: "입력 2026.11.25 10:43 | 수정 …", "기사입력 2023.09.11. 오후 02:31",
"입력시간 : 2021. 10.28. 19:30", "2026년08월17일 06시04분 송고", "Updated 10:43 AM EST, Wed
November 25, 2026" — page furniture in the body, and a source of the published time.

A line is a date line only when stamps (an optional label, dates, times, weekdays, zones, an
optional trailing label) and separators make up all of it, so a sentence that merely holds a
date ("개정안 수정 2026년 3월 12일 공포를 …") never is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml.html import HtmlElement

MAX_DATELINE_CHARS = 160  # a date line with two or three stamps and a view count
MAX_TREE_CANDIDATES = 40  # labelled text nodes tried when the page has no machine-readable time

_DIGIT = re.compile(r"\d")
_YEAR = r"(?:19|20)\d{2}"
_MONTH_EN = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_NUM = rf"{_YEAR}\s*[./-]\s*\d{{1,2}}\s*[./-]\s*\d{{1,2}}(?!\d)\.?"
_DATE_KO = rf"{_YEAR}\s*년\s*\d{{1,2}}\s*월\s*\d{{1,2}}\s*일"
_DATE_EN = (
    rf"(?:{_MONTH_EN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_EN},?\s+{_YEAR})"
)
_AMPM = r"(?:오전|오후|AM|PM|a\.\s?m\.|p\.\s?m\.|am|pm)"
_TIME = (
    rf"(?:{_AMPM}\s*)?\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*{_AMPM})?(?![\d:.])"
    rf"|(?:{_AMPM}\s*)?\d{{1,2}}\s*시(?:\s*\d{{1,2}}\s*분)?(?:\s*\d{{1,2}}\s*초)?"
    rf"|\d{{1,2}}\s*{_AMPM}"
)
_WEEKDAY = (
    r"[(（][월화수목금토일](?:요일)?[)）]|[월화수목금토일]요일"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?(?![a-z])"
)
_ZONES = {
    "KST": 9, "JST": 9, "UTC": 0, "GMT": 0, "BST": 1, "CET": 1, "CEST": 2,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_REGION_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "PT": "America/Los_Angeles"}
_ZONE = r"(?:KST|JST|UTC|GMT|BST|CEST|CET|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|PT)(?![A-Za-z])"
_VALUE = rf"(?:{_DATE_NUM}|{_DATE_KO}|{_DATE_EN}|{_TIME}|{_WEEKDAY}|{_ZONE})"
_RUN = rf"{_VALUE}(?:[\s,()\[\]（）]*(?:at\s+)?{_VALUE})*"
# 입력 / 기사입력 / 최종수정 / 입력시간 / 등록일시 / 송고시간 / Last updated on …
_KO_LABEL = (
    r"(?:기사\s*|최초\s*|최종\s*)?(?:입력|수정|등록|승인|발행|송고|업데이트|게재|작성|편집)"
    r"(?:\s*(?:시간|일시|일자|시각|날짜|일))?"
)
_EN_LABEL = (
    r"(?:first\s+|last\s+|originally\s+)?(?:published|updated|posted|modified)(?:\s+(?:on|at))?"
)
_AFTER = r"(?:입력|수정|등록|송고|게재|업데이트|발행)"
_STAMP = re.compile(
    rf"(?:(?P<label>{_KO_LABEL}|{_EN_LABEL})\s*[:：]?\s*[\[(]?\s*)?(?P<run>{_RUN})"
    rf"(?:\s*(?P<after>{_AFTER})(?!\s*[:：]?\s*\d))?",
    re.IGNORECASE,
)
# What may sit between and around stamps: separators, and counters printed on the same line.
_GAP = re.compile(
    r"^(?:[\s|｜ㅣ·•/,.\-–—()\[\]<>:：]|(?:댓글|조회수?|views?|추천|좋아요)\s*:?\s*\d[\d,]*)*$",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(r"입력|등록|송고|발행|게재|작성|승인|published|posted", re.IGNORECASE)
_UPDATED = re.compile(r"수정|업데이트|편집|updated|modified", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Stamp:
    """One labelled time on a date line; ``kind`` is "published", "updated" or "" (no label)."""

    kind: str
    when: datetime | None  # None: a label with a date this module cannot place (time only)


def parse_dateline(line: str, tz: tzinfo) -> list[Stamp] | None:
    """The stamps of a line that is nothing but a date line, else None."""
    s = line.strip()
    if not s or len(s) > MAX_DATELINE_CHARS or not _DIGIT.search(s):
        return None
    stamps: list[Stamp] = []
    at = 0
    dated = False
    for m in _STAMP.finditer(s):
        if not _GAP.match(s[at : m.start()]):
            return None
        label = m.group("label") or m.group("after") or ""
        run = m.group("run")
        when = _when(run, tz)
        if when is None and not (label and re.search(r"\d\s*[:시]", run)):
            return None  # a bare number, or a weekday alone: not a stamp
        dated = dated or when is not None
        stamps.append(Stamp(_kind(label), when))
        at = m.end()
    if not stamps or not dated or not _GAP.match(s[at:]):
        return None
    return stamps


def is_dateline(line: str) -> bool:
    return parse_dateline(line, UTC) is not None


def labelled(stamps: list[Stamp]) -> bool:
    return any(st.kind for st in stamps)


def published_of(stamps: list[Stamp]) -> datetime | None:
    """The line's publication time: its first 입력/등록/Published stamp, else an unlabelled one
    (an update time alone is not a publication time)."""
    for kind in ("published", ""):
        for st in stamps:
            if st.kind == kind and st.when is not None:
                return st.when
    return None


_LEADING = re.compile(
    rf"^\s*(?:{_KO_LABEL}|{_EN_LABEL})\s*[:：]?\s*(?:{_DATE_NUM}|{_DATE_KO}|{_DATE_EN})"
    rf"[\s,()\[\]]*(?:{_TIME})[\s\])]*(?:[|｜ㅣ·]\s*)?(?=\S)",
    re.IGNORECASE,
)


def split_leading(text: str, tz: tzinfo) -> tuple[Stamp | None, str]:
    """A labelled stamp with a date *and* a clock time glued before the story's first words
    ("입력 2026.08.15 18:22 20일 교육부 …") and the rest; a sentence seldom starts that way."""
    m = _LEADING.match(text)
    if m is None:
        return None, text
    stamps = parse_dateline(m.group(0).rstrip(" |｜ㅣ·"), tz)
    if not stamps:
        return None, text
    return stamps[0], text[m.end() :]


def find_in_tree(tree: HtmlElement, tz: tzinfo) -> datetime | None:
    """The publication time printed on the page ("입력 …" in an info box the body left out).
    Only called when the page has no machine-readable time, so its cost is rarely paid."""
    nodes = tree.xpath(
        "//body//text()[contains(., '입력') or contains(., '등록') or contains(., '송고')"
        " or contains(., '게재') or contains(., '발행') or contains(., '작성')"
        " or contains(., 'ublished') or contains(., 'osted')]"
    )
    for node in nodes[:MAX_TREE_CANDIDATES]:
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript", "textarea"):
            continue
        texts = [str(node)]
        after = parent.getnext() if node.is_tail else (parent[0] if len(parent) else None)
        if len(texts[0].strip()) < 12 and after is not None and isinstance(after.tag, str):
            # "기사입력 <span class="t11">2019-01-08 14:09</span>": the label, then its value
            texts.append(f"{texts[0].strip()} {' '.join(after.text_content().split())}")
        el: HtmlElement | None = parent
        while el is not None and len(texts[-1].strip()) < 12 and len(texts) < 3:
            # "<em>입력</em> <span>2026.11.25 10:43</span>": the label alone; read its box
            texts.append(" ".join(el.text_content().split())[: MAX_DATELINE_CHARS + 1])
            el = el.getparent()
        for text in texts:
            stamps = parse_dateline(text, tz)
            if stamps and (when := published_of(stamps)) is not None:
                return when
    return _in_attributes(tree, tz)


# Time attributes of script-driven pages: Naver's ``data-date-time`` (its modify time is
# ``data-modify-date-time``), Hankook Ilbo's ``data-deploy-dt`` (``data-re-deploy-dt``: updated).
_TIME_ATTRS = "//@data-date-time | //@data-deploy-dt | //@data-published | //@data-publish-date"


def _in_attributes(tree: HtmlElement, tz: tzinfo) -> datetime | None:
    for value in tree.xpath(_TIME_ATTRS)[:MAX_TREE_CANDIDATES]:
        run = _STAMP.search(str(value))
        if run is not None and (when := _when(run.group("run"), tz)) is not None:
            return when
    return None


# --- reading one stamp ----------------------------------------------------------------------

_NUM_DATE = re.compile(rf"({_YEAR})\s*[./-]\s*(\d{{1,2}})\s*[./-]\s*(\d{{1,2}})")
_KO_DATE = re.compile(rf"({_YEAR})\s*년\s*(\d{{1,2}})\s*월\s*(\d{{1,2}})\s*일")
_EN_DATE_MDY = re.compile(rf"({_MONTH_EN})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({_YEAR})", re.I)
_EN_DATE_DMY = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_EN}),?\s+({_YEAR})", re.I)
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?|(\d{1,2})\s*시(?:\s*(\d{1,2})\s*분)?")
_BARE_HOUR = re.compile(rf"(?<![\d:])(\d{{1,2}})\s*({_AMPM})", re.I)
_PM = re.compile(r"오후|pm|p\.\s?m\.", re.I)
_AM = re.compile(r"오전|am|a\.\s?m\.", re.I)
_ZONE_RE = re.compile(_ZONE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _kind(label: str) -> str:
    if not label:
        return ""
    if _UPDATED.search(label):
        return "updated"
    return "published" if _PUBLISHED.search(label) else ""


def _when(run: str, tz: tzinfo) -> datetime | None:
    if m := _NUM_DATE.search(run) or _KO_DATE.search(run):
        ymd = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m := _EN_DATE_MDY.search(run):
        ymd = (int(m.group(3)), _MONTHS.index(m.group(1)[:3].lower()) + 1, int(m.group(2)))
    elif m := _EN_DATE_DMY.search(run):
        ymd = (int(m.group(3)), _MONTHS.index(m.group(2)[:3].lower()) + 1, int(m.group(1)))
    else:
        return None
    rest = run[m.end() :] + " " + run[: m.start()]  # English puts the time either side
    h = mi = sec = 0
    if c := _CLOCK.search(rest):
        h = int(c.group(1) or c.group(4))
        mi = int(c.group(2) or c.group(5) or 0)
        sec = int(c.group(3) or 0)
    elif b := _BARE_HOUR.search(rest):
        h = int(b.group(1))
    if _PM.search(rest) and h < 12:
        h += 12
    elif _AM.search(rest) and h == 12:
        h = 0
    zone = _zone(z.group(0)) if (z := _ZONE_RE.search(rest)) else None
    try:
        return datetime(*ymd, h, mi, sec, tzinfo=zone or tz)
    except ValueError:
        return None


def _zone(name: str) -> tzinfo | None:
    name = name.upper()
    if name in _ZONES:
        return timezone(timedelta(hours=_ZONES[name]), name)
    try:
        return ZoneInfo(_REGION_ZONES[name])
    except (KeyError, ZoneInfoNotFoundError):
        return None
