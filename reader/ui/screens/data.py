"""The main screen's workers: every database and network call of the UI happens here (the
list's quick first reads too: `read_list`, which lists.py also runs on the app's thread).

Each method starts one Textual worker on the screen (so that leaving or quitting cancels it)
and hands what it found to the callback it was given, on the app's thread. Sync Service calls
run in thread workers and come back with `call_from_thread`. The refresh runs `Service.refresh`
on its own event loop in a thread worker, so its network and parsing work never holds up the
app's loop (key presses stay prompt while 200 feeds refresh). `ended` is the one place a
worker's end is reported: a failed worker becomes one notification, the refresh a summary.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial, wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol

from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.models import Article, ArticleQuery, Feed, RefreshProgress, RefreshResult
from reader.core.service import RefreshBusy
from reader.ui.background import run_in_background
from reader.ui.list_state import PAGE_SIZE, ListSnapshot

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.extract import ExtractedArticle
    from reader.core.html_render import RenderedArticle
    from reader.core.service import Service
    from reader.core.sync import SyncStatus
    from reader.core.weather.base import WeatherReport

    Progress = Callable[[RefreshProgress | SyncStatus], None]  # the refresh's, then the sync's

ANCHOR_WINDOW = 2000  # rows searched for the cursor's article after a refresh
UNREAD_SCAN_PAGES = 50  # N/P look this far (pages) for the next unread article
CANCEL_POLL = 0.1  # seconds between checks whether the refresh worker was cancelled
BUSY_RETRY = 60.0  # seconds before trying again when another process is refreshing
IDLE_INPUT = 0.5  # seconds without a key before the search indexer writes a batch
IDLE_POLL = 0.1  # seconds between its checks while keys come
INDEX_BATCH = 100  # articles per indexing transaction (~20 ms of writing)
OPTIMIZE_AFTER = 2000  # articles added or changed before the indexes are merged whole again

P = ParamSpec("P")
Method = Callable[Concatenate["Workers", P], Any]
Started = Callable[Concatenate["Workers", P], Worker[Any]]


def worker(
    *, group: str, name: str, exclusive: bool = False, thread: bool = True
) -> Callable[[Method[P]], Started[P]]:
    """`textual.work` for the methods of `Workers`: each call starts a worker of the screen
    that never takes the app down with it (`Workers.ended` reports its error)."""

    def decorator(method: Method[P]) -> Started[P]:
        @wraps(method)
        def start(self: Workers, /, *args: P.args, **kwargs: P.kwargs) -> Worker[Any]:
            work = partial(method, self, *args, **kwargs)
            return self.node.run_worker(
                work,
                name=name,
                group=group,
                exclusive=exclusive,
                thread=thread,
                exit_on_error=False,
            )

        return start

    return decorator


class ArticleSink(Protocol):
    """Where the open article's worker sends what it finds (the screen's `Reading`)."""

    def marked_read(self, article: Article) -> None: ...

    def show(self, opened: Opened) -> bool:
        """Show what opening read; True: fetch the page now."""
        ...

    def full_text(self, article: Article, extracted: ExtractedArticle) -> None: ...

    def full_text_failed(self, article: Article, reason: str) -> None: ...


@dataclass(slots=True)
class Opened:
    """What opening an article read: its flags, the feed's summary, the cached full text."""

    article: Article
    body: RenderedArticle
    cached: ExtractedArticle | None
    marked_read: bool  # it was unread: the list and the feed's count change


def read_list(
    service: Service, token: int, query: ArticleQuery, anchor: int | None, old: tuple[int, int]
) -> ListSnapshot:
    """The list's count, unfiltered count and the page around the cursor. With an `anchor`
    (the cursor's article) the cursor follows it from `old` (index, count) as rows are added
    above it."""
    old_index, old_count = old
    count = service.count(query)
    unfiltered = replace(query, search=None, region=None)
    total = service.count(unfiltered) if unfiltered != query else count
    cursor, shift = min(old_index, max(0, count - 1)), 0
    if anchor is not None and count:
        added = max(0, count - old_count)
        start = max(0, old_index - 50)
        window = service.articles(query, start, min(ANCHOR_WINDOW, old_index - start + added + 50))
        for offset, article in enumerate(window):
            if article.id == anchor:
                cursor, shift = start + offset, start + offset - old_index
                break
    page = cursor // PAGE_SIZE
    pages = {page: service.articles(query, page * PAGE_SIZE, PAGE_SIZE)}
    return ListSnapshot(token, count, total, cursor, shift, pages)


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


class Workers:
    """The screen's workers; results go to the callbacks each method is given."""

    def __init__(self, node: Screen[Any], service: Service) -> None:
        self.node = node
        self.service = service
        self._refresh_started = 0.0
        self._finished: Callable[[bool], None] | None = None  # told when the refresh ends
        self._restart: Callable[[], None] | None = None  # starts it again after a busy one
        self._index_lock = threading.Lock()  # the search indexer's state, below
        self._indexing = self._index_again = False
        self._index_changed = 0  # articles added or changed since the last merge

    def back(self, then: Callable[..., object], *args: object) -> None:
        """Call `then(*args)` on the app's thread (from a thread worker)."""
        self.node.app.call_from_thread(then, *args)

    def notify(self, message: str, **options: Any) -> None:
        """Notifications quote feed titles, paths and error text: data, never markup."""
        self.node.notify(message, markup=False, **options)

    def refreshing(self) -> bool:
        """A refresh is running (its writes hold Storage's lock now and then)."""
        return any(w.group == "refresh" and not w.is_finished for w in self.node.workers)

    # --- feeds and the article list --------------------------------------------------------
    @worker(group="feeds", exclusive=True, name="Loading feeds")
    def feeds(self, then: Callable[[list[Feed], int], None]) -> None:
        feeds = self.service.feeds()
        self.back(then, feeds, self.service.count(ArticleQuery(starred_only=True)))

    @worker(group="list", exclusive=True, name="Loading articles")
    def article_list(
        self,
        token: int,
        query: ArticleQuery,
        anchor: int | None,
        old: tuple[int, int],
        then: Callable[[ListSnapshot], None],
    ) -> None:
        self.back(then, read_list(self.service, token, query, anchor, old))

    @worker(group="pages", name="Loading a page")
    def page(
        self,
        query: ArticleQuery,
        page: int,
        then: Callable[[list[Article]], None],
        failed: Callable[[], None],
    ) -> None:
        try:
            rows = self.service.articles(query, page * PAGE_SIZE, PAGE_SIZE)
        except BaseException:
            self.back(failed)
            raise
        self.back(then, rows)

    @worker(group="seek", exclusive=True, name="Finding unread")
    def seek_unread(
        self,
        query: ArticleQuery,
        start: int,
        direction: int,
        count: int,
        found: Callable[[int, Article], None],
        none_left: Callable[[], None],
    ) -> None:
        """The first unread article from `start` in `direction` (a page at a time)."""
        index = start
        for _ in range(UNREAD_SCAN_PAGES):
            if not 0 <= index < count:
                break
            page = index // PAGE_SIZE
            rows = self.service.articles(query, page * PAGE_SIZE, PAGE_SIZE)
            while 0 <= index < count and index // PAGE_SIZE == page:
                slot = index - page * PAGE_SIZE
                if slot < len(rows) and not rows[slot].read:
                    self.back(found, index, rows[slot])
                    return
                index += direction
        self.back(none_left)

    # --- flags ---------------------------------------------------------------------------
    @worker(group="flags", name="Saving")
    def save_flags(
        self,
        article: Article,
        read: bool | None,
        starred: bool | None,
        then: Callable[[Article | None], None],
    ) -> None:
        if read is not None:
            self.service.set_read([article.id], read)
        if starred is not None:
            self.service.set_starred(article.id, starred)
        self.back(then, self.service.article(article.id))

    @worker(group="flags", name="Marking read")
    def mark_all_read(self, query: ArticleQuery, then: Callable[[int], None]) -> None:
        self.back(then, self.service.mark_all_read(query))

    # --- the open article ------------------------------------------------------------------
    @worker(group="full-text", exclusive=True, thread=False, name="Opening")
    async def open_article(self, article: Article, to: ArticleSink) -> None:
        """The one worker of an opened article: marks it read, renders the feed's summary and
        reads the full-text cache (once, in a thread), then fetches the page if `to.show`
        asks for it. Opening another article cancels it (the group is exclusive, shared with
        a page fetched on request)."""
        reading = asyncio.ensure_future(asyncio.to_thread(self._open, article))
        try:
            opened = await asyncio.shield(reading)
        except asyncio.CancelledError:
            # Another article opened first: this one's read mark is written all the same (the
            # thread runs on), and the list must show it once it lands.
            def landed(done: asyncio.Future[Opened]) -> None:
                ok = not done.cancelled() and done.exception() is None and self.node.is_attached
                if ok and done.result().marked_read:
                    to.marked_read(done.result().article)

            reading.add_done_callback(landed)
            raise
        if opened.marked_read:
            to.marked_read(opened.article)
        if to.show(opened):
            await self._fetch(opened.article, to)

    def _open(self, article: Article) -> Opened:
        from reader.core.html_render import render_html

        marked = not article.read
        if marked:
            self.service.set_read([article.id], True)
            article = replace(article, read=True)
        # The feed's own content/summary: shown at once, until (and instead of, when it
        # fails) the full text.
        body = render_html(article.content or article.summary, base_url=article.link)
        cached = self.service.cached_full_article(article.id) if article.link else None
        return Opened(article, body, cached, marked)

    @worker(group="full-text", exclusive=True, thread=False, name="Fetching the full text")
    async def full_text(self, article: Article, to: ArticleSink) -> None:
        """The page of an open article that was held back, now that the reader asks."""
        await self._fetch(article, to)

    async def _fetch(self, article: Article, to: ArticleSink) -> None:
        """Fetch and extract the page (the service caches it): the text, or why there is none."""
        from reader.core.extract import ExtractError
        from reader.core.http import FetchError

        try:
            extracted = await self.service.fetch_full_article(article)
        except (FetchError, ExtractError) as exc:
            to.full_text_failed(article, exc.reason)
            return
        except Exception:
            to.full_text_failed(article, "an unexpected error (see the notification)")
            raise  # on to `ended`, the one place that reports worker errors
        to.full_text(article, extracted)

    def index_search(self, changed: int = 0) -> None:
        """Bring the search index up to date in idle time (after a refresh, at start-up, when
        the search field opens); `changed` articles were just added or changed. Searches are
        whole meanwhile: what the index does not have yet is read instead, more slowly. One
        indexer at a time: asked while one runs, it goes on with the new work too."""
        with self._index_lock:
            self._index_changed += changed
            if self._indexing:
                self._index_again = True
                return
            self._indexing = True
        self._index_search()

    def user_idle(self) -> bool:
        """No key or click for `IDLE_INPUT` seconds (the app's collector notes every input)."""
        collector = getattr(self.node.app, "collector", None)
        last = getattr(collector, "last_input", None)
        return last is None or time.monotonic() - last >= IDLE_INPUT

    @worker(group="search-index", name="Indexing for search")
    def _index_search(self) -> None:
        current = get_current_worker()

        def catch_up() -> None:
            while not current.is_cancelled:
                indexed = 0
                # A read first: with nothing to index (most starts), no write at all.
                while not current.is_cancelled and (indexed or self.service.search_backlog()):
                    if not self.user_idle():  # keys first: the batch waits for a pause
                        time.sleep(IDLE_POLL)
                    elif done := self.service.index_search(INDEX_BATCH):
                        indexed += done
                    else:
                        break
                with self._index_lock:
                    changed, self._index_changed = self._index_changed + indexed, 0
                    again, self._index_again = self._index_again, False
                if changed >= OPTIMIZE_AFTER and not current.is_cancelled:
                    self.service.optimize_search()  # many new segments: one each again
                with self._index_lock:  # asked again meanwhile: go on, else done
                    if not (again or self._index_again):
                        self._indexing = False
                        return
            with self._index_lock:  # cancelled: the next request starts afresh
                self._indexing = self._index_again = False

        try:  # at low priority, and in short batches: never in the way of a key
            run_in_background(catch_up, name="sinmun-index")
        except BaseException:
            with self._index_lock:  # failed or cancelled: the next request starts afresh
                self._indexing = self._index_again = False
            raise

    # --- regions -------------------------------------------------------------------------
    @worker(group="recent", name="Loading recent regions")
    def recent_regions(self, then: Callable[[list[str]], None]) -> None:
        self.back(then, self.service.recent_regions())

    @worker(group="recent", name="Saving recent regions")
    def remember_region(self, value: str) -> None:
        self.service.remember_region(value)

    @worker(group="config", name="Saving the default region")
    def save_default_region(self, region: str | None) -> None:
        path = self.service.save_default_region(region)
        message = f"Sinmun opens with {region} from now on" if region else "Sinmun opens unfiltered"
        self.back(self.notify, f"{message} (saved in {path})")

    # --- weather ---------------------------------------------------------------------------
    @worker(group="weather", exclusive=True, thread=False, name="Weather")
    async def weather(self, show: Callable[[WeatherReport], None]) -> None:
        """The cached report at once, then a refresh on the configured interval, forever."""
        await self.service.weather.watch(show)

    @worker(group="weather-now", exclusive=True, thread=False, name="Refreshing the weather")
    async def weather_now(self, show: Callable[[WeatherReport], None]) -> None:
        show(await self.service.weather.refresh(force=True))

    # --- refresh ---------------------------------------------------------------------------
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

    # --- how workers end -------------------------------------------------------------------
    def ended(self, event: Worker.StateChanged) -> None:
        """The one place a worker's end becomes something the user sees: the refresh's
        summary, and one notification for any worker that failed."""
        if event.worker.group == "refresh" and event.worker.is_finished:
            self._refresh_ended(event.worker)
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            reason = str(error) or type(error).__name__
            self.notify(f"{event.worker.name} failed: {reason}", severity="error", timeout=8)
