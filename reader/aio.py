"""`run`: asyncio.run for the commands, quiet about the exit a signal starts.

SIGTERM/SIGHUP end a command by raising SystemExit from the signal handler (reader.cli), and
that may land inside a task. asyncio stores it in the task, in every task awaiting it, and
raises it out of the loop; the stored copies are that same exit already under way, but the loop
would report each as "Task exception was never retrieved" with a traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def _quiet_exits(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    if isinstance(context.get("exception"), SystemExit | KeyboardInterrupt):
        return
    loop.default_exception_handler(context)


def run(coro: Coroutine[Any, Any, T]) -> T:
    with asyncio.Runner() as runner:
        runner.get_loop().set_exception_handler(_quiet_exits)
        return runner.run(coro)
