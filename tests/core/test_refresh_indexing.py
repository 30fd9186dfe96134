"""The full-text index taking a refresh's new articles in batches while the refresh runs
(`reader.core.refresh.INDEX_EVERY`), and the rest at its end: every article indexed once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.core import refresh
from reader.core.models import ArticleQuery, FeedSpec
from reader.core.service import Service
from reader.core.settings import Config
from reader.core.storage import Storage
from reader.newsroom import Newsroom


async def test_batches_mid_refresh_leave_every_article_indexed_once(
    tmp_path: Path, newsroom: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    index = Storage.index_fts

    def counted(self: Storage) -> int:
        done = index(self)
        calls.append(done)
        return done

    monkeypatch.setattr(Storage, "index_fts", counted)
    monkeypatch.setattr(refresh, "INDEX_EVERY", 1)  # a batch after every feed with new articles
    urls = [spec.url for spec in newsroom.feed_specs()]
    config = replace(Config.default(), feeds=tuple(FeedSpec(u) for u in urls))
    service = Service.open(config, tmp_path / "data")
    try:
        results = await service.refresh()
        stored = service.count(ArticleQuery())
        assert service.storage.index_fts() == 0  # nothing left above the marker
    finally:
        await service.aclose()
    assert sum(r.new for r in results) == stored > 0
    # the start's call found nothing; batches came while feeds were stored (one may take
    # several feeds' articles, the next then none); each article was taken once in all
    assert calls[0] == 0 and sum(calls) == stored
    assert len([n for n in calls[:-1] if n]) >= 2
