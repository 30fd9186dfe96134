"""The stylesheets are found in a source checkout."""

from __future__ import annotations

from pathlib import Path

from reader.ui.styles_path import styles_dir, stylesheets

ROOT = Path(__file__).resolve().parents[2]


def test_source_tree_stylesheets_are_found() -> None:
    assert styles_dir() == ROOT / "styles"
    assert ROOT / "styles" / "app.tcss" in stylesheets()
