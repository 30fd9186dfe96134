"""Checking a URL before subscribing to it (`sinmun feeds add`): fetch it once; a feed is
taken as it is, an HTML page for the first feed it advertises (fetched in turn, so what is
stored is known to be a feed), anything else is refused with the reason."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.discovery import advertised_feeds
from reader.core.text import CleanError
from reader.core.urls import normalize_url

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.models import FetchResult, ParsedFeed


class NotSubscribable(CleanError):
    """The URL is no feed, or could not be fetched; the message says why (one line)."""


@dataclass(frozen=True, slots=True)
class FoundFeed:
    url: str  # what to store: normal form, the new URL after a permanent redirect
    title: str | None  # the feed's own title
    site_link: str | None
    page: str | None = None  # the page that advertised it, when the URL given was a page
    others: tuple[str, ...] = ()  # the other feeds that page advertises


async def find_feed(client: HttpClient, url: str) -> FoundFeed:
    """The feed at `url`, or advertised by the page at `url`; NotSubscribable says why not."""
    fetched = await _fetch(client, url)
    parsed, reason = await _parse(fetched)
    if parsed is not None:
        return _found(url, fetched, parsed)
    links = advertised_feeds(fetched.body, fetched.url, _charset(fetched.headers))
    if not links:
        raise NotSubscribable(not_a_feed(reason))
    first, *others = links
    try:
        fetched = await _fetch(client, first)
    except NotSubscribable as exc:
        raise NotSubscribable(f"the feed it advertises, {first}, failed: {exc}") from None
    parsed, reason = await _parse(fetched)
    if parsed is None:
        raise NotSubscribable(f"the feed it advertises, {first}, is {reason}")
    return _found(first, fetched, parsed, page=url, others=tuple(others))


def not_a_feed(reason: str) -> str:
    """The refusal for a body that is no feed and names none: "not a feed and advertises
    none", with what the parser found when that says more ("malformed feed: …")."""
    detail = reason.removeprefix("not a feed").strip()
    if detail.startswith("(") and detail.endswith(")"):
        detail = detail[1:-1]
    return "not a feed and advertises none" + (f" ({detail})" if detail else "")


async def _fetch(client: HttpClient, url: str) -> FetchResult:
    from reader.core.http import FetchError

    try:
        return await client.fetch(url)
    except FetchError as exc:
        raise NotSubscribable(exc.reason) from None


async def _parse(fetched: FetchResult) -> tuple[ParsedFeed | None, str]:
    """The parsed feed, or None and why it is none (in a thread: parsing is CPU work)."""
    from reader.core.parsing import FeedParseError, parse_feed

    try:
        return await asyncio.to_thread(parse_feed, fetched.body, fetched.headers, fetched.url), ""
    except FeedParseError as exc:
        return None, str(exc) or "not a feed"


def _found(
    url: str,
    fetched: FetchResult,
    parsed: ParsedFeed,
    page: str | None = None,
    others: tuple[str, ...] = (),
) -> FoundFeed:
    stored = normalize_url(fetched.permanent_redirect or url)
    return FoundFeed(stored, parsed.title, parsed.site_link, page, others)


def _charset(headers: Mapping[str, str]) -> str | None:
    _, _, params = headers.get("content-type", "").partition(";")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
