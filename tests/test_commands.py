"""The headless commands' terminal output (`reader.commands`)."""

from __future__ import annotations

import io

from rich.cells import cell_len

from reader.commands import _ProgressLine
from reader.core.models import RefreshProgress


def test_progress_line_overwrites_itself_and_names_what_it_waits_for() -> None:
    out = io.StringIO()  # no terminal behind it: 80 columns are assumed
    line = _ProgressLine(out)
    line(RefreshProgress(done=3, total=40))
    line(RefreshProgress(done=38, total=40, failed=2, waiting=("무등일보", "news.example/feed")))
    first, second = out.getvalue().split("\r\x1b[2K")[1:]
    assert first == "Refreshing feeds… 3/40"
    assert second == "Refreshing feeds… 38/40, 2 failed · waiting for 무등일보, news.example/feed"


def test_progress_line_never_wraps() -> None:
    """A wrapped line could not be overwritten: it stays within the terminal, Hangul counted
    as two cells, and escape sequences in a feed's name are not passed to the terminal."""
    out = io.StringIO()
    waiting = ("\x1b]52;c;aGk=\x07광주" + "가" * 60, "b" * 30)
    _ProgressLine(out)(RefreshProgress(done=38, total=40, waiting=waiting))
    shown = out.getvalue().removeprefix("\r\x1b[2K")
    assert "\x1b" not in shown and shown.endswith("…")
    assert cell_len(shown) <= 79
    assert shown.startswith("Refreshing feeds… 38/40 · waiting for 광주가가")
