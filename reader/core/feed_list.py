"""The subscription list at start-up: the config's [[feeds]] (or the curated defaults)
brought into the database (see `Service.sync_feeds`).

A config with [[feeds]] is the list: feeds it drops since last time are removed (feeds added
with `sinmun feeds add` stay), and the titles and tags it gives are applied to stored feeds
whenever they change. With no [[feeds]], a new database is seeded once with the curated
defaults, and the user manages the list with `sinmun feeds`. Nothing is written when nothing
changed since the last start.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.core.models import FeedSpec
from reader.core.urls import normalize_url

if TYPE_CHECKING:
    from reader.core.storage import Storage

# meta keys
SEEDED = "feeds_seeded"  # the defaults (or the config's feeds) were added once
CONFIG_FEEDS = "config_feeds"  # URLs the config listed last time, to notice removals
CONFIG_SPECS = "config_feed_specs"  # URL, title and tags the config gave last time


def normal_specs(specs: Iterable[FeedSpec]) -> list[FeedSpec]:
    """`specs` under their normal URLs, each URL once (its first entry wins)."""
    out: dict[str, FeedSpec] = {}
    for spec in specs:
        url = normalize_url(spec.url)
        out.setdefault(url, spec if url == spec.url else replace(spec, url=url))
    return list(out.values())


def moved(storage: Storage, url: str) -> str:
    """Where a feed went after a permanent redirect (itself when it did not move)."""
    return storage.get_meta(f"moved:{url}") or url


def sync(storage: Storage, configured: Sequence[FeedSpec]) -> None:
    if configured:
        _sync_config(storage, normal_specs(configured))
    elif storage.get_meta(SEEDED) is None:
        from reader.core.default_feeds import DEFAULT_FEEDS

        for spec in normal_specs(DEFAULT_FEEDS):
            storage.add_feed(spec)
        storage.set_meta(SEEDED, "defaults")


def _sync_config(storage: Storage, specs: list[FeedSpec]) -> None:
    current = [spec.url for spec in specs]
    current_json = json.dumps(current, ensure_ascii=False)
    specs_json = json.dumps([[s.url, s.title, list(s.tags)] for s in specs], ensure_ascii=False)
    recorded = storage.get_meta(CONFIG_FEEDS)
    seeded = storage.get_meta(SEEDED)
    stored = storage.feed_urls()
    found = {spec.url: _stored_as(storage, spec.url, stored) for spec in specs}
    storage.add_feeds([spec for spec in specs if found[spec.url] is None])
    if storage.get_meta(CONFIG_SPECS) != specs_json:
        # Titles and tags as the config gives them now (feeds just added have them already).
        for spec in specs:
            if (url := found[spec.url]) is not None:
                storage.set_feed_spec(replace(spec, url=url))
        storage.set_meta(CONFIG_SPECS, specs_json)
    if recorded == current_json and seeded == "config":
        return  # the same list as at the last start: no writes
    previous = {normalize_url(url) for url in json.loads(recorded or "[]")}
    if seeded == "defaults":
        # the user has replaced the curated list with their own
        from reader.core.default_feeds import DEFAULT_FEEDS

        previous |= {spec.url for spec in normal_specs(DEFAULT_FEEDS)}
    for url in previous - set(current):
        storage.remove_feed(moved(storage, url))
    storage.set_meta(CONFIG_FEEDS, current_json)
    storage.set_meta(SEEDED, "config")


def _stored_as(storage: Storage, url: str, stored: set[str]) -> str | None:
    """The URL a configured feed is stored under (it may have moved), None when it is not."""
    if url in stored:
        return url
    new = moved(storage, url)
    return new if new in stored else None
