"""Bylines in the forms Korean and English papers print them.

Korean: "/박진표 기자 lucky@kwangju.co.kr" (end of story), "(서울=연합뉴스) 홍길동 기자 =" (wire
dateline opening the first paragraph), "홍길동·김철수 기자", roles 기자/특파원/논설위원/칼럼니스트/
선임기자…; English: "By Jane Doe and John Roe", "By Jane Doe, Staff Writer", "Jane Doe, Reporter".
Several names are joined with "·" as the JSON contract asks.
"""

from __future__ import annotations

import re

from .model import Byline

KO_ROLES = (
    "객원논설위원", "선임연구위원", "칼럼니스트", "논설위원", "편집위원", "논설실장", "편집국장",
    "선임기자", "수습기자", "객원기자", "전문기자", "인턴기자", "사진기자", "영상기자", "취재기자",
    "대기자", "특파원", "통신원", "기자", "주필",
)  # fmt: skip
_ROLE = "|".join(KO_ROLES)
_NAME = r"(?:남궁|황보|제갈|선우|독고|사공|서문)?[가-힣]{2,4}"
_NAMES = rf"{_NAME}(?:\s*[·ㆍ,/]\s*{_NAME})*"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_EMAIL_RE = re.compile(EMAIL)

# "/박진표 기자 lucky@kwangju.co.kr", "글·사진=홍길동 기자", "[광주일보 홍길동 기자]"
_KO_LINE = re.compile(
    rf"""^[\s/\[(【=-]*(?:(?:글|사진|글\s*[·ㆍ]\s*사진|영상|정리)\s*=\s*)?
    (?:[가-힣A-Za-z]{{2,10}}(?:일보|신문|뉴스|방송|매일|경제|타임스)\s+)?
    (?P<names>{_NAMES})\s*(?P<role>{_ROLE})
    (?:\s*[(<\[]?\s*(?P<email>{EMAIL})\s*[)>\]]?)?[\s\]】)]*$""",
    re.VERBOSE,
)
# "(서울=연합뉴스) 홍길동 기자 = 본문…" / "【서울=뉴시스】홍길동 기자 = …"
DATELINE = re.compile(
    rf"""^\s*[(\[【]\s*(?P<place>[^=()\[\]【】]{{1,30}}?)\s*=\s*(?P<agency>[^()\[\]【】]{{1,30}}?)
    \s*[)\]】]\s*(?:(?P<names>{_NAMES})\s*(?P<role>{_ROLE})\s*)?=\s*""",
    re.VERBOSE,
)
_EMAIL_LINE = re.compile(rf"^\s*[(<\[]?\s*(?P<email>{EMAIL})\s*[)>\]]?\s*$")

EN_ROLE_WORDS = re.compile(
    r"\b(?:Reporter|Writer|Correspondent|Editor|Columnist|Contributor|Producer|Critic|Analyst"
    r"|Staff|Bureau|Chief|Journalist|Photographer|Contributing|Associated Press|Reuters)\b",
    re.IGNORECASE,
)
_EN_NAME = re.compile(
    r"^(?:[A-Z][\w'’.-]*|(?:de|da|del|der|van|von|la|le|al|bin|di|du|dos|ter))"
    r"(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|der|van|von|la|le|al|bin|di|du|dos|ter)){0,4}$"
)
_BY = re.compile(r"^\s*(?:written\s+)?by[:\s]\s*(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)
# What ends a name list in an English byline ("By X | Updated …", "By X on 3 May").
_EN_STOP = re.compile(
    r"\s*(?:\||•|·|—|–|\s-\s|\bupdated\b|\bpublished\b|\bposted\b|\bon\s+\w+\s+\d|\bon\s+\d"
    r"|\d{1,4}[./-]\d{1,2}|\bjanuary\b|\bfebruary\b|\bmarch\b|\bapril\b|\bmay\s+\d|\bjune\b"
    r"|\bjuly\b|\baugust\b|\bseptember\b|\boctober\b|\bnovember\b|\bdecember\b|\n)",
    re.IGNORECASE,
)
_EN_SPLIT = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|,\s*)")


def _join(names: str) -> str:
    return "·".join(n.strip() for n in re.split(r"\s*[·ㆍ,/]\s*", names) if n.strip())


def parse_korean(line: str) -> Byline | None:
    m = _KO_LINE.match(line)
    if not m:
        return None
    return Byline(_join(m.group("names")), m.group("role"), m.group("email"))


def parse_dateline(paragraph: str) -> tuple[Byline | None, str] | None:
    """A wire dateline opening `paragraph`: (its byline or None, the paragraph without it)."""
    m = DATELINE.match(paragraph)
    if not m or not re.search(r"[가-힣]", m.group("agency")):
        return None
    byline = Byline(_join(m.group("names")), m.group("role")) if m.group("names") else None
    return byline, paragraph[m.end() :].lstrip()


def email_only(line: str) -> str | None:
    m = _EMAIL_LINE.match(line)
    return m.group("email") if m else None


def _en_names(text: str) -> tuple[list[str], str | None]:
    text = _EN_STOP.split(text, maxsplit=1)[0].strip(" ,.;:")
    names: list[str] = []
    role: str | None = None
    parts = [p for p in _EN_SPLIT.split(text) if p]
    for i, part in enumerate(parts):
        part = part.strip(" .")
        if i and EN_ROLE_WORDS.search(part):
            role = ", ".join(p.strip(" .") for p in parts[i:])
            break
        if not _EN_NAME.match(part) or EN_ROLE_WORDS.search(part):
            return [], None
        names.append(part)
    return names, role


def parse_english(line: str, *, lenient: bool = False) -> Byline | None:
    """ "By Jane Doe and John Roe", "By Jane Doe, Staff Writer", "Jane Doe, Reporter".

    ``lenient`` (text of an element marked as a byline): a bare "Jane Doe" counts too.
    """
    line = line.strip()
    if not line or len(line) > 200:
        return None
    m = _BY.match(line)
    if m:
        names, role = _en_names(m.group("rest"))
        return Byline("·".join(names), role) if names else None
    names, role = _en_names(line)
    if names and (role or (lenient and len(line) <= 80)):
        return Byline("·".join(names), role)
    return None


def parse_byline(line: str, *, lenient: bool = False) -> Byline | None:
    """A byline in any known form, or None. Strict by default (a body line must carry a role,
    "By" or an email to count); ``lenient`` for text already marked up as a byline."""
    line = " ".join(line.split())
    if not line or len(line) > 200:
        return None
    found = parse_korean(line)
    if found:
        return found
    found = parse_english(line, lenient=lenient)
    if found:
        email = _EMAIL_RE.search(line)
        if email and not found.email:
            return Byline(found.name, found.role, email.group(0))
        return found
    return None


def find_email(text: str) -> str | None:
    m = _EMAIL_RE.search(text)
    return m.group(0) if m else None
