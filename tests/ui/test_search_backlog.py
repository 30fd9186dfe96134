"""The search index catches up in idle time: at start-up, after a refresh, never while keys
come; after many new articles the indexes are merged whole again (`optimize`)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.models import ArticleQuery
from reader.core.service import Service
from reader.core.settings import Config, UiConfig, WeatherConfig
from reader.newsroom import Newsroom
from reader.ui.screens import search_indexer
from reader.ui.widgets.article_list import ArticleList
from tests.ui.conftest import make_app, press, settle
from tests.ui.seed import seed_service

WIDE = (160, 48)


@pytest.fixture(scope="module")
def newsroom() -> Iterator[Newsroom]:
    with Newsroom() as nr:
        yield nr


def _indexing(app: object) -> bool:
    workers = app.screen.workers  # type: ignore[attr-defined]
    return any(w.group == "search-index" and not w.is_finished for w in workers)


async def test_start_up_indexes_the_backlog_once_no_key_comes(tmp_path: Path) -> None:
    service = seed_service(tmp_path)
    try:
        assert service.storage.search_backlog() > 0  # stored, not indexed
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            app.collector.last_input = time.monotonic() + 3600  # a key "just now", for an hour
            for _ in range(5):
                await pilot.pause()
            assert _indexing(app)  # started, but waiting for a pause in the keys
            assert service.storage.search_backlog() > 0
            app.collector.last_input = 0.0  # the reader stops typing
            await settle(pilot)
            assert not _indexing(app)
            assert service.storage.search_backlog() == 0
    finally:
        service.close()


async def test_a_refresh_leaves_every_new_article_indexed_and_the_list_whole(
    newsroom: Newsroom, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_indexer, "OPTIMIZE_AFTER", 1)  # any new article counts as many
    specs = [spec for spec in newsroom.feed_specs() if "/ledger/" in spec.url]
    config = Config(
        feeds=tuple(specs),
        weather=WeatherConfig(base_url=newsroom.base_url),
        ui=UiConfig(refresh_on_start=False, refresh_minutes=600),
    )
    service = Service.open(config, tmp_path)
    merged: list[bool] = []
    optimize = service.optimize_search

    def counted() -> None:
        merged.append(True)
        optimize()

    monkeypatch.setattr(service, "optimize_search", counted)
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert not merged  # nothing new at start: nothing merged
            await press(pilot, "r")
            stored = service.count(ArticleQuery())
            assert stored > 0
            assert app.screen.query_one(ArticleList).row_count == stored
            assert service.storage.search_backlog() == 0  # indexed after the refresh
            assert merged == [True]  # and merged once, after it
            title = app.screen.query_one(ArticleList).get(0)
            assert title is not None
            word = max(title.title.split(), key=len)
            found = service.articles(ArticleQuery(search=word), 0, stored)
            assert title.id in {a.id for a in found}
    finally:
        service.close()
