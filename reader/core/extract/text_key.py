"""One key for comparing the texts of a page: two renderings of one line (its spacing,
punctuation and case, as a headline, a title tag and a JSON field give it) get the same."""

from __future__ import annotations

import re

_NOT_WORD = re.compile(r"\W+")


def text_key(text: str) -> str:
    """`text` reduced to its letters and digits, case-folded."""
    return _NOT_WORD.sub("", text).casefold()
