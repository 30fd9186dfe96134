"""Background work that must not slow the keys: a refresh in the app's own process.

A refresh runs in a thread of the app's process (its network, its stores) and in parse worker
processes started from that thread. On a busy machine both compete with the event loop that
answers keys, twice: for a CPU, and — the thread — for the GIL, which a running thread gives up
only every `sys.getswitchinterval()` (5 ms), at each of the several hand-offs a key makes
(the input thread, the loop, Textual's writer thread). So the refresh runs in a thread of its
own at a lower priority (Linux's nice is per thread; the threads it starts and the processes
it forks inherit it), and while any such work runs the GIL changes hands every `SWITCH` s.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

NICENESS = 10  # how much lower than the app the background work runs (0-19)
SWITCH = 0.0005  # seconds a thread keeps the GIL when another asks, while background work runs

T = TypeVar("T")

_lock = threading.Lock()
_running = 0
_saved_switch = sys.getswitchinterval()


@contextlib.contextmanager
def quick_switches() -> Iterator[None]:
    """While inside (counted: nested and concurrent uses share it), the GIL changes hands
    every `SWITCH` seconds; Python's own interval is back when the last one leaves."""
    global _running, _saved_switch
    with _lock:
        if _running == 0:
            _saved_switch = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH, _saved_switch))
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                sys.setswitchinterval(_saved_switch)


def lower_this_thread(niceness: int = NICENESS) -> bool:
    """Lower the calling thread's scheduling priority by `niceness` (Linux: this thread only;
    elsewhere the call changes nothing). Whether it was lowered."""
    if not sys.platform.startswith("linux"):
        return False  # elsewhere the priority is the whole process's, the app's too
    try:
        tid = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, current + niceness))
    except (OSError, AttributeError):
        return False
    return True


def run_in_background(work: Callable[[], T], *, name: str = "sinmun-background") -> T:
    """`work()` in a new thread of low priority, with quick GIL switches meanwhile; waits for
    it and returns its result (or raises its error). A new thread each time: a lowered
    priority cannot be raised again, so it must not stay on a pooled thread."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        lower_this_thread()
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the caller
            failure.append(exc)

    thread = threading.Thread(target=run, name=name, daemon=True)
    with quick_switches():
        thread.start()
        thread.join()
    if failure:
        raise failure[0]
    return outcome[0]
