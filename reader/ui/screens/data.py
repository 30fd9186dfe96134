"""The main screen's workers: every database and network call of the UI happens here (the
list's quick first reads too: `read_list`, which lists.py also runs on the app's thread).

Each method starts one Textual worker on the screen (so that leaving or quitting cancels it)
and hands what it found to the callback it was given, on the app's thread. Sync Service calls
run in thread workers and come back with `call_from_thread`. `Workers` gathers them: the lists,
flags, regions and weather here; the open article (article_worker.py), the refresh
(refresh_worker.py) and the search indexer (search_indexer.py) mixed in. `ended` is the one
place a worker's end is reported: a failed worker becomes one notification, the refresh a
summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from reader.core.models import Article, ArticleQuery, Feed
from reader.ui.list_state import PAGE_SIZE, ListSnapshot
from reader.ui.screens.article_worker import ArticleWorkers
from reader.ui.screens.refresh_worker import Refreshing
from reader.ui.screens.worker_base import worker

if TYPE_CHECKING:
    from reader.core.service import Service
    from reader.core.weather.base import WeatherReport

ANCHOR_WINDOW = 2000  # rows searched for the cursor's article after a refresh
UNREAD_SCAN_PAGES = 50  # N/P look this far (pages) for the next unread article


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


class Workers(Refreshing, ArticleWorkers):
    """The screen's workers; results go to the callbacks each method is given."""

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
