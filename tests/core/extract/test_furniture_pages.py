"""Whole pages with printed date lines and furniture in and around the body, UTF-8 and EUC-KR.

ko_ndsoft.html mimics the ndsoft regional CMS (articleView.html, ul.infomation, the
article-view-content-div body); ko_dateline_body.html a regional daily that prints
"입력시간 : …" inside the story's own element. Neither page has a machine-readable time.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.core.extract import Byline, ExtractedArticle, extract_page

KST = timezone(timedelta(hours=9))
DATA = Path(__file__).resolve().parents[2] / "data" / "extract"
URL = "https://www.siheom.example/news/articleView.html?idxno=12345"
FURNITURE = re.compile(
    r"입력|수정 20|20\d\d\.|기사 URL|복사되었|무단|재배포|저작권자|ⓒ|©|다른\s*기사|좋아요|훈훈|"
    r"관련기사|많이 본|가가|기상청|℃|등록번호"
)


def _load(name: str, encoding: str, edit: tuple[str, str] | None = None) -> ExtractedArticle:
    text = (DATA / name).read_text(encoding="utf-8")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    if encoding != "utf-8":
        text = text.replace('charset="utf-8"', f'charset="{encoding}"')
    # EUC-KR has no ©: a real EUC-KR page writes it as a character reference.
    return extract_page(text.encode(encoding, "xmlcharrefreplace"), {}, URL)


def _no_furniture(art: ExtractedArticle) -> None:
    for p in art.paragraphs:
        assert not FURNITURE.search(p), p


@pytest.mark.parametrize("encoding", ["utf-8", "euc-kr"])
def test_ndsoft_page(encoding: str) -> None:
    art = _load("ko_ndsoft.html", encoding)
    assert art.title == "시험군, 폐교를 마을 도서관으로 되살린다"
    assert art.outlet == "시험매일"
    assert art.deck == ["2028년까지 12억 들여 리모델링", "주민 공모로 운영위원회 꾸려"]
    assert art.byline == Byline("김소라", "기자", "sora@siheom.example")
    assert art.published == datetime(2026, 11, 25, 10, 43, tzinfo=KST)  # 입력, not 수정
    assert len(art.paragraphs) == 4
    assert art.paragraphs[0].startswith("시험군이 10년 넘게")
    assert art.paragraphs[-1].endswith("모아 달라”고 요청했다.")  # mentions 저작권: kept
    assert [q.speaker for q in art.quotes] == ["오유진 시험군수", "오유진 시험군수", "한 주민"]
    _no_furniture(art)


def test_ndsoft_page_time_from_the_info_box_when_the_body_has_none() -> None:
    art = _load(
        "ko_ndsoft.html", "utf-8", ("<p>입력 2026.11.25 10:43 | 수정 2026.11.25 14:05</p>", "")
    )
    assert art.published == datetime(2026, 11, 25, 10, 43, tzinfo=KST)
    assert len(art.paragraphs) == 4


def test_metadata_time_wins_over_the_printed_line() -> None:
    meta = '<meta property="article:published_time" content="2026-11-25T09:00:00+09:00">\n</head>'
    art = _load("ko_ndsoft.html", "utf-8", ("</head>", meta))
    assert art.published == datetime(2026, 11, 25, 9, 0, tzinfo=KST)
    _no_furniture(art)


@pytest.mark.parametrize("encoding", ["utf-8", "euc-kr"])
def test_date_line_inside_the_story_element(encoding: str) -> None:
    art = _load("ko_dateline_body.html", encoding)
    assert art.title == "시험시, 첫 야간 버스 노선 연다"
    assert art.outlet == "시험일보"
    assert art.deck == ["다음 달부터 자정~새벽 4시 세 개 노선", "요금은 낮 시간과 같아"]
    assert art.byline == Byline("한바다", "기자", "sea@siheom.example")
    assert art.published == datetime(2026, 11, 24, 19, 30, tzinfo=KST)
    assert [p[:12] for p in art.paragraphs] == [
        "시험시가 다음 달부터 ",
        "시는 야간 노동자와 대",
        "윤다솜 시험시 교통국장",
        "첫차를 기다리던 한 대",
    ]
    assert [q.speaker for q in art.quotes] == [
        "윤다솜 시험시 교통국장",
        "첫차를 기다리던 한 대리운전 기사",
    ]
    _no_furniture(art)
