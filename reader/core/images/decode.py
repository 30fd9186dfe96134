"""Picture bytes → a small RGB image, safely: the size in the header is checked before any
pixel is decoded (a 20,000 × 20,000 PNG is a few kilobytes of zlib and 1.2 GB of pixels),
only raster formats a terminal can show are opened (no SVG, PDF or PostScript), and what is
kept is scaled down to `MAX_SIDE` (a JPEG is even decoded at a reduced scale, `draft`).
Pure CPU: run it off the event loop.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from reader.core.text import CleanError

MAX_PIXELS = 25_000_000  # width × height a picture may declare (a 6000 × 4000 photo passes)
MAX_SIDE = 1280  # decoded pictures are kept this small at most: no terminal shows more
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP")

# Pillow's own guard, tied to ours: it refuses at twice this and warns (made an error) above.
PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageError(CleanError):
    """A picture that cannot be shown ("not a picture", "too large: 20000 × 20000 pixels")."""


def sniff(data: bytes) -> str | None:
    """What a body that is not a picture is, by its first bytes ("an SVG drawing", "a web
    page"), or None."""
    head = data[:512].lstrip().lower()
    if b"<svg" in head or head.startswith(b"<?xml"):
        return "an SVG drawing" if b"<svg" in data[:4096].lower() else "an XML document"
    if head.startswith((b"<!doctype", b"<html", b"<head", b"<body")):
        return "a web page"
    return None


def decode_image(
    data: bytes, *, max_pixels: int = MAX_PIXELS, max_side: int = MAX_SIDE
) -> PILImage.Image:
    """The picture in ``data`` as RGB, at most ``max_side`` pixels wide and high (aspect kept).
    Raises `ImageError` with a short reason for anything else."""
    other = sniff(data)
    if other is not None:
        raise ImageError(f"not a picture ({other})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(io.BytesIO(data), formats=FORMATS)
            width, height = image.size  # from the header: nothing decoded yet
            if width * height > max_pixels or width <= 0 or height <= 0:
                raise ImageError(f"too large ({width} × {height} pixels)")
            image.draft("RGB", (max_side, max_side))  # JPEG: 1/2 … 1/8 scale while decoding
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((max_side, max_side))
            return upright.convert("RGB")
    except ImageError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageError("too large (a decompression bomb)") from None
    except UnidentifiedImageError:
        raise ImageError("not a picture Sinmun can show") from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        # Truncated or corrupt data (Pillow: "image file is truncated", "broken data stream").
        detail = "truncated" if "truncated" in str(exc) else str(exc)[:60]
        raise ImageError(f"broken picture ({detail})") from None
