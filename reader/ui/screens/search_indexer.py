"""The search indexer of the main screen: it brings the search index up to date in idle time,
a short batch at a time and never while keys come, at low priority."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from reader.ui.background import run_in_background
from reader.ui.screens.worker_base import WorkerBase, worker

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.service import Service

IDLE_INPUT = 0.5  # seconds without a key before the search indexer writes a batch
IDLE_POLL = 0.1  # seconds between its checks while keys come
INDEX_BATCH = 100  # articles per indexing transaction (~20 ms of writing)
OPTIMIZE_AFTER = 2000  # articles added or changed before the indexes are merged whole again


class SearchIndexing(WorkerBase):
    """`index_search`, and the one indexer worker it starts at a time."""

    def __init__(self, node: Screen[Any], service: Service) -> None:
        super().__init__(node, service)
        self._index_lock = threading.Lock()  # the search indexer's state, below
        self._indexing = self._index_again = False
        self._index_changed = 0  # articles added or changed since the last merge

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
