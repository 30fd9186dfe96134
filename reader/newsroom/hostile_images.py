"""Hostile pictures under /faults/images/ (test endpoints, left out of the wheel like faults.py):
what an article page's <img> may point at to hurt a reader that draws pictures.

  huge.png        a real, complete 20,000 × 20,000 RGB PNG: 1.2 GB of pixels in ~1.2 MB of
                  zlib, built by repeating one flushed deflate block (in milliseconds)
  truncated.jpg   a JPEG cut off in the middle of its scan data
  drawing.svg     an SVG drawing (image/svg+xml)
  page.jpg        an HTML page served as image/jpeg
  photo.png       a good picture (the newsroom's own), for comparison
"""

from __future__ import annotations

import struct
import zlib
from functools import cache
from typing import TYPE_CHECKING

from .pictures import picture

if TYPE_CHECKING:
    from .handlers import NewsroomHandler

HUGE_SIDE = 20_000
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="4000">'
    b'<rect width="4000" height="4000" fill="red"/><text x="10" y="40">\x1b[31mnot a photo'
    b"</text></svg>\n"
)
HTML = (
    b"<!DOCTYPE html><html><head><title>Login</title></head><body><h1>Please sign in</h1>"
    b"<p>\x1b]52;c;cHduZWQ=\x07This is not a picture.</p></body></html>\n"
)


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@cache
def huge_png(side: int = HUGE_SIDE) -> bytes:
    """A complete black ``side`` × ``side`` RGB PNG whose zlib stream is one deflate block per
    row group, repeated: identical after a full flush. Adler-32 of n zero bytes is computed."""
    row = bytes(1 + side * 3)  # filter byte 0, then black pixels
    rows_per_block = 64
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = comp.compress(row * rows_per_block) + comp.flush(zlib.Z_FULL_FLUSH)
    blocks, rest = divmod(side, rows_per_block)
    tail = comp.compress(row * rest) + comp.flush() if rest else comp.flush()
    total = len(row) * side
    adler = ((total % 65521) << 16) | 1  # a = 1 + Σ0, b = Σ a over n bytes = n
    stream = b"\x78\xda" + block * blocks + tail + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", stream)
        + _chunk(b"IEND", b"")
    )


@cache
def truncated_jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (320, 180), bytes(range(256)) * 675).save(out, "JPEG", quality=90)
    whole = out.getvalue()
    return whole[: len(whole) // 2]


def serve(handler: NewsroomHandler, name: str) -> None:
    if name == "huge.png":
        handler.send_bytes(200, huge_png(), "image/png", compress=False)
    elif name == "truncated.jpg":
        handler.send_bytes(200, truncated_jpeg(), "image/jpeg", compress=False)
    elif name == "drawing.svg":
        handler.send_bytes(200, SVG, "image/svg+xml", compress=False)
    elif name == "page.jpg":
        handler.send_bytes(200, HTML, "image/jpeg", compress=False)
    elif name == "photo.png":
        handler.send_bytes(200, picture("hostile-control"), "image/png", compress=False)
    else:
        handler.send_plain(404, f"no such picture: {name}\n")
