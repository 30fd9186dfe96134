"""Shared fixtures for every test area, and the suite's parallelism."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from reader.newsroom import Newsroom


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (in addopts): two workers per CPU this process may run on. Most of the suite
    waits rather than computes (Textual's pilot idles in 20 ms steps, child processes start,
    test servers are slow on purpose), so one worker per CPU leaves the CPUs half idle.
    PYTEST_XDIST_AUTO_NUM_WORKERS, when set, still decides (xdist's own hook reads it)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cpus or 1)


@pytest.fixture(scope="session")
def newsroom() -> Iterator[Newsroom]:
    """The offline newsroom, started once per session on 127.0.0.1 (random port); with xdist,
    once per worker.

    Tests that publish entries or flip the weather switch should use their own ``Newsroom()``
    (or call ``newsroom.reset()``) so they don't change what other tests see.
    """
    with Newsroom() as nr:
        yield nr


@pytest.fixture
def memory_budget() -> Iterator[None]:
    """For tests of hostile input run in-process: an address-space limit while they run and a
    peak RSS under the budget (tests/memory.py)."""
    from tests.memory import bounded_here

    with bounded_here():
        yield
