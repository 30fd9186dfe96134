"""Snapshots at 80×24 and 160×48 (fixed clock and data); update with --snapshot-update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import make_app, press, settle
from tests.ui.seed import seed_service

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def _keys(*keys: str, wait: float = 0) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        await press(pilot, *keys)
        if wait:  # let a debounce timer fire, then its worker finish
            await pilot.pause(wait)
            await settle(pilot)

    return run


@pytest.fixture
def app_factory(tmp_path: Path):
    services = []

    def build():
        service = seed_service(tmp_path / f"data{len(services)}")
        services.append(service)
        return make_app(service)

    yield build
    for service in services:
        service.close()


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("j"))


@pytest.mark.parametrize("size", SIZES)
def test_article_open(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("enter"))


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("question_mark"))


def test_feeds_pane_narrow(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_keys("escape"))


def test_search_narrow(snap_compare, app_factory) -> None:
    assert snap_compare(
        app_factory(), terminal_size=(80, 24), run_before=_keys("slash", *"markets", wait=0.4)
    )
