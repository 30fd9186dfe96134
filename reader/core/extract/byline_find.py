"""Which byline a page carries, and the body without its byline lines.

Sources, most trusted first: a byline line at the body's edges ("/홍길동 기자 a@b.kr",
"칼럼니스트 박생강"), the wire dateline opening the story, a broadcast sign-off ending it
("KBS 뉴스 홍길동입니다."), elements marked up as bylines or reporter profile boxes (one box
per reporter: a later box's name joins when the page's metadata lists it too), the info line
under the headline when no element is marked as a byline ("홍길동" beside the date), then the
metadata (a Dublin Core creator, trafilatura's author, JSON-LD, <meta name=author/byl>), a bare
name in a marked element, a desk dateline ("증권팀 ="), and last a photo credit naming a
reporter ("[사진=홍길동 기자]": a photo story with no other byline; otherwise never a byline).

When the chosen byline names fewer people than wrote ("박준석 기자 외 1명") and the metadata
lists them all, the metadata's fuller list is used. Outlet names
("한국일보") and desks are never taken for people. Every byline line found is dropped from the
body: byline and e-mail lines, the profile box's lines, the sign-off, the dateline, and
credit lines at the edges ("영상취재: …", "사진=…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from reader.core.text import clean_text

from . import byline as by
from .byline_header import header_byline
from .metadata import PageMeta, ld_authors
from .model import Byline
from .text_key import text_key

Block = tuple[str, str]  # (kind, text), as pipeline.py builds them

HEAD_LINES = 3  # body lines looked at from the top
TAIL_LINES = 6  # and from the end (a profile box adds name, e-mail, "구독", "다른 기사 보기")
MAX_LINE = 200  # longer lines are paragraphs, never bylines
MAX_BOX_LINE = 60  # a profile box's line dropped from the body is at most this long

_NOT_NAMES = frozenset({"by", "author", "authors", "作者", "admin", "staff", "editor", "기자"})


@dataclass(slots=True)
class _Found:
    byline: Byline | None = None
    more: bool = False  # the line says "외 N명": others wrote too
    email: str | None = None
    drop: set[int] = field(default_factory=set)


def find_byline(
    blocks: list[Block],
    marked: list[str],
    page: PageMeta,
    doc: Any,
    outlets: tuple[str | None, ...] = (),
    headline: HtmlElement | None = None,
) -> tuple[Byline | None, list[Block]]:
    """(the byline or None, `blocks` without the byline's lines). ``marked``: texts of elements
    marked up as bylines (metadata.byline_texts); ``doc``: trafilatura's document or None;
    ``outlets``: the page's outlet/site names, never a person's; ``headline``: the displayed
    headline element, whose info line may name the reporter (byline_header.py)."""
    names_out = tuple(o for o in outlets if o)
    blocks = list(blocks)
    found = _Found()
    photo = _scan_edges(blocks, marked, names_out, found)
    _take_glued(blocks, names_out, found)
    signoff = _take_signoff(blocks, found.drop)
    wire, team = _take_dateline(blocks, found.drop)
    boxed, box_email = _from_marked(marked, names_out, _listed_names(page, None, names_out))
    primary, partial = found.byline, found.more
    if primary is None:
        primary = wire or signoff
    if primary is None:
        primary = boxed
    lenient: Byline | None = None
    if primary is None and headline is not None:  # below every element marked as a byline
        lenient = _lenient_marked(marked, names_out)
        primary = None if lenient is not None else header_byline(headline, names_out)
    result: Byline | None
    if primary is not None:
        result = _widen(primary, _listed_names(page, doc, names_out)) if partial else primary
    elif listed := _listed_names(page, doc, names_out):  # only now: doc's author costs a copy
        result = Byline("·".join(listed))
    else:
        result = lenient or _lenient_marked(marked, names_out) or team or photo
    email = found.email or box_email
    if result is not None and result.email is None and email and result.role is not None:
        result = Byline(result.name, result.role, email)
    kept = [b for i, b in enumerate(blocks) if i not in found.drop]
    return result, kept


def _edges(n: int) -> list[int]:
    return [i for i in range(n) if i < HEAD_LINES or i >= n - TAIL_LINES]


def _scan_edges(
    blocks: list[Block], marked: list[str], outlets: tuple[str, ...], found: _Found
) -> Byline | None:
    """Byline, e-mail and profile-box lines at the body's edges (recorded in ``found``); returns
    a photo credit naming a reporter, the last resort."""
    box_keys = {text_key(line) for text in marked for line in [text, *text.split("\n")]} - {""}
    photo: Byline | None = None
    for i in _edges(len(blocks)):
        text = blocks[i][1]
        if len(text) > MAX_LINE:
            continue
        key = text_key(text)
        b = by.parse_byline(text, lenient=key in box_keys, outlets=outlets)
        if b is not None:
            found.drop.add(i)
            if found.byline is None:
                found.byline, found.more = b, by.truncated(text)
            if b.email and not found.email:
                found.email = b.email
        elif (e := by.email_only(text)) is not None:
            found.drop.add(i)
            found.email = found.email or e
        elif key in box_keys and len(text) <= MAX_BOX_LINE:
            found.drop.add(i)  # "구독", "다른 기사 보기" … of a reporter's profile box
        elif by.is_credit_line(text):
            found.drop.add(i)  # "영상취재: …", "사진=…": credits next to the byline
            photo = photo or by.parse_photo_credit(text)
        elif photo is None:
            photo = by.parse_photo_credit(text)
    return photo


def _take_glued(blocks: list[Block], outlets: tuple[str, ...], found: _Found) -> None:
    """A byline glued to the last sentence ("…했다.부산=홍길동 기자 a@b.kr"), cut from it."""
    tail = [i for i in range(len(blocks) - 1, -1, -1) if i not in found.drop][:3]
    glued = last = None
    for last in tail:  # furniture (a copyright line …) may still follow it
        if (glued := by.split_glued(blocks[last][1], outlets)) is not None:
            break
    if glued is None or last is None:
        return
    kind = blocks[last][0]
    byline, rest = glued
    blocks[last] = (kind, rest)
    if found.byline is None:
        found.byline = byline
    found.email = found.email or byline.email


def _take_signoff(blocks: list[Block], drop: set[int]) -> Byline | None:
    """A broadcast reporter's closing line ("MBC뉴스 홍길동입니다."), cut from the body."""
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 4), -1):
        if i in drop:
            continue
        kind, text = blocks[i]
        signed = by.parse_signoff(text)
        if signed is None:
            continue
        byline, rest = signed
        if rest:
            blocks[i] = (kind, rest)
        else:
            drop.add(i)
        return byline
    return None


def _take_dateline(blocks: list[Block], drop: set[int]) -> tuple[Byline | None, Byline | None]:
    """(reporter, desk) of a wire dateline opening one of the first kept paragraphs (a date
    line or a caption may come before it), cut from it."""
    heads = [i for i in range(min(len(blocks), HEAD_LINES + 1)) if i not in drop]
    dated = first = None
    for first in heads:
        if (dated := by.parse_dateline(blocks[first][1])) is not None:
            break
    if dated is None or first is None:
        return None, None
    byline, rest = dated
    if rest:
        blocks[first] = (blocks[first][0], rest)
    else:
        drop.add(first)
    if byline is not None and byline.role is None:
        return None, byline
    return byline, None


def _from_marked(
    marked: list[str], outlets: tuple[str, ...], listed: list[str]
) -> tuple[Byline | None, str | None]:
    """The first strict byline in marked-up elements, with the names of later ones that the
    metadata lists too (one profile box per reporter; not a related story's byline)."""
    names: list[str] = []
    role: str | None = None
    email: str | None = None
    for text in marked:
        for line in [" ".join(text.split()), *text.split("\n")]:
            b = by.parse_byline(line, outlets=outlets)
            if b is None:
                continue
            later = bool(names)
            for name in b.name.split("·"):
                if (
                    name not in names
                    and len(names) < by.MAX_NAMES
                    and (not later or name in listed)
                ):
                    names.append(name)
            role = role or b.role
            email = email or b.email
            break
        email = email or by.find_email(text)
    return (Byline("·".join(names), role) if names else None), email


def _lenient_marked(marked: list[str], outlets: tuple[str, ...]) -> Byline | None:
    """A bare name in a marked element: "Jane Doe", "홍길동"."""
    for text in marked:
        for line in [" ".join(text.split()), *text.split("\n")]:
            b = by.parse_byline(line, lenient=True, outlets=outlets)
            if b is not None and not by.is_outlet_word(b.name, outlets):
                return b
            if (names := by.bare_korean_names(line)) is not None:
                return Byline("·".join(names))
    return None


def _listed_names(page: PageMeta, doc: Any, outlets: tuple[str, ...]) -> list[str]:
    """Author names from the page's metadata: a Dublin Core creator, trafilatura's author,
    JSON-LD, then the other author <meta>s (the preferred key first, then document order).
    Without ``doc``: only what the page declares."""
    sources: list[list[str]] = [[v for k, v in page.authors if k == "dc:creator"]]
    if doc is not None and getattr(doc, "author", None):
        sources.append(str(doc.author).split(";"))
    sources.append(ld_authors(page))
    meta = page.first("author", "article:author", "byl", "dc.creator", "sailthru.author")
    for value in dict.fromkeys([meta, *(v for _, v in page.authors)]):
        if value and "http" not in value:
            sources.append([value])
    for raws in sources:
        names: list[str] = []
        for raw in raws:
            for name in (
                n for piece in re.split(r"\s+[|ㅣ]\s+", raw) for n in _names_in(piece, outlets)
            ):
                if name.casefold() not in (n.casefold() for n in names):
                    names.append(name)
        if names:
            return names[: by.MAX_NAMES]
    return []


def _names_in(raw: str, outlets: tuple[str, ...]) -> list[str]:
    """ "박준석 기자 외 1명" → [박준석]; "By 배윤경,이상현" → both; "한국일보" → []."""
    text = re.sub(r"^(?:by|written by)\s+", "", clean_text(raw), flags=re.IGNORECASE).strip()
    if not text or len(text) > 80 or text.casefold() in _NOT_NAMES or text.casefold() in by.PORTALS:
        return []
    if re.search(r"[가-힣]", text):
        b = by.parse_korean(text, outlets)
        if b is not None:
            return b.name.split("·")
        names = by.korean_names(text, outlets)
        if names is not None:
            return names
        return [] if by.is_outlet_word(text, outlets) else [text]
    if any(text_key(text) == text_key(o) for o in outlets):
        return []
    return [text]


def _widen(primary: Byline, listed: list[str]) -> Byline:
    """The metadata's fuller list when it names everyone the byline names."""
    mine = primary.name.split("·")
    if len(listed) > len(mine) and all(n in listed for n in mine):
        return Byline("·".join(listed), primary.role, primary.email)
    return primary
