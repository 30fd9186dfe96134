from reader.core.extract.text_key import text_key


def test_renderings_of_one_line_share_a_key() -> None:
    assert text_key("광주, 폭설 — 출근길 ‘비상’") == text_key("광주 폭설 출근길 비상")
    assert text_key("The Budget: Passed!") == text_key("the budget passed")
    assert text_key("Straße") == text_key("STRASSE")  # case-folded, not just lowered


def test_different_words_do_not() -> None:
    assert text_key("광주 폭설") != text_key("광주 폭우")
    assert text_key("") == text_key(" — ") == ""
