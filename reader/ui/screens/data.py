"""The main screen's workers: every database and network call of the UI happens here (and in
reading.py, those of the open article).

Sync Service calls run in thread workers and hand their results back with `call_from_thread`.
The refresh runs `Service.refresh` on its own event loop in a thread worker, so its network and
parsing work never holds up the app's loop (key presses stay prompt while 200 feeds refresh).
A worker that fails is turned into one notification by `on_worker_state_changed` (the one place
that does so).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from textual import work
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.models import Article, ArticleQuery, Feed, RefreshProgress, RefreshResult
from reader.core.service import RefreshBusy
from reader.ui.screens.reading import ReadingMixin
from reader.ui.widgets.article_list import PAGE_SIZE, ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feed_list import FeedList
from reader.ui.widgets.status import RefreshStatus
from reader.ui.widgets.weather_bar import WeatherBar

if TYPE_CHECKING:
    from reader.core.service import Service

ANCHOR_WINDOW = 2000  # rows searched for the cursor's article after a refresh
UNREAD_SCAN_PAGES = 50  # N/P look this far (pages) for the next unread article
PROGRESS_EVERY = 0.1  # seconds between repaints of the refresh progress line
CANCEL_POLL = 0.1  # seconds between checks whether the refresh worker was cancelled
BUSY_RETRY = 60.0  # seconds before trying again when another process is refreshing


@dataclass(slots=True)
class ListSnapshot:
    """What a list reload found: sizes, the cursor's new place, and the page around it."""

    token: int
    count: int
    total: int  # the same list without search/region (for "38/1,204")
    cursor: int
    shift: int  # rows the cursor's article moved down (articles added above it)
    pages: dict[int, list[Article]] = field(default_factory=dict)


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


class DataMixin(ReadingMixin):
    """Workers and the code that applies their results to the widgets."""

    service: Service
    clock: Callable[[], datetime]
    tz: tzinfo | None
    article_query: ArticleQuery
    feeds: list[Feed]
    _list_token: int = 0
    _first_list_shown: bool = False
    _refresh_started: float = 0.0
    _refresh_progress: RefreshProgress | None = None
    _progress_shown: RefreshProgress | None = None
    _progress_timer: Timer | None = None

    def notify(  # type: ignore[override]
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry feed titles, links and error text: data, so no markup."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # --- feeds -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="feeds", exit_on_error=False, name="Loading feeds")
    def load_feeds(self) -> None:
        feeds = self.service.feeds()
        starred = self.service.count(ArticleQuery(starred_only=True))
        self.app.call_from_thread(self.apply_feeds, feeds, starred)

    def apply_feeds(self, feeds: list[Feed], starred: int) -> None:
        self.feeds = feeds
        self.query_one(FeedList).set_feeds(feeds, starred)

    # --- the article list ------------------------------------------------------------------
    def reload_list(self, *, keep_cursor: bool) -> None:
        """Fetch the current list again; keep the cursor on its article when asked."""
        articles = self.query_one(ArticleList)
        anchor = articles.cursor_article if keep_cursor else None
        self._list_token += 1
        self.load_list(
            self._list_token,
            self.article_query,
            anchor.id if anchor else None,
            articles.cursor if keep_cursor else 0,
            articles.row_count,
        )

    def load_list_now(self) -> None:
        """The list from the top, read here on the app's thread: one count and one page (a
        few ms at 100k articles for what the screen sends here) put the rows on the next
        frame, with no worker round trip before it."""
        self._list_token += 1
        self.apply_list(self.list_snapshot(self._list_token, self.article_query, None, 0, 0))

    def refreshing(self) -> bool:
        """A refresh is running (its writes hold Storage's lock now and then)."""
        return any(w.group == "refresh" and not w.is_finished for w in self.workers)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False, name="Loading articles")
    def load_list(
        self, token: int, query: ArticleQuery, anchor: int | None, old_index: int, old_count: int
    ) -> None:
        snapshot = self.list_snapshot(token, query, anchor, old_index, old_count)
        self.app.call_from_thread(self.apply_list, snapshot)

    def list_snapshot(
        self, token: int, query: ArticleQuery, anchor: int | None, old_index: int, old_count: int
    ) -> ListSnapshot:
        service = self.service
        count = service.count(query)
        unfiltered = ArticleQuery(
            feed_id=query.feed_id, unread_only=query.unread_only, starred_only=query.starred_only
        )
        total = service.count(unfiltered) if unfiltered != query else count
        cursor, shift = min(old_index, max(0, count - 1)), 0
        if anchor is not None and count:
            added = max(0, count - old_count)
            start = max(0, old_index - 50)
            window = service.articles(
                query, start, min(ANCHOR_WINDOW, old_index - start + added + 50)
            )
            for offset, article in enumerate(window):
                if article.id == anchor:
                    cursor, shift = start + offset, start + offset - old_index
                    break
        page = cursor // PAGE_SIZE
        pages = {page: service.articles(query, page * PAGE_SIZE, PAGE_SIZE)}
        return ListSnapshot(token, count, total, cursor, shift, pages)

    def apply_list(self, snapshot: ListSnapshot) -> None:
        if snapshot.token != self._list_token:
            return  # a newer reload is on its way
        articles = self.query_one(ArticleList)
        articles.reset(
            snapshot.count,
            snapshot.pages,
            cursor=snapshot.cursor,
            scroll_shift=snapshot.shift if snapshot.shift else None,
        )
        self.list_counts(snapshot.count, snapshot.total)
        if not self._first_list_shown:
            self._first_list_shown = True
            self.app.call_after_refresh(self.first_list_painted)

    def first_list_painted(self) -> None:
        """The first list is on the screen (the screen starts what can wait until now)."""

    def list_counts(self, count: int, total: int) -> None:
        """Update the list header (the screen draws it)."""

    @work(thread=True, group="pages", exit_on_error=False, name="Loading a page")
    def load_page(self, generation: int, page: int, query: ArticleQuery) -> None:
        articles = self.query_one(ArticleList)
        try:
            rows = self.service.articles(query, page * PAGE_SIZE, PAGE_SIZE)
        except BaseException:
            self.app.call_from_thread(articles.page_failed, generation, page)
            raise
        self.app.call_from_thread(articles.set_page, generation, page, rows)

    # --- flags ---------------------------------------------------------------------------
    @work(thread=True, group="flags", exit_on_error=False, name="Saving")
    def save_flags(self, article: Article, *, read: bool | None, starred: bool | None) -> None:
        if read is not None:
            self.service.set_read([article.id], read)
        if starred is not None:
            self.service.set_starred(article.id, starred)
        fresh = self.service.article(article.id)
        if fresh is not None:
            self.app.call_from_thread(self.apply_flags, fresh)
        self.app.call_from_thread(self.load_feeds)

    def apply_flags(self, article: Article) -> None:
        self.query_one(ArticleList).update_article(
            article.id, read=article.read, starred=article.starred
        )
        self.query_one(ArticleView).update_flags(article)

    @work(thread=True, group="flags", exit_on_error=False, name="Marking read")
    def mark_all(self, query: ArticleQuery) -> None:
        changed = self.service.mark_all_read(query)
        self.app.call_from_thread(self.query_one(ArticleList).mark_all_held_read)
        self.app.call_from_thread(self.notify, f"Marked {changed:,} articles read")
        self.app.call_from_thread(self.load_feeds)

    @work(thread=True, exclusive=True, group="seek", exit_on_error=False, name="Finding unread")
    def seek_unread(
        self, query: ArticleQuery, start: int, direction: int, count: int, hop: bool = True
    ) -> None:
        """Open the first unread article from `start` in `direction` (a page at a time);
        with none left, `hop` on to the next feed that has some."""
        index = start
        for _ in range(UNREAD_SCAN_PAGES):
            if not 0 <= index < count:
                break
            page = index // PAGE_SIZE
            rows = self.service.articles(query, page * PAGE_SIZE, PAGE_SIZE)
            while 0 <= index < count and index // PAGE_SIZE == page:
                slot = index - page * PAGE_SIZE
                if slot < len(rows) and not rows[slot].read:
                    self.app.call_from_thread(self.open_at, index, rows[slot])
                    return
                index += direction
        if hop:
            self.app.call_from_thread(self.unread_elsewhere, direction)
        else:
            self.app.call_from_thread(self.notify, "No unread articles left")

    def open_at(self, index: int, article: Article) -> None:
        """Move the cursor to `index` and open it (the screen implements this)."""

    def unread_elsewhere(self, direction: int) -> None:
        """No unread left in this list in `direction` (the screen implements this)."""

    # --- weather ---------------------------------------------------------------------------
    @work(exclusive=True, group="weather", exit_on_error=False, name="Weather")
    async def weather_loop(self) -> None:
        """The cached report at once, then a refresh on the configured interval, forever."""
        bar = self.query_one(WeatherBar)
        await self.service.weather.watch(bar.set_report)

    @work(exclusive=True, group="weather-now", exit_on_error=False, name="Refreshing the weather")
    async def refresh_weather(self) -> None:
        report = await self.service.weather.refresh(force=True)
        self.query_one(WeatherBar).set_report(report)

    # --- refresh ---------------------------------------------------------------------------
    def run_refresh(self) -> None:
        """Refresh every feed in the background, with a progress line while it runs."""
        self.query_one(RefreshStatus).start(len(self.feeds) or None)
        self._refresh_started = time.monotonic()
        self._refresh_progress = None
        if self._progress_timer is not None:
            self._progress_timer.stop()
        # Progress is polled, not pushed: 200 feeds finishing in bursts would otherwise queue
        # a repaint each on the app's loop.
        self._progress_timer = self.set_interval(PROGRESS_EVERY, self.show_refresh_progress)
        self.refresh_worker()

    def show_refresh_progress(self) -> None:
        progress = self._refresh_progress  # set by the refresh thread; read-only here
        if progress is not None and progress is not self._progress_shown:
            self._progress_shown = progress
            self.query_one(RefreshStatus).progress(progress)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False, name="Refreshing")
    def refresh_worker(self) -> list[RefreshResult] | str:
        """`Service.refresh` on this thread's own event loop; the result goes back through
        `on_worker_state_changed`. The parser pool this may start (a forkserver, since the app
        runs threads) is started here too, off the app's loop."""
        worker = get_current_worker()
        import multiprocessing.resource_tracker  # noqa: F401 (imported here, off the app's loop)

        if not worker.is_cancelled:
            self.app.call_from_thread(start_process_helpers)
        return asyncio.run(self._refresh_in_thread(worker))

    async def _refresh_in_thread(self, worker: Worker) -> list[RefreshResult] | str:
        service = self.service
        task = asyncio.current_task()

        def progress(update: RefreshProgress) -> None:
            self._refresh_progress = update  # picked up by show_refresh_progress

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

    def refresh_finished(self, worker: Worker) -> None:
        """The refresh worker ended, one way or another: stop the progress line; on success,
        the summary, and the counts and list again."""
        if self._progress_timer is not None:
            self._progress_timer.stop()
            self._progress_timer = None
        self.query_one(RefreshStatus).stop()
        if worker.state != WorkerState.SUCCESS:
            return
        if isinstance(worker.result, str):
            self.notify(f"{worker.result}; trying again in a minute", title="Refresh")
            self.set_timer(BUSY_RETRY, lambda: self.refreshing() or self.run_refresh())
            return
        results: list[RefreshResult] = worker.result or []
        message, failed = summarise(results, time.monotonic() - self._refresh_started)
        self.notify(message, title="Refresh", severity="warning" if failed else "information")
        self.load_feeds()
        self.reload_list(keep_cursor=True)

    # --- errors ----------------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker becomes something the user sees."""
        if event.worker.group == "refresh" and event.worker.is_finished:
            self.refresh_finished(event.worker)
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            reason = str(error) or type(error).__name__
            self.notify(f"{event.worker.name} failed: {reason}", severity="error", timeout=8)
