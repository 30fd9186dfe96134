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

from reader.core import region_scan

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
_LATIN_WORD_CHARS = region_scan.LATIN_WORD_CHARS


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
    """Finds which of a set of places a text mentions: one regex pass per article."""

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
    # The one pass (`region_scan`): what a match is, a spelling (Latin ones lowered, and as
    # usually capitalised) → (name, the rules for it or None when none applies, is it Latin) ...
    _spots: dict[str, tuple[str, _Rules | None, bool]] = field(init=False, default_factory=dict)
    _one_pass: bool = field(init=False, default=False)  # ... whether it reads as text by text,
    _narrows: bool = field(init=False, default=False)  # may leave out settled places,
    _finds_urls: bool = field(init=False, default=False)  # finds where addresses start,
    # and its patterns (`_pass`)
    _passes: dict[tuple[frozenset[str], bool, bool], re.Pattern[str]] = field(
        init=False, default_factory=dict
    )

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
        lowered = {w.lower() for w in latin}
        if latin:
            # Case-folding in the regex engine is 40x slower than lowering the text once.
            self._owner.update({w: self._owner[w.casefold()] for w in lowered})
            self._latin = _alternation(lowered, 0, "(?![a-z])")
            self._latin_any_case = _alternation(latin, re.IGNORECASE, "(?![A-Za-z])")
        # One pass reads like the patterns above when each letter of a Latin spelling may be
        # in either case (it is ASCII), no spelling shares a character with the other script
        # and none holds what joins the texts.
        self._one_pass = (
            all(w.isascii() for w in latin)
            and region_scan.apart(hangul, lowered)
            and not any(region_scan.SEP in w for w in hangul | latin)
        )
        if not self._one_pass:
            return
        for word in hangul:
            self._spots[word] = self._spot(word, latin=False)
        for word in lowered:
            spot = self._spot(word, latin=True)
            self._spots.update({word: spot, word.capitalize(): spot, word.upper(): spot})
        self._narrows = region_scan.can_narrow(
            [(w, self._owner[w.casefold()]) for w in hangul], _in_hangul_word
        ) and region_scan.can_narrow([(w, self._owner[w]) for w in lowered], _in_latin_word)
        self._finds_urls = not region_scan.hides_markers(hangul | lowered)

    def _spot(self, word: str, latin: bool) -> tuple[str, _Rules | None, bool]:
        folded = word.casefold()
        rules = _rules(folded)
        return self._owner[folded], (rules if rules != _NO_RULES else None), latin

    def _pass(self, left_out: frozenset[str], urls: bool, hangul: bool) -> re.Pattern[str]:
        """The one-pass pattern without the spellings of the places `left_out`; `urls`: it
        finds where web addresses start; `hangul`: it has the Hangul spellings."""
        key = (left_out, urls, hangul)
        pattern = self._passes.get(key)
        if pattern is None:
            if len(self._passes) >= 256:  # one per place settled first: a long region list
                self._passes.clear()
            words = [(w, latin) for w, (n, _, latin) in self._spots.items() if n not in left_out]
            pattern = region_scan.one_pass(
                [w for w, latin in words if not latin] if hangul else [],
                {w.lower() for w, latin in words if latin},
                urls,
            )
            self._passes[key] = pattern
        return pattern

    def regions_in(self, *texts: str | None) -> set[str]:
        """Names of the places mentioned in `texts` (read together, as one article)."""
        present = [text for text in texts if text]
        if not present:
            return set()
        if not self._one_pass:
            return self._regions_in_texts(present)
        article = region_scan.SEP.join(present)
        if region_scan.LONGER_LOWERED in article:
            return self._regions_in_texts(present)
        urls = self._finds_urls
        if not urls and any(m in article for m in region_scan.URL_MARKERS):
            article = region_scan.SEP.join(map(without_urls, present))
        found = self._read(article, urls)
        if found is None:  # it holds a web address: read it again without them
            found = self._read(region_scan.SEP.join(map(without_urls, present)), False)
        return found or set()

    def _read(self, article: str, urls: bool) -> set[str] | None:
        """`regions_in` of one article, in one pass; None if `urls` and it holds an address."""
        seen: dict[str, set[str]] = {}  # name → kinds of mention: "plain", "sure", "other"
        settled: set[str] = set()  # names whose outcome cannot change any more
        spots = self._spots
        shared = self._shared
        hangul = not article.isascii()  # (an English article: fewer branches to try)
        pattern = self._pass(frozenset(), urls, hangul)
        pos = 0
        while True:
            for match in pattern.finditer(article, pos):
                found = match[0]
                spot = spots.get(found) or spots.get(found.lower())
                if spot is None:  # the start of a web address
                    return None
                name, rules, latin = spot
                if name in settled:
                    continue
                start = match.start()
                if start:
                    char = article[start - 1]
                    if char in _LATIN_WORD_CHARS if latin else "\uac00" <= char <= "\ud7a3":
                        continue  # inside a longer word
                kind = "plain" if rules is None else _kind(article, start, rules)
                if kind is None:
                    continue
                seen.setdefault(name, set()).add(kind)
                if kind == "sure" or (kind == "plain" and name not in shared):
                    settled.add(name)
                    # Read on without the first settled place's spellings (an article names
                    # its own place again and again). Not for later ones: a pattern for every
                    # set of places articles name would be compiled (~2 ms) article by article.
                    if self._narrows and len(settled) == 1:
                        pattern = self._pass(frozenset(settled), urls, hangul)
                        pos = match.end()
                        break
            else:
                return _outcome(seen)

    def _regions_in_texts(self, texts: Sequence[str]) -> set[str]:
        """`regions_in`, text by text (the reading that one pass must equal)."""
        seen: dict[str, set[str]] = {}  # name → kinds of mention: "plain", "sure", "other"
        settled: set[str] = set()  # spellings whose place's outcome cannot change any more
        for text in texts:
            text = without_urls(text)
            for pattern, not_before in self._patterns:
                self._scan(pattern, text, text, not_before, seen, settled)
            if self._latin is not None and self._latin_any_case is not None:
                lowered = text.lower()
                if len(lowered) == len(text):  # positions line up (almost always)
                    self._scan(self._latin, lowered, text, _ALNUM_LOWER, seen, settled)
                else:
                    self._scan(self._latin_any_case, text, text, _ALNUM, seen, settled)
        return _outcome(seen)

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
            kind = _kind(text, start, _rules(folded))
            if kind is None:
                continue
            kinds = seen.setdefault(name, set())
            kinds.add(kind)
            if kind == "sure" or (kind == "plain" and name not in self._shared):
                settled.update(self._spellings[name])

    def mentions(self, text: str | None) -> bool:
        return bool(self.regions_in(text))


def _in_hangul_word(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def _in_latin_word(char: str) -> bool:
    """As the lowered text reads it: a letter or a digit."""
    return char in _LATIN_WORD_CHARS


def _outcome(seen: dict[str, set[str]]) -> set[str]:
    return {
        name
        for name, kinds in seen.items()
        if "sure" in kinds or ("plain" in kinds and "other" not in kinds)
    }


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


_NO_RULES = _Rules()


def _shares_name(folded: str) -> bool:
    """Another place is known by this spelling: a plain mention does not settle it."""
    rules = _rules(folded)
    return bool(rules.other_before or rules.other_after)


def _kind(text: str, start: int, rules: _Rules) -> str | None:
    """What this occurrence is: None (a false friend), "other" (another place of that name),
    "sure" (can only be the region) or "plain"."""
    rest = text[start : start + 8]
    if rules.friends and rest.startswith(rules.friends):
        return None
    before = text[max(0, start - 6) : start]
    for other in rules.other_before:
        if other.search(before):
            return "other"
    if rules.other_after is not None and rules.other_after.match(text, start):
        return "other"
    if rules.sure_whole:
        return "sure"
    for sure_before, sure_after in rules.sure_around:
        if sure_before.search(before) or sure_after.match(rest):
            return "sure"
    return "plain"
