"""Fetching and decoding one picture: from the disk cache, else through the app's HTTP client
(its byte cap, timeouts, per-host limit and redirect rules), decoded in a thread. Every
failure becomes a `Picture` with a reason (the view shows the alt text instead), never an
exception: a 404, a timeout, an HTML page served as image/jpeg, an SVG, a truncated JPEG, a
decompression bomb.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.http import FetchError, HttpClient
from reader.core.http_errors import MiB, format_seconds

from .cache import ImageCache
from .decode import ImageError, decode_image

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

IMAGE_ACCEPT = "image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.5"
MAX_IMAGE_BYTES = 8 * MiB
IMAGE_TIMEOUT = 20.0  # seconds for one picture, fetch and decode
_NOT_PICTURES = ("text/", "application/xhtml", "application/json", "image/svg")


@dataclass(frozen=True, slots=True)
class Picture:
    """One picture's outcome: the decoded image, or why there is none."""

    src: str
    image: PILImage | None = None
    failure: str | None = None


async def load_picture(
    client: HttpClient, src: str, cache: ImageCache | None, *, timeout: float | None = None
) -> Picture:
    timeout = IMAGE_TIMEOUT if timeout is None else timeout
    try:
        async with asyncio.timeout(timeout):
            return await _load(client, src, cache)
    except TimeoutError:
        return Picture(src, failure=f"timed out after {format_seconds(timeout)} s")
    except (FetchError, ImageError) as exc:
        return Picture(src, failure=exc.reason)


async def _load(client: HttpClient, src: str, cache: ImageCache | None) -> Picture:
    data = await asyncio.to_thread(cache.get, src) if cache is not None else None
    fresh = data is None
    if data is None:
        cap = min(MAX_IMAGE_BYTES, client.settings.max_page_bytes)
        result = await client.fetch(src, max_bytes=cap, accept=IMAGE_ACCEPT)
        kind = result.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind.startswith(_NOT_PICTURES):
            raise ImageError(f"not a picture ({kind})")
        data = result.body
    image = await asyncio.to_thread(decode_image, data)
    if fresh and cache is not None:
        await asyncio.to_thread(cache.put, src, data)
    return Picture(src, image)
