"""Saving the default region into the user's config file: only that key changes, a broken
file is left alone, and what is written always loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.config import ConfigError, load_config
from reader.core.config_writer import save_default_region

WRITTEN = """\
# my feeds — keep this comment
[[feeds]]
url = "https://example.com/rss"  # the paper

[ui]
theme = "sinmun-light"   # aligned on purpose
refresh_minutes = 15
"""


def test_sets_the_region_and_keeps_everything_else_as_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(WRITTEN, encoding="utf-8")
    config = save_default_region(path, "광주")
    assert config.ui.region == "광주"
    assert config.ui.theme == "sinmun-light" and config.ui.refresh_minutes == 15
    text = path.read_text(encoding="utf-8")
    assert text.startswith(WRITTEN.rstrip("\n"))  # comments, spacing and order untouched
    assert 'region = "광주"' in text
    assert load_config(path).ui.region == "광주"


def test_none_removes_the_key_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(WRITTEN, encoding="utf-8")
    save_default_region(path, "Gwangju")
    assert save_default_region(path, "부산").ui.region == "부산"  # replaced, not repeated
    assert path.read_text(encoding="utf-8").count("region =") == 1
    assert save_default_region(path, None).ui.region is None
    assert path.read_text(encoding="utf-8") == WRITTEN


def test_creates_the_file_and_its_directory_when_there_is_none(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "config.toml"
    assert save_default_region(path, "광주").ui.region == "광주"
    assert load_config(path, must_exist=True).ui.region == "광주"
    assert save_default_region(path, None).ui.region is None  # and back to nothing set


def test_a_file_without_a_ui_table_gets_one(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[weather]\nprovider = "open-meteo"\n', encoding="utf-8")
    config = save_default_region(path, "부산")
    assert config.ui.region == "부산" and config.weather.provider == "open-meteo"


def test_text_that_needs_quoting_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    tricky = 'say "hi" \\ # not a comment'
    assert save_default_region(path, tricky).ui.region == tricky


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[ui]\nregion = \n", ":2:"),  # not TOML
        ("[ui]\nrefresh_minutes = 'soon'\n", ":2:"),  # a wrong type
        ("[ui]\nunknown = 1\n", ":2:"),  # an unknown key
    ],
)
def test_a_broken_config_is_reported_and_left_as_it_was(
    tmp_path: Path, text: str, where: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        save_default_region(path, "광주")
    assert str(path) + where in str(raised.value)
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temporary file left


def test_the_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(WRITTEN, encoding="utf-8")
    path.chmod(0o600)  # it may hold an API key
    save_default_region(path, "광주")
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_symlinked_config_stays_a_link_and_the_file_it_names_is_edited(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "sinmun.toml"
    real.write_text(WRITTEN, encoding="utf-8")
    real.chmod(0o600)
    home = tmp_path / "home"
    home.mkdir()
    link = home / "config.toml"
    link.symlink_to("../dotfiles/sinmun.toml")  # relative, as dotfile managers make them
    chained = home / "again.toml"
    chained.symlink_to(link)
    assert save_default_region(chained, "광주").ui.region == "광주"
    assert link.is_symlink() and chained.is_symlink()
    assert real.read_text(encoding="utf-8").startswith(WRITTEN.rstrip("\n"))
    assert load_config(real).ui.region == "광주"
    assert real.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in dotfiles.iterdir()) == ["sinmun.toml"]  # no temporary left
    assert sorted(p.name for p in home.iterdir()) == ["again.toml", "config.toml"]


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + WRITTEN.encode())
    assert save_default_region(path, "부산").ui.region == "부산"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf" + WRITTEN.encode().rstrip(b"\n"))


def test_a_config_that_is_a_pipe_is_not_waited_on(tmp_path: Path) -> None:
    import os

    path = tmp_path / "config.toml"
    os.mkfifo(path)
    with pytest.raises(ConfigError, match="not a regular file"):
        save_default_region(path, "광주")
