"""With [sync], `r` syncs with the server and the status line says when and what waits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.models import ArticleQuery
from reader.core.service import Service
from reader.core.settings import Config, SyncConfig, UiConfig, WeatherConfig
from reader.newsroom import Newsroom
from reader.ui.widgets.status import RefreshStatus
from tests.ui.conftest import make_app, press, settle

WIDE = (160, 48)


@pytest.fixture
def room() -> Iterator[Newsroom]:
    with Newsroom() as nr:
        yield nr


async def test_r_syncs_and_the_status_line_shows_the_sync(room: Newsroom, tmp_path: Path) -> None:
    gr = room.serve_greader("freshrss")
    config = Config(
        weather=WeatherConfig(base_url=room.base_url),
        ui=UiConfig(refresh_on_start=False, refresh_minutes=600),
        sync=SyncConfig(gr.url(room.base_url), gr.username, password=gr.password),
    )
    service = Service.open(config, tmp_path)
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            status = app.screen.query_one(RefreshStatus)
            assert not status.display  # nothing synced, nothing to say yet
            await press(pilot, "r")
            await settle(pilot)
            assert service.count(ArticleQuery()) == 84
            assert status.display and str(status.render()).startswith("⇅ synced ")
            article = service.articles(ArticleQuery(), limit=1)[0]
            service.storage.set_read([article.id], True)
            gr.down = True
            await press(pilot, "r")
            await settle(pilot)
            line = str(status.render())
            assert "last sync failed" in line and line.endswith("· 1 change waiting")
    finally:
        service.close()
