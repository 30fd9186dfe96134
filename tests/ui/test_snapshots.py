"""Snapshots at 80×24 and 160×48 (fixed clock and data, the weather ticker frozen); update
with --snapshot-update after looking at the new pictures."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.ui.widgets.weather_bar import WeatherBar
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


@pytest.fixture(autouse=True)
def still_weather(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ticker moves one cell per tick: frames must not."""
    monkeypatch.setattr(WeatherBar, "TICK_SECONDS", 3600.0)


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
    """The first article's full text (from the cache): deck, byline, quotes, links, images."""
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("enter"))


def test_region_picker_narrow(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_keys("f", "g", "w"))


def test_region_filter_wide(snap_compare, app_factory) -> None:
    """200×50: every city fits the bar (static), 광주 highlighted; the list filtered."""
    assert snap_compare(
        app_factory(), terminal_size=(200, 50), run_before=_keys("f", *"광주", "enter", "enter")
    )


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("question_mark"))


def test_feeds_pane_narrow(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_keys("escape"))


def test_search_narrow(snap_compare, app_factory) -> None:
    assert snap_compare(
        app_factory(), terminal_size=(80, 24), run_before=_keys("slash", *"markets", wait=0.4)
    )
