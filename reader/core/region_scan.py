"""The region filter's one-pass reading: one regex finds every spelling of every place in an
article, so the parse workers spend little CPU per entry (see `region_match.RegionMatcher`).

The patterns here match exactly what the rules' own patterns match (the longest spelling at a
position; Latin spellings in any case, as `str.lower` reads them), and the checks say when
one pass reads an article the way reading each text alone, a pattern per script, would.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Sequence

# An article's texts are read in one pass, joined by this: no rule's pattern matches it (no
# letter, no Hangul, no space), so nothing is read across it and each text reads as alone.
SEP = "\x00"
# The one character whose lowering is longer (İ → i̇): positions in the lowered text would not
# line up, so a text holding it is read text by text, as the rules' own patterns read it.
LONGER_LOWERED = "\u0130"
# What lowers to an ASCII letter or digit: those and the Kelvin sign (K → k).
LATIN_WORD_CHARS = frozenset(string.ascii_letters + string.digits + "\u212a")
# How a web address starts (`region_match.without_urls` looks for exactly these).
URL_MARKERS = ("://", "www.", "WWW.")
# A Latin spelling ends a word: no letter follows, as `str.lower` reads letters.
_LATIN_END = "(?![A-Za-z\u212a])"


def folds_to(char: str) -> str:
    """The characters whose lowering is `char` (a lowered ASCII character)."""
    if "a" <= char <= "z":
        return char + char.upper() + ("\u212a" if char == "k" else "")
    return char


def _branches(words: Iterable[str], fold: bool, top: bool) -> list[str]:
    """Alternatives with the same matches as `words` longest first, nested by character: the
    regex engine then tries a branch per first character, not every word, at each position.

    `fold`: the words are lowered and each letter also matches what lowers to it. `top`: each
    branch starts with one plain character, which lets the engine skip ahead to the positions
    where a word can start."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    branches: list[str] = []
    for first, rests in sorted(groups.items()):
        longer = [rest for rest in rests if rest]
        after = ""
        if longer:  # greedy: the longest word that matches wins, as in a longest-first list
            after = "(?:" + "|".join(_branches(longer, fold, top=False)) + ")"
            after += "?" if "" in rests else ""
        chars = folds_to(first) if fold else first
        if top:
            branches.extend(re.escape(char) + after for char in chars)
        elif len(chars) > 1:
            branches.append("[" + chars + "]" + after)
        else:
            branches.append(re.escape(chars) + after)
    return branches


def one_pass(hangul: Iterable[str], latin: Iterable[str], markers: bool) -> re.Pattern[str]:
    """Every spelling in one regex: `hangul` as written, `latin` (lowered ASCII) in any case
    and ending a word; `markers`: and the starts of web addresses, found first."""
    branches = [re.escape(m) for m in URL_MARKERS] if markers else []
    branches += _branches(hangul, fold=False, top=True)
    branches += [b + _LATIN_END for b in _branches(latin, fold=True, top=True)]
    return re.compile("|".join(branches) if branches else "(?!)")


def _overlap(a: str, b: str) -> bool:
    """Can a text read as `a` and as `b` from the same position (one starts the other)?"""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def apart(hangul: Iterable[str], latin: Iterable[str]) -> bool:
    """No character can be part of both a Hangul and a Latin spelling (`latin` lowered): a
    match of one never hides a match of the other, as their separate patterns read them."""
    hangul_chars = {c.lower() for word in hangul for c in word}
    return hangul_chars.isdisjoint(c for word in latin for c in word)


def can_narrow(words: Sequence[tuple[str, str]], in_word: Callable[[str], bool]) -> bool:
    """Whether a pass may leave out the spellings of a settled place and read on.

    `words`: (spelling, place) of one script (Latin ones lowered); `in_word`: whether a
    spelling that follows this character does not count. Leaving spellings out changes nothing
    when no other place's spelling starts a spelling, and a spelling that starts inside another
    one always follows a character of a word (it would not count anyway)."""
    for a, place_a in words:
        for b, place_b in words:
            for k in range(len(a)):
                if not _overlap(a[k:], b):
                    continue
                if k == 0 and a != b and place_a != place_b:
                    return False
                if k and not in_word(a[k - 1]):
                    return False
    return True


def hides_markers(words: Iterable[str]) -> bool:
    """Whether a spelling's match can cover the start of a web address (so that the pass
    would not find it): it ends with the start of one, or holds one."""
    markers = {m.lower() for m in URL_MARKERS}
    return any(
        _overlap(word[k:].lower(), marker)
        for word in words
        for k in range(1, len(word))
        for marker in markers
    )
