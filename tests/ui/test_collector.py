"""The cycle collector's settings while the app runs: frozen start-up, full collections when
the user pauses, Python's own settings back afterwards."""

from __future__ import annotations

import gc

from reader.core.service import Service
from reader.ui import collector
from reader.ui.collector import FULL_AFTER, QuietCollector
from tests.ui.conftest import make_app, press, settle


def _make_middle_collections() -> None:
    """Run the collector's young and middle generations until a full one is due."""
    gc.collect(1)
    assert gc.get_count()[2] > 0


async def test_the_app_freezes_start_up_and_restores_python_settings(service: Service) -> None:
    before = gc.get_threshold()
    app = make_app(service)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.collector.started
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (before[0], before[1], FULL_AFTER)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_full_collections_wait_for_a_pause_in_the_input() -> None:
    now = [1000.0]
    quiet = QuietCollector(clock=lambda: now[0])
    _make_middle_collections()
    quiet.input_seen()
    now[0] += collector.IDLE_SECONDS / 2
    assert not quiet.collect_if_idle()  # typing: later
    assert gc.get_count()[2] > 0
    now[0] += collector.IDLE_SECONDS
    assert quiet.collect_if_idle()
    assert gc.get_count()[2] == 0
    assert not quiet.collect_if_idle()  # nothing new since: no second full walk


async def test_a_key_counts_as_input(service: Service) -> None:
    now = [5000.0]
    app = make_app(service)
    app.collector.clock = lambda: now[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        now[0] += 60
        await press(pilot, "j")
        assert app.collector.last_input == now[0]
