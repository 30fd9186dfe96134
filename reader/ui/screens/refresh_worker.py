"""The main screen's refresh: `Service.refresh` on its own event loop in a thread worker, so
its network and parsing work never holds up the app's loop (key presses stay prompt while 200
feeds refresh). Its end becomes a summary, a retry when another process was refreshing, and
the search indexing of what it brought.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.models import RefreshProgress, RefreshResult
from reader.core.service import RefreshBusy
from reader.ui.background import run_in_background
from reader.ui.screens.search_indexer import SearchIndexing
from reader.ui.screens.worker_base import worker

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.service import Service
    from reader.core.sync import SyncStatus

    Progress = Callable[[RefreshProgress | SyncStatus], None]  # the refresh's, then the sync's

CANCEL_POLL = 0.1  # seconds between checks whether the refresh worker was cancelled
BUSY_RETRY = 60.0  # seconds before trying again when another process is refreshing


def start_process_helpers() -> None:
    """Start multiprocessing's resource tracker with the real stderr (on the app's thread).

    The app replaces sys.stderr with an object whose fileno() is -1; the parser pool started by
    a refresh would hand that to the tracker's spawn and fail ("bad value(s) in fds_to_keep").
    A no-op once the tracker runs.
    """
    from multiprocessing import resource_tracker

    with contextlib.redirect_stderr(sys.__stderr__):
        resource_tracker.ensure_running()


def summarise(results: list[RefreshResult], seconds: float) -> tuple[str, bool]:
    """ "Refreshed 40 feeds in 2.1 s: 12 new, 1 failed" and whether anything failed."""
    new = sum(r.new for r in results)
    failed = [r for r in results if r.status == "error"]
    text = f"Refreshed {len(results)} feeds in {seconds:.1f} s: {new} new"
    if failed:
        text += f", {len(failed)} failed ({failed[0].title}: {failed[0].error}"
        text += ", …)" if len(failed) > 1 else ")"
    return text, bool(failed)


class Refreshing(SearchIndexing):
    """`refresh`, its worker, and what happens when it ends (a refresh ends by indexing what
    it brought, hence the search indexer below it)."""

    def __init__(self, node: Screen[Any], service: Service) -> None:
        super().__init__(node, service)
        self._refresh_started = 0.0
        self._finished: Callable[[bool], None] | None = None  # told when the refresh ends
        self._restart: Callable[[], None] | None = None  # starts it again after a busy one

    def refresh(
        self,
        progress: Progress,
        finished: Callable[[bool], None],
        restart: Callable[[], None],
    ) -> None:
        """Refresh every feed: `progress` hears from the refresh's thread; `finished` is told
        when it has ended, and whether it refreshed; one that found another process
        refreshing is started again later through `restart`."""
        self._refresh_started = time.monotonic()
        self._finished, self._restart = finished, restart
        self._refresh(progress)

    @worker(group="refresh", exclusive=True, name="Refreshing")
    def _refresh(self, progress: Progress) -> list[RefreshResult] | str:
        """`Service.refresh` on this thread's own event loop; the result goes to `ended`. The
        parser pool this may start (a forkserver, since the app runs threads) is started here
        too, off the app's loop."""
        worker = get_current_worker()
        import multiprocessing.resource_tracker  # noqa: F401 (imported here, off the app's loop)

        if not worker.is_cancelled:
            self.back(start_process_helpers)
        # In a thread of low priority (and so the parse workers it starts): keys go first.
        return run_in_background(
            lambda: asyncio.run(self._refresh_in_thread(worker, progress)), name="sinmun-refresh"
        )

    async def _refresh_in_thread(
        self, worker: Worker[Any], progress: Progress
    ) -> list[RefreshResult] | str:
        service = self.service
        task = asyncio.current_task()

        async def cancel_when_the_worker_is() -> None:
            # A thread worker cannot be cancelled from outside; leaving the screen or quitting
            # cancels the worker, and this stops the refresh soon after (quitting waits for it).
            while not worker.is_cancelled:
                await asyncio.sleep(CANCEL_POLL)
            if task is not None:
                task.cancel()

        watcher = asyncio.create_task(cancel_when_the_worker_is())
        try:
            return await service.refresh(on_progress=progress, wait=0)
        except RefreshBusy as busy:  # cron's `sinmun refresh`, say: its turn, ours later
            return str(busy)
        finally:
            watcher.cancel()
            await service.aclose_http()
            if (synced := await asyncio.to_thread(service.sync_status)) is not None:
                progress(synced)  # with [sync]: the status line's "synced 14:02 · …"

    def _refresh_ended(self, worker: Worker[Any]) -> None:
        finished, restart = self._finished, self._restart
        result = worker.result if worker.state == WorkerState.SUCCESS else None
        if isinstance(result, str):
            self.notify(f"{result}; trying again in a minute", title="Refresh")

            def retry() -> None:
                if restart is not None and not self.refreshing():
                    restart()

            self.node.set_timer(BUSY_RETRY, retry)
        elif worker.state == WorkerState.SUCCESS:
            results: list[RefreshResult] = result or []
            message, failed = summarise(results, time.monotonic() - self._refresh_started)
            self.notify(message, title="Refresh", severity="warning" if failed else "information")
            self.index_search(sum(r.new + r.updated for r in results))  # in idle time
        if finished is not None:
            finished(worker.state == WorkerState.SUCCESS and not isinstance(result, str))
