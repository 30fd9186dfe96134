"""New subscriptions from the CLI and the UI: one URL, fetched once first to check it
(`subscribe.find_feed`), or a subscription list taken as listed (nothing fetched)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.models import Feed, FeedSpec
from reader.core.service_errors import ServiceError
from reader.core.urls import normalize_url

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.storage import Storage


@dataclass(frozen=True, slots=True)
class Subscription:
    """What `Service.subscribe` did."""

    feed: Feed
    added: bool  # False: it was subscribed already
    page: str | None = None  # the page that advertised the feed, when the URL was a page
    others: tuple[str, ...] = ()  # the other feeds that page advertises


async def subscribe(
    storage: Storage,
    http_client: Callable[[], Awaitable[HttpClient]],
    url: str,
    title: str | None = None,
) -> Subscription:
    """Subscribe to the feed at `url`, or to the first one the page at `url` advertises,
    after fetching it once; a ServiceError says why not (nothing is stored then)."""
    from reader.core.subscribe import NotSubscribable, find_feed

    url = normalize_url(url)
    if (known := await asyncio.to_thread(storage.get_feed, url)) is not None:
        return Subscription(known, added=False)
    try:
        found = await find_feed(await http_client(), url)
    except NotSubscribable as exc:
        raise ServiceError(f"cannot subscribe to {url}: {exc}") from None
    known = await asyncio.to_thread(storage.get_feed, found.url)
    spec = FeedSpec(found.url, title)
    feed = (
        known
        if known is not None
        else await asyncio.to_thread(
            storage.add_feed, spec, feed_title=found.title, site_link=found.site_link
        )
    )
    return Subscription(feed, known is None, found.page, found.others)


def import_specs(storage: Storage, specs: Iterable[FeedSpec]) -> tuple[int, int]:
    """Subscribe to the listed feeds not yet subscribed (as listed: nothing is fetched);
    returns how many distinct feeds the list holds, how many were added."""
    from reader.core.feed_list import normal_specs

    wanted = normal_specs(specs)
    stored = storage.feed_urls()
    added = [storage.add_feed(spec) for spec in wanted if spec.url not in stored]
    return len(wanted), len(added)
