"""Pictures in the article view: fetched from the offline newsroom (real HTTP on 127.0.0.1)
once the article's text is on screen, drawn as half blocks (or kitty graphics when textual-image
found the terminal speaks it), failures as their alt text in a frame; `i` and `[ui] images`."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from reader.core.extract import Byline, ExtractedArticle, Image
from reader.core.extract.fetch import cache_columns
from reader.core.models import ArticleQuery
from reader.core.service import Service
from reader.newsroom import Newsroom
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.weather_bar import WeatherBar
from tests.ui.conftest import make_app, press, screen_lines, screen_text, settle, view_text
from tests.ui.seed import NOW, add_article, seed_service

TMUX = (120, 36)
NARROW, WIDE = (80, 24), (160, 48)
# The article's own address is on the discard port (its text is in the cache, never fetched);
# its pictures are on the newsroom's port of the same machine, so they may be fetched.
FEED = "http://127.0.0.1:9/pictures.xml"
LINK = "http://127.0.0.1:9/pictures/1"
TITLE = "광주천 야경, 시민 품으로"
PARAGRAPHS = [
    "광주시는 24일 광주천 산책로에 새 조명을 설치했다고 밝혔다.",
    "조명은 해가 진 뒤 자정까지 켜진다.",
    "시민들은 “밤에도 걷기 좋아졌다”고 말했다.",
    "시는 내년에 구간을 늘릴 계획이다.",
]
HOSTILE = {  # alt text: the picture's path under /faults/images/
    "거대한 PNG": "huge.png",
    "잘린 JPEG": "truncated.jpg",
    "SVG 그림": "drawing.svg",
    "사진인 척하는 웹 페이지": "page.jpg",
}


def article(images: list[Image]) -> ExtractedArticle:
    return ExtractedArticle(
        url=LINK,
        title=TITLE,
        deck=["새 조명 설치… 자정까지"],
        byline=Byline("홍길동", "기자"),
        published=NOW,
        paragraphs=list(PARAGRAPHS),
        images=images,
    )


def lead(base: str) -> Image:
    return Image(
        f"{base}/static/img/gwangju-night.png",
        "광주천 야경",
        "광주천 변 산책로의 밤. /사진=빛고을일보",
        after_paragraph=0,
    )


def with_pictures(tmp_path: Path, pictures: list[Image], **ui: Any) -> Service:
    """The seeded service plus one article (the list's first row) whose cached full text has
    ``pictures``; ``ui``: [ui] settings."""
    service = seed_service(tmp_path / "data", **ui)
    add_article(service, FEED, TITLE, link=LINK, content="<p>요약</p>", feed_title="빛고을일보")
    row = service.articles(ArticleQuery(), 0, 1)[0]
    assert row.title == TITLE
    service.storage.set_full_text(row.id, *cache_columns(article(pictures)))
    return service


@pytest.fixture
def services(tmp_path: Path) -> Iterator[list[Service]]:
    made: list[Service] = []
    yield made
    for service in made:
        service.close()


@pytest.fixture(autouse=True)
def still_weather(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WeatherBar, "TICK_SECONDS", 3600.0)


@pytest.fixture
def newsroom(newsroom: Newsroom) -> Newsroom:
    """The session's newsroom, its request log emptied for this test."""
    newsroom.request_log.clear()
    return newsroom


def half_blocks_in_view(app: App) -> list[tuple[int, int]]:
    """(x, y) of every coloured half block on screen, checked to be inside the article view."""
    view = app.screen.query_one(ArticleView)
    region = view.region
    update: Any = app.screen._compositor.render_update(full=True)
    found: list[tuple[int, int]] = []
    for y, line in enumerate(update.strips):
        x = 0
        for segment in (segment for strip in line for segment in strip):
            if "▀" in segment.text and segment.style is not None:
                style = segment.style
                assert style.color is not None and style.bgcolor is not None
                assert region.contains(x, y), f"a half block outside the view at {x},{y}"
                found.append((x, y))
            x += segment.cell_length
    return found


async def open_first(pilot: Pilot) -> None:
    await settle(pilot)
    await press(pilot, "enter")


# --- half blocks, kitty -------------------------------------------------------------------
async def test_a_picture_is_drawn_as_coloured_half_blocks_within_the_pane(
    tmp_path: Path, newsroom: Newsroom, services: list[Service]
) -> None:
    service = with_pictures(tmp_path, [lead(newsroom.base_url)])
    services.append(service)
    app = make_app(service)
    async with app.run_test(size=TMUX) as pilot:
        await open_first(pilot)
        assert app.graphics == "halfcell"  # not a terminal: no graphics protocol
        blocks = half_blocks_in_view(app)
        assert len(blocks) > 100
        rows = {y for _, y in blocks}
        view = app.screen.query_one(ArticleView)
        assert len(rows) <= view.scrollable_content_region.height * 0.4  # text stays in view
        text = screen_text(app)
        assert "광주천 변 산책로의 밤.  사진=빛고을일보" in text  # the caption, credit apart
        assert PARAGRAPHS[1] in text  # under the picture, still on screen
        fetched = [r.path for r in newsroom.request_log if r.path.startswith("/static/img/")]
        assert fetched == ["/static/img/gwangju-night.png"]


async def test_with_kitty_graphics_detected_the_kitty_protocol_draws_it(
    tmp_path: Path,
    newsroom: Newsroom,
    services: list[Service],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # textual-image decides at import, by asking the terminal; a kitty terminal's answer
    # makes `textual_image.renderable.Image` its TGP renderable. That is what is faked here.
    import textual_image.renderable as renderables
    from textual_image.renderable import tgp

    monkeypatch.setattr(renderables, "Image", tgp.Image)
    monkeypatch.setenv("TERM", "xterm-kitty")  # only a kitty-like terminal is asked
    monkeypatch.delenv("TMUX", raising=False)
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(
        tgp, "_send_tgp_message", lambda payload=None, **keys: sent.append(keys | {"p": payload})
    )
    service = with_pictures(tmp_path, [lead(newsroom.base_url)])
    services.append(service)
    app = make_app(service)
    async with app.run_test(size=TMUX) as pilot:
        await open_first(pilot)
        assert app.graphics == "kitty"
        assert any(m.get("f") == 100 and m["p"] for m in sent)  # the PNG went to the terminal
        assert any(m.get("a") == "p" and m.get("U") == 1 for m in sent)  # a virtual placement
        placeholders = [line for line in screen_lines(app) if "\U0010eeee" in line]
        assert placeholders  # the cells that show it
        assert not half_blocks_in_view(app)


# --- text first, then pictures ----------------------------------------------------------------
async def test_the_text_is_on_screen_before_any_picture_arrives(
    tmp_path: Path,
    newsroom: Newsroom,
    services: list[Service],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import reader.core.images.load as load

    release = asyncio.Event()
    real = load.load_picture

    async def held(*args: Any, **kwargs: Any) -> load.Picture:
        await release.wait()
        return await real(*args, **kwargs)

    monkeypatch.setattr(load, "load_picture", held)
    service = with_pictures(tmp_path, [lead(newsroom.base_url)])
    services.append(service)
    app = make_app(service)
    async with app.run_test(size=TMUX) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        text = screen_text(app)
        assert PARAGRAPHS[-1] in text and "⋯ 광주천 야경" in text  # the stand-in, not yet it
        assert not half_blocks_in_view(app)
        release.set()
        await settle(pilot)
        assert half_blocks_in_view(app)
        assert "⋯ 광주천 야경" not in screen_text(app)


# --- hostile pictures -----------------------------------------------------------------------
@pytest.mark.usefixtures("memory_budget")
async def test_hostile_pictures_each_end_as_their_alt_text_in_a_frame(
    tmp_path: Path, newsroom: Newsroom, services: list[Service]
) -> None:
    images = [
        Image(newsroom.url(f"/faults/images/{path}"), alt, after_paragraph=n)
        for n, (alt, path) in enumerate(HOSTILE.items(), 1)
    ]
    images.append(Image(newsroom.url("/faults/404"), "없는 사진", after_paragraph=4))
    service = with_pictures(tmp_path, images)
    services.append(service)
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await open_first(pilot)
        shown = view_text(app, width=120)
        for alt in [*HOSTILE, "없는 사진"]:
            line = next(line for line in shown.splitlines() if alt in line)
            assert line.strip().startswith("│") and line.strip().endswith("│"), line  # framed
        assert "not a picture (an SVG drawing)" in shown or "image/svg" in shown
        assert "too large" in shown and "broken picture" in shown and "HTTP 404" in shown
        assert not half_blocks_in_view(app)
        assert not [n for n in app._notifications if n.severity == "error"]  # no error dialog
        view = app.screen.query_one(ArticleView)
        assert view.showing == "full"


async def test_a_picture_that_times_out_shows_its_alt_text(
    tmp_path: Path,
    newsroom: Newsroom,
    services: list[Service],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import reader.core.images.load as load

    monkeypatch.setattr(load, "IMAGE_TIMEOUT", 0.3)
    slow = Image(newsroom.url("/faults/slow?delay=3"), "늦는 사진", after_paragraph=1)
    service = with_pictures(tmp_path, [slow])
    services.append(service)
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await open_first(pilot)
        assert "timed out" in view_text(app, width=120)
        assert "늦는 사진" in view_text(app, width=120)


# --- i and [ui] images ---------------------------------------------------------------------
async def test_i_hides_and_shows_the_pictures(
    tmp_path: Path, newsroom: Newsroom, services: list[Service]
) -> None:
    service = with_pictures(tmp_path, [lead(newsroom.base_url)])
    services.append(service)
    app = make_app(service)
    async with app.run_test(size=TMUX) as pilot:
        await open_first(pilot)
        assert half_blocks_in_view(app)
        await press(pilot, "i")
        assert not half_blocks_in_view(app)
        assert "[image: 광주천 야경]" in view_text(app, width=120)  # listed as text instead
        await press(pilot, "i")
        assert half_blocks_in_view(app)
        # The second time it came from the disk cache: one request in all.
        fetched = [r.path for r in newsroom.request_log if r.path.startswith("/static/img/")]
        assert fetched.count("/static/img/gwangju-night.png") == 1


async def test_images_off_fetches_nothing_and_lead_draws_only_the_first(
    tmp_path: Path, newsroom: Newsroom, services: list[Service]
) -> None:
    second = Image(newsroom.url("/static/img/second.png"), "두 번째 사진", after_paragraph=2)
    service = with_pictures(tmp_path / "off", [lead(newsroom.base_url), second], images="off")
    services.append(service)
    app = make_app(service)
    async with app.run_test(size=TMUX) as pilot:
        await open_first(pilot)
        assert not half_blocks_in_view(app)
        await press(pilot, "i")  # the terminal was never asked what it can draw: no pictures
        assert 'Pictures are off: [ui] images = "off" in the config' in [
            str(n.message) for n in app._notifications
        ]
        assert not half_blocks_in_view(app)
        assert not [r for r in newsroom.request_log if r.path.startswith("/static/img/")]
    service = with_pictures(tmp_path / "lead", [lead(newsroom.base_url), second], images="lead")
    services.append(service)
    app = make_app(service)
    async with app.run_test(size=TMUX) as pilot:
        await open_first(pilot)
        assert half_blocks_in_view(app)
        assert "▣ 두 번째 사진" in view_text(app, width=120)
        fetched = [r.path for r in newsroom.request_log if r.path.startswith("/static/img/")]
        assert fetched == ["/static/img/gwangju-night.png"]


# --- snapshots (half blocks, the newsroom's fixed picture bytes) ---------------------------
@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "160x48"])
def test_snapshot_article_with_a_picture(
    snap_compare, tmp_path: Path, newsroom: Newsroom, services: list[Service], size
) -> None:
    service = with_pictures(tmp_path, [lead(newsroom.base_url)])
    services.append(service)

    async def run_before(pilot: Pilot) -> None:
        await open_first(pilot)

    assert snap_compare(make_app(service), terminal_size=size, run_before=run_before)
