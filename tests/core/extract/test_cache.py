from __future__ import annotations

from reader.core.extract import ExtractedArticle
from reader.core.extract.fetch import cache_columns, cached_article, fetch_article
from reader.core.http import HttpClient
from reader.newsroom import Newsroom
from reader.newsroom.content import ARTICLES


async def test_fetch_then_cache_round_trip(newsroom: Newsroom) -> None:
    a = next(x for x in ARTICLES if x.dateline)
    async with HttpClient() as client:
        art = await fetch_article(client, newsroom.url(a.path))
    text, data = cache_columns(art)
    assert a.paragraphs[0] in text and a.headline in text
    again = cached_article((text, data))
    assert again == art
    assert again.published == a.published and again.published.utcoffset() is not None


def test_unusable_cache_rows_mean_not_cached() -> None:
    assert cached_article(None) is None
    assert cached_article(("text", None)) is None
    assert cached_article(("text", "{not json")) is None
    assert cached_article(("text", "[1, 2]")) is None
    assert cached_article(("text", '{"byline": 3}')) is None


def test_from_json_accepts_minimal_objects() -> None:
    art = ExtractedArticle.from_json({"title": "t"})
    assert art.title == "t" and art.paragraphs == [] and art.byline is None
