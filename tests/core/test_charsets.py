"""Only text encodings: a charset label naming base64, rot13, zlib, undefined... (codecs Python
knows but that turn bytes into something other than text, or fail on any input) is ignored as
if absent, wherever a label is read: HTTP header, XML declaration, <meta charset>."""

from __future__ import annotations

import codecs

import pytest

from reader.core import charsets
from reader.core.charsets import choose_encoding, normalise_charset
from reader.core.extract.decode import decode_html
from reader.core.parsing import FeedParseError, parse_feed

URL = "http://127.0.0.1/feed.xml"
HOSTILE = [
    "base64",
    "hex",
    "zlib",
    "rot13",
    "rot-13",
    "undefined",
    "punycode",
    "idna",
    "unicode_escape",
    "unicode-escape",
    "raw_unicode_escape",
    "utf-7",
    "bz2",
    "uu",
    "quopri",
    "mbcs",
    "base64_codec",
    "string_escape",
    "cp037",  # EBCDIC: text, but no web page or feed is in it
]


def rss(title: str, item: str, declaration: str = '<?xml version="1.0"?>') -> str:
    return (
        f'{declaration}\n<rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{item}</title><guid>g1</guid></item></channel></rss>"
    )


# (body, channel title, item title): UTF-8, legacy Korean (똠 is CP949-only), windows-1252
# (its quotes are what Latin-1 and the escape codecs get wrong), plain ASCII.
FEEDS = {
    "utf-8": (rss("한글 뉴스", "마산 마늘").encode(), "한글 뉴스", "마산 마늘"),
    "cp949": (rss("똠방각하 소식", "시장 골목").encode("cp949"), "똠방각하 소식", "시장 골목"),
    "cp1252": (rss("Café crème", "“quoted”").encode("cp1252"), "Café crème", "“quoted”"),
    "ascii": (rss("Plain", "Words").encode(), "Plain", "Words"),
}


def titles(body: bytes, content_type: str) -> tuple[str | None, str]:
    feed = parse_feed(body, {"Content-Type": content_type}, URL)
    return feed.title, feed.entries[0].title


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_labels_are_no_codec(label: str) -> None:
    assert normalise_charset(label) is None
    assert normalise_charset(label.upper()) is None
    assert normalise_charset(f'"{label}"') is None


@pytest.mark.parametrize("label", HOSTILE)
@pytest.mark.parametrize("kind", list(FEEDS))
def test_feed_with_a_hostile_http_charset_reads_as_without(label: str, kind: str) -> None:
    body, title, item = FEEDS[kind]
    assert titles(body, f"application/rss+xml; charset={label}") == (title, item)


@pytest.mark.parametrize("label", HOSTILE)
@pytest.mark.parametrize("kind", list(FEEDS))
def test_feed_with_a_hostile_xml_declaration_reads_as_without(label: str, kind: str) -> None:
    _, title, item = FEEDS[kind]
    encoding = {"ascii": "ascii"}.get(kind, kind)
    body = rss(title, item, f'<?xml version="1.0" encoding="{label}"?>').encode(encoding)
    assert titles(body, "application/rss+xml") == (title, item)
    assert titles(body, "text/xml; charset=utf-8") == (title, item)


@pytest.mark.parametrize("label", ["undefined", "rot13", "unicode_escape", "utf-7"])
def test_hostile_declaration_in_utf16_without_bom(label: str) -> None:
    text = rss("한글 뉴스", "마산 마늘", f'<?xml version="1.0" encoding="{label}"?>')
    for codec in ("utf-16-le", "utf-16-be"):
        assert titles(text.encode(codec), "application/rss+xml") == ("한글 뉴스", "마산 마늘")


@pytest.mark.parametrize("label", ["undefined", "punycode", "unicode_escape"])
def test_hostile_label_feedparser_would_read_later_on_the_line(label: str) -> None:
    """feedparser takes the last encoding="…" on the first line: ours must not depend on it."""
    item = f'encoding="{label}" ?>'
    body = rss("Café “quoted”", item).replace("\n", "").encode("cp1252")
    assert titles(body, "application/xml") == ("Café “quoted”", item)


@pytest.mark.parametrize("label", HOSTILE)
def test_json_feed_with_a_hostile_charset(label: str) -> None:
    body = '{"version": "https://jsonfeed.org/version/1.1", "title": "한글", "items": []}'
    headers = {"Content-Type": f"application/json; charset={label}"}
    assert parse_feed(body.encode(), headers, URL).title == "한글"
    with pytest.raises(FeedParseError, match="invalid JSON: not UTF-8"):
        parse_feed(body.encode("cp949"), headers, URL)  # not read as anything else


# -- article pages -------------------------------------------------------------------------------

PAGES = {
    "utf-8": "<html><head><title>한글</title></head><body><p>똠방각하 소식</p></body></html>",
    "cp949": "<html><head><title>한글</title></head><body><p>똠방각하 소식</p></body></html>",
    "cp1252": "<html><head><title>x</title></head><body><p>Café “quoted”</p>"
    + "<p>Le café crème du marché, déjà servi à la façade élégante.</p>" * 4
    + "</body></html>",
}


@pytest.mark.parametrize("label", HOSTILE)
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_with_a_hostile_http_charset_decodes_as_without(label: str, kind: str) -> None:
    body = PAGES[kind].encode(kind)
    expected = decode_html(body)
    assert decode_html(body, {"Content-Type": f"text/html; charset={label}"}) == expected
    assert "소식" in expected or "“quoted”" in expected


@pytest.mark.parametrize("label", HOSTILE)
@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize(
    "meta",
    ['<meta charset="{}">', '<meta http-equiv="Content-Type" content="text/html; charset={}">'],
)
def test_page_with_a_hostile_meta_charset_decodes_as_without(
    label: str, kind: str, meta: str
) -> None:
    """As a label no codec has (same length, so detection sees the same kind of bytes)."""

    def page(charset: str) -> bytes:
        return PAGES[kind].replace("<head>", "<head>" + meta.format(charset)).encode(kind)

    text = decode_html(page(label))
    assert text.replace(label, "x" * len(label)) == decode_html(page("x" * len(label)))
    assert "똠방각하 소식" in text or "Café “quoted”" in text


def test_utf16_labels_on_ascii_compatible_pages() -> None:
    body = '<meta charset="utf-16"><p>똠방각하</p>'.encode()
    assert "똠방각하" in decode_html(body)
    body = b'<meta charset="utf-16"><p>plain</p>'
    assert "<p>plain</p>" in decode_html(body)
    for label in ("utf-16", "utf-16le", "utf-32"):  # in the HTTP header: ignored as wrong
        assert "<p>plain</p>" in decode_html(body, {"Content-Type": f"text/html; charset={label}"})
    utf16 = "<p>똠방각하</p>".encode("utf-16-le")  # but right for bytes that are UTF-16
    assert "똠방각하" in decode_html(utf16, {"Content-Type": "text/html; charset=utf-16"})


# -- the whitelist -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("EUC-KR", "cp949"),
        ("euc_kr", "cp949"),  # Python's spelling, as charset_normalizer answers
        ("KS_C_5601-1987", "cp949"),
        ("ks_c-5601", "cp949"),
        ("x-windows-949", "cp949"),
        ("x-euc-kr", "cp949"),
        ("uhc", "cp949"),
        ("utf_8", "utf-8"),
        ("unicode-1-1-utf-8", "utf-8"),
        ("utf-8-sig", "utf-8"),
        ("latin-1", "cp1252"),
        ("x-user-defined", "cp1252"),
        ("shift_jis", "cp932"),
        ("big5", "big5hkscs"),
        ("x-gbk", "gb18030"),
        ("iso-8859-8-i", "iso8859-8"),
        ("tis-620", "cp874"),
        ("koi8-u", "koi8-u"),
        ("x-mac-cyrillic", "mac-cyrillic"),
        ("utf-16", "utf-16"),
        ("utf-16be", "utf-16-be"),
        ("UTF-32", "utf-32"),
        ("iso-2022-kr", None),  # WHATWG's "replacement": never decoded
        ("", None),
        ("x" * 100, None),
    ],
)
def test_real_labels_map_to_their_codecs(label: str, codec: str | None) -> None:
    assert normalise_charset(label) == codec


def test_every_codec_used_is_a_text_codec_python_knows() -> None:
    for codec in set(charsets._LABELS.values()) | set(charsets._PYTHON.values()):
        info = codecs.lookup(codec)
        assert info._is_text_encoding, codec  # type: ignore[attr-defined]
        assert isinstance(bytes(range(0x20, 0x7F)).decode(codec, "replace"), str)


def test_utf16_labels_on_ascii_xml_are_ignored() -> None:
    for body in (b'<?xml version="1.0" encoding="utf-16"?><rss/>', b"<rss></rss>", b"<rss/>"):
        assert choose_encoding(body, "utf-16") == "utf-8"
        assert choose_encoding(body, "utf-32") == "utf-8"
    body, title, item = FEEDS["ascii"]
    for padded in (body, body + b" "):  # an even length decodes as UTF-16: CJK noise
        assert titles(padded, "application/rss+xml; charset=utf-16") == (title, item)
