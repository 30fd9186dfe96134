"""Shared fixtures for every test area."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reader.newsroom import Newsroom


@pytest.fixture(scope="session")
def newsroom() -> Iterator[Newsroom]:
    """The offline newsroom, started once per session on 127.0.0.1 (random port).

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
