"""Where a search matches in a text (reader/core/search_match.py): the one definition behind the
list's and the article view's highlights and the search's check of words with symbols."""

from __future__ import annotations

import pytest

from reader.core.search_match import match_spans, parse_query, parse_word


def found(text: str, query: str) -> list[str]:
    """The pieces of `text` the query marks."""
    return [text[a:b] for a, b in match_spans(text, parse_query(query))]


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        # Korean words match inside compounds, one syllable too
        ("강원 산간에 한파특보 발효", "특보", ["특보"]),
        ("데이터센터 유치 전략", "센터", ["센터"]),
        ("한파특보가 내려졌다", "한파특보", ["한파특보"]),
        ("특보는 해제", "보", ["보"]),
        ("북한과 남북 대화", "북", ["북", "북"]),
        ("광주리에 담긴 사과", "광주", ["광주"]),  # search is not the region filter
        # Latin words: a prefix at the start of a word, any case, diacritics folded
        ("Budget talks; the budgets", "budg", ["Budg", "budg"]),
        ("a xbudget line", "budget", []),
        ("Café culture, CAFE owners, cafe", "café", ["Café", "CAFE", "cafe"]),
        ("Résumé", "resume", ["Résumé"]),
        ("한국IBM 지사", "IBM", []),  # glued to Hangul: not the start of a word
        # a word that starts with a letter and goes on in Hangul
        ("LG전자는 발표했다", "LG전자", ["LG전자"]),
        ("삼성LG전자", "LG전자", []),
        ("신종코로나19 확산", "코로나19", ["코로나19"]),
        # symbols count
        ("C++ and C, C# or abc++", "C++", ["C++"]),
        ("C++ and C, C# or abc++", "c#", ["C#"]),
        ("오늘 #광주 #비 소식, 광주 날씨", "#광주", ["#광주"]),
        ("R&D 예산", "r&d", ["R&D"]),
        # several words: each marks its own matches, overlaps merged
        ("한파특보 발효 중 특보", "한파 특보", ["한파특보", "특보"]),
        ("데이터센터", "데이터 터센", ["데이터센"]),
    ],
)
def test_match_spans(text: str, query: str, expected: list[str]) -> None:
    assert found(text, query) == expected


@pytest.mark.parametrize(
    "typed", ['"특보"', "(특보)", "특보*", "[특보]", "“특보”", "-특보", "+특보"]
)
def test_quotes_brackets_star_and_operators_around_a_word_are_inert(typed: str) -> None:
    word = parse_word(typed)
    assert word is not None and word.text == "특보" and not word.literal
    assert found("한파특보", typed) == ["특보"]


def test_operators_inside_a_query_are_words() -> None:
    query = parse_query("한파 NEAR(특보 OR 주의")
    assert query is not None
    assert [w.text for w in query.words] == ["한파", "NEAR(특보", "OR", "주의"]
    assert [w.literal for w in query.words] == [False, True, False, False]
    assert found("한파 near(특보 or 주의보", "한파 NEAR(특보 OR 주의") == [
        "한파",
        "near(특보",
        "or",
        "주의",
    ]


def test_no_query_and_wordless_queries() -> None:
    assert parse_query(None) is None and parse_query("   ") is None
    nothing = parse_query("!! (( ++")
    assert nothing is not None and nothing.words == ()
    assert match_spans("!! (( ++", nothing) == []
    assert match_spans("", parse_query("특보")) == []


def test_words_with_symbols_know_their_plain_part() -> None:
    """The longest part with no other case or accent (what SQL's instr can look for)."""
    cpp, tag, rd = parse_word("C++"), parse_word("#광주"), parse_word("R&D")
    assert cpp is not None and (cpp.verbatim, cpp.verbatim_only) == ("++", False)
    assert tag is not None and (tag.verbatim, tag.verbatim_only) == ("#광주", True)
    assert rd is not None and rd.verbatim == "&" and rd.pieces == ("R", "D")
    assert tag.found_in([None, "", "오늘 #광주"]) and not tag.found_in(["광주"])
