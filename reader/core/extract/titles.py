"""Headline and outlet: what the page calls its story and who published it (its standfirst,
the deck, is deck.py's).

Titles carry the site and its sections in many forms ("…-정치ㅣ한국일보", "… | 연합뉴스",
"… < 정치 < 기사본문 - 전남일보", "… :: 광주일보 ::", "… [LWN.net]", "Opinion | …"). A piece is
cut only when it is recognisably the site (its og:site_name, publisher, host, a name ending in
일보/News/…) or a section word, so a headline's own " - " or ":" survives ("Review: …",
"Friday Facts #282 - 0.17 in sight"). The displayed ``<h1>`` wins when a title hint agrees.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import NamedTuple

from lxml.html import HtmlElement

from reader.core.text import clean_text

from .metadata import PageMeta, element_text
from .outlets import host_label, host_outlet, is_portal
from .text_key import text_key

MAX_HINT_CHARS = 1000  # of a title hint (og:title, <title> …): a headline is far shorter
MAX_H1S = 50  # <h1> elements looked at
MAX_PIECES = 12  # title pieces peeled at most (a breadcrumb is a few)

# Separators between title pieces, kept when pieces are joined back. Strong ones split even
# without spaces (ㅣ is the Hangul letter used as a bar); the rest only between spaces.
_SEPARATOR = re.compile(r"(\s*(?:ㅣ|\||｜|::|_)\s*|\s+(?:-|–|—|:|·|<|>|»|/|@|~)\s+)")
# "…커졌다-정치ㅣ한국일보": an unspaced hyphen before a section that a strong bar follows.
_HYPHEN_SECTION = re.compile(r"-(?=([가-힣A-Za-z/·&]{1,10})\s*(?:ㅣ|\||｜))")
_BRACKETED_TAIL = re.compile(
    r"^(?P<rest>.*\S)\s*[\[(【〔<](?P<piece>[^\[\]()【】〔〕<>]{2,30})[\])】〕>]$"
)
_BRACKETED_HEAD = re.compile(r"^[\[【〔](?P<piece>[^\[\]【】〔〕]{1,12})[\]】〕]\s*(?P<rest>\S.*)$")
_OUTLET_PREFIX = re.compile(
    r"^\s*[(\[【〔<]\s*(?P<outlet>[^()\[\]【】〔〕<>]{1,24}?)\s*[)\]】〕>]\s*(?P<rest>\S.*)$"
)
_OUTLET_WORD = re.compile(
    r"(?:일보|신문|뉴스|방송|매일|타임스|경제|투데이|헤럴드|저널|통신|닷컴|미디어|TV|KBS|MBC|SBS|"
    r"YTN|JTBC|网|新聞|新闻|ニュース|news|times|post|herald|journal|daily|press|tribune|"
    r"gazette|ledger|wire|magazine|review|website|site|blog|homepage|wiki|블로그|홈페이지)$",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|kr|co\.kr|io|info|news|uk|jp|cn)$")
_NOT_OUTLET = re.compile(
    r"^(?:단독|종합|속보|포토|영상|사설|칼럼|인터뷰|르포|기고|시론|\d+보|사진|카드뉴스|fn|)$"
)
# Section names sites put in titles; the opinion words stay when they lead ("[사설] …").
_OPINION = frozenset({"사설", "칼럼", "오피니언", "opinion", "editorial", "column"})
_SECTIONS = _OPINION | frozenset({
    "정치", "경제", "사회", "국제", "세계", "문화", "스포츠", "연예", "전국", "지역", "it", "과학",
    "it/과학", "it·과학", "it과학", "기사본문", "뉴스", "종합", "생활", "라이프", "건강", "산업",
    "금융", "증권", "부동산", "북한", "교육", "환경", "여행", "사람", "인물", "피플", "기업",
    "국방", "외교", "법원", "검찰", "노동", "의료", "날씨", "전체기사", "기사", "기사보기", "본문",
    "뉴스홈", "홈", "광주", "전남", "광주·전남", "정치일반", "사회일반", "경제일반", "문화일반",
    "news", "world", "politics", "business", "sport", "sports", "technology", "tech", "science",
    "health", "entertainment", "culture", "arts", "life", "lifestyle", "travel", "home", "us",
    "uk", "europe", "asia", "economy", "markets", "money", "blog", "blogs", "video", "español",
})  # fmt: skip
_BREADCRUMB = "기사본문"  # ndsoft CMS: "제목 < 섹션 < 섹션 < 기사본문 - 매체"


class Headline(NamedTuple):
    text: str | None
    h1: HtmlElement | None  # the <h1> it came from, if any
    outlet: str | None  # from a title suffix, the host, a portal's metadata or og:site_name


def site_names(
    page: PageMeta, url: str | None, *, weak: bool = True, titles: tuple[str, ...] = ()
) -> list[str]:
    """Names the site goes by: og:site_name, application-name, publisher, the host; ``weak``
    adds the host's bare label and the @handle (good enough to cut a title's tail only).
    A name other than og:site_name equal to one of ``titles`` is the headline, not a name."""
    names = [page.meta.get(k) for k in ("og:site_name", "application-name", "al:android:app_name")]
    pub = page.ld.get("publisher")
    if isinstance(pub, dict) and isinstance(pub.get("name"), str):
        names.append(pub["name"])
    names.append(host_outlet(url))
    if weak:
        names += [host_label(url), (page.meta.get("twitter:site") or "").lstrip("@")]
    not_names = {text_key(t) for t in titles}
    out = []
    for i, name in enumerate(names):
        name = _SEPARATOR.split(clean_text(name or ""))[0].strip()  # "Yahoo News - Latest …"
        if name and len(name) <= 40 and (i == 0 or text_key(name) not in not_names):
            out.append(name)
    return out


def _same_name(piece: str, name: str) -> bool:
    """ "The Verge" ≈ "verge", "MBC 뉴스" ≈ "MBC", "Factorio" ≈ "Factorio.com"."""
    a, b = text_key(piece), text_key(name)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return short == long_ or (
        len(short) >= 3 and short in long_ and len(long_) <= 2 * len(short) + 4
    )


def _kind(piece: str, sites: list[str]) -> str | None:
    """ "site" (its own name), "outlet" (a name like one), "section", "empty", else None."""
    p = piece.strip().strip(":").strip()
    if not text_key(p):
        return "empty"
    if len(p) > 40:
        return None
    if (
        p.casefold() in _SECTIONS
        or p.endswith("频道")
        or (
            (parts := re.split(r"\s*[/·&]\s*", p.casefold())) and all(x in _SECTIONS for x in parts)
        )
    ):
        return "section"
    if any(_same_name(p, s) for s in sites) or _DOMAIN.match(p.casefold()):
        return "site"
    if len(p.split()) <= 4 and _OUTLET_WORD.search(p) and not _NOT_OUTLET.match(p):
        return "outlet"
    return None


def split_title(
    title: str, sites: list[str], strong: list[str] | None = None
) -> tuple[str, str | None]:
    """(headline, outlet named in the title) from a title hint; the headline may be empty.
    ``strong``: the names that may be cut from the head too (default ``sites``)."""
    lead = sites if strong is None else strong
    text = _HYPHEN_SECTION.sub(
        lambda m: " - " if m.group(1).casefold() in _SECTIONS else "-", clean_text(title)
    )
    outlet: str | None = None
    m = _BRACKETED_TAIL.match(text)
    if m and _kind(m.group("piece"), sites) in ("site", "outlet"):
        text, outlet = m.group("rest"), m.group("piece").strip()
    pieces = _SEPARATOR.split(text)  # piece, separator, piece, …
    crumbs = False
    for _ in range(MAX_PIECES):  # from the end: site, sections, the ndsoft breadcrumb
        if len(pieces) < 3:
            break
        last, sep = pieces[-1], pieces[-2].strip()
        kind = _kind(last, sites)
        if kind is None and not (crumbs and sep == "<" and len(last) <= 20):
            break
        if kind in ("site", "outlet") and outlet is None:
            outlet = last.strip()
        crumbs = crumbs or last.strip() == _BREADCRUMB
        del pieces[-2:]
    for _ in range(MAX_PIECES):  # from the start: "연합뉴스 | …", "Opinion | …"
        if len(pieces) < 3 or pieces[1].strip() not in ("|", "ㅣ", "｜", "::", "-", "—", "–"):
            break
        kind = _kind(pieces[0], lead)  # after a dash only the site's own name goes
        if kind is None or (kind != "site" and pieces[1].strip() in ("-", "—", "–")):
            break
        if kind in ("site", "outlet") and outlet is None:
            outlet = pieces[0].strip()
        del pieces[:2]
    text = "".join(pieces).strip()
    m = _BRACKETED_HEAD.match(text)  # "[사회] …" (YTN) goes; "[단독]", "[사설]" stay
    if m and _kind(m.group("piece"), lead) == "section" and m.group("piece") not in _OPINION:
        text = m.group("rest")
    return text, outlet


def _title_element(tree: HtmlElement) -> str | None:
    """The first non-empty <title> outside SVG (pages carry empty ones, icons their own)."""
    for t in islice(tree.iter("title"), 20):
        if any(a.tag == "svg" or str(a.tag).endswith("}svg") for a in t.iterancestors()):
            continue
        text: str = t.text_content().strip()
        if text:
            return text
    return None


def _hints(tree: HtmlElement, page: PageMeta) -> list[str]:
    """Title strings in the order of trust when no <h1> agrees with any of them."""
    ld = page.ld.get("headline")
    keys = ("dc:title", "dcterms:title", "dcterm:title", "dc.title")
    raw = [ld if isinstance(ld, str) else None, *(page.meta.get(k) for k in keys)]
    raw.append(page.first("og:title", "twitter:title"))  # the Twitter one is often a variant
    raw += [page.meta.get("title"), page.meta.get("parsely-title"), _title_element(tree)]
    return [clean_text(h[:MAX_HINT_CHARS]) for h in raw if h and h.strip()]


def _agreement(text: str, hint: str) -> int:
    """3: the same words; 2: one starts the other (by half its length, or a whole leading
    piece of the title); 1: one holds the other, or is a later piece of the title."""
    x, y = text_key(text), text_key(hint)
    if not x or not y:
        return 0
    if x == y:
        return 3
    pieces = [text_key(p) for p in _SEPARATOR.split(hint)[::2]]
    if x in pieces:
        return 2 if x == pieces[0] else 1
    short, long_ = sorted((x, y), key=len)
    if len(short) * 2 < len(long_) or short not in long_:
        return 0
    return 2 if long_.startswith(short) else 1


def find_headline(tree: HtmlElement, page: PageMeta, url: str | None = None) -> Headline:
    """The headline (the <h1> a title hint agrees with, else the best hint) and the outlet."""
    raws = tuple(_hints(tree, page))
    sites = site_names(page, url, titles=raws)
    strong = site_names(page, url, weak=False, titles=raws)
    hints: list[str] = []
    named: str | None = None
    for raw in raws:
        text, outlet = split_title(raw, sites, strong)
        named = named or outlet
        if text and not any(text_key(text) == text_key(s) for s in sites) and text not in hints:
            hints.append(text)
    outlet = _outlet(page, url, named, strong)
    best: tuple[int, str, HtmlElement] | None = None
    for h1 in islice(tree.iter("h1"), MAX_H1S):
        text = element_text(h1).rstrip("¶#🔗 ").strip()  # a heading's own anchor link
        if not text or len(text) > 300 or any(text_key(text) == text_key(s) for s in sites):
            continue
        score = sum(_agreement(text, h) for h in hints)
        if best is None or score > best[0]:
            best = (score, text, h1)
    if best is not None and (best[0] > 0 or not hints):
        return Headline(best[1], best[2], outlet)
    shown = _shown_headline(tree, [*hints, *raws])
    if shown is not None:
        return Headline(element_text(shown), shown, outlet)
    return Headline(hints[0] if hints else None, None, outlet)


def _shown_headline(tree: HtmlElement, hints: list[str]) -> HtmlElement | None:
    """A heading other than <h1> that says what a title hint says (Korean sites set headlines
    in ``h2#title_area``, ``h3.tit_view``, ``h3.heading``, ``h4.headline-title``): the
    headline as shown ("[날씨] …" with its tag) and the element the deck follows."""
    wanted = {text_key(h) for h in hints} - {""}
    for el in islice(tree.iter("h2", "h3", "h4"), MAX_H1S):
        text = element_text(el)
        if text and len(text) <= 300 and text_key(text) in wanted:
            return el
    return None


def _outlet(page: PageMeta, url: str | None, named: str | None, sites: list[str]) -> str | None:
    if is_portal(url):  # the press that wrote it, not the portal
        for key in ("og:article:author", "article:author", "me2:category1"):
            if (v := page.meta.get(key)) and "http" not in v:
                return clean_text(re.split(r"\s*[|ㅣ:]\s*", v)[0]) or None
    # The site's own name when the title's is the same one with more words ("누리방송 뉴스").
    same = next((s for s in sites if named and _same_name(named, s) and len(s) < len(named)), None)
    return host_outlet(url) or same or named or (sites[0] if sites else None)


def split_outlet(headline: str, outlet: str | None) -> tuple[str | None, str]:
    """ "(광주일보) 광주, …" → ("광주일보", "광주, …"); tags like "[단독]" stay in the headline."""
    m = _OUTLET_PREFIX.match(headline)
    if m:
        name = m.group("outlet").strip()
        if not _NOT_OUTLET.match(name) and (
            _OUTLET_WORD.search(name) or (outlet and text_key(name) == text_key(outlet))
        ):
            return name, m.group("rest").strip()
    return outlet, headline


def drop_repeated(
    blocks: list[tuple[str, str]], title: str, headline: str | None, deck: list[str]
) -> list[tuple[str, str]]:
    """The body without the headline and the deck printed again in it: a deck line, or the
    whole deck as one block (its lines joined)."""
    skip = {text_key(title), text_key(headline or ""), *(text_key(d) for d in deck)}
    if len(deck) > 1:
        skip.add(text_key("".join(deck)))
    return [b for b in blocks if text_key(b[1]) not in skip]
