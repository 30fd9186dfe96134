"""Content-Encoding decoders that never hold more than a bounded amount of decoded data.

httpx decodes each raw chunk in full before anyone can count it, so a 1.6 KB brotli body (or a
3.5 KB ``gzip, gzip`` one) becomes gigabytes before a byte cap sees it. These decoders hand out
at most about `STEP` bytes per call into zlib or brotli, and every stage's output is counted
against the limit as it comes out, so reading a body costs roughly the limit plus one step.

Supported: identity, gzip (x-gzip, concatenated members), deflate (zlib-wrapped or raw, as
browsers accept both) and br, stacked up to `MAX_CODINGS` deep; anything else is refused.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Protocol

import brotli

from reader.core.http_errors import printable

__all__ = ["MAX_CODINGS", "STEP", "BodyDecoder", "BodyTooLarge", "DecodeError", "codings"]

STEP = 64 * 1024  # decoded bytes asked of zlib/brotli per call (brotli may give ~1.5x)
MAX_CODINGS = 2  # browsers stop at a few; more is only ever an attack
_NAMES = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate", "br": "br"}
_GZIP_MAGIC = b"\x1f\x8b"


class DecodeError(Exception):
    """The body cannot be decoded; ``reason`` is one short line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BodyTooLarge(Exception):
    """A decoding stage produced more than the limit."""


def codings(header: str) -> list[str]:
    """The codings of a Content-Encoding value in the order they were applied, identity left
    out ("gzip, br": gzip first). Raises DecodeError for unknown or too many codings."""
    tokens = [t.strip().lower() for t in header.split(",")]
    names = [t for t in tokens if t and t != "identity"]
    for name in names:
        if name not in _NAMES:
            raise DecodeError(f"unsupported content encoding '{printable(name, 20)}'")
    if len(names) > MAX_CODINGS:
        shown = printable(", ".join(names), 40)
        raise DecodeError(f"too many content encodings ({shown}; at most {MAX_CODINGS})")
    return [_NAMES[n] for n in names]


class _Stage(Protocol):
    name: str

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of about `STEP` bytes at most, produced only as they are taken."""
        ...

    def end(self) -> Iterator[bytes]:
        """The input is over: what is left; DecodeError when the stream was cut short."""
        ...


class BodyDecoder:
    """Decodes a body as its raw bytes arrive: ``feed`` each chunk, then ``end``. Each stage's
    output is counted as it is produced; more than ``limit`` from any stage raises BodyTooLarge
    (intermediate stages too: 4 GB of empty deflate blocks decode to nothing, slowly)."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        # The last coding listed was applied last, so it is undone first.
        self._stages: list[_Stage] = [_stage(c) for c in reversed(codings(content_encoding))]
        self._sizes = [0] * len(self._stages)
        self._limit = limit

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def end(self) -> Iterator[bytes]:
        for i, stage in enumerate(self._stages):
            for piece in stage.end():
                yield from self._through(i + 1, self._count(i, piece))

    def _through(self, i: int, data: bytes) -> Iterator[bytes]:
        if i == len(self._stages):
            if data:
                yield data
            return
        for piece in self._stages[i].feed(data):
            yield from self._through(i + 1, self._count(i, piece))

    def _count(self, i: int, piece: bytes) -> bytes:
        self._sizes[i] += len(piece)
        if self._sizes[i] > self._limit:
            raise BodyTooLarge
        return piece


def _stage(name: str) -> _Stage:
    return _Brotli() if name == "br" else _Inflate(name)


def _corrupt(name: str) -> DecodeError:
    return DecodeError(f"could not decode the {name} body (corrupt data)")


def _truncated(name: str) -> DecodeError:
    return DecodeError(f"could not decode the {name} body (truncated data)")


class _Inflate:
    """gzip or deflate through zlib, ``max_length`` bounding each call's output."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._d: zlib._Decompress | None = None  # None: before a stream or between members
        self._head = b""  # a stream's first byte, until the second tells what it is
        self._streams = 0  # streams (gzip members) decoded to their end
        self._done = False  # past the last stream: the rest is ignored, as browsers do
        self._pending = False  # zlib may hold output for input it has already taken
        self._seen = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._seen = self._seen or bool(data)
        data, self._head = self._head + data, b""
        while (data or self._pending) and not self._done:
            if self._d is None:
                if len(data) < 2:
                    self._head = data
                    return
                self._d = self._open(data[:2])
                if self._d is None:
                    self._done = True
                    return
            try:
                out = self._d.decompress(data, STEP)
            except zlib.error:
                raise _corrupt(self.name) from None
            self._pending = len(out) == STEP
            data = self._d.unconsumed_tail
            if self._d.eof:
                data, self._d, self._pending = self._d.unused_data, None, False
                self._streams += 1
                self._done = self.name == "deflate"
            if out:
                yield out

    def end(self) -> Iterator[bytes]:
        yield from self.feed(b"")
        if self._seen and (self._d is not None or self._streams == 0):
            raise _truncated(self.name)

    def _open(self, head: bytes) -> zlib._Decompress | None:
        if self.name == "gzip":
            if self._streams and head != _GZIP_MAGIC:
                return None  # trailing bytes (zero padding...) after the last member
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # deflate: RFC 9110 means zlib-wrapped, but servers send raw deflate too.
        cmf = int.from_bytes(head, "big")
        wrapped = head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and cmf % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)


class _Brotli:
    """br through the brotli package's ``output_buffer_limit`` (brotli >= 1.2)."""

    name = "br"

    def __init__(self) -> None:
        self._d = brotli.Decompressor()
        self._seen = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._seen = self._seen or bool(data)
        try:
            out = self._d.process(data, output_buffer_limit=STEP)
            # Output may remain once the input is taken (can_accept_more_data() is then
            # already True): ask again until it stops coming or the stream is finished.
            while out:
                yield out
                if self._d.is_finished():
                    return
                out = self._d.process(b"", output_buffer_limit=STEP)
        except brotli.error:
            raise _corrupt(self.name) from None
        if not self._d.can_accept_more_data():  # owes output yet gave none: never seen
            raise _corrupt(self.name)

    def end(self) -> Iterator[bytes]:
        yield from self.feed(b"")
        if self._seen and not self._d.is_finished():
            raise _truncated(self.name)
