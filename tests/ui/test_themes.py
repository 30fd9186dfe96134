"""Themes: one picked in the command palette is kept for the next start (`[ui] theme` in the
config wins), and a switch repaints every widget in the new colours at once."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.color import Color
from textual.app import App
from textual.command import CommandList
from textual.pilot import Pilot

from reader.core.service import Service
from reader.ui.widgets.status import RefreshStatus
from reader.ui.widgets.weather_bar import WeatherBar
from tests.ui.conftest import make_app, press, settle
from tests.ui.seed import seed_service

WIDE = (160, 48)
Cell = tuple[str, str | None, str | None]  # character, colour, background


def _notes(app: App) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def _until(pilot: Pilot, ready: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait for a condition (the palette's search runs on its own timers)."""
    deadline = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


async def _pick_theme(pilot: Pilot, name: str) -> None:
    """ctrl+p, "Theme", then the theme by name: as a user changes it."""
    app = pilot.app

    def first_hit(text: str) -> Callable[[], bool]:
        def ready() -> bool:
            found = app.screen.query(CommandList)
            return (
                bool(found)
                and found.first().option_count > 0
                and text in str(found.first().get_option_at_index(0).prompt)
            )

        return ready

    await press(pilot, "ctrl+p")
    await pilot.press(*"theme")
    await _until(pilot, first_hit("Theme"))
    await press(pilot, "enter")
    await pilot.press(*name)
    await _until(pilot, first_hit(name))
    await press(pilot, "enter")
    await settle(pilot)


async def test_a_theme_picked_in_the_palette_is_kept_for_the_next_start(
    service: Service,
) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.theme == "sinmun-dark"
        await _pick_theme(pilot, "sinmun-paper")
        assert app.theme == "sinmun-paper"
    again = make_app(service)
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert again.theme == "sinmun-paper"


async def test_the_configs_theme_wins_over_the_kept_one(tmp_path: Path) -> None:
    service = seed_service(tmp_path, theme="nord")
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert app.theme == "nord"
            await _pick_theme(pilot, "sinmun-paper")
            assert app.theme == "sinmun-paper"
            assert any('[ui] theme = "nord" in the config wins' in n for n in _notes(app))
        again = make_app(service)
        async with again.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert again.theme == "nord"
    finally:
        service.close()


def _hex(color: Color | None) -> str | None:
    return color.triplet.hex if color is not None and color.triplet is not None else None


def _cells(app: App) -> list[list[Cell]]:
    """Every cell of the screen with its colours, as the widgets draw it now."""
    update = app.screen._compositor.render_update(full=True)
    rows = []
    for line in update.strips:
        row: list[Cell] = []
        for segment in (segment for strip in line for segment in strip):
            style = segment.style
            fg = _hex(style.color if style else None)
            row += [(char, fg, _hex(style.bgcolor if style else None)) for char in segment.text]
        rows.append(row)
    return rows


STATES: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {
    "list": (WIDE, ()),
    "article, focused": (WIDE, ("enter", "tab")),
    "feeds, narrow": ((80, 24), ("escape",)),
    "article, narrow": ((80, 24), ("enter",)),
    "help": (WIDE, ("question_mark",)),
}


@pytest.mark.parametrize("state", STATES)
async def test_a_live_switch_repaints_every_widget_in_the_new_colours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str
) -> None:
    """Switching to a theme draws what starting in it draws: feed list, article list, article
    view, status line, footer and bar, no cell left in the old colours."""
    monkeypatch.setattr(WeatherBar, "TICK_SECONDS", 3600.0)  # the ticker stands still
    size, keys = STATES[state]

    async def screen(theme: str | None, directory: str) -> list[list[Cell]]:
        service = seed_service(tmp_path / directory, **({"theme": theme} if theme else {}))
        try:
            app = make_app(service)
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                await press(pilot, *keys)
                app.screen_stack[0].query_one(RefreshStatus).start(3)  # the status line too
                await settle(pilot)
                if theme is None:
                    app.theme = "sinmun-paper"
                    await settle(pilot)
                return _cells(app)
        finally:
            service.close()

    switched = await screen(None, "live")
    assert switched == await screen("sinmun-paper", "fresh")
