"""The weather bar alone in a tiny app: snapshots (80/200 columns, fresh/stale), ticker, clicks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import ClassVar

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.widgets import Static

from reader.core.regions import BUILTIN_REGIONS
from reader.core.weather.base import Observation, WeatherReport
from reader.core.weather.codes import kma_condition, wmo_condition
from reader.ui.styles_path import styles_dir
from reader.ui.widgets.weather_bar import WeatherBar

KST = timezone(timedelta(hours=9))
OBSERVED = datetime(2026, 11, 27, 5, 0, tzinfo=UTC)  # 14:00 KST
NOW = datetime(2026, 11, 27, 5, 20, tzinfo=UTC)
LATER = datetime(2026, 11, 27, 7, 5, tzinfo=UTC)  # values from 2 h ago: stale

# The seed page's strip: 흐림 where it says so, clear elsewhere; temperatures as printed.
SEED = {
    "강릉": ("흐림", 1.3), "서울": ("", 3.2), "인천": ("", 2.1), "원주": ("흐림", 3.7),
    "수원": ("흐림", 3.7), "청주": ("", 3.0), "대전": ("", 3.3), "포항": ("", 7.8),
    "대구": ("", 6.8), "전주": ("", 6.9), "울산": ("", 6.6), "창원": ("", 7.8),
    "광주": ("", 8.3), "부산": ("", 7.7), "순천": ("흐림", 6.7), "홍성": ("", 3.6),
    "제주": ("흐림", 10.7), "김해시": ("흐림", 7.1), "구미": ("흐림", 5.8),
}  # fmt: skip


def seed_report(*, stale: bool = False) -> WeatherReport:
    observations = [
        Observation(
            r.name,
            r.label,
            kma_condition(4 if SEED[r.name][0] else 1, 0),
            SEED[r.name][1],
            OBSERVED,
            stale=stale,
        )
        for r in BUILTIN_REGIONS
    ]
    return WeatherReport("kma", "기상청 제공", observations, fetched=OBSERVED, stale=stale)


class StillBar(WeatherBar):
    TICK_SECONDS = 3600.0  # snapshots must not move; ticking is tested on its own


class BarApp(App[None]):
    AUTO_FOCUS = None  # the bar takes the focus only when asked (the app's `w`)
    CSS_PATH: ClassVar[list[Path]] = [styles_dir() / "weather_bar.tcss"]
    CSS = """
    #weather-bar { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, report: WeatherReport | None, *, now: datetime = NOW, **bar: object):
        super().__init__()
        self.report = report
        self.now = now
        self.bar_options = bar
        self.picked: list[str] = []

    def compose(self) -> ComposeResult:
        cls = self.bar_options.pop("cls", StillBar)
        yield cls(clock=lambda: self.now, tz=KST, **self.bar_options)  # type: ignore[operator]
        yield Static("articles", id="below")

    def on_mount(self) -> None:
        self.query_one(WeatherBar).set_report(self.report)

    def on_weather_bar_region_picked(self, message: WeatherBar.RegionPicked) -> None:
        self.picked.append(message.name)


SIZES = [pytest.param((80, 3), id="80"), pytest.param((200, 3), id="200")]


@pytest.mark.parametrize("size", SIZES)
def test_fresh(snap_compare, size) -> None:
    assert snap_compare(BarApp(seed_report()), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_stale(snap_compare, size) -> None:
    assert snap_compare(BarApp(seed_report(stale=True), now=LATER), terminal_size=size)


def test_highlight_and_ascii(snap_compare) -> None:
    """Wide enough for all 19 cities: static text, the filtered city highlighted."""
    app = BarApp(seed_report(), ascii_mode=True)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.query_one(WeatherBar).highlight = "광주"
        await pilot.pause()

    assert snap_compare(app, terminal_size=(340, 3), run_before=run_before)


async def test_static_when_it_fits_ticker_when_not() -> None:
    app = BarApp(seed_report())
    async with app.run_test(size=(300, 3)) as pilot:
        bar = app.query_one(WeatherBar)
        assert not bar.scrolling
        line = bar.render_line(0).text
        assert line.startswith("☁  강릉 1.3℃  ☀  서울 3.2℃")
        assert line.rstrip().endswith("기상청 제공 · 14:00 갱신")
        assert "☁  홍성(예) 3.6℃" not in line and "☀  홍성(예) 3.6℃" in line
        await pilot.resize_terminal(80, 3)
        await pilot.pause()
        assert bar.scrolling
        line = bar.render_line(0).text
        assert len(line) <= 78 and line.endswith("기상청 제공 · 14:00 갱신")
        assert line.startswith("☁  강릉 1.3℃")
        for _ in range(3):
            bar._tick()
        assert bar.shift == 3
        assert bar.render_line(0).text.startswith("강릉 1.3℃")  # moved past "☁️ " (3 cells)


async def test_ticker_wraps_around_and_keeps_its_place_on_update() -> None:
    app = BarApp(seed_report())
    async with app.run_test(size=(80, 3)):
        bar = app.query_one(WeatherBar)
        period = bar._period
        assert period > 78
        bar.shift = period - 1
        bar._tick()
        assert bar.shift == 0
        bar.shift = 17
        bar.set_report(seed_report(stale=True))
        assert bar.shift == 17


async def test_ticker_runs_on_its_timer_and_pauses_under_the_mouse() -> None:
    class FastBar(WeatherBar):
        TICK_SECONDS = 0.03

    app = BarApp(seed_report(), cls=FastBar)
    async with app.run_test(size=(80, 3)) as pilot:
        bar = app.query_one(WeatherBar)
        await pilot.pause(0.2)
        assert bar.shift > 0  # it moved by itself
        await pilot.hover(WeatherBar, offset=(79, 0))  # over the attribution: still "over"
        await pilot.pause(0.05)
        paused_at = bar.shift
        await pilot.pause(0.2)
        assert bar.shift == paused_at
        await pilot.hover("#below")
        await pilot.pause(0.2)
        assert bar.shift != paused_at


async def test_fitting_bar_has_no_running_timer() -> None:
    class FastBar(WeatherBar):
        TICK_SECONDS = 0.03

    app = BarApp(seed_report(), cls=FastBar)
    async with app.run_test(size=(300, 3)) as pilot:
        await pilot.pause(0.1)
        assert app.query_one(WeatherBar).shift == 0


async def test_click_a_city_posts_region_picked() -> None:
    app = BarApp(seed_report())
    async with app.run_test(size=(300, 3)) as pilot:
        bar = app.query_one(WeatherBar)
        assert not bar.scrolling
        [span] = [s for s in bar._spans if s.name == "광주"]
        await pilot.click(WeatherBar, offset=(1 + span.start, 0))  # 1: the bar's padding
        await pilot.pause()
        [hongseong] = [s for s in bar._spans if s.name == "홍성"]
        await pilot.click(WeatherBar, offset=(1 + hongseong.end - 1, 0))
        await pilot.pause()
        await pilot.click(WeatherBar, offset=(299 - 2, 0))  # the attribution: nothing
        await pilot.pause()
        assert app.picked == ["광주", "홍성"]


async def test_click_follows_the_ticker() -> None:
    app = BarApp(seed_report())
    async with app.run_test(size=(80, 3)) as pilot:
        bar = app.query_one(WeatherBar)
        [span] = [s for s in bar._spans if s.name == "부산"]
        bar.shift = span.start  # 부산 has scrolled to the left edge
        bar.refresh()
        await pilot.click(WeatherBar, offset=(1, 0))
        await pilot.pause()
        assert app.picked == ["부산"]
        assert bar.region_at(-1) is None and bar.region_at(500) is None


async def test_temperature_colours_and_missing_values() -> None:
    report = WeatherReport(
        "open-meteo",
        "Open-Meteo",
        [
            Observation("A", "A", wmo_condition(71), -4.0, OBSERVED),
            Observation("B", "B", wmo_condition(0), 31.5, OBSERVED),
            Observation("C", "C", None, None, None),
        ],
    )
    app = BarApp(report)
    async with app.run_test(size=(100, 3)):
        bar = app.query_one(WeatherBar)
        segments = list(bar.render_line(0))

        def style_of(text: str) -> Style:
            return next(s.style for s in segments if s.text == text)  # type: ignore[misc]

        cold, hot = bar._style("cold"), bar._style("hot")
        assert cold.color is not None and hot.color is not None and cold.color != hot.color
        assert style_of("-4.0℃").color == cold.color
        assert style_of("31.5℃").color == hot.color
        assert bar.plain.startswith("🌨  A -4.0℃  ☀  B 31.5℃  C --℃")


async def test_markup_in_names_is_shown_as_text() -> None:
    evil = Observation("x", "[@click=app.quit]광주[/]", None, 1.0, OBSERVED)
    app = BarApp(WeatherReport("open-meteo", "Open-Meteo", [evil]))
    async with app.run_test(size=(100, 3)):
        assert "[@click=app.quit]광주[/] 1.0℃" in app.query_one(WeatherBar).plain


async def test_no_report_yet_is_an_empty_bar() -> None:
    app = BarApp(None)
    async with app.run_test(size=(80, 3)):
        bar = app.query_one(WeatherBar)
        assert bar.plain == "" and not bar.scrolling


async def test_english_words_in_ascii_mode_and_stale_age() -> None:
    app = BarApp(seed_report(stale=True), now=LATER, ascii_mode=True, lang="en")
    async with app.run_test(size=(300, 3)):
        plain = app.query_one(WeatherBar).plain
        assert plain.startswith("overcast 강릉 1.3℃  clear 서울 3.2℃")
        assert plain.endswith("기상청 제공 · 14:00 updated · 2 h old")
        assert all(ord(c) < 0x2600 or c == "℃" or "\uac00" <= c <= "\ud7a3" for c in plain)


async def test_highlight_styles_only_the_filtered_city() -> None:
    app = BarApp(seed_report())
    async with app.run_test(size=(340, 3)) as pilot:
        bar = app.query_one(WeatherBar)

        def city_styles() -> dict[str, Style]:
            segments = list(bar.render_line(0))
            return {
                city: next(s.style for s in segments if city in s.text)  # type: ignore[misc]
                for city in ("광주", "부산")
            }

        before = city_styles()
        assert before["광주"] == before["부산"]
        bar.highlight = "광주"
        await pilot.pause()
        after = city_styles()
        assert after["광주"] != after["부산"] and after["부산"] == before["부산"]
        assert after["광주"].underline and after["광주"].bold
        bar.highlight = None
        await pilot.pause()
        assert city_styles() == before


async def test_icons_are_two_cells_that_every_terminal_counts_alike() -> None:
    """No VS16 sequences: "☀" + VS16 is one cell in tmux 3.3 and VTE but two for Rich, and the
    difference left debris at the end of the bar. Every icon is drawn as two plain cells."""
    from rich.cells import cell_len

    from reader.core.weather.codes import ICONS
    from reader.ui.widgets.weather_text import cell_icon as _cell_icon

    for icon in ICONS:
        drawn = _cell_icon(icon)
        assert "\ufe0f" not in drawn and cell_len(drawn) == 2, icon
    app = BarApp(seed_report())
    async with app.run_test(size=(80, 3)):
        bar = app.query_one(WeatherBar)
        for shift in range(0, bar._period, 7):
            bar.shift = shift
            line = bar.render_line(0)
            assert line.cell_length == 78
            assert "\ufe0f" not in line.text, shift


async def test_a_new_theme_recolours_the_bar_at_once() -> None:
    """Switching theme (as the command palette does) redraws the cities in the new colours:
    with the paper theme they must not keep the dark theme's light foreground."""
    from reader.ui.theme import THEMES

    app = BarApp(seed_report())
    for theme in THEMES:
        app.register_theme(theme)
    app.theme = "sinmun-dark"
    async with app.run_test(size=(200, 3)) as pilot:
        await pilot.pause()
        bar = app.query_one(WeatherBar)

        def city_colours() -> set[str]:
            strip = bar.render_line(0)
            return {
                seg.style.color.triplet.hex
                for seg in strip
                if "서울" in seg.text and seg.style and seg.style.color and seg.style.color.triplet
            }

        dark = city_colours()
        assert dark == {"#d8d2c4"}  # sinmun-dark's foreground
        app.theme = "sinmun-paper"
        await pilot.pause()
        await pilot.pause()
        assert city_colours() == {"#3a3329"}  # sinmun-paper's foreground
