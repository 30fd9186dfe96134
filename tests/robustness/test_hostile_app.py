"""Hostile feeds in the running app: what the screen shows is inert text. Every escape and bidi
character is gone from the drawn cells, markup shows literally, and clicking on the
"[@click=app.quit]" text a feed planted runs nothing.

The feeds come through the real pipeline (newsroom → refresh → SQLite), not a hand-made seed.
"""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len

from reader.core.models import ArticleQuery
from reader.newsroom import Newsroom
from reader.newsroom.hostile import ACTION_MARKUP, RICH_MARKUP
from tests.robustness.conftest import open_service, unsafe
from tests.ui.conftest import make_app, press, screen_lines, settle

WIDE = (160, 48)


def _markup_spots(lines: list[str]) -> list[tuple[int, int]]:
    """The cell of the 'x' the planted action markup would make clickable, wherever it shows."""
    spots = []
    for y, line in enumerate(lines):
        start = line.find("[@click")
        while start != -1:
            x = cell_len(line[:start])
            spots.append((x + len("[@click=app.quit]"), y))
            start = line.find("[@click", start + 1)
    return spots


async def test_hostile_articles_render_inert_and_clicks_run_no_action(
    tmp_path: Path, newsroom: Newsroom
) -> None:
    urls = [newsroom.url(f"/faults/hostile/escapes.{ext}") for ext in ("xml", "json")]
    service = open_service(tmp_path / "data", urls, weather_base=newsroom.base_url)
    try:
        results = await service.refresh()
        assert [r.status for r in results] == ["ok", "ok"]
        assert service.count(ArticleQuery()) == 6
        quits: list[str] = []
        app = make_app(service)
        app.action_quit = lambda: quits.append("quit")  # type: ignore[method-assign]
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            clicked = 0
            # newest first: the JSON Feed's three, then the RSS feed's (its raw-bytes entry last)
            for moves in ([], ["G"]):
                await press(pilot, *moves, "enter")
                lines = screen_lines(app)
                text = "\n".join(lines)
                assert unsafe(text) == [], text
                assert ACTION_MARKUP in text and RICH_MARKUP in text, text
                for x, y in _markup_spots(lines):
                    await pilot.click(offset=(x, y))
                    clicked += 1
                await settle(pilot)
                assert app.is_running and app.return_code is None
            assert clicked >= 2
            assert quits == [], "a click on feed text ran the app's quit action"
            await app.run_action("quit")  # the spy itself works
            assert quits == ["quit"]
    finally:
        service.close()
