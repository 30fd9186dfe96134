"""The newsroom's catalogue: outlets (one feed each) and their articles, built once at import.

``ARTICLES`` is the full, deterministic list (fixed November 2026 dates, no "now"); extraction
tests compare what they pull out of the served pages with these records.
"""

from __future__ import annotations

from datetime import datetime

from .english import EN_CITIES, EN_TEMPLATES
from .korean import CITIES, TEMPLATES
from .model import KST, Byline, NewsArticle, Outlet, Quote, flatten
from .special import basket_craft, gyeonggi_namhansan

__all__ = [
    "ARTICLES",
    "KST",
    "OUTLETS",
    "Byline",
    "NewsArticle",
    "Outlet",
    "Quote",
    "articles_for",
    "find_article",
]

OUTLETS: dict[str, Outlet] = {
    o.slug: o
    for o in (
        Outlet(
            "bitgoeul",
            "빛고을일보",
            "ko",
            "광주",
            "rss2",
            "/feeds/bitgoeul/rss.xml",
            "빛고을일보 - 전체기사",
            "광주·전남의 내일을 여는 신문",
            email_domain="bitgoeul.example",
            outlet_in_headline=True,
        ),
        Outlet(
            "mudeung",
            "무등일보",
            "ko",
            "광주",
            "rss2",
            "/feeds/mudeung/rss.xml",
            "무등일보 지역뉴스",
            "호남의 목소리",
            encoding="euc-kr",
            email_domain="mudeung.example",
            outlet_in_headline=True,
        ),
        Outlet(
            "dongbaek",
            "동백일보",
            "ko",
            "부산",
            "atom",
            "/feeds/dongbaek/atom.xml",
            "동백일보 | 부산·경남",
            "바다처럼 넓게 보는 부산 신문",
            email_domain="dongbaek.example",
        ),
        Outlet(
            "nuri",
            "누리뉴스",
            "ko",
            "전국",
            "rss2",
            "/feeds/nuri/rss.xml",
            "누리뉴스 전국 속보",
            "전국을 잇는 통신",
            email_domain="nurinews.example",
            byline_style="wire",
        ),
        Outlet(
            "hangang",
            "한강신문",
            "ko",
            "서울",
            "rss1",
            "/feeds/hangang/rdf.xml",
            "한강신문 서울면",
            "서울 시민의 신문",
            email_domain="hangang.example",
        ),
        Outlet(
            "dalgubeol",
            "달구벌매일",
            "ko",
            "대구",
            "json",
            "/feeds/dalgubeol/feed.json",
            "달구벌매일",
            "대구·경북 매일 소식",
            email_domain="dalgubeol.example",
            outlet_in_headline=True,
        ),
        Outlet(
            "namhansan",
            "남한산성신문",
            "ko",
            "경기 광주",
            "rss2",
            "/feeds/namhansan/rss.xml",
            "남한산성신문 - 경기 광주",
            "경기 광주시 생활 소식",
            email_domain="namhansan.example",
        ),
        Outlet(
            "ledger",
            "The Peninsula Ledger",
            "en",
            "전국",
            "rss2",
            "/feeds/ledger/rss.xml",
            "The Peninsula Ledger — Regions",
            "Regional news from across South Korea",
            email_domain="ledger.example",
            byline_style="by",
        ),
    )
}

# (name, role, mailbox) per outlet; assigned round-robin.
_REPORTERS: dict[str, list[tuple[str, str | None, str]]] = {
    "bitgoeul": [
        ("박진수", "기자", "jinsu"),
        ("한가람", "기자", "garam"),
        ("오민석", "논설위원", "minseok"),
    ],
    "mudeung": [("최서연", "기자", "seoyeon"), ("문태호", "기자", "taeho")],
    "dongbaek": [
        ("김민지·이서준", "기자", "busan"),
        ("정해솔", "기자", "haesol"),
        ("배도윤", "특파원", "doyoon"),
    ],
    "nuri": [
        ("김도훈", "기자", "dohoon"),
        ("서지안", "기자", "jian"),
        ("임채원", "기자", "chaewon"),
    ],
    "hangang": [("유하늘", "기자", "haneul"), ("노은비", "기자", "eunbi")],
    "dalgubeol": [("권태양", "기자", "taeyang"), ("차유진", "기자", "yujin")],
    "namhansan": [("황보름", "기자", "boreum")],
    "ledger": [
        ("Jane Doe", "Staff Writer", "jdoe"),
        ("Min-ho Kang", None, "mkang"),
        ("Sarah Oh", "Correspondent", "soh"),
    ],
}

_ROMAN = {
    "광주": "gwangju",
    "부산": "busan",
    "서울": "seoul",
    "대구": "daegu",
    "전주": "jeonju",
    "제주": "jeju",
    "경기 광주": "gyeonggi-gwangju",
}

# Which stories each outlet carries: (template, city).
_PLAN: dict[str, list[tuple[str, str]]] = {
    "bitgoeul": [
        (t, "광주")
        for t in (
            "ai-hub",
            "bus-routes",
            "light-festival",
            "cold-wave",
            "youth-housing",
            "market",
            "river",
            "care-robot",
        )
    ],
    "mudeung": [(t, "광주") for t in ("suneung", "kimjang", "library", "startup")]
    + [(t, "전주") for t in ("market", "light-festival", "river", "cold-wave")],
    "dongbaek": [(t, "부산") for t in TEMPLATES],
    "nuri": [(t, "서울") for t in ("suneung", "kimjang", "startup", "care-robot")]
    + [(t, "제주") for t in ("light-festival", "cold-wave", "market", "care-robot")]
    + [(t, "대구") for t in ("suneung", "kimjang")]
    + [(t, "전주") for t in ("suneung", "startup", "kimjang", "care-robot")],
    "hangang": [
        (t, "서울")
        for t in (
            "bus-routes",
            "light-festival",
            "youth-housing",
            "market",
            "river",
            "library",
            "ai-hub",
            "cold-wave",
        )
    ],
    "dalgubeol": [
        (t, "대구")
        for t in (
            "ai-hub",
            "bus-routes",
            "light-festival",
            "cold-wave",
            "youth-housing",
            "market",
            "river",
            "care-robot",
            "library",
            "startup",
        )
    ],
    "namhansan": [
        (t, "경기 광주")
        for t in ("bus-routes", "market", "library", "kimjang", "river", "cold-wave", "startup")
    ],
    "ledger": [(t, c) for c in EN_CITIES for t in EN_TEMPLATES],
}

_SPECIAL = {
    "bitgoeul": [("basket-craft", basket_craft)],
    "namhansan": [("namhansan-trail", gyeonggi_namhansan)],
}


def _when(feed_index: int, i: int) -> datetime:
    """A fixed, distinct publication time in November 2026 (KST)."""
    day = 26 - ((i * 3 + feed_index) % 25)
    return datetime(
        2026,
        11,
        day,
        6 + (i * 7 + feed_index * 3) % 16,
        (i * 17 + feed_index * 11) % 60,
        tzinfo=KST,
    )


def _build() -> list[NewsArticle]:
    out: list[NewsArticle] = []
    for fi, (slug, outlet) in enumerate(OUTLETS.items()):
        stories = []
        for template, city in _PLAN[slug]:
            if outlet.lang == "en":
                story = EN_TEMPLATES[template](EN_CITIES[city])
            else:
                story = TEMPLATES[template](CITIES[city])
            stories.append((f"{template}-{_ROMAN[city]}", story))
        stories += [(name, make()) for name, make in _SPECIAL.get(slug, [])]
        reporters = _REPORTERS[slug]
        for i, (art_slug, (headline, deck, paras, regions)) in enumerate(stories):
            name, role, box = reporters[i % len(reporters)]
            texts, quotes = flatten(paras)
            dateline = None
            if outlet.byline_style == "wire":
                where = regions[0] if regions[0] in _ROMAN else "서울"
                dateline = f"({where.split()[-1]}={outlet.name}) {name} {role} ="
            out.append(
                NewsArticle(
                    feed=slug,
                    slug=art_slug,
                    headline=headline,
                    deck=deck,
                    paragraphs=texts,
                    byline=Byline(name, role, f"{box}@{outlet.email_domain}"),
                    published=_when(fi, i),
                    regions=regions,
                    quotes=quotes,
                    dateline=dateline,
                    image_caption=(
                        f"{headline.split('…')[0]} 현장 모습. /{outlet.name} 제공"
                        if outlet.lang == "ko" and i % 3 == 0
                        else None
                    ),
                )
            )
    return out


ARTICLES: tuple[NewsArticle, ...] = tuple(_build())


def articles_for(feed: str) -> list[NewsArticle]:
    """The catalogue articles of one outlet, newest first."""
    return sorted((a for a in ARTICLES if a.feed == feed), key=lambda a: a.published, reverse=True)


def find_article(feed: str, slug: str) -> NewsArticle | None:
    for a in ARTICLES:
        if a.feed == feed and a.slug == slug:
            return a
    return None
