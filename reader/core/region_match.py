"""Does a text talk about a region? The rules of the region filter, free of any I/O.

Korean place names are followed by particles and suffixes (광주에서, 광주시는, 광주의,
광주시의회), so a Hangul name matches at the start of a word whatever follows — except a few
common words that merely begin with the name (광주리 "basket", 부산물 "by-product", 원주민
"natives"). A name inside a longer word does not match (세계대전 is not 대전); the price is
that rare run-together compounds like 빛고을광주 are missed. The other Gwangju, in Gyeonggi
Province, is written 경기 광주 / 경기도 광주 / 경기광주: those mentions do not count for 광주,
and once an article names it, its bare 광주시는 … mentions are taken to mean it too — only an
unmistakable form (광주광역시, Gwangju, 전남 광주, 광주·전남) then counts for 광주.
Latin spellings match as whole words, case-insensitively, possessives included (Gwangju's).
Web addresses are not text: https://news.example/seoul_rho or www.seoul.example names no
region, so they are blanked out before any rule looks at a text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# Bump when the rules below change: stored region tags are then recomputed.
RULES_VERSION = 4

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
# ... and what, written just after it (in English), does the same.
OTHER_PLACE_AFTER: dict[str, re.Pattern[str]] = {
    "gwangju": re.compile(r"gwangju(?:-si| city)?,?\s+(?:in\s+)?gyeonggi", re.IGNORECASE),
}
# Forms that can only mean the region itself, for names another place shares.
UNMISTAKABLE: dict[str, tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]] = {
    # (before the name, after it, whole spellings)
    "광주": (
        re.compile(r"(?:전남|전라남도)[\s·,]*$"),
        re.compile(r"^광주(?:광역시|\s*·?\s*전남)"),
        frozenset({"광주광역시", "gwangju"}),
    ),
}

# An address runs from its scheme or "www." to the next space, whatever it holds (Hangul
# paths included: https://ko.wikipedia.org/wiki/서울). Spelled out: IGNORECASE is slow.
_URL = re.compile(r"(?:[hH][tT][tT][pP][sS]?://|[wW]{3}\.)\S+")

_HANGUL = "\uac00-\ud7a3"
_HANGUL_CHAR = re.compile(f"[{_HANGUL}]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_ALNUM_LOWER = re.compile(r"[a-z0-9]")


def _alternation(words: set[str], flags: int, tail: str = "") -> re.Pattern[str]:
    # longest first, so 광주광역시 wins over 광주 at the same position
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return re.compile("(?:" + "|".join(map(re.escape, ordered)) + ")" + tail, flags)


def without_urls(text: str) -> str:
    """`text` with its web addresses replaced by a space."""
    if "://" not in text and "www." not in text and "WWW." not in text:
        return text  # almost every text: no regex pass
    return _URL.sub(" ", text)


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
    _patterns: list[tuple[re.Pattern[str], re.Pattern[str]]] = field(
        init=False, default_factory=list
    )  # (the spellings, what may not stand just before them)
    _latin: re.Pattern[str] | None = field(init=False, default=None)
    _latin_any_case: re.Pattern[str] | None = field(init=False, default=None)
    # name → every form a match can take (as written and lowered): skipped once it is settled
    _spellings: dict[str, set[str]] = field(init=False, default_factory=dict)
    _shared: set[str] = field(init=False, default_factory=set)  # names another place shares

    def __post_init__(self) -> None:
        hangul: set[str] = set()
        latin: set[str] = set()
        for place in self.places:
            for spelling in place.spellings:
                spelling = spelling.strip()
                if not spelling:
                    continue
                self._owner.setdefault(spelling.casefold(), place.name)
                (hangul if _is_hangul_word(spelling) else latin).add(spelling)
        for folded, name in self._owner.items():
            self._spellings.setdefault(name, set()).update({folded, folded.lower()})
            if _shares_name(folded):
                self._shared.add(name)
        # Patterns that start with plain alternatives let the regex engine skip ahead to the
        # possible first characters; the "start of a word" test is done per match, in Python.
        if hangul:
            self._patterns.append((_alternation(hangul, 0), _HANGUL_CHAR))
        if latin:
            # Case-folding in the regex engine is 40x slower than lowering the text once.
            lowered = {w.lower() for w in latin}
            self._owner.update({w: self._owner[w.casefold()] for w in lowered})
            self._latin = _alternation(lowered, 0, "(?![a-z])")
            self._latin_any_case = _alternation(latin, re.IGNORECASE, "(?![A-Za-z])")

    def regions_in(self, *texts: str | None) -> set[str]:
        """Names of the places mentioned in `texts` (read together, as one article)."""
        seen: dict[str, set[str]] = {}  # name → kinds of mention: "plain", "sure", "other"
        settled: set[str] = set()  # spellings whose place's outcome cannot change any more
        for text in texts:
            if not text:
                continue
            text = without_urls(text)
            for pattern, not_before in self._patterns:
                self._scan(pattern, text, text, not_before, seen, settled)
            if self._latin is not None and self._latin_any_case is not None:
                lowered = text.lower()
                if len(lowered) == len(text):  # positions line up (almost always)
                    self._scan(self._latin, lowered, text, _ALNUM_LOWER, seen, settled)
                else:
                    self._scan(self._latin_any_case, text, text, _ALNUM, seen, settled)
        return {
            name
            for name, kinds in seen.items()
            if "sure" in kinds or ("plain" in kinds and "other" not in kinds)
        }

    def _scan(
        self,
        pattern: re.Pattern[str],
        haystack: str,
        text: str,
        not_before: re.Pattern[str],
        seen: dict[str, set[str]],
        settled: set[str],
    ) -> None:
        for match in pattern.finditer(haystack):
            found = match.group()
            if found in settled:
                continue
            start = match.start()
            if start and not_before.match(haystack, start - 1):
                continue  # inside a longer word
            folded = found.casefold()
            name = self._owner.get(folded)
            if name is None:
                continue
            kind = _kind(text, start, text[start : match.end()], _rules(folded))
            if kind is None:
                continue
            kinds = seen.setdefault(name, set())
            kinds.add(kind)
            if kind == "sure" or (kind == "plain" and name not in self._shared):
                settled.update(self._spellings[name])

    def mentions(self, text: str | None) -> bool:
        return bool(self.regions_in(text))


@dataclass(frozen=True, slots=True)
class _Rules:
    """The rules that can apply to one spelling (most spellings have none)."""

    friends: tuple[str, ...] = ()
    other_before: tuple[re.Pattern[str], ...] = ()
    other_after: re.Pattern[str] | None = None
    sure_whole: bool = False
    sure_around: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()


@lru_cache(maxsize=1024)
def _rules(folded: str) -> _Rules:
    """The rules for a spelling (case-folded): those of every base it starts with."""
    friends = tuple(f for base, fs in FALSE_FRIENDS.items() if folded.startswith(base) for f in fs)
    other_before = tuple(p for base, p in OTHER_PLACE_BEFORE.items() if folded.startswith(base))
    sure_whole = any(folded in spellings for _, _, spellings in UNMISTAKABLE.values())
    sure_around = tuple(
        (before, after)
        for base, (before, after, _) in UNMISTAKABLE.items()
        if folded.startswith(base)
    )
    return _Rules(friends, other_before, OTHER_PLACE_AFTER.get(folded), sure_whole, sure_around)


def _shares_name(folded: str) -> bool:
    """Another place is known by this spelling: a plain mention does not settle it."""
    rules = _rules(folded)
    return bool(rules.other_before or rules.other_after)


def _kind(text: str, start: int, word: str, rules: _Rules) -> str | None:
    """What this occurrence is: None (a false friend), "other" (another place of that name),
    "sure" (can only be the region) or "plain"."""
    rest = text[start : start + 8]
    if rules.friends and rest.startswith(rules.friends):
        return None
    before = text[max(0, start - 6) : start]
    if any(other.search(before) for other in rules.other_before):
        return "other"
    if rules.other_after is not None and rules.other_after.match(text, start):
        return "other"
    if rules.sure_whole or any(
        sure_before.search(before) or sure_after.match(rest)
        for sure_before, sure_after in rules.sure_around
    ):
        return "sure"
    return "plain"
