"""Pictures in the article view: Rich renderables the body is made of (it stays one Static, so
a picture scrolls with the text around it), drawn by textual-image.

Two ways to draw: the kitty graphics protocol (the picture itself, placed with Unicode
placeholders that scroll like text) when textual-image found the terminal speaks it, else
coloured half blocks (▀: two pixels a cell), which any 256-colour terminal and tmux show.
textual-image asks the terminal what it can do once, when `textual_image.renderable` is first
imported: the app calls `detect_graphics` before Textual takes the terminal, and only a
terminal that may speak kitty graphics is asked (elsewhere it loads, silenced, with the first
picture). A sixel terminal gets half blocks too: sixels
cannot be laid out inside a text body.

A picture fits the column, keeps its aspect ratio, is never drawn larger than its pixels and
takes at most `MAX_SHARE` of the pane's height, so text is never pushed off the screen. Until
it arrives, and when it fails, its alt text stands in its place (in a frame when it failed).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, Protocol

from rich.align import Align
from rich.cells import cell_len
from rich.console import RenderableType
from rich.panel import Panel
from rich.text import Text

from reader.core.text import clean_text

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from reader.core.extract.model import Image

Graphics = Literal["kitty", "halfcell"]
MAX_SHARE = 0.4  # of the pane's height, at most, for one picture
MIN_ROWS = 3
STAND_IN = "dim"
FAILED_BORDER = "dim"


class Drawn(Protocol):
    """A textual-image renderable (half blocks or kitty)."""

    def cleanup(self) -> None: ...


def kitty_terminal(environ: Mapping[str, str]) -> bool:
    """A terminal that may draw kitty graphics with Unicode placeholders (kitty, Ghostty);
    never inside tmux or screen, which do not pass them on."""
    if environ.get("TMUX") or environ.get("TERM", "").startswith(("screen", "tmux")):
        return False
    term, program = environ.get("TERM", ""), environ.get("TERM_PROGRAM", "").lower()
    return "kitty" in term or "KITTY_WINDOW_ID" in environ or program == "ghostty"


def detect_graphics(environ: Mapping[str, str] | None = None) -> Graphics:
    """How pictures are drawn here; call it before Textual reads the keyboard.

    textual-image asks the terminal (sixel, kitty graphics, cell size) when
    `textual_image.renderable` is first imported, and waits up to 0.1 s for each answer, which
    silent terminals never send. Only a terminal that may speak kitty graphics is asked;
    anywhere else half blocks need no answer, and nothing is loaded until a picture is drawn
    (`_quiet_import`): start-up pays nothing for pictures there.
    """
    if not kitty_terminal(os.environ if environ is None else environ):
        return "halfcell"
    import logging

    from textual_image._terminal import CellSize, get_cell_size

    # Its warnings (a terminal that does not answer, with a traceback) must not print over
    # the screen.
    logging.getLogger("textual_image").setLevel(logging.CRITICAL)
    from textual_image import renderable
    from textual_image.renderable.tgp import Image as KittyImage

    try:
        get_cell_size()
    except Exception:  # e.g. a terminal of 0 columns: it divides by them
        setattr(get_cell_size, "_result", CellSize(10, 20))  # noqa: B010 (its cache)
        return "halfcell"
    return "kitty" if renderable.Image is KittyImage else "halfcell"


def _quiet_import() -> None:
    """Load textual-image without letting it ask the terminal anything (half blocks need no
    answer; a kitty terminal was asked by `detect_graphics`, before Textual took its input):
    with no terminal to ask it takes the default cell size, 10 × 20 pixels."""
    if "textual_image.renderable" in sys.modules:
        return
    import logging

    from textual_image._terminal import CellSize, get_cell_size

    logging.getLogger("textual_image").setLevel(logging.CRITICAL)
    real = sys.__stdout__
    setattr(sys, "__stdout__", None)  # noqa: B010 (no terminal: no questions)
    try:
        import textual_image.renderable  # noqa: F401
    finally:
        setattr(sys, "__stdout__", real)  # noqa: B010
    if not hasattr(get_cell_size, "_result"):
        setattr(get_cell_size, "_result", CellSize(10, 20))  # noqa: B010 (its cache)


def cell_pixels() -> tuple[int, int]:
    """A terminal cell's size in pixels (textual-image's reading; 10 × 20 when unknown)."""
    _quiet_import()
    from textual_image._terminal import get_cell_size

    size = get_cell_size()
    return max(1, size.width), max(1, size.height)


def fit_cells(
    pixels: tuple[int, int], columns: int, rows: int, cell: tuple[int, int]
) -> tuple[int, int]:
    """Columns × rows for a picture of ``pixels``: as wide as ``columns`` allows, no wider than
    its pixels, aspect ratio kept, at most ``rows`` high."""
    width, height = max(1, pixels[0]), max(1, pixels[1])
    cw, ch = cell
    cols = max(1, min(columns, round(width / cw)))
    high = max(1, round(cols * cw * height / width / ch))
    if high > rows:
        high = max(1, rows)
        cols = max(1, min(columns, round(high * ch * width / height / cw)))
    return cols, high


def max_rows(pane_height: int) -> int:
    return max(MIN_ROWS, int(pane_height * MAX_SHARE))


def draw(image: PILImage, graphics: Graphics, cols: int, rows: int) -> Drawn:
    """The picture at ``cols`` × ``rows`` cells, scaled once here (textual-image copies it)."""
    from PIL.Image import Resampling

    _quiet_import()
    if graphics == "kitty":
        from textual_image.renderable.tgp import Image as KittyImage

        cw, ch = cell_pixels()
        return KittyImage(image.resize((cols * cw, rows * ch), Resampling.LANCZOS), cols, rows)
    from textual_image.renderable.halfcell import Image as HalfcellImage

    return HalfcellImage(image.resize((cols, rows * 2), Resampling.LANCZOS), cols, rows)


def placed(drawn: Drawn) -> RenderableType:
    return Align.center(drawn)  # type: ignore[arg-type]  # a Rich renderable by protocol


def label(image: Image) -> str:
    return clean_text(image.alt) or "picture"


def loading(image: Image, cols: int | None, rows: int | None, width: int) -> RenderableType:
    """Where a picture will be: its alt text, in a box of its size when the page gave one."""
    text = Text(f"⋯ {label(image)}", STAND_IN, justify="center", overflow="ellipsis")
    if cols is None or rows is None:
        return text
    box = Panel(text, width=min(width, max(cols, 12)), height=max(rows, 3), border_style=STAND_IN)
    return Align.center(box)


def failed(image: Image, reason: str, width: int) -> RenderableType:
    """A picture that cannot be shown: its alt text in a frame, why underneath."""
    words = Text(label(image), "italic")
    words.append("\n" + clean_text(reason), STAND_IN)
    inner = max(cell_len(line) for line in words.plain.splitlines()) + 4  # borders, padding
    return Align.center(Panel(words, border_style=FAILED_BORDER, width=min(width, max(inner, 12))))


def listed(image: Image) -> RenderableType:
    """A picture not drawn (`[ui] images = "lead"`): one line."""
    return Text(f"▣ {label(image)}", STAND_IN)
