"""`sinmun read` on a page without readable text: a clear error, never an empty article."""

from __future__ import annotations

from pathlib import Path

from reader.read_command import run_read


def test_a_page_of_only_a_title_is_an_error(tmp_path: Path, capsys) -> None:
    page = tmp_path / "title.html"
    page.write_text("<html><head><title>누리군 소식</title></head><body><nav></nav></body></html>")
    assert run_read(None, str(page), True) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"sinmun read: {page}: no article text found"


def test_a_page_whose_only_lines_are_boilerplate_is_an_error(tmp_path: Path, capsys) -> None:
    page = tmp_path / "boiler.html"
    page.write_text(
        "<html><head><title>누리군 소식</title></head><body>"
        "<p>무단 전재 및 재배포 금지</p></body></html>"
    )
    assert run_read(None, str(page), False) == 1
    assert "no article text found" in capsys.readouterr().err
