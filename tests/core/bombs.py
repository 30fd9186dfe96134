"""Compression bombs built by repetition, in milliseconds, never by compressing gigabytes:
deflate and brotli blocks flushed after the first are byte-identical, so N copies of one block
decode to N times its data."""

from __future__ import annotations

import zlib
from functools import cache

import brotli

MiB = 1024 * 1024


@cache
def zeros_brotli(mib16: int) -> bytes:
    """Brotli for ``mib16`` × 16 MiB of zeros: 14 bytes per 16 MiB (4 GiB in 3.6 KB)."""
    c = brotli.Compressor(quality=5, lgwin=24)
    first = c.process(bytes(16 * MiB)) + c.flush()
    again = c.process(bytes(16 * MiB)) + c.flush()
    return first + again * (mib16 - 1) + c.finish()


def zeros_deflate(mib: int) -> bytes:
    """Raw deflate for ``mib`` MiB of zeros, about 1 KB per MiB."""
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = c.compress(bytes(MiB)) + c.flush(zlib.Z_FULL_FLUSH)
    return block * mib + c.flush()


def zeros_gzip(mib: int) -> bytes:
    """One gzip member for ``mib`` MiB of zeros, CRC and size included."""
    crc, chunk = 0, bytes(MiB)
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    trailer = crc.to_bytes(4, "little") + (mib * MiB % 2**32).to_bytes(4, "little")
    return b"\x1f\x8b\x08\x00" + bytes(4) + b"\x02\xff" + zeros_deflate(mib) + trailer
