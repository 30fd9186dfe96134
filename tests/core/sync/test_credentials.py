"""The password is asked for once a run, the token is kept private, neither reaches the DB."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

from reader.core.sync.credentials import TOKEN_FILE
from reader.newsroom.greader import GReaderServer

from .conftest import PASSWORD, Opener, sync


def test_the_token_file_is_private_and_the_database_holds_no_secret(
    freshrss: GReaderServer, open_service: Opener, tmp_path: Path
) -> None:
    service = open_service(freshrss)
    assert sync(service).error is None
    token = tmp_path / "data" / TOKEN_FILE
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    service.close()
    for name in ("sinmun.db", "sinmun.db-wal"):
        if (tmp_path / "data" / name).exists():
            data = (tmp_path / "data" / name).read_bytes()
            assert PASSWORD.encode() not in data
            assert freshrss.auth_token.encode() not in data
    assert PASSWORD not in repr(service.config) and PASSWORD not in repr(service.syncer)


def test_a_cached_token_spares_the_login(freshrss: GReaderServer, open_service: Opener):
    sync(open_service(freshrss))
    freshrss.requests.clear()
    sync(open_service(freshrss))
    assert "POST /accounts/ClientLogin" not in freshrss.requests


def test_password_command_runs_once_per_run(
    freshrss: GReaderServer, open_service: Opener, tmp_path: Path
) -> None:
    counter = tmp_path / "runs"
    script = tmp_path / "pass.py"
    script.write_text(
        f"import pathlib\np = pathlib.Path({str(counter)!r})\n"
        "p.write_text(p.read_text() + 'x' if p.exists() else 'x')\n"
        f"print({PASSWORD!r})\n"
    )
    service = open_service(freshrss, password=None, password_command=f"{sys.executable} {script}")
    assert sync(service).error is None
    (tmp_path / "data" / TOKEN_FILE).unlink()  # the token is gone: a new login needs it again
    assert sync(service).error is None
    assert counter.read_text() == "x"


def test_a_failing_password_command_says_so_without_output(
    freshrss: GReaderServer, open_service: Opener, tmp_path: Path
) -> None:
    script = tmp_path / "fail.py"
    script.write_text("import sys\nprint('hunter2')\nsys.exit(3)\n")
    service = open_service(freshrss, password=None, password_command=f"{sys.executable} {script}")
    report = sync(service)
    assert report.error == "password_command failed (exit status 3)"


def test_the_password_may_come_from_the_environment(
    freshrss: GReaderServer, open_service: Opener, monkeypatch
) -> None:
    monkeypatch.setenv("SINMUN_SYNC_PASSWORD", PASSWORD)
    assert sync(open_service(freshrss, password=None)).error is None
    monkeypatch.delenv("SINMUN_SYNC_PASSWORD")
    report = sync(open_service(freshrss, password=None))
    assert report.error is None  # the cached token: no password needed at all
