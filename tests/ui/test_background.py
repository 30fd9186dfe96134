"""Background work in the app's process runs below the keys: a thread of lower priority, with
quick GIL hand-offs while it runs."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from reader.ui.background import SWITCH, quick_switches, run_in_background


def test_the_work_runs_on_its_own_thread_and_its_result_comes_back() -> None:
    caller = threading.get_ident()
    assert run_in_background(lambda: threading.get_ident() != caller) is True


def test_its_error_comes_back_and_the_switch_interval_is_restored() -> None:
    before = sys.getswitchinterval()

    def fail() -> None:
        assert sys.getswitchinterval() <= SWITCH  # quick hand-offs while it runs
        raise ValueError("broken feed")

    with pytest.raises(ValueError, match="broken feed"):
        run_in_background(fail)
    assert sys.getswitchinterval() == before


def test_nested_uses_share_the_quick_interval() -> None:
    before = sys.getswitchinterval()
    with quick_switches():
        with quick_switches():
            pass
        assert sys.getswitchinterval() <= SWITCH  # the outer one still runs
    assert sys.getswitchinterval() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_the_work_runs_at_a_lower_priority_and_the_caller_keeps_its_own() -> None:
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def priority() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert run_in_background(priority) > mine or mine == 19
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine
