from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.newsroom import Newsroom
from reader.newsroom.content import ARTICLES
from reader.read_command import run_read

from .conftest import DATA


def test_json_from_a_file(capsys) -> None:
    assert run_read(None, str(DATA / "ko_end_byline.html"), True) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "url", "title", "outlet", "deck", "byline", "published", "paragraphs", "quotes",
        "images", "links",
    }  # fmt: skip
    assert data["outlet"] == "시험일보"
    assert data["byline"] == {"name": "박진표", "role": "기자", "email": "lucky@siheom.example"}
    assert data["published"] == "2026-11-24T11:02:00+09:00"
    assert data["quotes"][0]["speaker"] == "김가람 시험시장"


def test_json_from_the_newsroom_over_http(newsroom: Newsroom, capsys) -> None:
    a = ARTICLES[0]
    assert run_read(None, newsroom.url(a.path), True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == a.headline
    assert data["paragraphs"] == list(a.paragraphs)


def test_plain_text_when_piped(capsys) -> None:
    assert run_read(None, str(DATA / "en_by_multi.html"), False) == 0
    out = capsys.readouterr().out
    assert out.startswith("(The Test Gazette) Harbor city opens its first night market\n")
    assert "Jane Doe·John Roe · 2026-11-21" in out


def test_errors_are_one_line_with_exit_codes(newsroom: Newsroom, tmp_path: Path, capsys) -> None:
    assert run_read(None, str(tmp_path / "missing.html"), False) == 2
    assert run_read(None, str(tmp_path), False) == 2
    assert run_read(None, "ftp://example.org/a.html", False) == 2
    assert run_read(None, newsroom.url("/faults/404"), False) == 1
    assert run_read(None, newsroom.url("/feeds/bitgoeul/rss.xml"), False) == 1
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert run_read(None, str(empty), False) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 6 and all(line.startswith("sinmun read: ") for line in err)
    assert "no such file" in err[0]
    assert "404" in err[3]
    assert "not an HTML page (application/rss+xml)" in err[4]


def test_importing_extraction_does_not_load_trafilatura_or_textual() -> None:
    code = (
        "import sys, reader.core.extract, reader.core.extract.render, reader.read_command;"
        "print('trafilatura' in sys.modules, 'textual' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_a_file_larger_than_a_page_may_be_is_refused_without_reading_it_all(
    tmp_path: Path, capsys
) -> None:
    from reader.core.http import NetworkSettings

    huge = tmp_path / "huge.html"
    with huge.open("wb") as f:  # sparse: no disk used
        f.truncate(NetworkSettings().max_page_bytes + 1)
    assert run_read(None, str(huge), False) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"sinmun read: {huge}: larger than 8 MiB, the page size limit"
