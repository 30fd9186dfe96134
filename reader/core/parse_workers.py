"""The processes that parse feeds during a refresh (`FeedParser`), and how each one starts:
bound to its owner's life, within a memory limit, at a lower priority, the parsers loaded.
`parse_and_tag` is all a worker runs for a feed."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
import time
from concurrent.futures import Executor
from contextlib import suppress

try:
    import fcntl
except ImportError:  # not POSIX
    fcntl = None  # type: ignore[assignment]

from reader.core.models import ParsedFeed
from reader.core.region_match import Place

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_EVERY = 0.5  # seconds between a parse worker's checks that its owner still runs


class FeedParser:
    """Parses feed bodies off the event loop: in worker processes when there are many (feed
    parsing is CPU-bound and would hold the GIL), in a thread when there are few."""

    def __init__(self, processes: int | None = None) -> None:
        self._processes = processes if processes is not None else min(4, os.cpu_count() or 1)
        self._pool: Executor | None = None
        self._lock = threading.Lock()

    def prestart(self) -> None:
        """Start the worker processes now if they can still be forked (no other thread yet,
        as in `sinmun refresh`): a fork costs milliseconds where a forkserver start blocks the
        event loop for a few hundred. They load the parsers as they start, while the first
        requests are out (`start_worker`)."""
        if self._processes >= 2 and threading.active_count() == 1:
            self._executor()

    def _executor(self) -> Executor | None:
        if self._processes < 2:
            return None
        with self._lock:
            if self._pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                # fork is cheapest, but forking a process that runs other threads (the app) is
                # unsafe; forkserver starts clean workers there, forked from a server that has
                # the parser loaded already.
                forking = threading.active_count() == 1
                context = multiprocessing.get_context("fork" if forking else "forkserver")
                if not forking:
                    context.set_forkserver_preload(["__main__", *PARSER_MODULES])
                pool = ProcessPoolExecutor(
                    self._processes,
                    mp_context=context,
                    initializer=start_worker,
                    initargs=(os.getpid(), forking),
                )
                _widen_result_pipe(pool)
                if forking:
                    # The first submit forks every worker, before the pool's own threads start.
                    pool.submit(int)
                self._pool = pool
            return self._pool

    async def parse(
        self,
        body: bytes,
        headers: dict[str, str],
        url: str,
        *,
        many: bool,
        places: tuple[Place, ...] = (),
    ) -> ParsedFeed:
        loop = asyncio.get_running_loop()
        executor = self._executor() if many else None
        if executor is None:
            return await asyncio.to_thread(parse_and_tag, body, headers, url, places)
        try:
            return await loop.run_in_executor(executor, parse_and_tag, body, headers, url, places)
        except Exception as exc:
            if type(exc).__name__ != "BrokenProcessPool":
                raise
            log.warning("parser pool broke; parsing in a thread instead")
            self.close()
            return await asyncio.to_thread(parse_and_tag, body, headers, url, places)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


# What the pipe that carries parsed feeds back may hold (Linux's default limit for a pipe).
RESULT_PIPE_BYTES = 1024 * 1024


def _widen_result_pipe(pool: Executor) -> None:
    """Let a worker hand over a parsed feed (~130 KB for 30 entries) without waiting: a pipe
    holds 64 KB, and the pool's reading thread in the owner waits its turn for the GIL, so the
    workers sat idle, their result half written, ~40 ms of a 1.25 s cold refresh. The pool's
    queue is private to concurrent.futures: without it, or where pipes cannot grow, nothing
    changes but the speed."""
    queue = getattr(pool, "_result_queue", None)
    reader = getattr(queue, "_reader", None)
    size_option = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if reader is None or size_option is None:
        return
    with suppress(OSError, ValueError, AttributeError):
        fcntl.fcntl(reader.fileno(), size_option, RESULT_PIPE_BYTES)


# How much lower than its owner a parse worker runs. The owner stores what the workers parse
# (and draws the app's screen): given the CPU first, it keeps up with them, so the refresh ends
# when the last feed is parsed, not a storage backlog later (cold refresh benchmark: 1.39 →
# 1.27 s; from +8 on, the same). The workers still get every cycle the owner leaves.
WORKER_NICENESS = 10

# What one parse worker may map. The parsers' own budgets keep a feed far below it; this is the
# backstop for whatever slips past them: a MemoryError costs that feed, not the machine.
WORKER_ADDRESS_SPACE = 2 * 1024**3


# What parsing a feed loads; a forked worker imports it as it starts (see `start_worker`).
PARSER_MODULES = (
    "reader.core.parse_workers",
    "reader.core.parsing",
    "reader.core.region_index",
    "feedparser",
    "lxml.etree",  # the RSS fast path (reader.core.fast_feed)
)


def start_worker(owner: int, load: bool = False) -> None:
    """Pool initializer: tie the worker to its owner and bound its memory; with `load`, import
    the parsers now. A refresh forks its workers before its first request goes out, so they
    load while the first answers are awaited (~50 ms of CPU each, on a core that is idle then)
    instead of with their first feed, when the fetching and storing want both cores."""
    end_with_owner(owner)
    bound_memory(WORKER_ADDRESS_SPACE)
    lower_priority(WORKER_NICENESS)
    if load:
        import importlib

        for name in PARSER_MODULES:
            importlib.import_module(name)


def lower_priority(niceness: int) -> None:
    """Run this process at a lower scheduling priority (never raise it). Without nice (not
    POSIX) or when refused, the work runs at the same priority."""
    if hasattr(os, "nice"):
        with suppress(OSError):
            os.nice(niceness)


def bound_memory(limit: int) -> None:
    """Lower this process's address-space limit to ``limit`` (never raise it)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass  # no such limit here (not POSIX): the parsers' own budgets still hold


def end_with_owner(owner: int) -> None:
    """Pool initializer: a parse worker never outlives the process that owns the pool.

    The pool ends its workers only when its owner exits normally; after `kill -9`, SIGHUP or
    the OOM killer they would wait on their queue for ever. On Linux the kernel kills a forked
    worker when its parent, the owner, dies (PR_SET_PDEATHSIG). A forkserver worker's parent is
    the fork server, which lives as long as any worker holds its pipe: there (and wherever
    prctl is missing) a thread ends the worker once the owner is gone or its parent changed,
    and the fork server and resource tracker follow when their last client has gone.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the thread below still ends the worker
    parent = os.getppid()
    if not _running(owner):  # the owner died before the kernel was told to tell us
        os._exit(1)
    threading.Thread(
        target=_watch_owner, args=(owner, parent), name="owner-watch", daemon=True
    ).start()


def _watch_owner(owner: int, parent: int) -> None:
    while os.getppid() == parent and _running(owner):
        time.sleep(WATCH_EVERY)
    os._exit(1)


def _running(pid: int) -> bool:
    """Whether process `pid` runs (a dead one that its parent has not reaped yet does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0] not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc here
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True  # someone else's process: it exists
        return True


def parse_and_tag(
    body: bytes, headers: dict[str, str], url: str, places: tuple[Place, ...]
) -> ParsedFeed:
    """Parse a feed and note the regions each entry mentions: all the CPU work of a feed, done
    in a worker process."""
    from reader.core.parsing import FeedParseError, parse_feed

    try:
        parsed = parse_feed(body, headers, url)
    except MemoryError:
        raise FeedParseError("refused: the feed needs more memory than a parse may use") from None
    if not places:
        return parsed
    from reader.core.region_index import tag_feed

    return tag_feed(parsed, places)
