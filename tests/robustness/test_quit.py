"""Quitting is immediate even while an article's page is being extracted.

The app runs in a real pseudo-terminal, as a user's terminal runs it, with an extraction that
never ends (the extractor is replaced by one that sleeps for ten minutes: the budget keeps real
pages far shorter, but a hung DNS lookup or a future slow path must not hold the exit either).
The article is opened, the extraction starts, `q` is pressed twice (article → list → quit): the
process must be gone within a few seconds, with exit status 0 and no traceback.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.models import ParsedEntry, ParsedFeed
from reader.newsroom import Newsroom
from reader.newsroom.content import ARTICLES
from tests.robustness.conftest import ROOT, open_service, write_config

QUIT_WITHIN = 5.0  # seconds from the second `q` to the process's end (unprotected: 600)
FEED = "http://127.0.0.1:9/feed.xml"  # never fetched (its entry is seeded); same host as pages

# The app with an extraction that only ends with the process; it leaves a file to say it began.
HUNG_EXTRACTION = """
import sys, time
from pathlib import Path
import reader.core.extract.pipeline as pipeline

def hung(html, url=None):
    Path(sys.argv[1]).touch()
    time.sleep(600)
    raise pipeline.ExtractError("unreachable")

pipeline.extract_html = hung
from reader.cli import main
raise SystemExit(main(sys.argv[2:]))
"""
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


class Terminal:
    """A process in a pty of 160×48; what it draws is collected as it comes."""

    def __init__(self, argv: list[str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"},
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            while data := os.read(self.master, 65536):
                self.output += data
        except OSError:  # the child closed its side
            pass

    def text(self) -> str:
        return _ESCAPES.sub("", bytes(self.output).decode("utf-8", "replace"))

    def wait_until(self, check: object, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if callable(check) and check():
                return
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {what}; screen:\n{self.text()[-2000:]}")

    def keys(self, data: str) -> None:
        os.write(self.master, data.encode())

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def test_q_quits_at_once_while_an_extraction_runs(tmp_path: Path, newsroom: Newsroom) -> None:
    story = next(a for a in ARTICLES if a.feed == "bitgoeul")
    config = write_config(
        tmp_path / "config.toml",
        [FEED],
        f'[weather]\nbase_url = "{newsroom.base_url}"\n[ui]\nrefresh_on_start = false\n',
    )
    service = open_service(tmp_path / "data", [FEED])
    feed = service.storage.get_feed(FEED)
    assert feed is not None
    entry = ParsedEntry(
        key="story", title="A page that never finishes extracting", link=newsroom.url(story.path)
    )
    now = datetime.now(UTC)
    service.storage.apply_feed(
        feed.id,
        ParsedFeed(title="Local", site_link=None, entries=(entry,)),
        etag=None,
        last_modified=None,
        body_hash=None,
        when=now,
    )
    service.close()
    script, started = tmp_path / "hung.py", tmp_path / "extraction-started"
    script.write_text(HUNG_EXTRACTION, encoding="utf-8")
    argv = [sys.executable, str(script), str(started)]
    term = Terminal([*argv, "--config", str(config), "--data-dir", str(tmp_path / "data")])
    try:
        term.wait_until(lambda: "never finishes" in term.text(), 30, "the article list")
        term.keys("\r")  # open it: the page is fetched, then extracted (for ever)
        term.wait_until(started.exists, 30, "the extraction to start")
        time.sleep(0.2)
        term.keys("q")  # back to the list
        time.sleep(0.2)
        pressed = time.monotonic()
        term.keys("q")  # quit
        term.wait_until(lambda: term.proc.poll() is not None, QUIT_WITHIN, "the app to exit")
        took = time.monotonic() - pressed
        time.sleep(0.1)  # the last output
    finally:
        term.close()
    assert term.proc.returncode == 0, term.text()[-2000:]
    assert "Traceback" not in term.text()
    assert took < QUIT_WITHIN
