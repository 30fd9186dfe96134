"""Helpers for the robustness tests: the CLI as a real process, configs, and the byte checks
that prove nothing from a hostile server reaches a terminal."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from reader.core.models import FeedSpec
from reader.core.service import Service
from reader.core.settings import Config
from tests.memory import run_bounded

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    code: int
    out: bytes
    err: bytes

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")

    @property
    def error(self) -> str:
        return self.err.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.out)


def sinmun(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> Run:
    """`python -m reader ARGS` as a user's shell would run it, stdout/stderr as raw bytes, under
    the memory budget every hostile case is held to (see :func:`tests.memory.run_bounded`)."""
    code, out, err, _ = run_bounded(
        [sys.executable, "-m", "reader", *args],
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )
    return Run(code, out, err)


def write_config(path: Path, urls: list[str], extra: str = "") -> Path:
    feeds = "".join(f'[[feeds]]\nurl = "{url}"\n\n' for url in urls)
    path.write_text(feeds + extra, encoding="utf-8")
    return path


def open_service(
    data: Path, urls: list[str], *, weather_base: str | None = None, **network: Any
) -> Service:
    config = replace(Config.default(), feeds=tuple(FeedSpec(u) for u in urls), network=network)
    if weather_base is not None:  # the app refreshes the weather: keep it on the newsroom
        config = replace(config, weather=replace(config.weather, base_url=weather_base))
    return Service.open(config, data, parse_processes=1)


# What must never reach a terminal, as characters: C0 but newline and tab, DEL, C1, and every
# Bidi_Control character; and the same as JSON writes them when it escapes them.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")
UNSAFE_JSON = re.compile(
    r"\\u00[01][0-9a-f]|\\u007f|\\u00[89][0-9a-f]|\\u061c|\\u200[ef]|\\u202[a-e]|\\u206[6-9]",
    re.IGNORECASE,
)


def unsafe(text: str) -> list[str]:
    """Every terminal-control character (or its JSON escape) in ``text``, once each."""
    return sorted({repr(m) for m in UNSAFE.findall(text)} | set(UNSAFE_JSON.findall(text)))


def forbidden_in(raw: bytes) -> list[str]:
    """Terminal-control characters found in encoded output."""
    return unsafe(raw.decode("utf-8", "replace"))


def forbidden_in_values(data: Any) -> list[str]:
    """Terminal-control characters inside decoded JSON string values (keys included)."""
    return unsafe(json.dumps(data, ensure_ascii=False))


def assert_one_clean_line(run: Run) -> None:
    """The bad-input contract: non-zero exit, exactly one line on stderr, no traceback."""
    assert run.code != 0, run
    assert run.err.count(b"\n") == 1, run.error
    assert b"Traceback" not in run.err and b"Traceback" not in run.out
    assert run.error.startswith("sinmun"), run.error


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(autouse=True)
def _hostile_memory_budget(memory_budget: None) -> None:
    """Every robustness test is a hostile case: it runs under the memory budget."""
