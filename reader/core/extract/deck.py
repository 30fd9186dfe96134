"""The deck (standfirst): the lines under the headline that sum the story up.

Sites mark many things "subtitle" or "subhead" (paywall bars, newsletter prompts, player
captions, a related story's subtitle), so a marked element counts only where a standfirst
sits: after the headline in its header, saying what the page's description says, or opening
the story's block. Failing those, a short heading right after the ``<h1>``, then JSON-LD
``alternativeHeadline``.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml.html import HtmlElement

from reader.core.text import clean_text

from .metadata import Marked, PageMeta, element_text
from .text_key import text_key

# Prompts that sit in "subhead"/"subtitle" elements but are no standfirst: paywalls, sign-ups,
# newsletters, cookies, link labels, player controls.
_PROMPT = re.compile(
    r"\bsubscri(?:be|ption)|\bsign (?:up|in)\b|\blog ?in\b|newsletter|\bcookies?\b|get the times|"
    r"as low as|\$\d[\d.,]* (?:a|per) (?:week|month|year)|\d+% off|free trial|already a "
    r"(?:subscriber|member)|become an? .{0,40}member|unlimited access|^read (?:more|article)$|"
    r"^check it out$|download|ads via|subtitles (?:off|on)|your profile is public|"
    r"^(?:most (?:popular|read|viewed)|related|recommended|trending)\b|"
    r"^(?:관련|많이 본|추천) ?(?:기사|뉴스)|"
    r"구독(?:하기|하세요| ?신청)|로그인|회원 ?가입|뉴스레터|광고 ?문의|앱 ?(?:설치|다운)",
    re.IGNORECASE,
)
# Lines inside a standfirst block that are something else: a byline, a photo credit, a date.
_NOT_DECK_LINE = re.compile(
    r"^(?:by\s|(?:main |top )?(?:image|photo(?:graph)?|illustration|video)\s*:|published:|"
    r"updated:|(?:사진|그래픽|영상|입력|수정|기사입력)\s*[:=])|\S+@\S+\.\w+$|\s기자$",
    re.IGNORECASE,
)
_OFF_PAGE = re.compile(
    r"modal|popup|popout|newsletter|subscri|paywall|promo|banner|related|recommend|player|"
    r"vjs|video-js|cookie|signup|footer|sidebar|card",
    re.IGNORECASE,
)
_OFF_TAGS = frozenset({"a", "button", "nav", "footer", "aside", "form", "li", "figure"})
_DECK_CLASS = frozenset({"sub", "subtitle", "sub-title", "sub_title", "lead", "standfirst"})


def _lines(el: HtmlElement) -> list[str]:
    lines = [ln for ln in element_text(el, lines=True).split("\n") if ln.strip()]
    return [ln for ln in lines if not _NOT_DECK_LINE.search(ln)]


MAX_DECK_LINES = 8  # 매일경제 sets six or seven short lines
MAX_DECK_CHARS = 600


def _usable(lines: list[str], headline: str | None) -> bool:
    return (
        0 < len(lines) <= MAX_DECK_LINES
        and sum(map(len, lines)) <= MAX_DECK_CHARS
        and all(4 <= len(ln) <= 300 for ln in lines)
        and not any(_PROMPT.search(ln) for ln in lines)
        and text_key(" ".join(lines)) != text_key(headline or "")
    )


def _off_page(el: HtmlElement, h1: HtmlElement | None) -> bool:
    """In a link, menu, footer, list, dialog or player; or an ancestor of the headline."""
    for a in [el, *islice(el.iterancestors(), 8)]:
        if a is h1 or (a is not el and a.tag in _OFF_TAGS):
            return True
        if _OFF_PAGE.search(f"{a.get('class') or ''} {a.get('id') or ''}"):
            return True
    return h1 is not None and any(a is el for a in h1.iterancestors())


def _longer_than(el: HtmlElement, n: int) -> bool:
    """Holds more than ``n`` characters of text; stops reading there (a sibling may be the
    whole story)."""
    for chunk in el.itertext():
        n -= len(chunk.strip())
        if n < 0:
            return True
    return False


_HEADER = re.compile(r"head|hero|intro|top", re.IGNORECASE)


def _near(el: HtmlElement, h1: HtmlElement | None) -> bool:
    """After the headline in its header: a following sibling of the <h1> or of one of its
    two nearest ancestors, or inside one. No <h1>: inside the article's header."""
    if h1 is None:
        return any(
            a.tag == "header" or _HEADER.search(f"{a.get('class') or ''} {a.get('id') or ''}")
            for a in islice(el.iterancestors(), 4)
        )
    ancestors = set(islice(el.iterancestors(), 10)) | {el}
    for level in [h1, *islice(h1.iterancestors(), 2)]:
        for sib in islice(level.itersiblings(), 6):
            if sib in ancestors:
                return True
            if _longer_than(sib, 200):
                break  # the story has begun: a deck comes before it
    return False


STORY_CHARS = 250  # a block this long around a deck-marked element is the story


def _opens_story(el: HtmlElement) -> bool:
    """The first thing in the story's block, nothing printed before it: a standfirst set at
    the top of the article body (매일경제 ``div.mid_title``, 한국일보 ``h2.sub-tit-ll``, Naver
    ``strong.media_end_summary``), however far the headline is."""
    node = el
    for _ in range(4):
        parent = node.getparent()
        if parent is None or (parent.text or "").strip():
            return False
        for sib in node.itersiblings(preceding=True):
            if (sib.tail or "").strip():
                return False
            if isinstance(sib.tag, str) and sib.tag not in _UNSEEN and _longer_than(sib, 0):
                return False
        if _longer_than(parent, STORY_CHARS):
            return True
        node = parent
    return False


_UNSEEN = frozenset({"script", "style", "noscript", "template", "iframe"})


def _agrees(lines: list[str], descriptions: list[str]) -> bool:
    """The text starts like the page's description (which is often cut short with "…")."""
    x = text_key(" ".join(lines))
    for d in descriptions:
        y = text_key(d)
        n = min(len(x), len(y), 60)
        if n >= 12 and x[:n] == y[:n]:
            return True
    return False


def find_deck(
    marked: Marked, h1: HtmlElement | None, page: PageMeta, headline: str | None = None
) -> list[str]:
    """The standfirst's lines: an element marked as one (subtitle, standfirst, dek …) that
    follows the headline or says what the page's description says; else a short heading right
    after the <h1>; else JSON-LD ``alternativeHeadline``. Never a prompt, link or player."""
    alt = page.ld.get("alternativeHeadline")
    descriptions = [
        d
        for d in (
            *(page.meta.get(k) for k in ("og:description", "description", "twitter:description")),
            page.ld.get("description"),
            alt,
        )
        if isinstance(d, str) and d.strip()
    ]
    best: tuple[int, list[str]] | None = None
    opening: list[str] | None = None  # the weakest sign: a marked element opening the story
    for el in marked.decks:
        if _off_page(el, h1) or not _usable(lines := _lines(el), headline):
            continue
        score = 2 * _agrees(lines, descriptions) + _near(el, h1)
        if score and (best is None or score > best[0]):
            best = (score, lines)
        elif not score and opening is None and _opens_story(el):
            opening = lines
    if best is not None:
        return best[1]
    if h1 is not None:
        for sib in islice(h1.itersiblings(), 4):
            classes = set((sib.get("class") or "").lower().split())
            if sib.tag in ("h2", "h3", "h4") or classes & _DECK_CLASS:
                lines = _lines(sib)
                if _usable(lines, headline) and sum(map(len, lines)) <= 400:
                    return lines
                break
            if _longer_than(sib, 200):
                break  # the story has begun
    if opening is not None:
        return opening
    if isinstance(alt, str) and _usable(lines := [clean_text(alt)], headline):
        return lines
    return []
