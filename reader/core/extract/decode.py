"""Bytes of an HTML page → text, the way browsers pick the encoding.

Order: byte-order mark, the HTTP ``Content-Type`` charset, ``<meta charset>`` (or the
``http-equiv`` form) in the first bytes, then UTF-8 if it decodes cleanly, then detection. One
exception: bytes that decode as UTF-8 and are not plain ASCII are UTF-8 even under a legacy label.
Labels are mapped as browsers map them (`reader.core.charsets`, the WHATWG Encoding Standard's
labels): EUC-KR (and its aliases) → CP949, its superset, since Korean sites labelled EUC-KR
routinely use CP949-only syllables; Latin-1/ASCII → windows-1252. A label of no text encoding
(base64, rot13, zlib, undefined...) is ignored, as browsers ignore it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from reader.core import charsets

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE | re.DOTALL
)


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for an HTML charset label, browser-style; None if unknown or not a
    text encoding."""
    return charsets.normalise_charset(label)


def declared_charset(body: bytes, headers: Mapping[str, str] | None = None) -> str | None:
    """The encoding the response declares (BOM, HTTP header, then <meta>), normalised."""
    for bom, encoding in charsets.BOMS:
        if body.startswith(bom):
            return encoding
    content_type = (headers or {}).get("content-type", "")
    m = _HEADER_CHARSET.search(content_type)
    if m and (name := normalise_charset(m.group(1))) and charsets.fits(name, body):
        return name
    meta = _META_CHARSET.search(body[:8192])
    if meta and (name := normalise_charset(meta.group(1).decode("ascii", "replace"))):
        # A <meta> that could be read is in ASCII-compatible bytes: UTF-16 there means UTF-8
        # (HTML's rule), or the page would decode to CJK noise.
        return name if charsets.fits(name, body) else "utf-8"
    return None


def decode_html(body: bytes, headers: Mapping[str, str] | None = None) -> str:
    """The page's text; never raises (undecodable bytes become U+FFFD)."""
    if not body:
        return ""
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    declared = declared_charset(body, lowered)
    if declared not in (None, "utf-8", "utf-16"):
        # Bytes that are valid UTF-8 with multi-byte sequences are UTF-8 whatever the label
        # says (re-encoded pages keep stale <meta charset>); legacy CJK text is never valid.
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not text.isascii():
                return text
    if declared:
        if declared == "utf-16":
            return body.decode("utf-16", "replace")
        try:
            return body.decode(declared)
        except UnicodeDecodeError:
            if declared != "utf-8":  # a wrong legacy label: keep it, browsers do
                return body.decode(declared, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = _detect(body)
    return body.decode(guess or "utf-8", "replace")


def _detect(body: bytes) -> str | None:
    from charset_normalizer import from_bytes  # only for undeclared legacy pages

    best = from_bytes(body[:200_000]).best()
    return normalise_charset(best.encoding) if best is not None else None
