"""Which of an article's pictures are drawn, and which may be fetched at all.

`[ui] images`: "auto" draws every picture (up to `MAX_SHOWN`), "lead" only the first, "off"
none (they are listed as text). A picture is never fetched when it is a tracking pixel (a
width or height attribute of 2 or less, a known tracker's host or path), when it is not on the
web (http/https), or when it points into this machine or a private network while neither the
page nor the feed is served from there (the rule `url_safety.may_auto_fetch` sets for pages).
"""

from __future__ import annotations

import re
from typing import Literal

from reader.core.extract.model import Image
from reader.core.url_safety import may_auto_fetch, url_host

ImageMode = Literal["auto", "off", "lead"]
IMAGE_MODES: tuple[ImageMode, ...] = ("auto", "off", "lead")
MAX_SHOWN = 20  # pictures drawn per article; the rest are listed as text
PIXEL_SIDE = 2  # a declared side this small: a tracking pixel

# Hosts whose images are counters and beacons, not pictures (a suffix match on the host).
TRACKER_HOSTS = (
    "doubleclick.net",
    "google-analytics.com",
    "googletagmanager.com",
    "googlesyndication.com",
    "scorecardresearch.com",
    "quantserve.com",
    "chartbeat.net",
    "bat.bing.com",
    "pixel.wp.com",
    "stats.wp.com",
    "pixel.quantserve.com",
    "analytics.twitter.com",
    "t.co",
    "ad.daum.net",
    "wcs.naver.net",
    "ib.adnxs.com",
    "amazon-adsystem.com",
    "criteo.com",
    "taboola.com",
    "outbrain.com",
)
TRACKER_PATH = re.compile(
    r"(?:^|[/_.-])(?:pixel|beacon|tracking|tracker|1x1|spacer|blank\.gif|clear\.gif|"
    r"transparent\.gif|px\.gif|b\.gif|utm\.gif|__utm\.gif)(?:$|[/_.?&-])|facebook\.com/tr\b",
    re.IGNORECASE,
)
_WEB = ("http://", "https://")


def is_tracker(image: Image) -> bool:
    """A tracking pixel or beacon: never fetched, never drawn."""
    if any(side is not None and side <= PIXEL_SIDE for side in (image.width, image.height)):
        return True
    host = (url_host(image.src) or "").rstrip(".")
    if any(host == h or host.endswith("." + h) for h in TRACKER_HOSTS):
        return True
    return bool(TRACKER_PATH.search(image.src.split("#", 1)[0]))


def may_fetch(src: str, page_url: str | None, feed_url: str | None) -> bool:
    """Whether opening the article may fetch this picture (see the module's docstring)."""
    if not src.strip().lower().startswith(_WEB):
        return False
    return any(may_auto_fetch(src, where) for where in (page_url, feed_url) if where)


def shown(images: list[Image], mode: ImageMode) -> list[Image]:
    """The pictures drawn, in the article's order (trackers left out)."""
    if mode == "off":
        return []
    drawn = [i for i in images if not is_tracker(i)][:MAX_SHOWN]
    return drawn[:1] if mode == "lead" else drawn


def listed(images: list[Image]) -> list[Image]:
    """The pictures worth mentioning at all (not trackers)."""
    return [i for i in images if not is_tracker(i)]
