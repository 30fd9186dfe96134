"""A byline printed in the article header's info line, next to the date.

Portals and many CMSs print the reporter in the line under the headline, with no role and no
byline class: Daum's ``<h3 class="tit_view">…</h3><div class="info_view"><span
class="txt_info">홍길동</span> <span class="txt_info">2024. 5. 13. 12:52</span></div>``. The
line after the displayed headline (a following sibling of it or of one of its two nearest
ancestors, before the story begins) that also holds a date is read: a piece that is "홍길동
기자" (any Korean byline form), or one element's whole text that is only Korean personal names
("홍길동", "홍길동·김철수"), is the byline. Outlet, desk, portal, section and button words are
never names (byline.py), so a header holding "사회", "연합뉴스" or "AI 요약" gives nothing.

Bounded: a few siblings of three elements, lines of at most `MAX_INFO_CHARS` characters.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml.html import HtmlElement

from . import byline as by
from .model import Byline

MAX_INFO_CHARS = 300  # an info line is short; a longer sibling is a deck or the story
STORY_CHARS = 600  # a sibling this long is the story: the header ended before it
MAX_SIBLINGS = 4  # siblings looked at after the headline and each of its two ancestors
MAX_PIECE = 40  # characters of one piece that may be a byline
MAX_ELEMENTS = 40  # elements of one info line read

# A printed date or time: "2024. 5. 13.", "2024-05-13", "2024년 5월", "12:52".
_DATE = re.compile(r"\d{4}\s*[.\-/년]\s*\d{1,2}|\d{1,2}:\d{2}")
# What separates pieces of one text (bars, a spaced bullet), and where a date begins in one.
_PIECES = re.compile(r"\s*[|ㅣ│｜]\s*|\s·\s")
_DATE_START = re.compile(
    r"(?:기사)?(?:입력|수정|등록|승인|송고|발행|업데이트)|\d{4}\s*[.\-/년]|\d{1,2}:\d{2}"
)


def header_byline(headline: HtmlElement | None, outlets: tuple[str, ...] = ()) -> Byline | None:
    """The byline in the info line under ``headline`` (the displayed headline element), or
    None (see the module's docstring)."""
    if headline is None:
        return None
    for level in [headline, *islice(headline.iterancestors(), 2)]:
        for sib in islice(level.itersiblings(), MAX_SIBLINGS):
            if not isinstance(sib.tag, str):
                continue
            text = _bounded_text(sib)
            if text is None:
                break  # the story has begun: the header's lines come before it
            dated = len(text) <= MAX_INFO_CHARS and _DATE.search(text)
            if dated and (found := _read_line(sib, outlets)) is not None:
                return found
    return None


def _bounded_text(el: HtmlElement) -> str | None:
    """``el``'s text (a deck may be longer than an info line), or None when it is as long as
    a story's opening (reading stops there)."""
    parts: list[str] = []
    n = 0
    for chunk in el.itertext():
        n += len(chunk)
        if n > STORY_CHARS:
            return None
        parts.append(chunk)
    return "".join(parts)


def _read_line(line: HtmlElement, outlets: tuple[str, ...]) -> Byline | None:
    for el in islice(line.iter(), MAX_ELEMENTS):
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "time", "button"):
            continue
        whole = " ".join(el.text_content().split())
        if len(el) == 0 and 2 <= len(whole) <= MAX_PIECE and (found := _names(whole, outlets)):
            return found
        for raw in (el.text, *(c.tail for c in el)):
            for piece in _PIECES.split(raw or ""):
                piece = _DATE_START.split(piece, maxsplit=1)[0].strip(" ,·/()[]")
                if 2 <= len(piece) <= MAX_PIECE and (found := by.parse_korean(piece, outlets)):
                    return found
    return None


def _names(text: str, outlets: tuple[str, ...]) -> Byline | None:
    """ "홍길동 기자" in any byline form, or names alone ("홍길동", "홍길동·김철수")."""
    found = by.parse_korean(text, outlets)
    if found is not None:
        return found
    names = by.bare_korean_names(text)
    if names is None or len(names) > 4 or any(by.is_not_person(n, outlets) for n in names):
        return None
    return Byline("·".join(names))
