"""A newsroom with a Google Reader API server, and a service synced with it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.models import FeedSpec
from reader.core.service import Service
from reader.core.settings import Config, SyncConfig
from reader.core.sync import SyncReport
from reader.newsroom import Newsroom
from reader.newsroom.greader import GReaderServer

PASSWORD = "correct horse"
Opener = Callable[..., Service]


@pytest.fixture
def room() -> Iterator[Newsroom]:
    """A newsroom of the test's own: its GReader server's state changes."""
    with Newsroom() as nr:
        yield nr


@pytest.fixture(params=["freshrss", "miniflux", "inoreader"])
def server(request: pytest.FixtureRequest, room: Newsroom) -> GReaderServer:
    return room.serve_greader(request.param)


@pytest.fixture
def freshrss(room: Newsroom) -> GReaderServer:
    return room.serve_greader("freshrss")


@pytest.fixture
def open_service(tmp_path: Path, room: Newsroom) -> Iterator[Opener]:
    opened: list[Service] = []

    def open_(
        server: GReaderServer | None,
        *,
        password: str | None = PASSWORD,
        password_command: str | None = None,
        feeds: tuple[str, ...] = (),
    ) -> Service:
        sync = None
        if server is not None:
            url = server.url(room.base_url)
            sync = SyncConfig(url, "reader", password=password, password_command=password_command)
        config = replace(Config.default(), sync=sync, feeds=tuple(FeedSpec(u) for u in feeds))
        service = Service.open(config, tmp_path / "data", parse_processes=1)
        opened.append(service)
        return service

    yield open_
    for service in opened:
        service.close()


def sync(service: Service) -> SyncReport:
    async def go() -> SyncReport:
        try:
            return await service.sync(wait=30)
        finally:
            await service.aclose_http()

    return asyncio.run(go())
