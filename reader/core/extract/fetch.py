"""Fetching an article page over the shared client, extraction off the event loop, caching.

How the Service uses it (the cache lives in the articles table's full_text/full_data columns)::

    art = cached_article(storage.get_full_text(article_id))          # None: not cached yet
    art = await fetch_article(await service.http_client(), article.link)
    storage.set_full_text(article_id, *cache_columns(art))
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

from .model import ExtractedArticle
from .pipeline import ExtractError, extract_page

if TYPE_CHECKING:
    from reader.core.http import HttpClient

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


async def fetch_article(client: HttpClient, url: str) -> ExtractedArticle:
    """GET ``url`` (page Accept header, page byte cap, the client's timeouts and retries) and
    extract it in a worker thread. Raises `FetchError` (network) or `ExtractError` (content)."""
    result = await client.fetch_page(url)
    mime = result.headers.get("content-type", "").split(";")[0].strip().lower()
    if mime and not mime.startswith(_HTML_TYPES):
        raise ExtractError(f"not an HTML page ({mime[:60]})")
    return await asyncio.to_thread(extract_page, result.body, result.headers, result.url)


def cache_columns(article: ExtractedArticle) -> tuple[str, str]:
    """(full_text, full_data) for `Storage.set_full_text`: searchable text and the JSON form."""
    return article.text(), json.dumps(article.to_json(), ensure_ascii=False)


def cached_article(row: tuple[str | None, str | None] | None) -> ExtractedArticle | None:
    """The article cached in a `Storage.get_full_text` row, or None (absent or unreadable)."""
    if not row or not row[1]:
        return None
    try:
        data = json.loads(row[1])
        return ExtractedArticle.from_json(data) if isinstance(data, dict) else None
    except (ValueError, RecursionError):
        return None
