"""The region picker as a box over the main screen: focus, keys, mouse, the ticker, and what
the terminal shows after it closes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from reader.core.config import load_config
from reader.core.service import Service
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feed_list import FeedList
from reader.ui.widgets.region_picker import CLEAR, SAVE_DEFAULT, TITLE, RegionPicker
from reader.ui.widgets.weather_bar import WeatherBar
from tests.ui.conftest import make_app, press, screen_text, settle

WIDE = (160, 48)
NARROW = (80, 24)


def _picker(app: App) -> RegionPicker:
    return app.screen.query_one(RegionPicker)


async def test_esc_closes_the_box_and_the_focus_comes_back(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        await press(pilot, "j")  # the cursor on the second row: nothing below may move it
        assert isinstance(app.focused, ArticleList)
        await press(pilot, "f")
        picker = _picker(app)
        assert picker.is_open and TITLE in screen_text(app)
        assert isinstance(app.focused, Input) and picker in app.focused.ancestors
        await press(pilot, "escape")
        assert not picker.is_open
        assert TITLE not in screen_text(app)
        assert app.focused is articles and articles.cursor == 1
        assert app.screen.current_filters() == (None, None)


async def test_narrow_the_pane_it_opened_from_stays(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await press(pilot, "escape")  # articles → feeds (one pane at a time)
        feeds = app.screen.query_one(FeedList)
        assert app.focused is feeds and feeds.display and feeds.parent.display
        await press(pilot, "f")
        assert _picker(app).is_open
        assert feeds.parent.display  # the feeds pane is still the one shown under the box
        assert not app.screen.query_one("#articles-pane").display
        await pilot.press(*"광주")
        await press(pilot, "enter")
        assert app.screen.current_filters() == (None, "광주")
        assert app.focused is feeds and feeds.parent.display


async def test_the_main_screens_keys_wait_while_it_is_open(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        field = app.focused
        assert isinstance(field, Input)
        footer = app.screen.query_one("QuietFooter")
        keys_before = [str(key.render()) for key in footer.query("FooterKey")]
        await press(pilot, "tab", "q", "r", "j")  # next pane, quit, refresh, down: all text here
        assert _picker(app).is_open and app.focused is field
        assert field.value == "qrj"
        assert _picker(app).values == {"text:qrj": "qrj"}
        assert not app.screen.refreshing()
        # The footer keeps the main screen's keys, as under a modal screen.
        assert [str(key.render()) for key in footer.query("FooterKey")] == keys_before
        await press(pilot, "escape")
        assert app.screen.current_filters() == (None, None)


async def test_a_key_right_after_enter_goes_to_the_list(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _type_region(pilot, "광주")
        await settle(pilot)
        picker = _picker(app)
        field = picker.query_one(Input)
        picker.close("광주")  # what enter does; the focus goes back only after the next frame
        assert app.focused is field
        await app._post_message(events.Key("j", "j"))  # a key before that frame
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert app.focused is articles and articles.cursor == 1
        assert field.value == "광주"  # the j was not typed into the hidden field


@pytest.mark.parametrize("size", [WIDE, (100, 30), NARROW])
async def test_after_enter_the_list_has_the_focus_and_its_keys(
    service: Service, size: tuple[int, int]
) -> None:
    app = make_app(service)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await _type_region(pilot, "광주")
        await press(pilot, "enter")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert app.focused is articles
        assert "⏎ Open" in screen_text(app).splitlines()[-1]  # the list's keys in the footer
        await press(pilot, "j")
        assert articles.cursor == 1


async def test_click_outside_cancels_and_a_click_on_a_choice_picks(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        assert _picker(app).is_open
        await pilot.click(ArticleView, offset=(50, 30))  # the (empty) article pane, beside it
        await settle(pilot)
        assert not _picker(app).is_open
        assert app.screen.current_filters() == (None, None)
        assert isinstance(app.focused, ArticleView)  # the click's focus stays where it went
        await _type_region(pilot, "부산")
        await settle(pilot)
        await pilot.click("#region-options", offset=(2, 0))  # the first (only) choice
        await settle(pilot)
        assert not _picker(app).is_open
        assert app.screen.current_filters() == (None, "부산")
        assert isinstance(app.focused, ArticleView)  # back where it was when the box opened


async def test_the_weather_ticker_holds_still_while_it_is_open(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=(100, 30)) as pilot:  # too narrow for every city: a ticker
        await settle(pilot)
        bar = app.screen.query_one(WeatherBar)
        assert bar.scrolling
        await press(pilot, "f")
        shift = bar.shift
        await pilot.pause(WeatherBar.TICK_SECONDS * 4)
        assert bar.shift == shift
        await press(pilot, "escape")
        await pilot.pause(WeatherBar.TICK_SECONDS * 4)
        assert bar.shift != shift


# --- what the terminal shows ---------------------------------------------------------------
_TOKENS = re.compile(r"\x1b\[([0-9;?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|(\r\n|\r|\n)|(.)")


class Terminal:
    """Just enough of a terminal to replay Textual's output: cursor moves and text, where a
    wide character takes two cells and writing over either half of one blanks both (as
    xterm, VTE and tmux do)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]  # "" = right half of a wide one
        self.x = self.y = 0

    def feed(self, data: str) -> None:
        for match in _TOKENS.finditer(data):
            params, final, newline, char = match.groups()
            if final == "H":
                row, _, col = (params or "1;1").partition(";")
                self.y, self.x = int(row or 1) - 1, int(col or 1) - 1
            elif newline is not None:
                self.x = 0
                self.y += 0 if newline == "\r" else 1
            elif char is not None:
                self.put(char)

    def put(self, char: str) -> None:
        width = cell_len(char)
        if width == 0 or not (0 <= self.y < self.height):
            return
        for x in range(self.x, min(self.x + width, self.width)):
            self.unpair(x)
        row = self.cells[self.y]
        if self.x < self.width:
            row[self.x] = char
        if width == 2 and self.x + 1 < self.width:
            row[self.x + 1] = ""
        self.x += width

    def unpair(self, x: int) -> None:
        row = self.cells[self.y]
        if row[x] == "" and x > 0:  # the right half of a wide character: blank both
            row[x - 1] = " "
            row[x] = " "
        elif x + 1 < self.width and row[x + 1] == "":  # the left half: blank both
            row[x + 1] = " "

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.cells]


def _straddles(term: Terminal, columns: tuple[int, int], rows: range) -> bool:
    """Whether a wide character on `rows` crosses a boundary before either column."""
    return any(term.cells[y][x] == "" and term.cells[y][x - 1] != "" for y in rows for x in columns)


@pytest.mark.parametrize("size", [NARROW, (81, 24), WIDE])
async def test_the_terminal_is_whole_again_after_the_box_closes(
    service: Service, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """Replay every frame the app sends while the box opens, narrows as a place is typed,
    and closes (cancelled, so the list under it is not redrawn anyway): the terminal must end
    up as a full repaint would draw it — no Hangul cut in half at the box's old edges."""
    app = make_app(service)
    frames: list[str] = []
    display = App._display

    def capture(self: App, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None and hasattr(renderable, "render_segments"):
            frames.append(renderable.render_segments(self.console))
        display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", capture)
    monkeypatch.setattr(WeatherBar, "TICK_SECONDS", 3600.0)  # a still bar: fewer frames
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        box = _picker(app).region
        await pilot.press(*"광주")
        await settle(pilot)
        await press(pilot, "escape")
        term = Terminal(*size)
        for frame in frames:
            term.feed(frame)
        full = Terminal(*size)
        full.feed(app.screen._compositor.render_update(full=True).render_segments(app.console))
        assert term.lines() == full.lines()
        # The case this is about: a wide character across one of the box's edges.
        edges = (box.x, box.right)
        assert _straddles(full, edges, range(box.y, box.bottom)) or size != NARROW


async def _type_region(pilot: Pilot, text: str) -> None:
    """Open the picker (`f`) and type `text` into its field."""
    await press(pilot, "f")
    await pilot.press(*text)


def _notes(app: App) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def _until(pilot: Pilot, done: Callable[[], bool]) -> None:
    """Wait (up to 2 s) for what a worker thread does: saving runs off the event loop."""
    for _ in range(100):
        if done():
            break
        await pilot.pause(0.02)


async def _saved(pilot: Pilot, path: Path, region: str | None) -> None:
    """Wait for the save worker to write `region` into the config at `path`."""
    await _until(pilot, lambda: load_config(path).ui.region == region)
    assert load_config(path).ui.region == region
    await settle(pilot)


def _config_file(service: Service, path: Path, text: str) -> None:
    """The service's config file is `path`, holding `text`."""
    path.write_text(text, encoding="utf-8")
    service.config = replace(service.config, path=path)


async def test_the_filter_can_become_the_one_the_app_opens_with(
    service: Service, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    _config_file(service, path, "# mine\n[ui]\nrefresh_on_start = false\n")
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        assert "Always open with" not in screen_text(app)  # no filter yet: nothing to save
        await pilot.press(*"Gwangju")
        await press(pilot, "enter")
        await press(pilot, "f")
        picker = _picker(app)
        assert list(picker.values)[:2] == [CLEAR, SAVE_DEFAULT]
        assert "★ Always open with 광주" in screen_text(app)
        await press(pilot, "down", "enter")
        await _saved(pilot, path, "광주")
        assert path.read_text(encoding="utf-8").startswith("# mine\n")
        assert app.screen.current_filters() == (None, "광주")  # the filter itself stays
        assert f"Sinmun opens with 광주 from now on (saved in {path})" in _notes(app)
        await press(pilot, "f")
        assert "☆ Stop opening with 광주" in screen_text(app)
        assert SAVE_DEFAULT not in picker.values
    # The next start opens filtered.
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "[region: 광주 ×]" in screen_text(app)
        await press(pilot, "f", "down", "enter")  # clear, then stop opening with it
        await _saved(pilot, path, None)


async def test_a_broken_config_is_not_saved_over(service: Service, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    _config_file(service, path, "[ui]\nregion = \n")
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _type_region(pilot, "광주")
        await press(pilot, "enter", "f", "down", "enter")
        await _until(pilot, lambda: bool(_notes(app)))
        [note] = _notes(app)
        assert note.startswith(f"Saving the default region failed: {path}:2: invalid TOML")
        assert path.read_text(encoding="utf-8") == "[ui]\nregion = \n"


async def test_recent_choices_come_back_in_the_next_session(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _type_region(pilot, "강남")
        await press(pilot, "enter")
        await _until(pilot, lambda: service.recent_regions() == ["강남"])
        assert service.recent_regions() == ["강남"]
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        assert list(_picker(app).values)[-1] == "recent:강남"  # after the bar's cities
