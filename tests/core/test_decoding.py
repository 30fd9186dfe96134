"""The bounded Content-Encoding decoders, in process: small payloads and small bombs only (the
multi-gigabyte ones run in a memory-limited subprocess in test_http_bombs.py)."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable

import brotli
import pytest

from reader.core.decoding import STEP, BodyDecoder, BodyTooLarge, DecodeError, codings
from tests.core.bombs import zeros_brotli, zeros_deflate, zeros_gzip

# Hostile input: the test process stays under the memory budget (tests/memory.py).
pytestmark = pytest.mark.usefixtures("memory_budget")

MiB = 1024 * 1024
TEXT = b"<rss><channel><title>Sinmun</title></channel></rss>" * 50


def decode(body: bytes, encoding: str, limit: int = 10 * MiB, step: int = 0) -> bytes:
    """The decoded body, fed whole or ``step`` bytes at a time."""
    return b"".join(pieces(body, encoding, limit, step))


def pieces(body: bytes, encoding: str, limit: int = 10 * MiB, step: int = 0) -> Iterable[bytes]:
    decoder = BodyDecoder(encoding, limit)
    size = step or max(len(body), 1)
    for i in range(0, len(body), size):
        yield from decoder.feed(body[i : i + size])
    yield from decoder.end()


def deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


# -- what decodes ------------------------------------------------------------------------------

CASES = {
    "": TEXT,
    "identity": TEXT,
    "gzip": gzip.compress(TEXT),
    "x-gzip": gzip.compress(TEXT),
    " GZip ": gzip.compress(TEXT),
    "deflate": zlib.compress(TEXT),  # zlib-wrapped, as RFC 9110 says
    "br": brotli.compress(TEXT),
    "gzip, br": brotli.compress(gzip.compress(TEXT)),  # gzip applied first, br last
    "br, gzip": gzip.compress(brotli.compress(TEXT)),
    "identity, deflate,, gzip": gzip.compress(zlib.compress(TEXT)),
}


@pytest.mark.parametrize("encoding", list(CASES))
@pytest.mark.parametrize("step", [0, 1, 7])
def test_bodies_decode_whole_or_byte_by_byte(encoding: str, step: int) -> None:
    assert decode(CASES[encoding], encoding, step=step) == TEXT


@pytest.mark.parametrize("step", [0, 1, 5])
def test_raw_deflate_is_accepted_as_browsers_do(step: int) -> None:
    assert decode(deflate_raw(TEXT), "deflate", step=step) == TEXT


@pytest.mark.parametrize("step", [0, 1, 3])
def test_concatenated_gzip_members_all_decode(step: int) -> None:
    body = gzip.compress(b"first ") + gzip.compress(b"") + gzip.compress(b"second")
    assert decode(body, "gzip", step=step) == b"first second"


def test_bytes_after_the_last_member_are_ignored() -> None:
    assert decode(gzip.compress(TEXT) + bytes(100), "gzip") == TEXT
    assert decode(gzip.compress(TEXT) + b"\x1f", "gzip", step=1) == TEXT
    assert decode(zlib.compress(TEXT) + b"junk", "deflate") == TEXT


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "gzip, br"])
def test_an_empty_body_is_empty(encoding: str) -> None:
    assert decode(b"", encoding) == b""


# -- what is refused ---------------------------------------------------------------------------


def test_codings_in_the_order_applied() -> None:
    assert codings("") == []
    assert codings("Identity") == []
    assert codings("x-gzip, br") == ["gzip", "br"]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("zstd", "unsupported content encoding 'zstd'"),
        ("gzip, compress", "unsupported content encoding 'compress'"),
        ("gzip, gzip, gzip", "too many content encodings (gzip, gzip, gzip; at most 2)"),
        ("br, deflate, gzip", "too many content encodings (br, deflate, gzip; at most 2)"),
    ],
)
def test_unknown_and_too_many_codings_are_refused(header: str, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        BodyDecoder(header, MiB)
    assert info.value.reason == reason


def test_a_hostile_coding_name_is_shown_cleaned() -> None:
    with pytest.raises(DecodeError) as info:
        BodyDecoder("gzip\x1b]0;pwned\x07" + "x" * 200, MiB)
    assert info.value.reason.startswith("unsupported content encoding 'gzip")
    assert info.value.reason.isprintable() and len(info.value.reason) < 60


@pytest.mark.parametrize(
    ("encoding", "body", "reason"),
    [
        ("gzip", b"this is not gzip at all", "could not decode the gzip body (corrupt data)"),
        # mtime=0: the bytes name the test, and every xdist worker must collect the same name
        (
            "gzip",
            gzip.compress(TEXT, mtime=0)[:-12],
            "could not decode the gzip body (truncated data)",
        ),
        ("gzip", gzip.compress(TEXT)[:1], "could not decode the gzip body (truncated data)"),
        ("deflate", b"\x78\x9c" + b"\xff" * 20, "could not decode the deflate body (corrupt data)"),
        ("deflate", zlib.compress(TEXT)[:-8], "could not decode the deflate body (truncated data)"),
        ("br", b"\xff" * 40, "could not decode the br body (corrupt data)"),
        ("br", brotli.compress(TEXT) + b"junk", "could not decode the br body (corrupt data)"),
        ("br", brotli.compress(TEXT)[:-4], "could not decode the br body (truncated data)"),
        ("gzip, br", brotli.compress(b"not gzip"), "could not decode the gzip body (corrupt data)"),
    ],
)
def test_corrupt_and_truncated_bodies_are_clear_errors(
    encoding: str, body: bytes, reason: str
) -> None:
    for step in (0, 1):
        with pytest.raises(DecodeError) as info:
            decode(body, encoding, step=step)
        assert info.value.reason == reason


def test_gzip_crc_mismatch_is_corrupt() -> None:
    body = bytearray(gzip.compress(TEXT))
    body[-8] ^= 0xFF  # the CRC-32 in the trailer
    with pytest.raises(DecodeError, match=r"gzip body \(corrupt data\)"):
        decode(bytes(body), "gzip")


# -- the limit, as the bytes are decoded ---------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bomb"),
    [
        ("br", zeros_brotli(4)),  # 64 MiB in 57 bytes
        ("deflate", zeros_deflate(64)),
        ("gzip, gzip", gzip.compress(zeros_gzip(64))),
        ("gzip, br", brotli.compress(zeros_gzip(64))),
    ],
    ids=["br", "deflate", "gzip-in-gzip", "gzip-in-br"],
)
def test_bombs_stop_at_the_limit_in_small_pieces(encoding: str, bomb: bytes) -> None:
    """Each piece is about one step, and decoding stops just past the limit: an unbounded
    decoder would hand over all 64 MiB in one piece (and this test would say so)."""
    assert len(bomb) < 200_000
    largest = total = 0
    with pytest.raises(BodyTooLarge):
        for piece in pieces(bomb, encoding, limit=MiB, step=16 * 1024):
            largest = max(largest, len(piece))
            total += len(piece)
    assert largest <= 2 * STEP
    assert total <= MiB


def test_a_bomb_fed_whole_is_still_decoded_a_step_at_a_time() -> None:
    decoder = BodyDecoder("br", 4 * MiB)
    out = decoder.feed(zeros_brotli(2))
    assert len(next(out)) <= 2 * STEP
    total = 0
    with pytest.raises(BodyTooLarge):
        for piece in out:
            total += len(piece)
    assert total <= 4 * MiB


def test_intermediate_stages_count_too() -> None:
    """100,000 empty gzip members decode to nothing, but 2 MB of them is work to refuse."""
    inner = gzip.compress(b"", mtime=0) * 100_000
    assert len(inner) > MiB
    body = gzip.compress(inner)
    assert decode(body, "gzip, gzip", limit=4 * MiB) == b""
    with pytest.raises(BodyTooLarge):
        decode(body, "gzip, gzip", limit=MiB)


def test_the_test_bombs_are_valid() -> None:
    assert len(gzip.decompress(zeros_gzip(3))) == 3 * MiB
    assert len(zlib.decompress(zeros_deflate(3), -zlib.MAX_WBITS)) == 3 * MiB
    assert len(brotli.decompress(zeros_brotli(2))) == 32 * MiB


def test_exactly_the_limit_is_allowed() -> None:
    body = bytes(MiB)
    assert decode(gzip.compress(body), "gzip", limit=MiB) == body
    assert decode(brotli.compress(body), "br", limit=MiB) == body
    with pytest.raises(BodyTooLarge):
        decode(gzip.compress(body + b"x"), "gzip", limit=MiB)
