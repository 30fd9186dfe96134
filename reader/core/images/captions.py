"""A caption and its credit, apart: "시민들이 … 걷고 있다. /사진=연합뉴스" → the words and
"사진=연합뉴스", so the view can set the credit as a credit, not as the caption's text.

Credits read at the end ("/사진=…", "(사진=…)", "[사진 제공=…]", "/광주시 제공", "ⓒ …", "© …",
"Photo: …", "(AP Photo/…)", "REUTERS/…") or at the start ("(서울=연합뉴스) 홍길동 기자 = …",
"[사진=…]").
"""

from __future__ import annotations

import re

_KEYS = (
    r"(?:사진|그래픽|자료|영상|이미지|출처|일러스트|촬영)(?:\s*제공)?|제공|"
    r"photo(?:graph)?s?|image|credit|source|illustration|graphic"
)
_END = re.compile(
    rf"\s*(?:/\s*|\(\s*|\[\s*)?(?P<credit>(?:{_KEYS})\s*[=:：]\s*[^()\[\]=]{{1,80}}?)\s*[)\]]?\s*$"
    r"|\s*(?P<mark>[ⓒ©]\s*[^ⓒ©]{1,80})$"
    r"|\s*\((?P<wire>(?:AP|AFP|EPA|UPI|Reuters|로이터|연합뉴스|뉴시스|뉴스1)[^()]{0,60})\)\s*$"
    r"|\s+(?P<slash>(?:REUTERS|AFP|AP|EPA)/[^/]{1,60})$"
    r"|\s*/\s*(?P<given>[^/]{1,40}?\s*제공)\s*$",
    re.IGNORECASE,
)
_START = re.compile(
    rf"^\s*\[(?P<credit>(?:{_KEYS})\s*[=:：][^\]]{{1,80}})\]\s*"
    r"|^\s*\((?P<wire>[가-힣A-Za-z ]{1,12}=[^)]{1,20})\)\s*"
    r"(?:(?P<who>[가-힣]{2,5}\s*기자)\s*=\s*)?",
    re.IGNORECASE,
)


def split_credit(caption: str) -> tuple[str, str]:
    """(the caption's own words, its credit); the credit is "" when there is none."""
    text, credits = caption.strip(), []
    start = _START.match(text)
    if start:
        credit = start.group("credit") or start.group("wire")
        if start.group("who"):
            credit = f"{credit} {start.group('who')}"
        credits.append(credit.strip())
        text = text[start.end() :]
    end = _END.search(text)
    if end:
        found = next(g for g in end.groups() if g)
        credits.append(found.strip())
        text = text[: end.start()]
    text = text.strip().removeprefix("▲").strip()
    return text, " · ".join(credits)
