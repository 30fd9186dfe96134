"""The parsed stylesheets kept in the data dir: used on the next start, same screen either way,
and a stale or broken file is only a reason to parse again."""

from __future__ import annotations

import pickle

import pytest
from textual.css.stylesheet import Stylesheet

from reader.core.service import Service
from reader.ui.css_cache import FILE_NAME
from reader.ui.widgets.weather_bar import WeatherBar
from tests.ui.conftest import make_app, settle

SIZE = (160, 48)


@pytest.fixture(autouse=True)
def still_weather(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WeatherBar, "TICK_SECONDS", 3600.0)  # frames must not move


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each stylesheet Textual actually parses (not served from a cache), by where it is from."""
    seen: list[str] = []
    original = Stylesheet._parse_rules

    def counted(self: Stylesheet, css: str, read_from: object, *args: object, **kw: object):
        seen.append(str(read_from))
        return original(self, css, read_from, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "_parse_rules", counted)
    return seen


async def _start(service: Service) -> str:
    """The first frame's screen, as an SVG."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        return app.export_screenshot()


async def test_the_second_start_parses_no_stylesheet_and_looks_the_same(
    service: Service, parses: list[str]
) -> None:
    first = await _start(service)
    assert (service.data_dir / FILE_NAME).is_file()
    assert any("app.tcss" in where for where in parses)
    parses.clear()
    second = await _start(service)
    assert parses == []
    assert second == first


async def test_a_broken_file_is_parsed_over_and_replaced(
    service: Service, parses: list[str]
) -> None:
    path = service.data_dir / FILE_NAME
    path.write_bytes(b"not a pickle")
    await _start(service)
    assert any("app.tcss" in where for where in parses)
    header, rules = pickle.loads(path.read_bytes())
    assert rules and header


async def test_another_theme_does_not_use_the_rules_parsed_for_this_one(
    service: Service, parses: list[str]
) -> None:
    await _start(service)
    service.save_theme("sinmun-paper")  # another theme's colours: other variables
    parses.clear()
    await _start(service)
    assert any("app.tcss" in where for where in parses)


def test_a_file_others_can_write_is_never_unpickled(tmp_path) -> None:
    """A pickle runs code when loaded: only a file this user wrote, writable by no one else."""
    from textual.css.stylesheet import Stylesheet

    from reader.ui.css_cache import StyleCache

    path = tmp_path / "styles.cache"
    first = StyleCache(path)
    sheet = Stylesheet()
    first.install(sheet)
    sheet._parse_rules("Static { color: red; }", ("test", ""))
    first.save()
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o666)
    second = StyleCache(path)
    second.install(Stylesheet())
    assert second.rules == {}
    path.chmod(0o600)
    third = StyleCache(path)
    third.install(Stylesheet())
    assert third.rules
