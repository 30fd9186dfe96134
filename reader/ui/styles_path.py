"""Where the app's stylesheets live: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path, PurePath

_PACKAGE = Path(__file__).resolve().parent.parent  # .../reader


def styles_dir() -> Path:
    """`reader/styles/` in an installed wheel (force-included), else `<repo>/styles/`."""
    for candidate in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        if candidate.is_dir() and any(candidate.glob("*.tcss")):
            return candidate
    raise FileNotFoundError(f"no stylesheets beside {_PACKAGE}: the install looks incomplete")


def stylesheets() -> list[str | PurePath]:  # the type of Textual's App.CSS_PATH
    """Every stylesheet, in name order (so later files can refine earlier ones)."""
    return [*sorted(styles_dir().glob("*.tcss"))]
