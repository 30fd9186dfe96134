"""The one-pass patterns match what a longest-first list of the spellings matches."""

from __future__ import annotations

import random
import re

import pytest

from reader.core import region_scan


def _longest_first(words: set[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, ordered)))


@pytest.mark.parametrize("seed", range(5))
def test_one_pass_finds_the_longest_spelling_at_each_position(seed):
    rng = random.Random(seed)
    hangul = {"".join(rng.choice("가나다") for _ in range(rng.randint(1, 4))) for _ in range(8)}
    latin = {"".join(rng.choice("abk") for _ in range(rng.randint(1, 4))) for _ in range(8)}
    one = region_scan.one_pass(hangul, latin, markers=False)
    flat_hangul = _longest_first(hangul)
    flat_latin = re.compile(f"(?:{_longest_first(latin).pattern})(?![a-z])")
    for _ in range(300):
        text = "".join(rng.choice("가나다abkABK\u212a .") for _ in range(rng.randint(0, 20)))
        # the Hangul and Latin spellings share no character: each part reads as alone
        found = [(m.start(), m[0]) for m in one.finditer(text)]
        assert [f for f in found if f[1].isascii() or "\u212a" in f[1]] == [
            (m.start(), text[m.start() : m.end()]) for m in flat_latin.finditer(text.lower())
        ]
        assert [f for f in found if not (f[1].isascii() or "\u212a" in f[1])] == [
            (m.start(), m[0]) for m in flat_hangul.finditer(text)
        ]


def test_web_addresses_start_before_any_spelling():
    one = region_scan.one_pass({"가"}, {"www"}, markers=True)
    assert [m[0] for m in one.finditer("www. www WWW. ://")] == ["www.", "www", "WWW.", "://"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([("광주", "광주"), ("광주광역시", "광주"), ("서울", "서울")], True),
        ([("서", "서"), ("서울", "서울")], False),  # 서울 would read as 서 once 서울 settled
        ([("incheon", "인천"), ("cheongju", "청주")], True),  # inside a word: never counts
        ([("new york", "뉴욕"), ("york", "요크")], False),
    ],
)
def test_can_narrow(words, expected):
    def in_word(c: str) -> bool:
        return c.isalnum() or "\uac00" <= c <= "\ud7a3"

    assert region_scan.can_narrow(words, in_word) is expected


def test_apart_and_hides_markers():
    assert region_scan.apart({"홍성(예)"}, {"seoul"})
    assert not region_scan.apart({"K-광주"}, {"kim"})
    assert region_scan.hides_markers({"owww"})
    assert region_scan.hides_markers({"seoul:"})
    assert not region_scan.hides_markers({"wonju", "gwangju", "w"})
