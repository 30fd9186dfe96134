"""The service facade: feed list bookkeeping and the full-text cache."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader.core.default_feeds import DEFAULT_FEEDS
from reader.core.models import ArticleQuery, FeedSpec
from reader.core.service import Service, ServiceError
from reader.core.settings import Config
from reader.newsroom import Newsroom


def config_with(*urls: str) -> Config:
    return replace(Config.default(), feeds=tuple(FeedSpec(u) for u in urls))


def test_first_run_without_feeds_seeds_the_defaults_once(tmp_path):
    service = Service.open(Config.default(), tmp_path)
    try:
        assert [f.url for f in service.feeds()] == [s.url for s in DEFAULT_FEEDS]
        service.storage.remove_feed(DEFAULT_FEEDS[0].url)
    finally:
        service.close()
    again = Service.open(Config.default(), tmp_path)
    try:  # a removed default stays removed
        assert DEFAULT_FEEDS[0].url not in [f.url for f in again.feeds()]
    finally:
        again.close()


def test_config_feeds_replace_the_defaults(tmp_path):
    Service.open(Config.default(), tmp_path).close()
    service = Service.open(config_with("https://mine.example/rss"), tmp_path)
    try:
        assert [f.url for f in service.feeds()] == ["https://mine.example/rss"]
        with pytest.raises(ServiceError, match="remove it there"):
            service.remove_feed("https://mine.example/rss")
        service.add_feed("https://extra.example/atom", "Extra")
    finally:
        service.close()
    service = Service.open(config_with("https://mine.example/rss"), tmp_path)
    try:  # feeds added by hand survive the config sync
        assert [f.url for f in service.feeds()][-1] == "https://extra.example/atom"
    finally:
        service.close()


async def test_full_article_is_fetched_once_then_read_offline(tmp_path):
    with Newsroom() as newsroom:
        config = config_with(newsroom.url("/feeds/bitgoeul/rss.xml"))
        service = Service.open(config, tmp_path)
        try:
            await service.refresh()
            [article] = service.articles(ArticleQuery(), limit=1)
            assert service.cached_full_article(article.id) is None
            full = await service.full_article(article)
            expected = next(
                a for a in newsroom.feed_articles("bitgoeul") if a.headline in full.title
            )
            assert full.paragraphs == list(expected.paragraphs)
        finally:
            await service.aclose()
    # the newsroom is gone: the second open comes from the database
    service = Service.open(config, tmp_path)
    try:
        again = await service.full_article(article)
        assert again.paragraphs == full.paragraphs and again.byline == full.byline
    finally:
        await service.aclose()


def test_recent_regions_are_kept_across_sessions_newest_first(tmp_path):
    service = Service.open(Config(), tmp_path)
    try:
        assert service.recent_regions() == []
        for region in ["광주", "부산", "강남", "광주"]:
            service.remember_region(region)
    finally:
        service.close()
    service = Service.open(Config(), tmp_path)
    try:
        assert service.recent_regions() == ["광주", "강남", "부산"]  # one entry each
        for n in range(20):
            service.remember_region(f"place {n}")
        assert service.recent_regions() == [f"place {n}" for n in range(19, 11, -1)]  # 8 kept
    finally:
        service.close()


@pytest.mark.parametrize("stored", ["not json", '{"a": 1}', '["광주", 3, null, " "]'])
def test_damaged_recent_regions_are_read_as_what_is_usable(tmp_path, stored):
    service = Service.open(Config(), tmp_path)
    try:
        service.storage.set_meta("recent_regions", stored)
        assert service.recent_regions() == (["광주"] if stored.startswith("[") else [])
        assert service.remember_region("부산")[0] == "부산"
    finally:
        service.close()
