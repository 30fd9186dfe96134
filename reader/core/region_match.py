"""Does a text talk about a region? The rules of the region filter, free of any I/O.

Korean place names are followed by particles and suffixes (광주에서, 광주시는, 광주의,
광주시의회), so a Hangul name matches at the start of a word whatever follows — except a few
common words that merely begin with the name (광주리 "basket", 부산물 "by-product", 원주민
"natives"). A name inside a longer word does not match (세계대전 is not 대전); the price is
that rare run-together compounds like 빛고을광주 are missed. The other Gwangju, in Gyeonggi
Province, is written 경기 광주 / 경기도 광주 / 경기광주: those mentions do not count for 광주.
Latin spellings match as whole words, case-insensitively, possessives included (Gwangju's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Words that start with a place name but mean something else.
FALSE_FRIENDS: dict[str, tuple[str, ...]] = {
    "광주": ("광주리",),
    "부산": ("부산물",),
    "원주": ("원주민", "원주율"),
    "전주": ("전주곡",),
    "대구": ("대구탕", "대구포", "대구알"),
    "대전": ("대전제", "대전환"),
    "구미": ("구미호",),
    "수원": ("수원지",),
}
# What, written just before a name, makes it another place of the same name.
OTHER_PLACE_BEFORE: dict[str, re.Pattern[str]] = {
    "광주": re.compile(r"경기(?:도)?[\s·,]*$"),
}

_HANGUL = "\uac00-\ud7a3"
_LATIN_WORD = re.compile(r"[A-Za-z]")


def _is_hangul_word(word: str) -> bool:
    return bool(re.search(f"[{_HANGUL}]", word))


@dataclass(frozen=True, slots=True)
class Place:
    """A region as the filter sees it: a name and every spelling of it."""

    name: str
    spellings: tuple[str, ...]


@dataclass(slots=True)
class RegionMatcher:
    """Finds which of a set of places a text mentions, in one pass of one regex."""

    places: Sequence[Place]
    _owner: dict[str, str] = field(init=False, default_factory=dict)  # folded spelling → name
    _pattern: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        parts: list[str] = []
        for place in self.places:
            for spelling in place.spellings:
                spelling = spelling.strip()
                if not spelling:
                    continue
                folded = spelling.casefold()
                self._owner.setdefault(folded, place.name)
                parts.append(spelling)
        # longest first, so 광주광역시 wins over 광주 at the same position
        parts = sorted(set(parts), key=lambda s: (-len(s), s))
        alternatives = []
        for spelling in parts:
            escaped = re.escape(spelling)
            if _is_hangul_word(spelling):
                alternatives.append(f"(?<![{_HANGUL}]){escaped}")
            else:
                alternatives.append(f"(?<![A-Za-z0-9]){escaped}(?![A-Za-z])")
        if alternatives:
            self._pattern = re.compile("|".join(alternatives), re.IGNORECASE)

    @classmethod
    def for_words(cls, words: Iterable[str], name: str | None = None) -> RegionMatcher:
        """A matcher for one free-text region (any place typed by the user)."""
        spellings = tuple(w for w in words if w.strip())
        return cls([Place(name or (spellings[0] if spellings else ""), spellings)])

    def regions_in(self, *texts: str | None) -> set[str]:
        """Names of the places mentioned in any of `texts`."""
        found: set[str] = set()
        if self._pattern is None:
            return found
        for text in texts:
            if not text:
                continue
            for match in self._pattern.finditer(text):
                name = self._owner.get(match.group(0).casefold())
                if name is None or name in found:
                    continue
                if _counts(text, match.start(), match.group(0)):
                    found.add(name)
        return found

    def mentions(self, text: str | None) -> bool:
        return bool(self.regions_in(text))


def _counts(text: str, start: int, word: str) -> bool:
    """Is this occurrence really the place (not a false friend, not another place)?"""
    rest = text[start : start + 8]
    for base, friends in FALSE_FRIENDS.items():
        if word.startswith(base) and any(rest.startswith(friend) for friend in friends):
            return False
    for base, before in OTHER_PLACE_BEFORE.items():
        if word.startswith(base) and before.search(text[max(0, start - 6) : start]):
            return False
    return True
