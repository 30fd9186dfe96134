from __future__ import annotations

from reader.core.extract.model import Quote
from reader.core.extract.quotes import find_quotes, split_attribution


def test_seed_sentence_speaker_is_the_noun_phrase_before_the_particle() -> None:
    p = (
        "이용섭 광주시장은 “광주는 그간 인공지능산업의 씨앗을 뿌렸다. 정부의 지원이 꼭 필요한 시점”"
        "이라면서 “조만간 광주를 중심으로 AI중심 국가로 도약하게 될 것”이라고 말했다."
    )
    assert find_quotes(p) == [
        Quote(
            "광주는 그간 인공지능산업의 씨앗을 뿌렸다. 정부의 지원이 꼭 필요한 시점",
            "이용섭 광주시장",
        ),
        Quote("조만간 광주를 중심으로 AI중심 국가로 도약하게 될 것", "이용섭 광주시장"),
    ]


def test_korean_subject_forms() -> None:
    assert find_quotes("이에 대해 광주시의 한 관계자는 “검토 중”이라고 말했다.") == [
        Quote("검토 중", "광주시의 한 관계자")
    ]
    assert find_quotes("김 교수가 “쉽지 않다”며 고개를 저었다.") == [Quote("쉽지 않다", "김 교수")]
    assert find_quotes("그는 “어렵다”고 말했다.", "홍길동 시장") == [Quote("어렵다", "홍길동 시장")]
    assert find_quotes("장인은 ‘손이 게으르면 티가 난다’고 했다.") == [
        Quote("손이 게으르면 티가 난다", "장인")
    ]


def test_korean_names_and_titles_in_quotes_are_not_speech() -> None:
    assert find_quotes("‘AI 중심도시’라는 목표가 가까워졌다.") == []
    assert find_quotes("‘광주 겨울 빛축제’가 27일 막을 올린다.") == []
    assert find_quotes("어르신이 “살려줘”처럼 말하면 연락한다.") == [Quote("살려줘", None)]


def test_english_forms() -> None:
    assert find_quotes('"It is over," Smith said.') == [Quote("It is over", "Smith")]
    assert find_quotes('"We will rebuild," said Mayor Ana Lim. "All of it."') == [
        Quote("We will rebuild", "Mayor Ana Lim"),
        Quote("All of it.", "Mayor Ana Lim"),
    ]
    assert find_quotes('Dr. Kim said, "This is good news for all of us."') == [
        Quote("This is good news for all of us.", "Dr. Kim")
    ]
    assert find_quotes('She said: "We will win this fight."', "Ana Lim") == [
        Quote("We will win this fight.", "Ana Lim")
    ]
    assert find_quotes('The so-called "smart city" plan stalled.') == []
    assert find_quotes("Curly “quotes work too,” said Bo Kim.") == [
        Quote("quotes work too", "Bo Kim")
    ]


def test_blockquote_attribution() -> None:
    assert split_attribution("A market is a city talking to itself. — Rosa Park") == (
        "A market is a city talking to itself.",
        "Rosa Park",
    )
    assert split_attribution("No attribution here at all.") == ("No attribution here at all.", None)
