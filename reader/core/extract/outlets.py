"""Which outlet a page belongs to, by its host: the names major outlets print on their pages.

Only the name an outlet uses for itself; a page's own ``og:site_name`` or title suffix covers
everyone else (titles.py). Matching is by host suffix, so ``news.kbs.co.kr`` is KBS.
"""

from __future__ import annotations

import re

HOST_OUTLETS: dict[str, str] = {
    "chosun.com": "조선일보",
    "joongang.co.kr": "중앙일보",
    "donga.com": "동아일보",
    "hani.co.kr": "한겨레",
    "khan.co.kr": "경향신문",
    "hankookilbo.com": "한국일보",
    "seoul.co.kr": "서울신문",
    "segye.com": "세계일보",
    "munhwa.com": "문화일보",
    "kmib.co.kr": "국민일보",
    "yna.co.kr": "연합뉴스",
    "newsis.com": "뉴시스",
    "news1.kr": "뉴스1",
    "mk.co.kr": "매일경제",
    "hankyung.com": "한국경제",
    "mt.co.kr": "머니투데이",
    "sedaily.com": "서울경제",
    "edaily.co.kr": "이데일리",
    "etnews.com": "전자신문",
    "kbs.co.kr": "KBS",
    "imbc.com": "MBC",
    "sbs.co.kr": "SBS",
    "ytn.co.kr": "YTN",
    "jtbc.co.kr": "JTBC",
    "nocutnews.co.kr": "노컷뉴스",
    "ohmynews.com": "오마이뉴스",
    "kwangju.co.kr": "광주일보",
    "jnilbo.com": "전남일보",
    "namdonews.com": "남도일보",
    "mdilbo.com": "무등일보",
    "daejonilbo.com": "대전일보",
    "busan.com": "부산일보",
    "imaeil.com": "매일신문",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "theguardian.com": "The Guardian",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "reuters.com": "Reuters",
    "apnews.com": "AP",
}

# Portals that republish other outlets' stories: the page names the outlet (titles.py).
PORTAL_HOSTS = ("news.naver.com", "v.daum.net", "news.daum.net")

_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^/@]*@)?([^/:?#]+)", re.IGNORECASE)


def host_of(url: str | None) -> str:
    m = _HOST.match(url or "")
    return m.group(1).lower().rstrip(".") if m else ""


def _suffix_match(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def host_outlet(url: str | None) -> str | None:
    """The outlet a known host belongs to ("www.hani.co.kr" → "한겨레"), else None."""
    host = host_of(url)
    if not host:
        return None
    for domain, name in HOST_OUTLETS.items():
        if _suffix_match(host, domain):
            return name
    return None


def is_portal(url: str | None) -> bool:
    host = host_of(url)
    return any(_suffix_match(host, p) for p in PORTAL_HOSTS)


def host_label(url: str | None) -> str | None:
    """The host's name part ("www.factorio.com" → "factorio"), a weak hint of the site name."""
    parts = [p for p in host_of(url).split(".") if p not in ("www", "m", "news", "mobile")]
    while len(parts) > 1 and parts[-1] in ("com", "net", "org", "co", "kr", "uk", "jp", "or"):
        parts.pop()
    return parts[-1] if parts and len(parts[-1]) >= 3 else None
