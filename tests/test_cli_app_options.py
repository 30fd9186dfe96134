"""`sinmun [--config PATH] [--data-dir PATH]` read without argparse: the same values the parser
gives, and anything else left to the parser."""

from __future__ import annotations

import gc
import sys

import pytest

from reader.cli import _app_options, build_parser, main

READER_ALONE = [
    [],
    ["--config", "c.toml"],
    ["--data-dir", "d"],
    ["--config=c.toml", "--data-dir", "d"],
    ["--data-dir=d", "--config=c.toml"],
    ["--config", "a", "--config", "b"],  # the last one wins, as with argparse
    ["--config=", "--data-dir="],
]
FOR_THE_PARSER = [
    ["refresh"],
    ["--config", "c.toml", "articles"],
    ["--conf", "c.toml"],  # argparse's abbreviation
    ["--config"],  # a missing value: the parser's error
    ["--config", "--data-dir", "d"],
    ["--help"],
    ["--version"],
    ["--", "--config"],
    ["-h"],
]


@pytest.mark.parametrize("argv", READER_ALONE)
def test_the_reader_alone_reads_as_the_parser_does(argv: list[str]) -> None:
    quick = _app_options(argv)
    assert quick is not None
    parsed = build_parser().parse_args(argv)
    assert (quick.command, quick.config, quick.data_dir) == (
        parsed.command,
        parsed.config,
        parsed.data_dir,
    )


@pytest.mark.parametrize("argv", FOR_THE_PARSER)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    assert _app_options(argv) is None


def test_the_reader_needs_no_argparse(tmp_path) -> None:
    """Checked in a fresh interpreter: the reader's start leaves argparse unloaded."""
    import subprocess

    code = (
        "import sys; from reader.cli import _app_options; import reader.commands, "
        "reader.ui.app; _app_options(['--config', 'x']); print('argparse' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.strip() == "False"


def test_the_collector_is_back_on_when_the_reader_cannot_start(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Off for the start-up, the collector is on again whichever way `main` ends (here: no
    terminal)."""
    assert gc.isenabled()
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    code = main(["--config", str(config), "--data-dir", str(tmp_path / "d")])
    assert code == 2
    assert "needs a terminal" in capsys.readouterr().err
    assert gc.isenabled()
