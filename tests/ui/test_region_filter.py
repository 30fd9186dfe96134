"""The region filter: `f` and its picker, clicks on the weather bar, esc, and combinations."""

from __future__ import annotations

from pathlib import Path

from reader.core.models import ArticleQuery
from reader.core.service import Service
from reader.ui.widgets.region_picker import RegionPicker
from reader.ui.widgets.weather_bar import WeatherBar
from tests.ui.conftest import article_rows, make_app, press, screen_text, settle
from tests.ui.seed import seed_service

WIDE = (160, 48)


async def typed(pilot, *keys_and_words: str) -> None:
    """Press keys, typing multi-character words as text; settle once at the end."""
    for item in keys_and_words:
        if len(item) > 1 and item not in {"enter", "escape", "slash"}:
            await pilot.press(*item)
        else:
            await pilot.press(item)
    await settle(pilot)


def _picker(app) -> RegionPicker | None:
    """The picker when it is open (it floats over the main screen)."""
    found = app.screen.query(RegionPicker)
    return found.first() if found and found.first().is_open else None


def _options(app) -> list[str]:
    picker = _picker(app)
    assert picker is not None, "the region picker is not open"
    return list(picker.values)


async def test_f_picks_a_city_by_name_or_alias_and_filters(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        options = _options(app)
        assert options[:3] == ["region:강릉", "region:서울", "region:인천"]  # the bar's order
        assert len(options) == 19
        await typed(pilot, "광주", "enter")
        assert _picker(app) is None
        expected = service.count(ArticleQuery(region="광주"))
        assert 0 < expected < 9
        rows = article_rows(app)
        assert len(rows) == expected
        assert f"[region: 광주 ×]  {expected}/9" in screen_text(app)
        assert app.screen.query_one(WeatherBar).highlight == "광주"
        await typed(pilot, "escape", "f", "Gwangju")  # an alias picks the region
        assert _options(app)[0] == "region:광주"
        await typed(pilot, "enter")
        assert app.screen.current_filters() == (None, "광주")
        assert f"[region: 광주 ×]  {expected}/9" in screen_text(app)


async def test_free_text_and_recent_choices(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await typed(pilot, "f", "무등산")
        assert _options(app) == ["text:무등산"]  # no region by that name: the text itself
        await press(pilot, "enter")
        assert app.screen.current_filters() == (None, "무등산")
        assert len(article_rows(app)) == 1
        await press(pilot, "f")
        options = _options(app)
        assert options[0] == "clear" and "recent:무등산" in options
        await press(pilot, "enter")  # "clear the filter" is highlighted first
        assert app.screen.current_filters() == (None, None)
        await press(pilot, "f", "escape")  # esc in the picker changes nothing
        assert app.screen.current_filters() == (None, None)
        assert len(article_rows(app)) == 9


async def test_region_combines_with_feed_and_search_and_esc_clears(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        kwangju = next(f for f in service.feeds() if f.title == "광주일보")
        app.screen.go_to_feed(kwangju.id)
        await settle(pilot)
        await typed(pilot, "f", "광주", "enter")
        assert len(article_rows(app)) == 2  # 광주일보's two 광주 stories
        await press(pilot, "slash")
        app.screen.query_one("#filter-input").value = "대설"
        await press(pilot, "enter")
        rows = article_rows(app)
        assert len(rows) == 1 and "대설" in rows[0]
        assert "[search: 대설 ×]  [region: 광주 ×]  1/3" in screen_text(app)
        bar = app.screen.query_one(WeatherBar)
        assert bar.highlight == "광주"
        await press(pilot, "escape")
        assert app.screen.current_filters() == (None, None)
        assert bar.highlight is None
        assert len(article_rows(app)) == 3  # still the feed's list
        assert "region:" not in screen_text(app)


async def test_clicking_a_city_filters_the_list(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=(300, 40)) as pilot:  # wide: the bar is static, no ticker
        await settle(pilot)
        bar = app.screen.query_one(WeatherBar)
        assert "광주 8.3℃" in bar.plain  # the cached report, shown at once
        x = next(s.start for s in bar._spans if s.name == "광주")
        await pilot.click(WeatherBar, offset=(1 + x, 0))  # 1: padding of #weather-bar
        await settle(pilot)
        assert app.screen.current_filters()[1] == "광주"
        assert bar.highlight == "광주"
        assert "[region: 광주 ×]" in screen_text(app)


async def test_the_configured_default_region_applies_at_start(tmp_path: Path) -> None:
    service = seed_service(tmp_path, region="Gwangju")
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert app.screen.current_filters() == (None, "광주")
            assert app.screen.query_one(WeatherBar).highlight == "광주"
            assert "[region: 광주 ×]" in screen_text(app)
    finally:
        service.close()
