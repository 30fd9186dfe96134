"""What a search query is, and where it matches in a text: one definition for the list's and the
article view's highlights and for the search's own check of words with symbols in them.

A query is its words (split on whitespace, all must match). Quotes, brackets and ``*`` around a
word, and ``-`` or ``+`` before it, are dropped: they are not operators here. Each word matches,
case-folded and with Latin diacritics folded, as follows:

- a word that starts with a Hangul syllable (or a CJK ideograph or kana) matches anywhere,
  inside compounds too: 특보 in 한파특보, 센터 in 데이터센터, 보 in 특보;
- a word that starts with another letter or a digit matches at the start of a word, as a
  prefix: ``budg`` in "Budget", ``LG전자`` in "LG전자는", but not ``IBM`` in "한국IBM";
- symbols in a word count: ``C++`` matches "C++" but not "C" or "C#", ``#광주`` only "#광주".

A word without any letter or digit cannot be looked up and is dropped; a query left without
words matches nothing. `reader.core.search_sql` turns the same words into the index's terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

# Scripts written without spaces between the parts of a compound: a word in them matches
# anywhere. Hangul syllables, CJK ideographs (Hanja in Korean headlines: 北, 與野), kana.
NGRAM_RANGES = "\uac00-\ud7a3\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Around a word, these group or quote it, and before it these are search operators elsewhere
# (exclude, require): they are not part of it. After it they are: C++, C--.
_WRAPPERS = "\"'`“”‘’„«»‹›()[]{}<>「」『』《》〈〉【】*"
_OPERATORS = "-+"
# Not preceded by a letter or digit: where a word of the index starts.
_WORD_START = r"(?<![^\W_])"


@dataclass(frozen=True, slots=True)
class SearchWord:
    """One word of a query: its text, its letter-and-digit runs, and where it matches."""

    text: str
    pieces: tuple[str, ...]  # its runs of letters and digits (as the index splits it), in order
    literal: bool  # holds symbols (or letters the index may split): not one word of the index
    open_end: bool  # ends with a letter or digit: its last piece is a prefix
    pattern: re.Pattern[str]

    def found_in(self, texts: Iterable[str | None]) -> bool:
        return any(text and self.pattern.search(text) for text in texts)

    @property
    def verbatim(self) -> str:
        """The longest part of the word that only matches itself (no other case or accent): a
        plain substring search for it finds every match, and more."""
        best = run = ""
        for ch in self.text:
            run = run + ch if _char_class(ch) == re.escape(ch) else ""
            best = max(best, run, key=len)
        return best

    @property
    def verbatim_only(self) -> bool:
        """Whether a plain substring search for the whole word is exactly where it matches."""
        return self.verbatim == self.text and not self.pattern.pattern.startswith(_WORD_START)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str
    words: tuple[SearchWord, ...]  # empty: nothing can match


def parse_query(text: str | None) -> SearchQuery | None:
    """The query typed; None when there is nothing to search for (no text or only spaces)."""
    if text is None or not text.strip():
        return None
    return _parse(text.strip())


@lru_cache(maxsize=64)
def _parse(text: str) -> SearchQuery:
    words = (parse_word(w) for w in text.split())
    return SearchQuery(text, tuple(w for w in words if w is not None))


@lru_cache(maxsize=256)
def parse_word(raw: str) -> SearchWord | None:
    """One whitespace-free word; None when it has no letter or digit."""
    word = unicodedata.normalize("NFC", raw)
    while (bare := word.strip(_WRAPPERS).lstrip(_OPERATORS)) != word:
        word = bare
    pieces: list[str] = []
    run = ""
    for ch in word:
        if indexed(ch):
            run += ch
        elif run:
            pieces.append(run)
            run = ""
    if run:
        pieces.append(run)
    if not pieces:
        return None
    literal = len(pieces) > 1 or len(pieces[0]) < len(word)
    return SearchWord(word, tuple(pieces), literal, bool(run), re.compile(_pattern(word)))


def match_spans(text: str, query: SearchQuery | None) -> list[tuple[int, int]]:
    """Where the query's words occur in `text`: sorted (start, end) spans, overlaps merged."""
    if query is None or not text:
        return []
    found = sorted(m.span() for w in query.words for m in w.pattern.finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def is_ngram(ch: str) -> bool:
    return _ngram().match(ch) is not None


@cache
def _ngram() -> re.Pattern[str]:
    # Compiled on first use, not on import: its wide ranges take ~2 ms to compile, and the
    # app imports this module before its first frame, which matches nothing.
    return re.compile(f"[{NGRAM_RANGES}]")


def indexed(ch: str) -> bool:
    """A letter or digit the index's tokenizer (SQLite's unicode61, whose tables are older
    than Python's) surely keeps inside a word: one that already was one in Unicode 3.2."""
    return ch.isalnum() and unicodedata.ucd_3_2_0.category(ch)[0] in "LN"


def _pattern(word: str) -> str:
    head = _WORD_START if word[0].isalnum() and not is_ngram(word[0]) else ""
    return head + "".join(_char_class(ch) for ch in word)


@lru_cache(maxsize=4096)
def _char_class(ch: str) -> str:
    """A regex for `ch` that also matches its other cases and, for Latin letters, the same
    letter with any diacritics: what SQLite's `unicode61 remove_diacritics 2` folds."""
    if not ch.isalnum() or is_ngram(ch):
        return re.escape(ch)
    same = {ch, *_single(ch.lower()), *_single(ch.upper()), *_equivalents().get(fold(ch), ())}
    if len(same) == 1:
        return re.escape(ch)
    return "[" + "".join(re.escape(c) for c in sorted(same)) + "]"


def _single(text: str) -> tuple[str, ...]:
    return (text,) if len(text) == 1 else ()


def fold(ch: str) -> str:
    """A character lower-cased with its diacritics removed (one character, or `ch` lowered)."""
    lowered = ch.lower()
    base = "".join(c for c in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(c))
    return base if len(base) == 1 else lowered


@lru_cache(maxsize=1)
def _equivalents() -> dict[str, frozenset[str]]:
    """Folded letter → every Latin letter that folds to it (é, É, è … for e)."""
    found: dict[str, set[str]] = {}
    for lo, hi in ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF)):
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if ch.isalpha():
                found.setdefault(fold(ch), set()).add(ch)
    return {k: frozenset(v) for k, v in found.items()}
