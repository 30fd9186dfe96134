"""`[ui] images`: "auto" (the default), "lead" or "off"; anything else names file, line and key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.config import ConfigError, load_config


def load(tmp_path: Path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@pytest.mark.parametrize("mode", ["auto", "lead", "off"])
def test_the_three_modes(tmp_path: Path, mode: str) -> None:
    assert load(tmp_path, f'[ui]\nimages = "{mode}"\n').ui.images == mode


def test_auto_by_default(tmp_path: Path) -> None:
    assert load(tmp_path, '[ui]\ntheme = "sinmun-paper"\n').ui.images == "auto"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"sometimes"', 'ui.images: must be "auto", "lead" or "off"'),
        ("true", "ui.images: must be a string, not a boolean"),
        ("3", "ui.images: must be a string, not an integer"),
    ],
)
def test_a_bad_value_names_file_line_and_key(tmp_path: Path, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, f"[ui]\nrefresh_minutes = 5\nimages = {value}\n")
    assert str(info.value) == f"{tmp_path / 'config.toml'}:3: {message}"


def test_the_cli_says_it_in_one_line_and_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[ui]\nimages = "all"\n', encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "--config",
            str(config),
            "--data-dir",
            str(tmp_path),
            "feeds",
            "list",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f'sinmun: {config}:2: ui.images: must be "auto", "lead" or "off"'
    ]
