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
# The labels of the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels)
# by the Python codec that reads them, browser supersets applied: a page labelled EUC-KR
# routinely holds CP949-only syllables such as 똠 or 햏. Only these, and Python's own names for
# the same codecs, are ever used: a label naming base64, rot13, zlib, punycode, undefined,
# unicode_escape, utf-7... (all `codecs.lookup` finds) is no text encoding and is ignored.
_WHATWG = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
    "iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
    "iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
    "iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
    "iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
    "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
    "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 "
    "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 "
    "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 "
    "x-user-defined",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk "
    "gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 "
    "ksc5601 ksc_5601 windows-949 x-windows-949 x-euc-kr",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16le",
    "utf-16": "utf-16",  # Python reads a BOM, else the machine order (little-endian in practice)
}
_LABELS = {label: codec for codec, labels in _WHATWG.items() for label in labels.split()}
# Python's canonical names (`codecs.lookup(label).name`) accepted besides: the codecs above and
# the legacy names they replace, so "EUC_KR", "utf_8" or "ks_c-5601" read as browsers would.
_PYTHON = {codec: codec for codec in _WHATWG} | {
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "utf-8-sig": "utf-8",
    "utf-32": "utf-32",  # not WHATWG's, but XML's, and a BOM says it anyway
    "utf-32-le": "utf-32-le",
    "utf-32-be": "utf-32-be",
}
# Charsets servers send by default rather than by knowledge: a body that is valid UTF-8 or
# declares its own encoding wins over them.
_WEAK = frozenset({"cp1252"})
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
# feedparser's own reading of the declaration (feedparser.encodings.RE_XML_PI_ENCODING): the
# label it tries when the encoding chosen here does not decode the body.
_FEEDPARSER_ENCODING = re.compile(rb"""^<\?.*encoding=['"](.*?)['"].*\?>""")


def normalise_charset(label: str | None) -> str | None:
    """A charset label as the Python codec to decode it with (EUC-KR → cp949, ...), or None
    for anything that is not a text encoding of the WHATWG Encoding Standard."""
    if not label:
        return None
    key = label.strip().strip("\"'").strip().lower()
    if codec := _LABELS.get(key):
        return codec
    if not key or len(key) > 40:
        return None
    try:
        name = codecs.lookup(key).name
    except (LookupError, ValueError):
        return None
    return _PYTHON.get(name)


def decodes(body: bytes, encoding: str) -> bool:
    return decoded(body, encoding) is not None


def decoded(body: bytes, encoding: str) -> str | None:
    """``body`` decoded with ``encoding``, or None when it does not decode."""
    try:
        return body.decode(encoding)
    except (UnicodeError, LookupError):  # UnicodeError: what a non-text codec may raise
        return None


def fits(encoding: str, body: bytes) -> bool:
    """False for a UTF-16/32 label on ASCII-compatible bytes: text in those starts with "<", a
    space or a BOM, so NUL bytes in its first 4; read as UTF-16 anyway it is CJK noise."""
    return not encoding.startswith(("utf-16", "utf-32")) or b"\x00" in body[:4]


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
    """The encoding to read an XML body with (see :func:`read_body`)."""
    return read_body(body, header_charset)[0]


def read_body(body: bytes, header_charset: str | None) -> tuple[str | None, str | None]:
    """The encoding to read an XML body with: BOM, UTF-8 when the body is valid UTF-8, a specific
    HTTP charset, the XML declaration, the server's generic charset (ISO-8859-1 and the like),
    CP949 for undeclared Korean; the first that decodes the whole body wins. Labels map to their
    supersets (EUC-KR → CP949); labels of no text encoding count as absent. None: let
    feedparser sniff (UTF-16 without a BOM that does not decode).

    Also the body decoded with that encoding when finding it took decoding the whole body
    (else None: decode it yourself), so that a feed is decoded once, not once per step.
    """
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return encoding, None
    if body[:4] == b"\x00\x00\x00<":
        return "utf-32-be", None
    if body[:4] == b"<\x00\x00\x00":
        return "utf-32-le", None
    if body[:2] in (b"<\x00", b"\x00<"):
        # UTF-16 without a BOM; else feedparser tries the declared label, which may be anything.
        encoding = "utf-16-le" if body[0] else "utf-16-be"
        text = decoded(body, encoding)
        return (encoding, text) if text is not None else (None, None)
    # Legacy-encoded text (CP949 Hangul, Latin-1 accents...) is practically never valid UTF-8,
    # while sites moved to UTF-8 often keep their old EUC-KR label: valid UTF-8 wins.
    if not body.isascii() and (text := decoded(body, "utf-8")) is not None:
        return "utf-8", text
    header = normalise_charset(header_charset)
    if header and not fits(header, body):
        header = None
    match = _XML_ENCODING.match(body.lstrip()[:200])
    declared = normalise_charset(_ascii(match[1])) if match else None
    if declared and declared.startswith(("utf-16", "utf-32")):
        declared = None  # a UTF-16 declaration in ASCII-compatible bytes is wrong
    candidates: list[str | None] = [header] if header and header not in _WEAK else []
    candidates += [declared, "utf-8", header]
    for encoding in dict.fromkeys(c for c in candidates if c):
        if (text := decoded(body, encoding)) is not None:
            return encoding, text
    if _looks_korean(body):
        return "cp949", None
    # Nothing decodes, so feedparser goes on to the declared label as it reads it: one of no
    # text encoding ("undefined", "unicode_escape") crashes it or garbles the feed. Settle here
    # on what it would reach next anyway (windows-1252, else ISO-8859-2: any bytes decode).
    if m := _FEEDPARSER_ENCODING.match(body):
        label = normalise_charset(_ascii(m[1]))
        if not label or label.startswith(("utf-16", "utf-32")):  # not in these bytes
            return ("cp1252" if decodes(body, "cp1252") else "iso8859-2"), None
    return next((c for c in candidates if c), None), None


def _ascii(label: bytes) -> str:
    return label.decode("ascii", "replace")
