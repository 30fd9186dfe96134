"""Choosing a body's character encoding: BOM, valid UTF-8, HTTP header, XML declaration,
then a guess — with legacy labels read as their supersets (EUC-KR as CP949), as browsers do."""

from __future__ import annotations

import codecs
import re

BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
# Labels read as their supersets, as browsers do (WHATWG Encoding Standard): a page labelled
# EUC-KR routinely holds CP949-only syllables such as 똠 or 햏.
_SUPERSETS = {
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
}
_ALIASES = {"x-windows-949": "cp949", "windows-949": "cp949", "x-euc-kr": "cp949"}
# Charsets servers send by default rather than by knowledge: a body that is valid UTF-8 or
# declares its own encoding wins over them.
_WEAK = frozenset({"cp1252"})
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")


def normalise_charset(label: str | None) -> str | None:
    """A charset label as the Python codec to decode it with (EUC-KR → cp949, ...), or None."""
    if not label:
        return None
    label = _ALIASES.get(label.strip().lower(), label.strip())
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _looks_korean(body: bytes) -> bool:
    """Undeclared legacy bytes that read as mostly Hangul in CP949 (Western text reads as hanja)."""
    try:
        text = body.decode("cp949")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    hangul = sum(1 for c in wide if "\uac00" <= c <= "\ud7a3")
    return bool(wide) and hangul >= 0.8 * len(wide)


def choose_encoding(body: bytes, header_charset: str | None) -> str | None:
    """The encoding to read an XML body with: BOM, UTF-8 when the body is valid UTF-8, a specific
    HTTP charset, the XML declaration, the server's generic charset (ISO-8859-1 and the like),
    CP949 for undeclared Korean; the first that decodes the whole body wins. Labels map to their
    supersets (EUC-KR → CP949). None: let feedparser sniff (UTF-16 without a BOM).
    """
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return encoding
    if body[:4] == b"\x00\x00\x00<":
        return "utf-32-be"
    if body[:4] == b"<\x00\x00\x00":
        return "utf-32-le"
    if body[:2] in (b"<\x00", b"\x00<"):
        return None
    # Legacy-encoded text (CP949 Hangul, Latin-1 accents...) is practically never valid UTF-8,
    # while sites moved to UTF-8 often keep their old EUC-KR label: valid UTF-8 wins.
    if not body.isascii() and decodes(body, "utf-8"):
        return "utf-8"
    header = normalise_charset(header_charset)
    match = _XML_ENCODING.match(body.lstrip()[:200])
    declared = normalise_charset(match.group(1).decode("ascii")) if match else None
    if declared and declared.startswith(("utf-16", "utf-32")):
        declared = None  # a UTF-16 declaration in ASCII-compatible bytes is wrong
    candidates = [header] if header and header not in _WEAK else []
    candidates += [declared, "utf-8", header]
    for encoding in dict.fromkeys(c for c in candidates if c):
        if decodes(body, encoding):
            return encoding
    if _looks_korean(body):
        return "cp949"
    return next((c for c in candidates if c), None)
