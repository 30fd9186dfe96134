"""Weather tests run against the newsroom's Open-Meteo and KMA endpoints."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.http import HttpClient, NetworkSettings
from reader.newsroom import Newsroom

DATA = Path(__file__).resolve().parents[2] / "data" / "weather"
NOW = datetime(2026, 11, 27, 5, 20, tzinfo=UTC)  # 14:20 KST


@pytest.fixture
def pinned() -> Iterator[Newsroom]:
    """A newsroom of our own (we flip its failure switch) with its weather clock at NOW."""
    with Newsroom() as nr:
        nr.weather_time = NOW
        yield nr


@pytest.fixture
async def client() -> AsyncIterator[HttpClient]:
    # no client-level retries: the weather service does its own backoff, and tests stay fast
    async with HttpClient(NetworkSettings(retries=0, total_timeout=10)) as c:
        yield c


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()
