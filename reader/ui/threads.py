"""The app's worker threads: a pool whose threads never hold up quitting.

Thread workers and ``asyncio.to_thread`` calls (database reads and writes, a page's extraction,
DNS lookups) run in the event loop's default executor. asyncio's own `ThreadPoolExecutor` is
joined when the loop shuts down and again at interpreter exit, so one long call — an extraction,
a resolver that hangs — left the terminal blank after ``q`` until it finished. This pool's
threads are daemon threads, and shutting it down waits for running work only `EXIT_GRACE`
seconds (a database write takes milliseconds) before leaving the rest to die with the process.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

EXIT_GRACE = 1.0  # seconds quitting waits for work still running in a thread

_Work = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class DaemonThreadPool(ThreadPoolExecutor):
    """A bounded pool of daemon threads; `shutdown` waits at most ``grace`` seconds.

    A `ThreadPoolExecutor` only because asyncio's `set_default_executor` requires one: none of
    its machinery (non-daemon threads, joined at exit) is used; `submit` and `shutdown` are
    this class's own.
    """

    def __init__(self, max_workers: int | None = None, *, grace: float = EXIT_GRACE) -> None:
        super().__init__(max_workers=1)  # starts no thread; only its attributes exist
        self._limit = max_workers or min(32, (os.cpu_count() or 1) + 4)  # as asyncio's
        self._grace = grace
        self._work: queue.SimpleQueue[_Work | None] = queue.SimpleQueue()
        self._workers: list[threading.Thread] = []
        self._idle = threading.Semaphore(0)
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot schedule new futures after shutdown")
            future: Future[Any] = Future()
            self._work.put((future, fn, args, kwargs))
            if not self._idle.acquire(blocking=False) and len(self._workers) < self._limit:
                thread = threading.Thread(
                    target=self._run, name=f"sinmun-worker-{len(self._workers)}", daemon=True
                )
                thread.start()
                self._workers.append(thread)
        return future

    def _run(self) -> None:
        while (work := self._work.get()) is not None:
            future, fn, args, kwargs = work
            del work
            if future.set_running_or_notify_cancel():
                try:
                    result = fn(*args, **kwargs)
                except BaseException as exc:  # handed to whoever awaits the future
                    future.set_exception(exc)
                else:
                    future.set_result(result)
            del future, fn, args, kwargs  # no references kept while idle
            self._idle.release()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closed = True
            if cancel_futures:
                while True:
                    try:
                        work = self._work.get_nowait()
                    except queue.Empty:
                        break
                    if work is not None:
                        work[0].cancel()
            for _ in self._workers:
                self._work.put(None)  # queued work still runs first
        if wait:
            deadline = time.monotonic() + self._grace
            for thread in self._workers:
                thread.join(max(0.0, deadline - time.monotonic()))
