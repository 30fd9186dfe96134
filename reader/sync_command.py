"""`sinmun sync [--json]`: one sync with the [sync] server, reported for people or scripts."""

from __future__ import annotations

import sys

from reader import aio
from reader.core.service import RefreshBusy, Service
from reader.core.sync import SyncReport
from reader.core.text import clean_text
from reader.output import error_line, write_json

SYNC_WAIT = 300.0  # seconds to wait for a refresh or sync already running


def run_sync(service: Service, as_json: bool) -> int:
    if service.syncer is None:
        where = f" ({service.config.path})" if service.config.path else ""
        error_line(
            f"sinmun: no [sync] server in the config{where}: "
            'set service = "greader", url, username and password (see the README\'s Sync)'
        )
        return 2

    async def go() -> SyncReport:
        try:
            return await service.sync(wait=SYNC_WAIT)
        finally:
            await service.aclose_http()

    try:
        report = aio.run(go())
    except RefreshBusy as exc:
        error_line(f"sinmun: {exc}; not starting another")
        return 0
    if as_json:
        write_json(report.to_json())
    elif report.error is None:
        sys.stdout.write(summary(report) + "\n")
    if report.error is not None:
        error_line(f"sinmun: sync failed: {report.error}")
        return 1
    return 0


def summary(report: SyncReport) -> str:
    p = report.pushed
    return clean_text(
        f"synced with {report.url}: {report.subscriptions} subscriptions, {report.new} new, "
        f"{report.updated} updated; pushed {p.read} read, {p.unread} unread, "
        f"{p.starred} starred, {p.unstarred} unstarred"
    )
