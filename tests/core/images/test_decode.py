"""Decoding pictures: small RGB images out, hostile bytes refused with a reason, within the
memory budget of the hostile-input tests."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from reader.core.images.decode import MAX_SIDE, ImageError, decode_image
from reader.newsroom.hostile_images import HTML, SVG, huge_png, truncated_jpeg

pytestmark = pytest.mark.usefixtures("memory_budget")


def encoded(size: tuple[int, int], fmt: str, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 40, 40) if mode == "RGB" else None).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP", "BMP"])
def test_a_picture_comes_out_rgb(fmt: str) -> None:
    image = decode_image(encoded((64, 48), fmt))
    assert image.mode == "RGB" and image.size == (64, 48)


def test_a_large_photo_is_kept_small_aspect_kept() -> None:
    image = decode_image(encoded((4000, 3000), "JPEG"))
    assert max(image.size) <= MAX_SIDE
    assert abs(image.size[0] / image.size[1] - 4 / 3) < 0.02


def test_transparency_is_flattened() -> None:
    assert decode_image(encoded((10, 10), "PNG", "RGBA")).mode == "RGB"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (huge_png(), "too large"),  # 20,000 × 20,000: refused from its header
        (truncated_jpeg(), "broken picture (truncated)"),
        (SVG, "not a picture (an SVG drawing)"),
        (HTML, "not a picture (a web page)"),
        (b"", "not a picture Sinmun can show"),
        (b"GIF89a" + bytes(20), "not a picture Sinmun can show"),  # a header and nothing
        (b"%PDF-1.7\n" + bytes(100), "not a picture Sinmun can show"),
    ],
)
def test_hostile_bytes_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImageError) as caught:
        decode_image(data)
    assert caught.value.reason.startswith(reason)


def test_the_pixel_cap_is_checked_before_decoding() -> None:
    data = encoded((3000, 3000), "PNG")  # 9 megapixels
    with pytest.raises(ImageError, match=r"too large \(3000 × 3000 pixels\)"):
        decode_image(data, max_pixels=8_000_000)
