"""The app's thread pool (reader.ui.threads): work runs and reports as in any executor, and
shutting down never waits long for a call that does not end."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from reader.ui.threads import DaemonThreadPool


def test_work_runs_and_results_and_errors_come_back() -> None:
    pool = DaemonThreadPool(2)
    try:
        assert pool.submit(lambda x, y=1: x + y, 2, y=3).result(5) == 5
        failing = pool.submit(lambda: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            failing.result(5)
        assert list(pool.map(abs, [-1, -2, -3])) == [1, 2, 3]
    finally:
        pool.shutdown()


def test_threads_are_daemons_and_bounded() -> None:
    before = set(threading.enumerate())  # other tests' pools may still be winding down
    pool = DaemonThreadPool(2)
    release = threading.Event()
    try:
        futures = [pool.submit(release.wait, 5) for _ in range(5)]
        time.sleep(0.1)
        workers = [t for t in set(threading.enumerate()) - before if t.name.startswith("sinmun-")]
        assert len(workers) == 2 and all(t.daemon for t in workers)
        release.set()
        assert all(f.result(5) for f in futures)  # queued work ran once threads were free
    finally:
        release.set()
        pool.shutdown()


def test_shutdown_waits_for_short_work_but_not_for_a_call_that_never_ends() -> None:
    pool = DaemonThreadPool(4, grace=0.5)
    done: list[int] = []
    stuck = threading.Event()
    pool.submit(stuck.wait)  # never set: a hung extraction or DNS lookup
    pool.submit(lambda: (time.sleep(0.1), done.append(1)))  # a database write
    started = time.monotonic()
    pool.shutdown(wait=True)
    assert time.monotonic() - started < 2  # a ThreadPoolExecutor would wait for ever
    assert done == [1]
    with pytest.raises(RuntimeError):
        pool.submit(print)
    stuck.set()


def test_shutdown_can_cancel_work_not_started() -> None:
    pool = DaemonThreadPool(1, grace=0.5)
    release = threading.Event()
    running = pool.submit(release.wait, 5)
    queued = pool.submit(print, "never")
    pool.shutdown(wait=False, cancel_futures=True)
    assert queued.cancelled() and not running.cancelled()
    release.set()


async def test_it_serves_as_the_event_loops_executor() -> None:
    loop = asyncio.get_running_loop()
    loop.set_default_executor(DaemonThreadPool())
    assert await asyncio.to_thread(threading.current_thread) is not threading.current_thread()
    assert (await asyncio.to_thread(threading.current_thread)).daemon
