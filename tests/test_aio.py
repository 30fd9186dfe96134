"""reader.aio.run: an exit raised inside a task ends the command without a traceback."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest

from reader import aio


class _Exit(SystemExit):
    pass


async def _command() -> None:
    async def one(n: int) -> int:
        await asyncio.sleep(0)
        if n == 1:
            raise _Exit(129)  # as the SIGHUP handler does when it lands inside this task
        return n

    await asyncio.gather(*(one(n) for n in range(3)))


def test_a_signal_inside_a_task_ends_without_a_task_error_report(caplog) -> None:
    caplog.set_level(logging.ERROR, logger="asyncio")
    with pytest.raises(_Exit) as raised:
        aio.run(_command())
    assert raised.value.code == 129
    del raised  # its traceback holds the tasks
    gc.collect()  # the stored copies are reported when their tasks are collected
    assert not [r.getMessage() for r in caplog.records if r.name == "asyncio"]


def test_other_task_errors_are_still_reported(caplog) -> None:
    caplog.set_level(logging.ERROR, logger="asyncio")

    async def forgotten() -> None:
        async def fails() -> None:
            raise ValueError("lost")

        task = asyncio.get_running_loop().create_task(fails())
        await asyncio.sleep(0.01)
        del task

    aio.run(forgotten())
    gc.collect()
    assert [r for r in caplog.records if "never retrieved" in r.getMessage()]
