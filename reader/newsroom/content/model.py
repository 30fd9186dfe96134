"""Typed records for the newsroom's own (fictional) outlets and articles.

Tests compare extraction results against these records, so every field holds exactly what a
reader should see: ``paragraphs`` are the body paragraphs as printed (the wire dateline is kept
apart in ``dateline``), ``quotes`` list every quoted sentence with its speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

KST = timezone(timedelta(hours=9), "KST")


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str | None


@dataclass(frozen=True, slots=True)
class Byline:
    name: str
    role: str | None = None  # 기자, 특파원, 논설위원, "Staff Writer" …
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Outlet:
    slug: str
    name: str  # "빛고을일보"
    lang: str  # "ko" or "en"
    region: str  # home region tag
    feed_format: str  # "rss2", "rss1", "atom", "json"
    feed_path: str
    site_title: str  # feed <title>
    description: str
    encoding: str = "utf-8"  # feed and article pages
    email_domain: str = "example"
    byline_style: str = "end"  # "end" (/홍길동 기자 a@b), "wire" (dateline), "by" (By Jane Doe)
    outlet_in_headline: bool = False  # h1 reads "(빛고을일보) headline"


@dataclass(frozen=True, slots=True)
class NewsArticle:
    feed: str  # outlet slug
    slug: str
    headline: str
    deck: tuple[str, ...]
    paragraphs: tuple[str, ...]
    byline: Byline
    published: datetime
    regions: tuple[str, ...]
    quotes: tuple[Quote, ...] = ()
    dateline: str | None = None  # "(광주=누리뉴스) 김도훈 기자 =" printed before paragraph 1
    image_caption: str | None = None

    @property
    def path(self) -> str:
        return f"/articles/{self.feed}/{self.slug}.html"

    @property
    def guid(self) -> str:
        return f"urn:sinmun-newsroom:{self.feed}:{self.slug}"

    @property
    def summary(self) -> str:
        first = self.paragraphs[0] if self.paragraphs else ""
        return first if len(first) <= 160 else first[:157].rstrip() + "…"


# --- Korean quoted-speech helpers -----------------------------------------------------------


def _has_batchim(ch: str) -> bool:
    code = ord(ch) - 0xAC00
    return 0 <= code <= 11171 and code % 28 != 0


def topic(word: str) -> str:
    """은/는 after *word*."""
    return "은" if _has_batchim(word[-1]) else "는"


def _end(q: str) -> str:  # “…”고 / “…”이라고 / “…”라고
    if q.endswith(("다", "달라")):  # verb endings take 고: “…하겠다”고, “…해 달라”고
        return "고"
    return "이라고" if _has_batchim(q[-1]) else "라고"


def _mid(q: str) -> str:  # “…”며 / “…”이라면서 / “…”라면서
    if q.endswith(("다", "달라")):
        return "며"
    return "이라면서" if _has_batchim(q[-1]) else "라면서"


@dataclass(frozen=True, slots=True)
class Say:
    """A paragraph of quoted speech: 홍길동 시장은 “…”이라면서 “…”이라고 말했다."""

    who: str
    q1: str
    q2: str | None = None
    verb: str = "말했다"
    lang: str = "ko"

    def render(self) -> str:
        if self.lang == "en":
            head = self.q1 if self.q1[-1] in "?!" else self.q1 + ","
            text = f'"{head}" said {self.who}.'
            if self.q2:
                text += f' "{self.q2}"'
            return text
        if self.q2 is None:
            return f"{self.who}{topic(self.who)} “{self.q1}”{_end(self.q1)} {self.verb}."
        return (
            f"{self.who}{topic(self.who)} “{self.q1}”{_mid(self.q1)} "
            f"“{self.q2}”{_end(self.q2)} {self.verb}."
        )

    def quotes(self) -> list[Quote]:
        out = [Quote(self.q1, self.who)]
        if self.q2:
            out.append(Quote(self.q2, self.who))
        return out


Para = str | Say
_CURLY = re.compile(r"“([^”]+)”")


def flatten(paras: list[Para]) -> tuple[tuple[str, ...], tuple[Quote, ...]]:
    texts: list[str] = []
    quotes: list[Quote] = []
    for p in paras:
        if isinstance(p, Say):
            texts.append(p.render())
            quotes.extend(p.quotes())
        else:
            texts.append(p)
            # quoted words inside narration (“살려줘”처럼) are quotes too, with no speaker
            quotes.extend(Quote(m, None) for m in _CURLY.findall(p))
    return tuple(texts), tuple(quotes)
