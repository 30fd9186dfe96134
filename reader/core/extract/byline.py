"""Bylines in the forms Korean and English papers print them (one line at a time).

Korean: "/박진표 기자 lucky@kwangju.co.kr", "홍길동·김철수 기자", "홍길동 기자 외 1명",
"[광주일보 홍길동 기자]", "글·사진=홍길동 기자", "칼럼니스트 박생강", roles 기자/특파원/
논설위원/PD/앵커…; the wire dateline opening the first paragraph ("(서울=연합뉴스) 홍길동
기자 =", "[서울=뉴시스]", "【서울=뉴시스】"); a broadcast sign-off ("KBS 뉴스 홍길동입니다.").
English: "By Jane Doe and John Roe", "By Jane Doe, Staff Writer", "Jane Doe, Reporter".
Several names are joined with "·".

Not bylines: photo and video credits ("사진=연합뉴스", "영상취재: …", "그래픽=…"). A photo credit
that names a reporter ("[사진=홍길동 기자]") is read by `parse_photo_credit` only, which the finder
uses as a last resort (a photo story with no other byline); "글·사진=" names the writer.
"""

from __future__ import annotations

import re

from .model import Byline
from .text_key import text_key

KO_ROLES = (
    "객원논설위원", "선임연구위원", "칼럼니스트", "기상캐스터", "논설위원", "편집위원", "논설실장",
    "편집국장", "선임기자", "수습기자", "객원기자", "전문기자", "인턴기자", "사진기자", "영상기자",
    "취재기자", "인턴 기자", "수습 기자", "대기자", "특파원", "통신원", "리포터", "에디터", "기자",
    "주필", "앵커", "PD",
)  # fmt: skip
# Roles that may come before the name ("칼럼니스트 박생강"); never plain 기자 ("기자 간담회").
_LEADING_ROLES = (
    "객원논설위원",
    "칼럼니스트",
    "논설위원",
    "편집위원",
    "논설실장",
    "주필",
    "대기자",
)
_ROLE = "|".join(re.escape(r) for r in KO_ROLES)  # escaped: "인턴 기자" in a VERBOSE pattern
_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채"
    "원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태"
    "목형피두감음빈동온호범좌팽승간상갈견묵시탄리림로"
)
_COMPOUND_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방", "을지")
# Words that stand where a name would but are not names ("사진 기자", "담당 기자", "구독").
_NOT_KO_WORDS = """
    사진 영상 취재 담당 현장 수습 인턴 객원 전문 선임 여성 남성 시민 학생 청년 명예 국회 정치
    사회 경제 문화 연예 스포츠 국제 산업 과학 의학 출입 지역 주재 파견 소속 외부 동료 후배 선배
    해당 한 모든 각 일부 여러 다른 두 세 네 관계자 기자 기자단 공동취재단 제공 자료 출처 뉴스 편집
    이상 구독 기사 보기 더보기 전체 목록 이메일 제보 팔로우 응원 오늘 어제 내일 최신 인기 정보 안내
    입력 수정 등록 승인 송고 발행 공유 인쇄 스크랩 댓글 좋아요 전문가 기고 칼럼 사설
    네이버 다음 카카오 네이트 구글
    전국 기획 여행 부동산 방송 공연 문학 오피니언 연재 시사 경기 정책 금융 증권 유통 기업
    노동 환경 교육 건강 생활 세계 북한 외교 국방 법원 검찰 종합 속보 단독 포토 기상 날씨
    요약 번역 음성 듣기 설정 원문 추천 목록 이전 상단 하단 조회 조회수 공감 반응 복사 주소
    서울 부산 인천 강원 전북 전남 경북 경남 제주 한국 동아 조선 국민 한경 매경 연합 경향
    한겨레 중앙"""
# Portals that carry other outlets' stories: their name is never a byline ("뉴스타파 | 네이버").
PORTALS = frozenset(
    {
        "네이버",
        "다음",
        "카카오",
        "네이트",
        "줌",
        "구글",
        "naver",
        "daum",
        "kakao",
        "nate",
        "zum",
        "google",
        "google news",
        "yahoo",
        "msn",
    }
)
_NOT_KO_NAMES = frozenset(_NOT_KO_WORDS.split())
_OUTLET_END = re.compile(
    r"(?:일보|신문|뉴스|방송|매일|타임스|투데이|헤럴드|저널|통신|닷컴|미디어|경제|비즈|데일리|코리아"
    r"|TV|티비|뉴시스|뉴스1|뉴스핌|라디오|겨레|경향|[A-Z]{2,6})$"
)
# A desk ("사회부", "디지털뉴스팀"); not any word ending in 부/국: names do ("김민국").
_DESK_END = re.compile(
    r"(?:팀|센터|데스크|취재단|편집실|뉴스룸|본부|(?:정치|사회|경제|산업|국제|문화|체육|스포츠|사진"
    r"|영상|편집|전국|지역|증권|금융|부동산|과학|생활|연예|기획|탐사|특별|보도|정책|외교|통일|법조"
    r"|국방|교육|노동|유통|디지털|온라인|사회정책|경제정책|뉴스|취재|편집|보도)(?:부|국))$"
)
MAX_NAMES = 8
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_EMAIL_RE = re.compile(EMAIL)
_NAME_SPLIT = re.compile(r"\s*[·ㆍ,/&・]\s*|\s+및\s+|\s+and\s+|\s+")

# One Korean byline line: an optional credit ("글·사진="), the names (with an outlet or desk
# before them), the role, "외 N명", an e-mail; brackets and a leading "/" around it all.
_KO_LINE = re.compile(
    rf"""^[\s/\[(【<〈〔=-]*
    (?:(?:글|글\s*[·ㆍ/]\s*사진|사진\s*[·ㆍ/]\s*글|정리|대담|진행)\s*[=:]\s*
    |(?!사진|촬영|포토|그래픽|영상|자료|출처|제공)[가-힣]{{2,8}}\s*=\s*)?  # "부산=" (a dateline)
    (?P<names>[가-힣A-Za-z0-9·ㆍ,/&・ ]{{2,80}}?)\s*(?P<role>{_ROLE})
    (?P<more>\s*외(?:\s*\d+\s*(?:명|인))?)?
    (?:\s*[=:]?\s*[(<\[]?\s*(?P<email>{EMAIL})\s*[)>\]]?)?[\s\]】>〉〕)=]*$""",
    re.VERBOSE,
)
_KO_LEADING = re.compile(
    rf"""^[\s/\[(【<〈〔=-]*(?:글\s*[=:]\s*)?(?P<role>{"|".join(_LEADING_ROLES)})\s+
    (?P<names>[가-힣·ㆍ, ]{{2,40}}?)
    (?:\s*[(<\[]?\s*(?P<email>{EMAIL})\s*[)>\]]?)?[\s\]】>〉〕)]*$""",
    re.VERBOSE,
)
# "(서울=연합뉴스) 홍길동 기자 = 본문…", "【서울=뉴시스】김철수 기자 = …",
# "(서울=연합뉴스) 증권팀 = …"
DATELINE = re.compile(
    rf"""^\s*[(\[【]\s*(?P<place>[^=()\[\]【】]{{1,30}}?)\s*=\s*(?P<agency>[^()\[\]【】]{{1,30}}?)
    \s*[)\]】]\s*(?:(?P<names>[가-힣·ㆍ, ]{{2,60}}?)\s*(?P<role>{_ROLE})
    |(?P<team>[가-힣 ]{{1,14}}(?:팀|부|취재단)))?\s*=\s*""",
    re.VERBOSE,
)
# "[부산=스포츠조선 홍길동 기자] 본문…", "[이데일리 홍길동 기자] …", "[마이데일리 = 홍길동 기자]":
# the place, outlet, names and role all inside the brackets, no "=" after them.
BRACKETED = re.compile(
    rf"""^\s*[\[【(]\s*(?!사진|촬영|포토|그래픽|영상|자료|출처|제공)(?:[^=()\[\]【】]{{1,30}}?\s*=\s*)?(?:[^()\[\]【】=\s]{{1,20}}(?:\s*=\s*|\s+))?
    (?P<names>[가-힣·ㆍ, ]{{2,60}}?)\s*(?P<role>{_ROLE})\s*[\]】)]\s*(?:=\s*)?(?=\S)""",
    re.VERBOSE,
)
# A byline glued to the story's last sentence: "…처리했다.부산=홍길동 기자 a@b.kr".
_GLUED = re.compile(
    rf"""(?<=[.!?"”’』」])\s*(?P<line>(?:[가-힣]{{2,8}}\s*=\s*)?[가-힣·ㆍ, ]{{2,40}}?\s*
    (?:{_ROLE})(?:\s*[=:]?\s*[(<\[]?\s*{EMAIL}\s*[)>\]]?)?)\s*$""",
    re.VERBOSE,
)
# A broadcast transcript's last words: "KBS 뉴스 홍길동입니다.", "MBC뉴스 홍길동입니다",
# "YTN 홍길동[gildong@ytn.co.kr]입니다.", "…에서 SBS 홍길동입니다."
_SIGNOFF = re.compile(
    rf"""(?:^|(?<=[.!?”"’』」]\s)|(?<=[.!?]))\s*(?:[^.!?]{{0,40}}?에서\s*)?
    (?P<outlet>KBS|MBC|SBS|YTN|JTBC|MBN|OBS|EBS|CBS|BBS|TBS|KNN|TJB|TBC|UBC|JIBS|G1|채널\s?A
    |TV\s?조선|연합뉴스\s?TV|[가-힣A-Za-z0-9]{{1,10}}(?:방송|TV))\s*(?:뉴스|NEWS|뉴스룸)?\s*
    (?P<names>[가-힣]{{2,5}}(?:\s*[·ㆍ,]\s*[가-힣]{{2,5}})*?)\s*(?:기자|특파원|앵커|리포터|기상캐스터)?
    \s*(?:[\[(<]\s*(?P<email>{EMAIL})\s*[\])>])?\s*입니다[.!]?\s*$""",
    re.VERBOSE,
)
# "[사진=홍길동 기자]", "사진 = 김혜진 기자" (never "사진=연합뉴스": no role, no name).
_PHOTO = re.compile(
    rf"""[\[(]?\s*(?:사진|촬영|포토)\s*[=:]\s*(?P<names>[가-힣·ㆍ, ]{{2,40}}?)\s*
    (?P<role>{_ROLE})\s*[\])]?\s*$""",
    re.VERBOSE,
)
# A line of credits only: "영상취재: 오세진 / 영상편집: 문소라", "(그래픽=김하나)", "사진=연합뉴스".
_CREDIT_LINE = re.compile(
    r"^[\s\[(<]*(?:영상\s?취재|영상\s?편집|영상\s?디자인|영상\s?제공|촬영\s?기자|촬영|취재|편집"
    r"|그래픽|CG|디자인|사진|자료|출처|제공|구성|연출|작가|일러스트|자막뉴스)\s*[:=：]\s*[^.!?]{1,80}$"
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
_HANDLE = re.compile(r"\s*@\w+\b(?![.@\w])")  # a social handle, not an e-mail's domain
_EN_SPLIT = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|,\s*)")


def is_korean_name(word: str) -> bool:
    """A plausible Korean personal name: a surname, then one to three syllables."""
    if not re.fullmatch(r"[가-힣]{2,5}", word) or word in _NOT_KO_NAMES:
        return False
    if word[:2] in _COMPOUND_SURNAMES and len(word) >= 3:
        return True
    return len(word) <= 4 and word[0] in _SURNAMES


def is_outlet_word(word: str, outlets: tuple[str, ...] = ()) -> bool:
    """An outlet, desk or credit word that sits where a name would ("한국일보", "사회부")."""
    w = word.strip()
    key = text_key(w)
    if w.casefold() in PORTALS:
        return True
    if any(key == text_key(o) for o in outlets if o):
        return True
    return bool(_OUTLET_END.search(w) or w.endswith(("제공", "기자")) or w in _NOT_KO_NAMES)


def is_not_person(word: str, outlets: tuple[str, ...] = ()) -> bool:
    """An outlet, desk, section or button word ("한국일보", "사회부", "오피니언")."""
    return is_outlet_word(word, outlets) or bool(_DESK_END.search(word))


def korean_names(text: str, outlets: tuple[str, ...] = ()) -> list[str] | None:
    """The names in "사회부 홍길동·김철수", "[광주일보 홍길동", "홍길동 및 김철수"; None
    unless every word is a name or an outlet/desk word, and at least one is a name."""
    names: list[str] = []
    for word in _NAME_SPLIT.split(text.strip(" ,·/")):
        if not word:
            continue
        if is_not_person(word, outlets):
            continue
        if not is_korean_name(word):
            return None
        if word not in names:
            names.append(word)
    return names or None


def bare_korean_names(line: str) -> list[str] | None:
    """ "홍길동" or "홍길동·김철수" alone (a marked byline element's text): only names."""
    words = [w for w in _NAME_SPLIT.split(line.strip()) if w]
    if not words or len(words) > MAX_NAMES or not all(is_korean_name(w) for w in words):
        return None
    return list(dict.fromkeys(words))


def parse_korean(line: str, outlets: tuple[str, ...] = ()) -> Byline | None:
    m = _KO_LINE.match(line) or _KO_LEADING.match(line)
    if not m:
        return None
    names = korean_names(m.group("names"), outlets)
    if not names or len(names) > MAX_NAMES:
        return None
    return Byline("·".join(names), m.group("role"), m.group("email"))


def truncated(line: str) -> bool:
    """ "박준석 기자 외 1명": more authors than the line names."""
    m = _KO_LINE.match(" ".join(line.split()))
    return bool(m and m.group("more"))


def parse_dateline(paragraph: str) -> tuple[Byline | None, str] | None:
    """A wire dateline opening `paragraph`: (its byline or None, the paragraph without it).

    A desk in place of a reporter ("(서울=연합뉴스) 증권팀 =") gives a byline with no role."""
    m = DATELINE.match(paragraph)
    if not m or not re.search(r"[가-힣]", m.group("agency")):
        b = BRACKETED.match(paragraph)
        if b and (names := korean_names(b.group("names"))):
            return Byline("·".join(names), b.group("role")), paragraph[b.end() :].lstrip()
        return None
    byline = None
    if m.group("names") and (names := korean_names(m.group("names"))):
        byline = Byline("·".join(names), m.group("role"))
    elif m.group("team"):
        byline = Byline(m.group("team").strip())
    return byline, paragraph[m.end() :].lstrip()


def parse_signoff(text: str) -> tuple[Byline, str] | None:
    """A broadcast reporter's sign-off ending `text`: (byline, the text before it)."""
    if "입니다" not in text[-60:]:
        return None
    m = _SIGNOFF.search(text[-120:])
    if not m:
        return None
    names = korean_names(m.group("names"))
    if not names:
        return None
    rest = text[: len(text) - len(text[-120:]) + m.start()].rstrip()
    return Byline("·".join(names), "기자", m.group("email")), rest


def split_glued(text: str, outlets: tuple[str, ...] = ()) -> tuple[Byline, str] | None:
    """A byline glued to the end of the story's last sentence: (byline, the text before it)."""
    if len(text) < 12 or not any(r in text[-80:] for r in ("기자", "특파원", "위원", "PD")):
        return None
    m = _GLUED.search(text[-160:])
    if not m:
        return None
    found = parse_korean(m.group("line"), outlets)
    if found is None:
        return None
    return found, text[: len(text) - len(text[-160:]) + m.start()].rstrip()


def parse_photo_credit(line: str) -> Byline | None:
    """The reporter a photo credit names ("[사진 = 김혜진 기자]"): not a byline by itself."""
    m = _PHOTO.search(line)
    if not m or not (names := korean_names(m.group("names"))):
        return None
    return Byline("·".join(names), m.group("role"))


def is_credit_line(line: str) -> bool:
    """Photo/video/graphics credits and nothing else: not a byline, not story text."""
    return len(line) <= 120 and bool(_CREDIT_LINE.match(line))


def email_only(line: str) -> str | None:
    m = _EMAIL_LINE.match(line)
    return m.group("email") if m else None


def _en_names(text: str) -> tuple[list[str], str | None]:
    text = _HANDLE.sub("", text)  # "By Alissa Wilkinson@alissamarie"
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


def parse_byline(
    line: str, *, lenient: bool = False, outlets: tuple[str, ...] = ()
) -> Byline | None:
    """A byline in any known form, or None. Strict by default (a body line must carry a role,
    "By" or an email to count); ``lenient`` for text already marked up as a byline.
    ``outlets``: the page's outlet names, never taken for a person's."""
    line = " ".join(line.split())
    if not line or len(line) > 200:
        return None
    found = parse_korean(line, outlets)
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
