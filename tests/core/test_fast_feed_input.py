"""The fast path's document: the bytes feedparser's strict parser would get, and expat's
verdict on them (the fast path as a whole is compared with feedparser in test_fast_feed.py)."""

from __future__ import annotations

import pytest

from reader.core.fast_feed_input import USERLAND, expat_accepts, utf8_document

DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>"
DOC = "<rss version='2.0'><channel><title>한글 뉴스</title></channel></rss>"
DC = "http://purl.org/dc/elements/1.1/"
NAMESPACES = {DC: "dc", "http://purl.org/rss/1.0/modules/content/": "content", USERLAND: ""}


@pytest.mark.parametrize("with_text", [True, False])
def test_the_declaration_is_rewritten_to_utf8(with_text: bool) -> None:
    body = ("<?xml version='1.0' encoding='UTF-8' ?>" + DOC).encode()
    text = body.decode() if with_text else None
    assert utf8_document(body, "utf-8", text) == DECLARATION + DOC.encode()
    # no declaration: one is put on a line of its own
    text = DOC if with_text else None
    assert utf8_document(DOC.encode(), "utf-8", text) == DECLARATION + b"\n" + DOC.encode()


def test_another_charset_is_decoded_and_a_utf8_bom_dropped() -> None:
    body = ('<?xml version="1.0" encoding="euc-kr"?>' + DOC).encode("cp949")
    assert utf8_document(body, "cp949", None) == DECLARATION + DOC.encode()
    bom = b"\xef\xbb\xbf" + DOC.encode()
    expected = DECLARATION + b"\n" + DOC.encode()
    assert utf8_document(bom, "utf-8", bom.decode("utf-8")) == expected
    assert utf8_document(bom, "utf-8", None) == expected


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (DOC.encode(), None),  # no charset decided
        (DOC.encode("utf-16"), "utf-16"),
        (b"<rss>\xff</rss>", "utf-8"),  # does not decode
        (b"<feed xmlns='http://www.w3.org/2005/Atom'/>", "utf-8"),  # not RSS
        (b"<!DOCTYPE rss>" + DOC.encode(), "utf-8"),
        (DOC.encode().replace(b"</rss>", b"<!-- <!ENTITY x 'y'> --></rss>"), "utf-8"),
    ],
)
def test_what_feedparser_must_read_gives_none(body: bytes, encoding: str | None) -> None:
    assert utf8_document(body, encoding, None) is None


def test_expat_accepts_well_formed_documents_with_the_usual_prefixes() -> None:
    ok = f"<rss xmlns:dc='{DC}' xmlns:u='http://backend.userland.com/rss2'><channel/></rss>"
    assert expat_accepts(ok.encode(), NAMESPACES)
    assert not expat_accepts(b"<rss><channel></rss>", NAMESPACES)  # malformed
    # "dc" bound to another known namespace: feedparser would read dc:creator as that one's
    rebound = "<rss xmlns:dc='http://purl.org/rss/1.0/modules/content/'><channel/></rss>"
    assert not expat_accepts(rebound.encode(), NAMESPACES)
    # a known namespace under a prefix of the document's own is fine
    assert expat_accepts(f"<rss xmlns:d='{DC}'><channel/></rss>".encode(), NAMESPACES)
