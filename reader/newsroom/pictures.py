"""The newsroom's photos (/static/img/<name>.png): small landscapes drawn here, PNG-encoded by
hand (zlib and struct), so every byte is the same on every machine and Pillow version.

Each name gets its own sky, sun and skyline (from a hash of the name); 320 × 180 pixels, a few
kilobytes, built once per name.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from functools import lru_cache

WIDTH, HEIGHT = 320, 180


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An 8-bit RGB PNG of ``rows`` (each ``width`` × 3 bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


@lru_cache(maxsize=64)
def picture(name: str) -> bytes:
    """The photo called ``name``: a sky over a skyline and a river."""
    seed = hashlib.sha256(name.encode()).digest()
    dusk = seed[0] % 2 == 1
    top = (40, 60, 130) if dusk else (70, 140, 220)
    low = (240, 150, 90) if dusk else (190, 225, 250)
    sun_x, sun_y, sun_r = 60 + seed[1] % 200, 30 + seed[2] % 40, 14 + seed[3] % 10
    sun = (255, 210, 120) if dusk else (255, 245, 200)
    water_line = 140
    # A skyline: buildings of the seed's widths and heights.
    roof = [HEIGHT] * WIDTH
    x, i = 0, 4
    while x < WIDTH:
        w = 12 + seed[i % 32] % 26
        h = 25 + seed[(i + 1) % 32] % 60
        for c in range(x, min(WIDTH, x + w)):
            roof[c] = water_line - h
        x += w + seed[(i + 2) % 32] % 6
        i += 3
    building = (50, 55, 70) if dusk else (90, 100, 115)
    lit = (250, 220, 140)
    rows: list[bytes] = []
    for y in range(HEIGHT):
        row = bytearray()
        sky = _mix(top, low, y / water_line)
        for x in range(WIDTH):
            if y >= water_line:
                mirrored = 2 * water_line - y
                base = (30, 70, 110) if not dusk else (40, 40, 80)
                shade = (40, 50, 70) if mirrored >= roof[x] else base
                wave = 12 if (x // 6 + y) % 9 == 0 else 0
                px = (shade[0] + wave, shade[1] + wave, shade[2] + wave)
            elif y >= roof[x]:
                window = x % 5 in (1, 2) and y % 6 in (2, 3) and seed[(x + y) % 32] % 3 == 0
                px = lit if window and dusk else building
            elif (x - sun_x) ** 2 + (y - sun_y) ** 2 <= sun_r * sun_r:
                px = sun
            else:
                px = sky
            row += bytes(px)
        rows.append(bytes(row))
    return png(WIDTH, HEIGHT, rows)
