"""Text measured in terminal cells, where Hangul and most CJK characters take two.

Shared by the app's lists and the command line's progress line; Rich's width tables, no Textual.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut on a character boundary with "…", then padded.

    (Rich's truncate pads a split double-width character with a space before the "…".)
    """
    if width <= 0:
        return ""
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    used, end = 0, 0
    for end, char in enumerate(text):  # noqa: B007 (end is used after the loop)
        size = get_character_cell_size(char)
        if used + size > width - 1:
            break
        used += size
    cut = text[:end].rstrip()
    if not cut.endswith("…"):  # a title cut right after its own "…" needs no second one
        cut += "…"
    return cut + " " * (width - cell_len(cut))
