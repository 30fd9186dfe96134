"""A sync as `sinmun refresh` reports it: one result per server feed, in feed-list order."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.models import Feed, RefreshResult
from reader.core.sync.model import SyncReport


def as_refresh_results(report: SyncReport, feeds: Sequence[Feed]) -> list[RefreshResult]:
    """Each server feed as synced ("ok" with its new articles, "not_modified" with none) or
    failed with the sync's reason."""
    out = []
    for feed in feeds:
        if report.error is not None:
            out.append(RefreshResult(feed.url, feed.title, "error", error=report.error))
            continue
        new = report.new_by_feed.get(feed.id, 0)
        out.append(RefreshResult(feed.url, feed.title, "ok" if new else "not_modified", new=new))
    return out
