"""Captions and their credits, apart."""

from __future__ import annotations

import pytest

from reader.core.images.captions import split_credit


@pytest.mark.parametrize(
    ("caption", "words", "credit"),
    [
        (
            "시민들이 산책로를 걷고 있다. /사진=연합뉴스",
            "시민들이 산책로를 걷고 있다.",
            "사진=연합뉴스",
        ),
        (
            "광주 AI 집적단지 조감도 (사진=광주시 제공)",
            "광주 AI 집적단지 조감도",
            "사진=광주시 제공",
        ),
        ("[사진=뉴시스] 눈 덮인 무등산", "눈 덮인 무등산", "사진=뉴시스"),
        ("무등산 설경 [사진 제공=국립공원공단]", "무등산 설경", "사진 제공=국립공원공단"),
        ("광주천 현장 모습. /빛고을일보 제공", "광주천 현장 모습.", "빛고을일보 제공"),
        (
            "(서울=연합뉴스) 홍길동 기자 = 24일 광화문 광장",
            "24일 광화문 광장",
            "서울=연합뉴스 홍길동 기자",
        ),
        ("▲ 개막식 모습 ⓒ 빛고을일보", "개막식 모습", "ⓒ 빛고을일보"),
        (
            "Protesters march downtown. (AP Photo/Jane Roe)",
            "Protesters march downtown.",
            "AP Photo/Jane Roe",
        ),
        ("Crowds at the pier. REUTERS/John Doe", "Crowds at the pier.", "REUTERS/John Doe"),
        ("The pier at dusk. Photo: City of Harbor", "The pier at dusk.", "Photo: City of Harbor"),
        ("ⓒ 광주일보 자료사진", "", "ⓒ 광주일보 자료사진"),
        ("The pier at dusk.", "The pier at dusk.", ""),
        ("사진 속 인물은 누구일까", "사진 속 인물은 누구일까", ""),
    ],
)
def test_the_credit_is_split_from_the_words(caption: str, words: str, credit: str) -> None:
    assert split_credit(caption) == (words, credit)
