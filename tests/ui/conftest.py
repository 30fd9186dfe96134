"""Fixtures for the UI tests: a real Service on a seeded SQLite file, and Pilot helpers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import Worker

from reader.core.service import Service
from reader.ui.app import SinmunApp, create_app
from reader.ui.widgets.article_list import ArticleList
from tests.ui.seed import NOW, SEOUL, seed_service


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    svc = seed_service(tmp_path / "data")
    yield svc
    svc.close()


def make_app(service: Service, **options: object) -> SinmunApp:
    """The app as the CLI builds it, with a frozen clock, Seoul time and no cursor blink."""
    weather = urlsplit(service.config.weather.base_url).hostname or ""
    assert weather.startswith("127."), "tests never reach the internet: point weather at 127.*"
    return create_app(service, clock=lambda: NOW, tz=SEOUL, cursor_blink=False, **options)  # type: ignore[arg-type]


def busy(app: App) -> list[Worker]:
    """Workers that will finish (the weather bar's loop runs for as long as the app)."""
    return [w for w in app.workers if not w.is_finished and w.group != "weather"]


async def settle(pilot: Pilot) -> None:
    """Let every worker (and the workers they start) finish and the screen repaint."""
    app = pilot.app
    for _ in range(10):
        await pilot.pause()
        running = busy(app)
        if not running:
            break
        await app.workers.wait_for_complete(running)
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def screen_lines(app: App) -> list[str]:
    """The text on the terminal, line by line, as the user sees it."""
    update = app.screen._compositor.render_update(full=True)
    return ["".join(strip.text for strip in line).rstrip() for line in update.strips]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


def article_rows(app: App) -> list[str]:
    """The article list's visible rows, as drawn."""
    articles = app.screen.query_one(ArticleList)
    return [
        articles.render_line(y).text.rstrip()
        for y in range(articles.scrollable_content_region.height)
        if int(articles.scroll_y) + y < articles.row_count
    ]


def cursor_title(app: App) -> str | None:
    article = app.screen.query_one(ArticleList).cursor_article
    return article.title if article else None


def view_text(app: App, width: int = 80) -> str:
    """Everything the article view holds (header, note, body), as plain text at `width`."""
    from rich.console import Console

    from reader.ui.widgets.article_view import ArticleView

    view = app.screen.query_one(ArticleView)
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    for part in ("#article-header", "#article-note", "#article-body"):
        static = view.query_one(part, Static)
        console.print(static.content)
    return console.export_text()
