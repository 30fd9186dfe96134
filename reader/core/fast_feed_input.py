"""The document :mod:`reader.core.fast_feed` hands lxml: the bytes feedparser's strict SAX
parser would get for a feed body (its declaration rewritten to UTF-8, as feedparser's
``convert_to_utf8`` does), and whether expat, that parser, reads them without an error and with
the namespace prefixes feedparser expects. A document either check turns away goes to
feedparser, as it would without the fast path.
"""

from __future__ import annotations

import re

_XML_DECLARATION = re.compile(r"^<\?xml[^>]*?>")  # feedparser.encodings.RE_XML_DECLARATION
_NEW_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"
_XML_DECLARATION_BYTES = re.compile(rb"<\?xml[^>]*?>")
_NEW_DECLARATION_BYTES = _NEW_DECLARATION.encode()
# feedparser reads any namespace URI holding the part as the whole
USERLAND, USERLAND_PART = "http://backend.userland.com/rss", "backend.userland.com/rss"


def utf8_document(body: bytes, encoding: str | None, text: str | None) -> bytes | None:
    """The bytes feedparser's SAX parser would get (its ``convert_to_utf8`` given our charset),
    when there is no DTD to rewrite; else None. ``text``: ``body`` decoded, or None."""
    if not encoding or encoding.startswith(("utf-16", "utf-32")):
        return None
    if body.startswith(b"\xef\xbb\xbf"):
        # feedparser drops a UTF-8 BOM's bytes before decoding; in UTF-8 text it is one U+FEFF
        if text is not None and encoding == "utf-8" and text.startswith("\ufeff"):
            text = text[1:]
        else:
            text = None
        body = body[3:]
    if text is not None and encoding == "utf-8":
        # ``body`` is that text's UTF-8 already; where a declaration ends is the same in bytes
        # (">" is one byte that no other character's UTF-8 holds)
        if m := _XML_DECLARATION_BYTES.match(body):
            data = _NEW_DECLARATION_BYTES + body[m.end() :]
        else:
            data = _NEW_DECLARATION_BYTES + b"\n" + body
    else:
        if text is None:
            try:
                text = body.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                return None
        if _XML_DECLARATION.search(text):
            text = _XML_DECLARATION.sub(_NEW_DECLARATION, text)
        else:
            text = _NEW_DECLARATION + "\n" + text
        data = text.encode("utf-8")
    if b"<rss" not in data:
        return None  # Atom, RSS 1.0, an HTML page...: no tree built for nothing
    # Anywhere, not only before the root: a comment holding "<a" ends feedparser's prolog early;
    # and HTML pasted into CDATA with its DOCTYPE is rare enough to leave to feedparser.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    return data


def expat_accepts(data: bytes, namespaces: dict[str, str]) -> bool:
    """Whether feedparser's strict parser reads ``data`` without an error (else it would read
    it loosely) and maps every namespace declared to the prefix the document uses for it
    (feedparser looks some up by prefix)."""
    import xml.parsers.expat

    canonical = set(namespaces.values())
    parser = xml.parsers.expat.ParserCreate(None, " ")
    parser.buffer_text = True
    unusual: list[str] = []

    def declared(prefix: str | None, uri: str | None) -> None:
        lower = (uri or "").lower()
        if USERLAND_PART in lower:
            lower = USERLAND
        known = namespaces.get(lower)
        # feedparser looks a canonical prefix ("dc") up among the document's own: bound to
        # another known namespace, "dc:creator" would be read as that one's element.
        if prefix and known is not None and known != prefix and prefix in canonical:
            unusual.append(prefix)

    parser.StartNamespaceDeclHandler = declared
    try:
        parser.Parse(data, True)
    except (xml.parsers.expat.ExpatError, ValueError, RecursionError):
        return False
    return not unusual
