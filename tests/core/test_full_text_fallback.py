"""Never an empty article: a page without readable text is an `ExtractError` for the service,
so the app keeps the feed's summary with a note, and is never cached as the full text."""

from __future__ import annotations

import pytest

from reader.core.extract import ExtractedArticle, ExtractError
from reader.core.extract import fetch as extract_fetch
from reader.core.extract.fetch import cache_columns
from reader.core.models import ArticleQuery, FeedSpec, ParsedEntry, ParsedFeed
from reader.core.service import Service
from reader.core.settings import Config

FEED = "https://feeds.example/rss"


@pytest.fixture
def service(tmp_path):
    config = Config(feeds=(FeedSpec(FEED, "Example"),))
    svc = Service.open(config, tmp_path)
    feed = svc.storage.get_feed(FEED)
    assert feed is not None
    entry = ParsedEntry(
        key="a", title="누리군 소식", link="https://news.example/a", summary="<p>피드 요약.</p>"
    )
    svc.storage.apply_feed(
        feed.id,
        ParsedFeed(title="Example", site_link=None, entries=(entry,)),
        etag=None,
        last_modified=None,
        body_hash=None,
        when=svc.now(),
    )
    yield svc
    svc.close()


async def test_a_page_of_only_a_title_is_no_full_text_and_is_not_cached(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def title_only(client, url):
        return ExtractedArticle(url=url, title="누리군 소식")

    monkeypatch.setattr(extract_fetch, "fetch_article", title_only)
    [article] = service.articles(ArticleQuery(), limit=1)
    with pytest.raises(ExtractError, match="no article text found"):
        await service.fetch_full_article(article)
    assert service.storage.get_full_text(article.id) in (None, (None, None))


def test_an_empty_article_cached_before_is_fetched_again(service: Service) -> None:
    [article] = service.articles(ArticleQuery(), limit=1)
    service.storage.set_full_text(article.id, *cache_columns(ExtractedArticle(None, "누리군 소식")))
    assert service.cached_full_article(article.id) is None
    full = ExtractedArticle(None, "누리군 소식", paragraphs=["본문 한 문단."])
    service.storage.set_full_text(article.id, *cache_columns(full))
    assert service.cached_full_article(article.id) == full
