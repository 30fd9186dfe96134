"""Which pictures are drawn and which may be fetched."""

from __future__ import annotations

import pytest

from reader.core.extract.model import Image
from reader.core.images.decisions import MAX_SHOWN, is_tracker, may_fetch, shown

PAGE = "https://news.example/articles/1"
FEED = "https://news.example/rss"


@pytest.mark.parametrize(
    "image",
    [
        Image("https://news.example/a.jpg", width=1, height=1),
        Image("https://news.example/a.jpg", width=2),
        Image("https://news.example/a.jpg", height=0 + 1),
        Image("https://www.google-analytics.com/collect?v=1"),
        Image("https://stats.wp.com/g.gif?blog=1"),
        Image("https://ad.doubleclick.net/ddm/x.jpg"),
        Image("https://www.facebook.com/tr?id=1&ev=PageView"),
        Image("https://news.example/img/pixel.gif"),
        Image("https://news.example/track/beacon.png?u=1"),
        Image("https://news.example/common/1x1.png"),
        Image("https://wcs.naver.net/m.gif"),
    ],
)
def test_tracking_pixels_are_recognised(image: Image) -> None:
    assert is_tracker(image)


@pytest.mark.parametrize(
    "image",
    [
        Image("https://news.example/photo/2026/11/24/gwangju.jpg", width=640, height=360),
        Image("https://img.news.example/thumb.php?id=12"),
        Image("https://news.example/blog/trackside-view.jpg"),  # words that merely contain one
    ],
)
def test_photos_are_not_trackers(image: Image) -> None:
    assert not is_tracker(image)


def test_public_pictures_may_be_fetched_private_ones_only_from_their_own_host() -> None:
    assert may_fetch("https://img.example/a.jpg", PAGE, FEED)
    assert not may_fetch("http://192.168.0.1/cam.jpg", PAGE, FEED)
    assert not may_fetch("http://127.0.0.1:8080/admin.png", PAGE, FEED)
    local = "http://127.0.0.1:8000/articles/1"
    assert may_fetch("http://127.0.0.1:8000/static/img/a.png", local, None)
    assert may_fetch("http://localhost:9/a.png", None, "http://127.0.0.1:5/rss.xml")
    assert not may_fetch("file:///etc/passwd", PAGE, FEED)
    assert not may_fetch("data:image/png;base64,AAAA", PAGE, FEED)
    assert not may_fetch("https://img.example/a.jpg", None, None)


def test_modes_pick_what_is_drawn() -> None:
    images = [Image(f"https://img.example/{n}.jpg") for n in range(MAX_SHOWN + 5)]
    images.insert(1, Image("https://img.example/pixel.gif"))
    assert shown(images, "off") == []
    assert shown(images, "lead") == images[:1]
    drawn = shown(images, "auto")
    assert len(drawn) == MAX_SHOWN and images[1] not in drawn
