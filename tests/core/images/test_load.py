"""Pictures fetched from the offline newsroom through the real client: good ones decoded and
cached, hostile ones each a failure with a reason (never an exception), within the memory
budget of the hostile-input tests."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from reader.core.http import HttpClient, NetworkSettings
from reader.core.images.cache import ImageCache
from reader.core.images.load import Picture, load_picture
from reader.newsroom import Newsroom

pytestmark = pytest.mark.usefixtures("memory_budget")


def load(newsroom: Newsroom, paths: list[str], cache: ImageCache | None) -> list[Picture]:
    async def go() -> list[Picture]:
        async with HttpClient(NetworkSettings(retries=0)) as client:
            return list(
                await asyncio.gather(
                    *(load_picture(client, newsroom.url(p), cache, timeout=5) for p in paths)
                )
            )

    return asyncio.run(go())


def test_a_picture_is_fetched_decoded_and_cached(newsroom: Newsroom, tmp_path: Path) -> None:
    cache = ImageCache(tmp_path)
    [picture] = load(newsroom, ["/static/img/harbour.png"], cache)
    assert picture.failure is None and picture.image is not None
    assert picture.image.size == (320, 180)
    newsroom.request_log.clear()
    [again] = load(newsroom, ["/static/img/harbour.png"], cache)
    assert again.image is not None and again.image.size == (320, 180)
    assert not newsroom.request_log  # from the disk


def test_hostile_pictures_end_as_failures(newsroom: Newsroom, tmp_path: Path) -> None:
    paths = [
        "/faults/images/huge.png",
        "/faults/images/truncated.jpg",
        "/faults/images/drawing.svg",
        "/faults/images/page.jpg",
        "/faults/404",
        "/faults/images/photo.png",
    ]
    cache = ImageCache(tmp_path)
    pictures = load(newsroom, paths, cache)
    reasons = [p.failure for p in pictures]
    assert reasons[0] is not None and reasons[0].startswith("too large")
    assert reasons[1] == "broken picture (truncated)"
    assert reasons[2] == "not a picture (image/svg+xml)"
    assert reasons[3] == "not a picture (a web page)"
    assert reasons[4] == "HTTP 404 Not Found"
    assert reasons[5] is None and pictures[5].image is not None  # the good one beside them
    assert [p.name for p in tmp_path.iterdir()] == [cache.path(newsroom.url(paths[5])).name]


def test_a_picture_that_takes_too_long_times_out(newsroom: Newsroom) -> None:
    async def go() -> Picture:
        async with HttpClient() as client:
            return await load_picture(
                client, newsroom.url("/faults/slow?delay=3"), None, timeout=0.2
            )

    assert asyncio.run(go()).failure == "timed out after 0.2 s"


def test_the_byte_cap_holds(newsroom: Newsroom) -> None:
    async def go() -> Picture:
        async with HttpClient(NetworkSettings(max_page_bytes=1_000_000)) as client:
            return await load_picture(client, newsroom.url("/faults/images/huge.png"), None)

    failure = asyncio.run(go()).failure
    assert failure is not None and failure.startswith("body larger than")
