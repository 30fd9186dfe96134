"""Lines that are page furniture, never story: weather strips, menus, most-read and related-article
lists, share/font-size/reaction buttons, copy confirmations, copyright and reprint notices,
subscription and cookie prompts, video-player fallbacks, tip-off notices, broadcast sign-offs
and anchor tags, and printed date lines (dateline.py; their time becomes ``published``).

Guards against dropping story: lines are judged by their whole text when short; notices found
inside longer lines are phrases a story does not write; a line that reads as a sentence
("…했다.") is kept unless it starts like a notice; the weakest signals (a bare date, a
sponsorship note, a lone arrow link) count only among the first/last few blocks.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from .dateline import labelled, parse_dateline, published_of, split_leading

EDGE = 5  # blocks at either end where furniture sits (header info box, footer)
MAX_LIST_RUN = 20  # items of one related-article list

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
        "좋아요", "추천", "저작권자", "Ad", "기사제보", "뉴스레터", "[광고]", "(광고)",
        "[제보하기]", "이 기사를 공유합니다", "관련기사 목록입니다", "기사원문", "기사 원문",
        "원문보기", "더보기", "본문 바로가기", "재생", "동영상 재생", "영상 재생", "일시정지",
        "음소거", "전체화면", "기사 듣기", "기사듣기", "본문듣기", "본문 듣기",
        # portal reader layers: summary, translation, text-to-speech, font size
        "요약", "요약보기", "요약 보기", "자동요약", "AI 요약", "AI요약", "AI 요약보기", "번역",
        "번역하기", "번역 beta", "번역 설정", "언어 선택", "언어선택", "언어 설정", "원문 보기",
        "Translated by kakao i", "Now in translation", "음성으로 듣기", "음성 듣기", "음성 재생",
        "음성재생", "음성재생 설정", "음성 설정", "기사 읽어주기", "기사 읽어 주기", "읽어주기",
        "다시듣기", "글자크기 설정", "글씨크기 조절", "글씨 크기 조절", "글자 크기 조절",
        # English sites
        "Advertisement", "ADVERTISEMENT", "Advertising", "Sponsored", "Most read", "Most popular",
        "Most viewed", "Related", "Related articles", "Related stories", "Read more", "Read next",
        "Share", "Share this", "Share this article", "Share on Facebook", "Share on Twitter",
        "Tweet", "Email", "Print", "Print this", "Copy link", "Subscribe", "Sign up", "Sign in",
        "Log in", "Menu", "Search", "Close", "Comments", "Skip to content", "Skip to main content",
        "Photos", "In pictures", "Newsletter", "Follow us", "Back to top", "Continue reading",
        "Story continues below advertisement", "Trending", "Recommended", "Play", "Play Video",
        "Pause", "Mute", "Fullscreen", "Listen to this article", "Gift this article",
    )
)  # fmt: skip
# "흐림강릉 1.3℃", "서울 3.2℃", "홍성(예) 3.6℃", a strip of them, "기상청 제공" attached …
_WEATHER_ITEM = (
    r"(?:맑음|흐림|구름많음|구름 많음|비|눈|소나기|안개|황사|비/눈)?"
    r"\s*[가-힣]{1,8}(?:\([^)]{1,4}\))?\s*-?\d{1,2}(?:\.\d)?\s*℃"
)
_WEATHER = re.compile(rf"^(?:[•·|\s]*{_WEATHER_ITEM})+[•·|\s]*(?:기상청 제공)?\s*$")
_COPYRIGHT = re.compile(
    r"copyright\s*(?:©|\(c\)|ⓒ|\d{4}|by\b)|^\(c\)\s*\d{4}|©|ⓒ|무단\s*(?:전재|복제|배포)|재배포\s*금지|전재\s*[-·및]*\s*재배포"
    r"|all rights reserved|저작권자\s*[©ⓒ(:]|AI\s*학습\s*(?:및\s*)?(?:활용|이용)\s*금지",
    re.IGNORECASE,
)
_NOTICE_START = re.compile(r"^[\s<\[(〈【]*(?:ⓒ|©|\(c\)|copyright|저작권자|무단\s*전재)", re.I)
_NOTICE_END = re.compile(r"(?:전재|재배포|복제|학습)[^.]{0,30}금지(?:합니다|됩니다)[.>\]]*$")
# A Korean line that ends as a sentence ends ("…했다.", "…합니다"): a notice never does.
_KO_PROSE_END = re.compile(r"[다요죠]\s*[.!?]?[\"'”’」』)]*\s*$")
# A sentence's full stop; a headline (a related-list entry) ends without one, or with ?/!/….
_SENTENCE_END = re.compile(r"(?<!\.)[.。][\"'”’」』)\]]*\s*$")
_HANGUL = re.compile(r"[가-힣]")
_SHARE = re.compile(
    r"^(?:(?:페이스북|트위터|카카오톡|카카오스토리|네이버|밴드|URL\s?복사|링크\s?복사|인쇄|스크랩|X|"
    r"facebook|twitter|linkedin|whatsapp|reddit|pinterest|email|print|copy link)[\s|·,/]*){2,}$",
    re.IGNORECASE,
)
_REACTIONS = (
    r"댓글|좋아요|추천|공유|조회수?|훈훈해요|슬퍼요|화나요|후속기사\s?원해요|놀랐어요|싫어요|응원수|"
    r"구독자|추천해요|감동이에요|최고예요|likes?|comments?|shares?|views?"
)
_COUNT_LINE = re.compile(rf"^(?:(?:{_REACTIONS})\s*:?\s*\d[\d,]*[\s|·]*)+$", re.IGNORECASE)
# Button and widget words: a line made only of these is a toolbar ("가 가 가 가 가 글자크기",
# "공유하기 닫기", "네이버 구독", "기자 구독 응원하기", "글자크기 작게 크게").
_BUTTON_WORDS = frozenset(
    w.casefold()
    for w in (
        "글자", "글자크기", "글씨", "글씨크기", "크기", "작게", "크게", "보통", "조절", "조정",
        "설정", "변경", "키우기", "줄이기", "확대", "축소", "기본", "초기화", "공유", "공유하기",
        "닫기", "열기", "인쇄", "인쇄하기", "프린트", "출력", "스크랩", "북마크", "저장",
        "페이스북", "트위터", "카카오톡", "카카오스토리", "카카오", "네이버", "밴드", "라인",
        "텔레그램", "엑스", "URL", "URL복사", "복사", "링크", "링크복사", "주소복사", "메일",
        "이메일", "보내기", "댓글", "좋아요", "추천", "추천하기", "구독", "구독하기", "구독중",
        "응원", "응원하기", "채널", "언론사", "기자", "기사", "기사공유", "기사저장", "듣기",
        "기사듣기", "본문듣기", "음성", "번역", "SNS", "목록", "facebook", "twitter", "linkedin",
        "whatsapp", "reddit", "pinterest", "email", "print", "share", "copy", "link", "tweet",
        "save", "gift", "listen", "A-", "A+", "-", "+",
        # text-to-speech and font-size panels ("음성재생 설정 남성 여성 느림 보통 빠름",
        # "매우 작은 폰트 보통 폰트 큰 폰트"), summary and translation buttons
        "음성", "재생", "음성재생", "남성", "여성", "느림", "빠름", "속도", "폰트", "매우", "작은",
        "큰", "읽어주기", "다시듣기", "요약", "요약보기", "자동요약", "beta", "조절하기",
        "크기조절",
    )
)  # fmt: skip
# A language menu ("English 日本語 简体中文 Deutsch …"): two names or more on a line, or one
# that is written in its own non-Latin script.
_LANGUAGES = frozenset(
    w.casefold()
    for w in (
        "한국어", "영어", "일본어", "중국어", "English", "日本語", "简体中文", "繁體中文", "中文",
        "Deutsch", "Русский", "Español", "Français", "العربية", "bahasa", "Indonesia",
        "ภาษาไทย", "Türkçe", "Tiếng", "Việt", "Italiano", "Português", "हिन्दी",
    )
)  # fmt: skip
_OWN_SCRIPT = frozenset(
    {"한국어", "日本語", "简体中文", "繁體中文", "中文", "Русский", "العربية", "ภาษาไทย"}
)
_BUTTON_SPLIT = re.compile(r"[\s|·/,]+")
# Phrases a story does not write, wherever they sit in a line.
_INSIDE = re.compile(
    "|".join(
        (
            # copy confirmations
            r"(?:URL|주소|링크)\s*(?:이|가)?\s*복사\s*(?:되었습니다|됐습니다|되었어요|완료)",
            r"클립보드에\s*복사",
            # video and audio player fallbacks, accessibility and browser notices
            r"동영상\s*재생이\s*원활하지",
            r"(?:비디오|video)\s*태그를\s*지원하지",
            r"your browser does(?: not|n't) support (?:the |html5 )?(?:video|audio)",
            r"동영상\s*플레이어\s*단축키|가상커서를\s*해제|방향키는\s*(?:시간|음량)이",
            r"읽어주기 기능은|최신 브라우저 사용을 권장|Internet Explorer\s*\d+\s*이하",
            r"video player is loading|this is a modal window|beginning of dialog window",
            # subscriptions
            r"구독(?:이|을)?\s*(?:해지|취소|완료|설정|신청)?\s*(?:되었습니다|됐습니다)",
            r"already (?:a )?subscriber",
            r"as low as [$€£]\s?[\d.,]+\s*(?:a|per|/)\s*(?:week|month|year)",
            # tip-off notices
            r"제보를 기다립니다|기사문의 및 제보|기사제보 및 보도자료|제보가 뉴스가 됩니다",
            # reader layers: a font-size preview, auto-summary and AI-summary disclaimers,
            # translation notices, text-to-speech notices
            r"이\s*글자\s*크기로\s*변경됩니다|\(예시\)\s*가장 빠른 뉴스가 있고",
            r"자동\s*요약한\s*(?:결과|내용|것)입니다|본문\s*보기를\s*권장합니다",
            r"요약(?:문|본)이므로\s*일부\s*내용이\s*생략될\s*수|기사의 본문 내용은 이 글자크기로",
            r"translated by kakao|now in translation",
        )
    ),
    re.IGNORECASE,
)
# Furniture known by how the line starts (matched at the start only: cheaper, and safer).
_AT_START = re.compile(
    "|".join(
        (
            # subscriptions and sign-ups
            r"subscribe (?:to|now|for|today)\b",
            r"sign up (?:for|to)\b.{0,80}\b(?:newsletter|emails?|updates|free|account)\b",
            r"(?:try|start) (?:a |your )?(?:free trial|subscription)",
            r"(?:subscribe|subscription)\b.{0,40}[$€£]\s?\d",
            # cookie and consent banners
            r"we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies"
            r"|by (?:continuing to use|using) (?:this|our) (?:site|website)"
            r"|manage (?:cookie )?preferences",
            # tip-off notices
            r"[\[<(■▶▷☞※\s]*(?:기사\s*)?제보(?:하기|\s*:|는\s*(?:카카오톡|카톡|이메일|전화|홈페이지))",
            r"[▷■▶]\s*(?:카카오톡|카톡|이메일|전화|홈페이지)\s*:",
            # portal furniture (Naver, Daum)
            r"본문 요약봇|요약본은 자동요약|기사 섹션 분류 안내|기사의 섹션 정보는"
            r"|언론사는 개별 기사를|텍스트 음성 변환 서비스|이동 통신망을 이용하여 음성을"
            r"|언론사 홈 바로가기|구글에서 선호하는 매체로|이 기사를 추천합니다"
            r"|요약\s*보기\s*자동\s*요약|자동\s*요약\s*기술로",
            # AI-summary, machine-translation and text-to-speech notices (at the start only: a
            # story may write about AI summaries)
            r"[※*▶■\s]*(?:이\s*(?:기사|요약|내용)(?:은|는)\s*)?(?:AI|인공지능|자동\s*요약\s*기술)"
            r"(?:가|이|를\s*활용해|로)?\s*(?:자동으로\s*)?(?:요약|번역|생성)(?:한|된|했)\s*"
            r"(?:내용|결과|것|기사|요약문|요약)?(?:입니다|이며|으로|습니다)",
            r"[※*▶■\s]*(?:AI|인공지능)\s*요약은?\s.{0,40}(?:정확하지\s*않을|오류가|다를\s*수|누락될)",
            r"[※*▶■\s]*(?:자동|기계|AI)\s*번역(?:된|한)?\s*(?:결과|내용)(?:입니다|로|는)",
            r"[※*▶■\s]*번역\s*(?:결과|서비스)(?:는|가)\s.{0,40}(?:정확하지|다를\s*수|오류)",
            r"[※*▶■\s]*음성\s*(?:으로\s*)?(?:재생|듣기)\s*(?:설정|중|기능)",
            # reporter box
            r"(?:이\s*)?(?:[가-힣]{2,4}\s*)?(?:기자|특파원|논설위원|에디터)?\s*(?:의\s*)?"
            r"(?:다른\s*기사(?:\s*(?:보기|더\s*보기))?|기자\s*페이지(?:\s*바로\s*가기)?"
            r"|기사\s*모아\s*보기)\s*[>›»]?$",
            # "Read more: …", "관련기사: …" link lines
            r"(?:read more|also read|see also|read next|관련\s*기사|관련\s*뉴스)\s*[:|▶]\s*\S",
        )
    ),
    re.IGNORECASE,
)
# "Get The Times." (a subscription button taken for the deck), "Unlock full access".
_GET_PROMPT = re.compile(
    r"^(?:Get|Try|Unlock) "
    r"(?:The(?: [A-Z][\w&'-]*){1,3}|unlimited access|full access|digital access)\.?$"
)
_ARROW = re.compile(r"^[▶▷►☞→]\s*")
_LINK_BAIT = re.compile(
    r"바로\s*가기|구독|클릭|다운로드|앱\s|이벤트|네이버|카카오|유튜브|채널|관련\s*기사|제보|홈페이지|"
    r"무료|가입|신청|더\s*보기|click|download|subscribe|www\.|https?://|\.com|\.kr",
    re.IGNORECASE,
)
# "▶ 최신 뉴스 ▶ 두고 두고 읽는 뉴스": arrow-led link labels on one line (at the edges, naming
# news or links: "▷1위 시험시 ▷2위 나라시" in a story is a list of results).
_ARROW_LIST = re.compile(r"^(?:[▶▷►☞]\s*[^▶▷►☞.!?。]{1,40}?\s*){2,}$")
# A photo caption that ends in its credit ("…게재됐다. 보배드림 캡처", "… 사진=홍길동 기자",
# "…/연합뉴스"); only at the body's edges, where a photo's caption lands.
_CAPTION_END = re.compile(
    r"(?:[.!?]|\s)\s*(?:[\w·]{1,20}\s?(?:캡처|캡쳐|화면\s?캡처)|[\[(]?(?:사진|자료|그래픽|영상)\s*="
    r"[^=.!?]{1,30}|/\s?(?:연합뉴스|뉴시스|뉴스1|AP|AFP|로이터|EPA))[\])]?$"
)
MAX_CAPTION = 250
_SPONSOR = re.compile(r"^※\s*(?:이|본)\s*(?:기사|콘텐츠|보도)는.{0,120}(?:지원|후원|협찬|제공)")
# "[앵커]", "<앵커 멘트>", "◀ 앵커 ▶", "[리포트]", "<기자>", "[캐스터]", "[인터뷰]", "[녹취]":
# a broadcast transcript's speaker tags (the speech after them stays).
_ANCHOR_TAG = re.compile(
    r"^\s*[\[<◀【〈(]\s*(?:앵\s*커|리\s*포\s*트|기\s*자|(?:기상\s*)?캐\s*스\s*터|인\s*터\s*뷰"
    r"|녹\s*취|현\s*장\s*음|싱\s*크)(?:\s*멘\s*트)?\s*[\]>▶】〉)]\s*"
)
_SIGNOFF = re.compile(
    r"^(?:[가-힣]{1,12}에서\s*)?(?P<outlet>[가-힣]{0,4}(?:KBS|MBC|SBS|YTN|JTBC|MBN|OBS|채널\s?A|"
    r"TV\s?조선|연합뉴스\s?TV|뉴스TV|KNN|TBC|TJB|KBC|G1|CJB|JIBS|UBC|EBS))\s*(?:뉴스\s*)?"
    r"(?P<name>[가-힣]{2,4})(?:\s*기자)?"
    r"(?:입니다|였습니다)[.!]?$"
)
_SIGNOFF_SUM = re.compile(
    r"^지금까지\s.{0,60}?(?:(?P<name>[가-힣]{2,4})\s*기자(?:였습니다|가\s*전해\s*드렸습니다)"
    r"|전해\s*드렸습니다)[.!]?$"
)
_LIST_HEADING = re.compile(
    r"^(?:관련\s*(?:기사|뉴스)(?:\s*목록)?|연관\s*기사|추천\s*(?:기사|뉴스)|많이\s*본\s*(?:기사|뉴스)"
    r"|(?:함께|같이)\s*(?:보면\s*좋은|볼만한|읽으면\s*좋은)\s*(?:기사|뉴스)"
    r"|이\s*기사와\s*(?:관련된|함께\s*많이\s*본)\s*(?:기사|뉴스)|관련\s*기사\s*더\s*보기"
    r"|related(?:\s+(?:articles|stories|coverage|content|links|news))?|more on this story"
    r"|you (?:may|might) also like|more stories|read more|read next|most read|most popular)"
    r"\s*[:>»]?$",
    re.IGNORECASE,
)


def is_boilerplate(line: str) -> bool:
    """True for a line that belongs to the page's furniture, not to the article."""
    s = line.strip()
    if not s:
        return True
    n = len(s)
    word = s.removeprefix("• ").lstrip()  # a button or menu entry set as a list item
    if n <= 60 and (word.casefold().rstrip(":：>»›") in _EXACT or _is_toolbar(word)):
        return True
    if n <= 600 and _WEATHER.match(s):
        return True
    if n <= 200 and _COPYRIGHT.search(s) and _is_notice(s):
        return True
    if n <= 300 and (_AT_START.match(s) or _INSIDE.search(s)):
        return True
    if n <= 40 and _GET_PROMPT.match(s):
        return True
    if n <= 120 and (_SHARE.match(s) or _COUNT_LINE.match(s) or _is_toolbar(s)):
        return True
    return n <= 80 and broadcast_signoff(s) is not None


def broadcast_signoff(line: str) -> str | None:
    """The reporter's name in a broadcast sign-off ("KBS 뉴스 홍길동입니다.", "광주에서 MBC뉴스
    홍길동입니다", "지금까지 사회부 홍길동 기자였습니다"); "" for a sign-off that names nobody
    ("지금까지 국회에서 전해드렸습니다"); None for any other line."""
    s = line.strip()
    if len(s) > 80:
        return None
    if m := _SIGNOFF.match(s):
        return m.group("name")
    if m := _SIGNOFF_SUM.match(s):
        return m.group("name") or ""
    return None


def strip_anchor_tag(line: str) -> str:
    """The line without its leading "[앵커]"/"<리포트>"/"◀ 기자 ▶" tag: the speech stays."""
    return _ANCHOR_TAG.sub("", line, count=1)


def strip_furniture(
    blocks: list[tuple[str, str]], tz: tzinfo
) -> tuple[list[tuple[str, str]], datetime | None]:
    """The story's blocks without furniture, and the publication time of a date line found
    among them (the caller prefers the page's metadata)."""
    n = len(blocks)
    published: datetime | None = None
    kept: list[tuple[str, str]] = []
    skip_to = 0
    for i, (kind, text) in enumerate(blocks):
        if i < skip_to:
            continue
        edge = i < EDGE or i >= n - EDGE
        if _LIST_HEADING.match(text.strip()):
            skip_to = i + 1 + _list_run(blocks, i + 1)
            continue
        stamps = parse_dateline(text, tz)
        if stamps is not None and (edge or labelled(stamps)):  # a bare date mid-story may be a list
            published = published or published_of(stamps)
            continue
        if i < EDGE:
            stamp, text = split_leading(text, tz)
            if stamp is not None and stamp.kind == "published":
                published = published or stamp.when
        if is_boilerplate(text) or (edge and (_SPONSOR.match(text) or _is_link_bait(text))):
            continue
        if edge and kind != "quote" and (is_caption(text) or _is_link_list(text)):
            continue
        text = strip_anchor_tag(text)
        if text:
            kept.append((kind, text))
    return _drop_tail_links(kept), published


def is_caption(line: str) -> bool:
    """A photo caption ending in its credit ("… 보배드림 캡처", "… 사진=홍길동 기자")."""
    return len(line) <= MAX_CAPTION and _CAPTION_END.search(line) is not None


def _is_notice(s: str) -> bool:
    """A copyright/reprint line, not a sentence about copyright ("법원은 무단 전재를 …했다.")."""
    if not _HANGUL.search(s):
        return True  # English notices are matched by phrases prose does not use
    return bool(_NOTICE_START.match(s) or _NOTICE_END.search(s) or not _KO_PROSE_END.search(s))


def _is_toolbar(s: str) -> bool:
    tokens = [t for t in _BUTTON_SPLIT.split(s.casefold()) if t]
    words = ga = languages = 0
    for t in tokens:
        if set(t) == {"가"}:
            ga += len(t)
        elif t in _BUTTON_WORDS:
            words += 1
        elif t in _LANGUAGES:
            languages += 1
        elif not t.isdigit():
            return False
    return words > 0 or ga >= 2 or languages >= 2 or s in _OWN_SCRIPT


def _is_link_bait(s: str) -> bool:
    return len(s) <= 120 and bool(_ARROW.match(s)) and bool(_LINK_BAIT.search(s))


def _is_link_list(s: str) -> bool:
    return len(s) <= 160 and bool(_ARROW_LIST.match(s)) and bool(_LINK_WORDS.search(s))


_LINK_WORDS = re.compile(r"뉴스|기사|바로\s*가기|구독|채널|이벤트|홈페이지|앱|news|subscribe", re.I)


def _is_item(s: str) -> bool:
    """A related-article entry: a short headline-like line, not a sentence."""
    s = s.strip()
    return 0 < len(s) <= 120 and not _SENTENCE_END.search(s)


def _list_run(blocks: list[tuple[str, str]], start: int) -> int:
    """How many blocks after a list heading are its entries. One short line between the heading
    and more prose is the story's next subheading ("Read more" / "5. Beware …"), not a list."""
    run = 0
    while start + run < len(blocks) and run < MAX_LIST_RUN and _is_item(blocks[start + run][1]):
        run += 1
    return 0 if run == 1 and start + run < len(blocks) else run


def _drop_tail_links(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Two or more arrow-led headlines closing the story ("▶ …", "☞ …") are a link list."""
    end = len(blocks)
    while end > 0 and _ARROW.match(blocks[end - 1][1]) and _is_item(blocks[end - 1][1]):
        end -= 1
    return blocks[:end] if len(blocks) - end >= 2 else blocks
