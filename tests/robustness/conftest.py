"""Helpers for the robustness tests: the CLI as a real process, configs, and the byte checks
that prove nothing from a hostile server reaches a terminal."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from reader.core.config import Config
from reader.core.models import FeedSpec
from reader.core.service import Service
from reader.newsroom.hostile import FORBIDDEN
from tests.memory import run_bounded

ROOT = Path(__file__).resolve().parents[2]

# Control characters as JSON writes them (json.dump escapes C0 controls, never drops them).
_JSON_ESCAPES = ("\\u001b", "\\u0007", "\\u0000", "\\u009b", "\\u202e", "\\u0085")


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


def forbidden_in(raw: bytes) -> list[str]:
    """Terminal-control characters found in encoded output (UTF-8 is self-synchronising, so a
    byte search for an encoded character cannot match inside another character)."""
    found = [repr(c) for c in FORBIDDEN if c.encode("utf-8") in raw]
    text = raw.decode("utf-8", "replace")
    found += [e for e in _JSON_ESCAPES if e in text.lower()]
    return found


def forbidden_in_values(data: Any) -> list[str]:
    """Terminal-control characters inside decoded JSON string values."""
    if isinstance(data, str):
        return [repr(c) for c in FORBIDDEN if c in data]
    if isinstance(data, dict):
        return [f for v in data.values() for f in forbidden_in_values(v)]
    if isinstance(data, list):
        return [f for v in data for f in forbidden_in_values(v)]
    return []


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
