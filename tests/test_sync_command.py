"""`sinmun sync [--json]`, `sinmun mark` with a server, and `sinmun refresh` syncing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.newsroom import Newsroom
from reader.newsroom.greader import GReaderServer


@pytest.fixture
def room() -> Iterator[Newsroom]:
    with Newsroom() as nr:
        yield nr


def config(tmp_path: Path, room: Newsroom, gr: GReaderServer, password: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[sync]\nservice = "greader"\nurl = "{gr.url(room.base_url)}"\n'
        f'username = "reader"\npassword = "{password}"\n',
        encoding="utf-8",
    )
    return path


def sinmun(capsys, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(
        ["--config", str(tmp_path / "config.toml"), "--data-dir", str(tmp_path / "d"), *args]
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_sync_json_and_mark(capsys, tmp_path: Path, room: Newsroom) -> None:
    gr = room.serve_greader("freshrss")
    config(tmp_path, room, gr, gr.password)
    code, out, err = sinmun(capsys, tmp_path, "sync", "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["service"] == "greader" and report["error"] is None
    assert (report["subscriptions"], report["new"], report["updated"]) == (8, 84, 0)
    assert report["pushed"] == {"read": 0, "unread": 0, "starred": 0, "unstarred": 0}
    _, out, _ = sinmun(capsys, tmp_path, "articles", "--json", "--limit", "3")
    ids = [str(a["id"]) for a in json.loads(out)]
    code, out, _ = sinmun(capsys, tmp_path, "mark", ids[0], ids[1], "--read")
    assert code == 0 and out == "marked 2 articles read (2 changes waiting for the next sync)\n"
    sinmun(capsys, tmp_path, "mark", ids[2], "--star")
    code, out, err = sinmun(capsys, tmp_path, "sync")
    assert (code, err) == (0, "")
    assert out.endswith("pushed 2 read, 0 unread, 1 starred, 0 unstarred\n")
    assert len(gr.read) == 2 and len(gr.starred) == 1


def test_a_wrong_password_is_exit_1_and_one_line(capsys, tmp_path: Path, room: Newsroom) -> None:
    gr = room.serve_greader("miniflux")
    config(tmp_path, room, gr, "wrong")
    code, out, err = sinmun(capsys, tmp_path, "sync")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "refused the username or password of reader" in err
    assert "wrong" not in err
    code, out, err = sinmun(capsys, tmp_path, "sync", "--json")
    assert code == 1 and json.loads(out)["error"] in err and err.count("\n") == 1


def test_without_a_sync_table_sync_is_a_usage_error(capsys, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("", encoding="utf-8")
    code, out, err = sinmun(capsys, tmp_path, "sync")
    assert (code, out) == (2, "") and "no [sync] server in the config" in err


def test_refresh_syncs_when_a_server_is_configured(capsys, tmp_path: Path, room: Newsroom):
    gr = room.serve_greader("freshrss")
    config(tmp_path, room, gr, gr.password)
    code, out, _ = sinmun(capsys, tmp_path, "refresh", "--json")
    results = json.loads(out)
    assert code == 0 and len(results) == 8 and sum(r["new"] for r in results) == 84
    gr.down = True
    code, out, _ = sinmun(capsys, tmp_path, "refresh", "--json")
    assert code == 1 and all("503" in r["error"] for r in json.loads(out))
