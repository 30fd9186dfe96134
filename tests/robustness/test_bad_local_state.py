"""Bad local state through the CLI: each case is one line on stderr, a non-zero exit, no
traceback, and a database that still passes `PRAGMA integrity_check`.

tests/test_cli.py covers invalid TOML, an unknown key, a wrong type for a feed URL and a data
dir below a file; this adds the other shapes. The tests run as root here, where chmod stops
nothing, so "read-only" and "full" are real filesystems: small tmpfs mounts (skipped where
mounting is not allowed).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.newsroom import Newsroom
from tests.robustness.conftest import assert_one_clean_line, integrity, sinmun, write_config


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (b'[network]\ntotal_timeout = "fast"\n', ":2: network.total_timeout: must be a number"),
        (b"[network]\nmax_per_host = 0\n", ":2: network.max_per_host: must be between 1 and"),
        (b"[network]\ntotal_timeout = nan\n", ":2: network.total_timeout: must be a number"),
        (b"[network]\nread_timeout = -5\n", ":2: network.read_timeout: must be more than 0"),
        (b"[weather]\nrefresh_minutes = 99999999999\n", ":2: weather.refresh_minutes: must be"),
        (b"[storage]\nmax_articles_per_feed = -1\n", ":2: storage.max_articles_per_feed:"),
        ('[network]\nuser_agent = "신문"\n'.encode(), ":2: network.user_agent: must be printable"),
        (b'[network]\nuser_agent = "a\\r\\nX: y"\n', ":2: network.user_agent: must be printable"),
        (b"[ui]\ntheme = 1\nx = " + b"[" * 3000 + b"]" * 3000, ":3: x: nested too deeply"),
        (b'[weather]\nprovider = "nope"\n', ":2: weather.provider: must be one of"),
        (b'[[regions]]\nname = "x"\nlat = 500\n', ":3: regions[1].lat: must be between"),
        (b'feeds = "x"\n', ":1: feeds: must be an array of tables"),
        (b"[colours]\nx = 1\n", "colours: unknown key"),
        (b"\xff\xfe garbage \x00", "not valid UTF-8"),
    ],
)
def test_bad_config_values(tmp_path: Path, text: bytes, fragment: str) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(text)
    run = sinmun("--config", str(config), "--data-dir", str(tmp_path / "d"), "refresh")
    assert_one_clean_line(run)
    assert run.code == 2 and fragment in run.error and str(config) in run.error


def test_config_that_is_a_folder_or_missing(tmp_path: Path) -> None:
    (tmp_path / "dir.toml").mkdir()
    for config in (tmp_path / "dir.toml", tmp_path / "missing.toml"):
        run = sinmun("--config", str(config), "--data-dir", str(tmp_path / "d"), "feeds", "list")
        assert_one_clean_line(run)
        assert run.code == 2 and str(config) in run.error


def test_config_that_is_no_regular_file_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # read, it would wait for a writer for ever
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"#" * (2 * 1024 * 1024))
    for config, fragment in (
        (fifo, "not a regular file"),
        (Path("/dev/zero"), "not a regular file"),  # read, it would never end
        (huge, "too large"),
    ):
        run = sinmun("--config", str(config), "--data-dir", str(tmp_path / "d"), "feeds", "list")
        assert_one_clean_line(run)
        assert run.code == 2 and str(config) in run.error and fragment in run.error


def test_config_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(b'\xef\xbb\xbf[[feeds]]\nurl = "http://127.0.0.1:9/bom.xml"\n')
    run = sinmun("--config", str(config), "--data-dir", str(tmp_path / "d"), "feeds", "list")
    assert run.code == 0, run.error
    assert "http://127.0.0.1:9/bom.xml" in run.text


def test_data_dir_that_is_a_file_or_holds_a_folder_for_the_database(tmp_path: Path) -> None:
    # root ignores permission bits: a file where the folder should be is the unreadable dir
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = sinmun("--data-dir", str(blocker), "feeds", "list")
    assert_one_clean_line(run)
    assert str(blocker) in run.error
    (tmp_path / "d" / "sinmun.db").mkdir(parents=True)
    run = sinmun("--data-dir", str(tmp_path / "d"), "feeds", "list")
    assert_one_clean_line(run)
    assert "folder" in run.error


def test_read_needs_no_data_dir(tmp_path: Path, newsroom: Newsroom) -> None:
    """`sinmun read` keeps no state: an unusable data dir does not stop it, and it still
    fetches with the config's network settings."""
    from reader.newsroom.content import ARTICLES

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    config = write_config(tmp_path / "c.toml", [], '[network]\nuser_agent = "ReadOnly/1.0"\n')
    article = ARTICLES[0]
    args = ("--config", str(config), "--data-dir", str(blocker / "d"), "read")
    run = sinmun(*args, newsroom.url(article.path), "--json")
    assert run.code == 0, run.error
    assert run.json()["title"] == article.headline
    agents = {r.headers.get("User-Agent") for r in newsroom.requests_to(article.path)}
    assert "ReadOnly/1.0" in agents
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><article><h1>Saved</h1><p>" + b"Text. " * 60 + b"</p>")
    assert sinmun(*args, str(page)).code == 0
    assert not blocker.is_dir()  # nothing was created


def _made_database(tmp_path: Path) -> Path:
    data = tmp_path / "d"
    run = sinmun("--data-dir", str(data), "feeds", "list")  # any command makes the database
    assert run.code == 0, run.error
    return data / "sinmun.db"


def test_database_from_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = _made_database(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = db.read_bytes()
    for args in (("feeds", "list"), ("articles", "--json"), ("refresh",)):
        run = sinmun("--data-dir", str(db.parent), *args)
        assert_one_clean_line(run)
        assert "newer Sinmun" in run.error and "999" in run.error
    assert db.read_bytes() == before
    assert integrity(db) == "ok"


@pytest.mark.parametrize("head", [b"", b"SQLite format 3\x00"])
def test_garbage_database_is_refused_and_left_alone(tmp_path: Path, head: bytes) -> None:
    db = tmp_path / "d" / "sinmun.db"
    db.parent.mkdir()
    garbage = head + bytes(range(256)) * 64
    db.write_bytes(garbage)
    run = sinmun("--data-dir", str(db.parent), "articles")
    assert_one_clean_line(run)
    assert str(db) in run.error
    assert db.read_bytes() == garbage


# --- real read-only and full filesystems ---------------------------------------------------------
@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A fresh tmpfs of 768 KiB (root only); yields (mount point, size option)."""
    point = tmp_path / "mnt"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=768k", "tmpfs", str(point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield point, "size=768k"
    finally:
        if subprocess.run(["umount", str(point)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)


def test_read_only_data_dir(tmpfs: tuple[Path, str], tmp_path: Path) -> None:
    point, _ = tmpfs
    data = point / "d"
    assert sinmun("--data-dir", str(data), "feeds", "list").code == 0
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
    for args in (("feeds", "list"), ("refresh",), ("articles",)):
        run = sinmun("--data-dir", str(data), *args)
        assert_one_clean_line(run)
        assert str(data) in run.error
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><article><h1>Saved</h1><p>" + b"Text. " * 60 + b"</p>")
    run = sinmun("--data-dir", str(data), "read", str(page), "--json")
    assert run.code == 0, run.error  # needs no database
    assert run.json()["title"] == "Saved"
    run = sinmun("--data-dir", str(point / "new"), "feeds", "list")
    assert_one_clean_line(run)
    assert "Read-only" in run.error or "read-only" in run.error
    copy = tmp_path / "copy.db"
    shutil.copy(data / "sinmun.db", copy)
    assert integrity(copy) == "ok"


def _fill_disk(point: Path, newsroom: Newsroom, tmp_path: Path) -> tuple[Path, Path, int]:
    """A database with one stored feed on a 768 KiB filesystem, and a config adding a feed
    far too big for what is left."""
    data = point / "d"
    small = newsroom.url("/feeds/bitgoeul/rss.xml")
    config = write_config(tmp_path / "c.toml", [small])
    first = sinmun("--config", str(config), "--data-dir", str(data), "refresh", "--json")
    assert first.code == 0, first.error
    stored = first.json()[0]["new"]
    assert stored > 0
    big = newsroom.url("/faults/hostile/many.xml?n=3000")
    write_config(config, [small, big])
    return config, data, stored


def test_full_disk_keeps_the_database_and_what_it_held(
    tmpfs: tuple[Path, str], newsroom: Newsroom, tmp_path: Path
) -> None:
    point, _ = tmpfs
    config, data, stored = _fill_disk(point, newsroom, tmp_path)
    run = sinmun("--config", str(config), "--data-dir", str(data), "refresh", "--json")
    assert b"disk full" in run.out + run.err
    assert integrity(data / "sinmun.db") == "ok"
    listed = sinmun("--config", str(config), "--data-dir", str(data), "articles", "--json")
    assert listed.code == 0 and len(listed.json()) == stored


def test_full_disk_is_one_line_and_a_failing_exit(
    tmpfs: tuple[Path, str], newsroom: Newsroom, tmp_path: Path
) -> None:
    point, _ = tmpfs
    config, data, _ = _fill_disk(point, newsroom, tmp_path)
    run = sinmun("--config", str(config), "--data-dir", str(data), "refresh")
    assert_one_clean_line(run)
    assert "disk full" in run.error
    assert integrity(data / "sinmun.db") == "ok"
