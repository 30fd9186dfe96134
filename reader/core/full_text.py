"""An article's full text: its page fetched and extracted once, then read from the database's
cache (the articles table's full_text/full_data columns, see `extract.fetch`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.extract import ExtractedArticle
    from reader.core.http import HttpClient
    from reader.core.models import Article
    from reader.core.storage import Storage

# reader.core.extract is imported where used: start-up must not load it (benchmarks/startup.py).


def cached(storage: Storage, article_id: int) -> ExtractedArticle | None:
    """The article's extracted page from the cache, if it was fetched before."""
    from reader.core.extract.fetch import cached_article

    cached = cached_article(storage.get_full_text(article_id))
    return cached if cached is not None and cached.paragraphs else None  # empty: fetch again


async def fetch_and_cache(
    storage: Storage, http_client: Callable[[], Awaitable[HttpClient]], article: Article
) -> ExtractedArticle:
    """The article's page fetched, extracted and cached. Raises `FetchError` (network) or
    `ExtractError` (no link, no article on the page)."""
    from reader.core.extract.fetch import cache_columns, fetch_article

    if not article.link:
        from reader.core.extract import ExtractError

        raise ExtractError("this article has no link to fetch")
    from reader.core.extract.pipeline import require_text

    # Never an empty article: the view shows the feed's summary and why (ExtractError).
    extracted = require_text(await fetch_article(await http_client(), article.link))
    await asyncio.to_thread(storage.set_full_text, article.id, *cache_columns(extracted))
    return extracted
