"""The stylesheets are found in a source checkout and ship inside the wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reader.ui.styles_path import styles_dir, stylesheets

ROOT = Path(__file__).resolve().parents[2]


def test_source_tree_stylesheets_are_found() -> None:
    assert styles_dir() == ROOT / "styles"
    assert ROOT / "styles" / "app.tcss" in stylesheets()


def test_the_wheel_carries_them_where_styles_path_looks() -> None:
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert build["targets"]["wheel"]["force-include"]["styles"] == "reader/styles"
