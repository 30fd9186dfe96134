"""Page furniture in the body: each class, and real paragraphs that merely use its words."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from reader.core.extract.boilerplate import (
    broadcast_signoff,
    is_boilerplate,
    is_caption,
    strip_anchor_tag,
    strip_furniture,
)

KST = timezone(timedelta(hours=9))
P = "p"

STORY = [
    "시험시가 다음 달부터 야간 버스 세 개 노선을 운행한다. 요금은 낮 시간과 같은 1400원이다.",
    "시는 야간 노동자가 많이 오가는 구간을 골라 노선을 짰다. 배차 간격은 30분이다.",
    "윤다솜 교통국장은 “시민들의 불편이 줄어들 것”이라고 말했다.",
    "첫차를 기다리던 한 시민은 “새벽마다 걸어서 집에 갔다”며 반겼다.",
    "시는 승객 수를 보고 내년에 노선을 늘릴지 정한다.",
    "한편 시는 심야 택시 호출 지원도 검토하고 있다.",
]


@pytest.mark.parametrize(
    "line",
    [
        # copy confirmations
        "기사 URL이 복사되었습니다.",
        "주소가 복사되었습니다",
        "링크가 복사됐습니다.",
        "클립보드에 복사되었습니다.",
        # copyright and reprint notices, every form
        "<저작권자 © 시험일보 무단전재-재배포 금지>",
        "[저작권자ⓒ시험타임스 무단 전재-재배포 금지]",
        "저작권자(c) 시험통신, 무단 전재-재배포, AI 학습 및 활용 금지",
        "Copyright ⓒ 시험일보. All rights reserved. 무단 전재 및 재배포 금지.",
        "ⓒ 시험신문사 : 무단전재 및 재배포 금지",
        "Copyright by 시험일보",
        "무단 전재 및 재배포, AI 학습 이용 금지",
        "이 기사의 무단 전재 및 재배포를 금지합니다.",
        "(c) 2026 Test Gazette",
        "Copyright 2026 The Test Press. All rights reserved.",
        "제보는 카카오톡 okjebo <저작권자(c) 시험통신, 무단 전재-재배포, AI 학습 및 활용 금지> "
        "2026년08월17일 06시04분 송고",
        # font-size, share, print, bookmark, reaction and subscribe buttons
        "가가가가가",
        "가 가 가 가 가",
        "글자크기 작게",
        "글자크기 크게",
        "공유하기 닫기",
        "가 가 기사의 본문 내용은 이 글자크기로 변경됩니다.",
        "페이스북 트위터 카카오톡 URL복사",
        "인쇄 스크랩 북마크",
        "구독",
        "구독하기",
        "네이버 구독",
        "채널 구독",
        "기자 구독",
        "응원하기",
        "언론사 구독 해지되었습니다",
        "좋아요 3",
        "좋아요 0 훈훈해요 0 슬퍼요 0 화나요 0 후속기사 원해요 0",
        "댓글 0 추천 0",
        "이 기사를 공유합니다",
        # video player fallbacks and player notices
        "동영상 재생이 원활하지 않을 경우 새로고침 해주세요",
        "이 브라우저는 비디오 태그를 지원하지 않습니다.",
        "Your browser does not support the video tag.",
        "재생",
        "Play Video",
        "This is a modal window.",
        "센스리더 사용자는 가상커서를 해제한 후 동영상플레이어 단축키를 이용하세요.",
        # broadcast sign-offs
        "KBS 뉴스 홍길동입니다.",
        "MBC뉴스 홍길동입니다",
        "SBS 홍길동입니다.",
        "YTN 홍길동입니다.",
        "연합뉴스TV 홍길동입니다.",
        "광주에서 KBS 뉴스 홍길동입니다.",
        "지금까지 국회에서 전해드렸습니다.",
        "지금까지 사회부 홍길동 기자였습니다.",
        # reporter box
        "다른 기사 보기",
        "다른기사 보기",
        "기자 페이지",
        "이 기자의 다른 기사",
        "홍길동 기자 다른기사 보기",
        # tip-off notices and ads
        "제보는 카카오톡 okjebo",
        "[제보하기]",
        "■ 제보하기",
        "▷ 카카오톡 : '시험방송제보' 검색",
        "시험TV 기사문의 및 제보 : 카톡/라인 jebo00",
        "[광고]",
        # portal furniture
        "본문 요약봇",
        "기사의 섹션 정보는 해당 언론사의 분류를 따르고 있습니다.",
        "관련기사: 시험시, 심야 버스 시범 운행",
        # English prompts and banners
        "Subscribe to The Daily Test newsletter",
        "Get The Times",
        "Get The Test Gazette.",
        "As low as $1.88 a week",
        "Already a subscriber? Log in",
        "Sign up for our newsletter to get the latest news.",
        "We use cookies to improve your experience on our site.",
        "Read more: Harbor city opens its night market",
    ],
)
def test_furniture_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        *STORY,
        "법원은 무단 전재를 금지한 저작권법 조항을 위헌이 아니라고 판단했다.",
        "저작권자의 허락 없이 음원을 복제한 혐의로 기소됐다.",
        "한 주민은 “저작권 걱정 없이 볼 수 있는 옛 사진을 모아 달라”고 요청했다.",
        "유튜브 채널 구독자가 100만 명을 넘었다.",
        "정부는 구독경제 활성화 방안을 내놨다.",
        "기사 URL을 복사해 지인에게 보냈다고 그는 말했다.",
        "그는 주소를 복사해 붙여넣는 방식으로 돈을 가로챘다.",
        "다른 기사에서도 이런 일이 있었다.",
        "KBS 사장 홍길동입니다.",
        "가짜뉴스 피해자입니다.",
        "재생에너지 비중을 높인다.",
        "시청자들은 방송을 보며 좋아요를 눌렀다.",
        "가가호호 방문했다",
        "제보를 받은 경찰이 출동했다.",
        "Get out of here, she said.",
        "The Times reported that subscribers fell.",
        "Amazon is offering the laptop at prices as low as $2,299.",
        "Subscribers to the service rose 12% this year.",
        "The court ruled that copyright covers the photos.",
    ],
)
def test_story_lines_are_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_broadcast_signoff_gives_the_reporter() -> None:
    assert broadcast_signoff("KBS 뉴스 홍길동입니다.") == "홍길동"
    assert broadcast_signoff("광주에서 MBC뉴스 김철수입니다") == "김철수"
    assert broadcast_signoff("연합뉴스TV 이영희입니다.") == "이영희"
    assert broadcast_signoff("지금까지 사회부 박민수 기자였습니다.") == "박민수"
    assert broadcast_signoff("지금까지 국회에서 전해드렸습니다.") == ""
    assert broadcast_signoff("오늘 날씨였습니다.") is None
    assert broadcast_signoff("저는 KBS 홍길동입니다. 오늘은 특별한 소식을 전하겠습니다.") is None


def test_anchor_tags_go_and_the_speech_stays() -> None:
    assert strip_anchor_tag("[앵커] 오늘 국회에서는 예산안이 통과됐습니다.") == (
        "오늘 국회에서는 예산안이 통과됐습니다."
    )
    assert strip_anchor_tag("◀ 앵커 ▶") == ""
    assert strip_anchor_tag("<앵커 멘트>") == ""
    assert strip_anchor_tag("[리포트]") == ""
    assert strip_anchor_tag("[캐스터]") == ""
    # An interview tag goes, the speaker it names stays.
    assert (
        strip_anchor_tag("[인터뷰]시청 관계자 : “곧 정합니다.”") == "시청 관계자 : “곧 정합니다.”"
    )
    assert strip_anchor_tag("[인터뷰 기록] 시민") == "[인터뷰 기록] 시민"  # not a tag


def _strip(texts: list[str]) -> tuple[list[str], datetime | None]:
    kept, published = strip_furniture([(P, t) for t in texts], KST)
    return [t for _, t in kept], published


def test_date_line_becomes_published_and_leaves_the_body() -> None:
    kept, published = _strip(["입력 2026.11.25 10:43 | 수정 2026.11.25 14:05", *STORY])
    assert kept == STORY
    assert published == datetime(2026, 11, 25, 10, 43, tzinfo=KST)
    kept, published = _strip([*STORY, "최종수정 2026-11-25 14:05"])
    assert kept == STORY and published is None  # an update time is not the publication time


def test_bare_date_mid_story_is_kept_but_dropped_at_the_edges() -> None:
    middle = [*STORY, *STORY[:3], "2026.11.25", *STORY[3:], *STORY]
    assert _strip(middle)[0] == middle
    assert _strip(["2026.11.25", *STORY])[0] == STORY


def test_leading_stamp_is_cut_from_the_first_paragraph() -> None:
    kept, published = _strip([f"입력 2026.08.15 18:22 {STORY[0]}", *STORY[1:]])
    assert kept == STORY
    assert published == datetime(2026, 8, 15, 18, 22, tzinfo=KST)


def test_related_list_goes_with_its_heading() -> None:
    related = [
        "관련기사",
        "시험시, 심야 버스 시범 운행",
        "문 닫는 시골 학교 5년 새 두 배",
        "작은 도서관이 마을을 바꾼다",
    ]
    assert _strip([*STORY, *related])[0] == STORY
    assert _strip([*STORY[:3], "함께 보면 좋은 기사", *related[1:], *STORY[3:]])[0] == STORY
    english = ["Related stories", "Harbor city opens its night market", "Ferry fares to rise"]
    assert _strip([*STORY, *english])[0] == STORY


def test_short_story_lines_after_a_list_heading_survive() -> None:
    # One short line then prose: the story's subheading, not a list ("Read more" / "5. …").
    text = [*STORY[:3], "Read more", "5. 운행 시간", *STORY[3:]]
    assert _strip(text)[0] == [*STORY[:3], "5. 운행 시간", *STORY[3:]]
    # Short paragraphs with no list heading before them are story.
    short = ["버스는 30분마다 온다.", "요금은 같다.", "시민들은 반겼다."]
    assert _strip([*STORY, *short])[0] == [*STORY, *short]


def test_broadcast_transcript() -> None:
    kept, _ = _strip(
        [
            "[앵커]",
            "오늘부터 야간 버스가 달립니다.",
            "[리포트]",
            "자정이 넘은 시각, 정류장에 시민들이 모여 있습니다.",
            "첫 버스는 예정대로 출발했습니다.",
            "KBS 뉴스 한바다입니다.",
        ]
    )
    assert kept == [
        "오늘부터 야간 버스가 달립니다.",
        "자정이 넘은 시각, 정류장에 시민들이 모여 있습니다.",
        "첫 버스는 예정대로 출발했습니다.",
    ]


def test_link_bait_and_sponsor_notes_at_the_edges() -> None:
    tail = [
        "▶ 네이버에서 시험일보 구독하기",
        "☞ 시험통신 앱 바로가기",
        "※ 이 기사는 시험재단의 지원을 받았습니다.",
    ]
    assert _strip([*STORY, *tail])[0] == STORY
    headlines = ["▶ 시험시, 심야 버스 시범 운행", "▶ 작은 도서관이 마을을 바꾼다"]
    assert _strip([*STORY, *headlines])[0] == STORY
    # An arrow-led line inside the story (a list of results) stays.
    results = ["▷1위 시험시 ▷2위 나라시", "▷3위 가람군"]
    text = [*STORY[:3], *results, *STORY[3:], *STORY]
    assert _strip(text)[0] == text


def test_captions_and_link_lists_go_at_the_edges_only() -> None:
    caption = "6일 한 커뮤니티에 주차장 두 칸을 차지한 차량 사진이 올라왔다. 커뮤니티 캡처"
    links = "▶ 최신 뉴스 ▶ 두고 두고 읽는 뉴스"
    assert _strip([caption, *STORY, links])[0] == STORY
    middle = [*STORY, *STORY[:3], caption, *STORY[3:], *STORY]
    assert _strip(middle)[0] == middle  # deep in the story it may be the story's own words
    for line in ("시민들이 광장을 걷고 있다. 사진=홍길동 기자", "눈 덮인 광장. /연합뉴스"):
        assert is_caption(line)
    for line in ("그는 유튜브 화면을 캡처했다.", "그는 사진=이라는 표기를 두고 말했다."):
        assert not is_caption(line)


def test_portal_summary_and_tip_off_notices() -> None:
    assert is_boilerplate("요약보기 자동요약 기술로 생성된 요약문입니다.")
    assert is_boilerplate("※ '당신의 제보가 뉴스가 됩니다' [카카오톡] 채널 추가")


@pytest.mark.parametrize(
    "line",
    [
        # font-size previews and panels
        "이 글자크기로 변경됩니다.",
        "(예시) 가장 빠른 뉴스가 있고 여러 목소리가 오가는 곳입니다.",
        "매우 작은 폰트",
        "• 큰 폰트",
        "글씨크기 조절하기",
        # auto-summary and AI-summary disclaimers
        "기사 제목과 주요 문장을 기반으로 자동요약한 결과입니다. 전체 맥락을 이해하기 위해서는 "
        "본문 보기를 권장합니다.",
        "요약문이므로 일부 내용이 생략될 수 있습니다.",
        "AI 요약",
        "※ 이 기사는 AI가 요약한 내용입니다.",
        "AI 요약은 기사 원문과 다를 수 있으니 전체 기사를 확인하세요.",
        # translation and text-to-speech
        "번역 beta",
        "Translated by kakao i",
        "언어 선택",
        "English 日本語 中文 Deutsch",
        "• 日本語",
        "음성재생 설정",
        "남성 여성 느림 보통 빠름",
        "본문 듣기",
        "음성으로 듣기",
    ],
)
def test_reader_layer_furniture(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "전문가들은 AI 요약은 원문과 다를 수 있다고 지적했다.",  # a story about AI summaries
        "시는 번역 서비스를 12개 언어로 늘린다고 밝혔다.",
        "English",  # one Latin-script name: a heading, perhaps
        "그는 큰 폰트로 인쇄한 안내문을 붙였다.",
    ],
)
def test_prose_about_those_features_stays(line: str) -> None:
    assert not is_boilerplate(line)
