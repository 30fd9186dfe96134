"""Lines that are page furniture, never story: weather strips, menus, most-read lists, photo
galleries, share buttons, copyright and reprint notices.

Only short lines are judged by their whole text; copyright-style notices are caught inside
longer lines too (but never a long paragraph that merely mentions copyright).
"""

from __future__ import annotations

import re

_EXACT = frozenset(
    s.casefold()
    for s in (
        # Korean portals and regional papers
        "기상청 제공", "메뉴", "전체메뉴", "전체 메뉴", "메뉴 열기", "메뉴 닫기", "많이 본 기사",
        "많이본 기사", "많이 본 뉴스", "가장 많이 본 기사", "인기기사", "인기 기사", "포토뉴스",
        "포토 뉴스", "주요뉴스", "주요 뉴스", "관련기사", "관련 기사", "최신기사", "최신 기사",
        "이 시각 주요뉴스", "오늘의 주요뉴스", "검색", "로그인", "회원가입", "로그아웃", "구독",
        "구독하기", "페이스북", "트위터", "카카오톡", "카카오스토리", "네이버 블로그", "밴드",
        "URL복사", "URL 복사", "링크복사", "링크 복사", "인쇄", "인쇄하기", "스크랩", "공유",
        "공유하기", "기사공유", "글자크기", "글씨 크기", "글자 크기 설정", "닫기", "이전", "다음",
        "목록", "맨위로", "위로", "TOP", "댓글", "댓글쓰기", "기사 제보", "제보하기", "광고",
        "전체기사", "오피니언", "포토", "영상", "기사목록", "이전기사", "다음기사", "SNS 공유",
        "좋아요", "추천", "저작권자", "Ad", "기사제보", "뉴스레터",
        # English sites
        "Advertisement", "ADVERTISEMENT", "Advertising", "Sponsored", "Most read", "Most popular",
        "Most viewed", "Related", "Related articles", "Related stories", "Read more", "Read next",
        "Share", "Share this", "Share this article", "Share on Facebook", "Share on Twitter",
        "Tweet", "Email", "Print", "Print this", "Copy link", "Subscribe", "Sign up", "Sign in",
        "Log in", "Menu", "Search", "Close", "Comments", "Skip to content", "Skip to main content",
        "Photos", "In pictures", "Newsletter", "Follow us", "Back to top", "Continue reading",
        "Story continues below advertisement", "Trending", "Recommended",
    )
)  # fmt: skip
# "흐림강릉 1.3℃", "서울 3.2℃", "홍성(예) 3.6℃", a strip of them, "기상청 제공" attached …
_WEATHER_ITEM = (
    r"(?:맑음|흐림|구름많음|구름 많음|비|눈|소나기|안개|황사|비/눈)?"
    r"\s*[가-힣]{1,8}(?:\([^)]{1,4}\))?\s*-?\d{1,2}(?:\.\d)?\s*℃"
)
_WEATHER = re.compile(rf"^(?:[•·|\s]*{_WEATHER_ITEM})+[•·|\s]*(?:기상청 제공)?\s*$")
_COPYRIGHT = re.compile(
    r"copyright\s*(?:©|\(c\)|ⓒ)|©|ⓒ|무단\s*전재|재배포\s*금지|all rights reserved|저작권자\s*[©ⓒ(]"
    r"|AI\s*학습\s*(?:및\s*)?활용\s*금지",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"^(?:(?:페이스북|트위터|카카오톡|카카오스토리|네이버|밴드|URL\s?복사|링크\s?복사|인쇄|스크랩|X|"
    r"facebook|twitter|linkedin|whatsapp|reddit|pinterest|email|print|copy link)[\s|·,/]*){2,}$",
    re.IGNORECASE,
)
_COUNT_LINE = re.compile(r"^(?:댓글|좋아요|추천|공유|조회수?)\s*\d[\d,]*$")


def is_boilerplate(line: str) -> bool:
    """True for a line that belongs to the page's furniture, not to the article."""
    s = line.strip()
    if not s:
        return True
    if len(s) <= 60 and s.casefold().rstrip(":：>»›") in _EXACT:
        return True
    if len(s) <= 600 and _WEATHER.match(s):
        return True
    if len(s) <= 200 and _COPYRIGHT.search(s):
        return True
    return len(s) <= 120 and bool(_SHARE.match(s) or _COUNT_LINE.match(s))
