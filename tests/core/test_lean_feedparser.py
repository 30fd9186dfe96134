"""The lean feedparser gives exactly what stock feedparser gives, on every feed we have."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import feedparser
import feedparser.api
import pytest

from reader.core import lean_feedparser
from reader.core.parsing import parse_feed
from reader.newsroom.content import OUTLETS, articles_for
from reader.newsroom.feeds import render_feed

DATA = Path(__file__).resolve().parent.parent / "data" / "feeds"

# What the fast paths skip must still happen when it applies: C1 characters mapped as
# windows-1252, detail dicts that are separate copies, base64 content, an Atom XHTML <div>.
_TRICKY = [
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    b"<item><title>caf\xc2\x92s \xc2\x93quoted\xc2\x94</title><guid>1</guid>"
    b"<description>&lt;p&gt;a \xc2\x85 b&lt;/p&gt;</description></item>"
    b"<item><title>two</title><guid>2</guid><description>plain</description></item>"
    b"</channel></rss>",
    b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    b"<title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>T <b>x</b></div></title>"
    b"<entry><id>e1</id><title>x</title>"
    b"<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>\xea\xb4\x91\xec\xa3\xbc"
    b"</p></div></content>"
    b"<summary type='text'>&lt;b&gt;looks like html&lt;/b&gt;</summary></entry>"
    b"<entry><id>e2</id><title>y</title>"
    b"<content type='text/plain' mode='base64'>7ZWc6rWt7Ja0</content></entry></feed>",
]


def _bodies() -> Iterator[tuple[str, bytes]]:
    for path in sorted(DATA.iterdir()):
        if path.suffix in (".xml", ".rdf"):
            yield path.name, path.read_bytes()
    for slug, outlet in OUTLETS.items():  # the newsroom's feeds, rendered without a server
        yield f"newsroom:{slug}", render_feed(outlet, articles_for(slug), "http://127.0.0.1:9")
    for i, body in enumerate(_TRICKY):
        yield f"tricky-{i}", body


def _parse(body: bytes) -> str:
    result = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-type": "application/xml"},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    result.pop("bozo_exception", None)  # exception objects do not compare equal
    return repr(result)


@pytest.fixture
def stock_and_lean(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[type, type]]:
    assert lean_feedparser.install(), f"feedparser {feedparser.__version__} is not supported"
    lean = feedparser.api.StrictFeedParser
    stock = lean.__mro__[1]
    yield stock, lean
    monkeypatch.setattr(feedparser.api, "StrictFeedParser", lean)


@pytest.mark.parametrize(
    ("name", "body"), list(_bodies()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_lean_parser_gives_what_feedparser_gives(
    name: str, body: bytes, stock_and_lean: tuple[type, type], monkeypatch: pytest.MonkeyPatch
) -> None:
    stock, lean = stock_and_lean
    monkeypatch.setattr(feedparser.api, "StrictFeedParser", stock)
    expected = _parse(body)
    monkeypatch.setattr(feedparser.api, "StrictFeedParser", lean)
    assert _parse(body) == expected, name


def test_c1_characters_are_still_read_as_windows_1252() -> None:
    feed = parse_feed(_TRICKY[0], {"content-type": "application/rss+xml"}, "http://example.com/")
    assert feed.entries[0].title == "caf’s “quoted”"


def test_detail_dicts_are_separate_copies(stock_and_lean: tuple[type, type]) -> None:
    result = feedparser.parse(io.BytesIO(_TRICKY[0]), sanitize_html=False)
    first, second = result.entries
    first.summary_detail["value"] = "changed"
    assert second.summary_detail["value"] == "plain"
    assert first.title_detail.type == "text/plain"  # still attribute access


def test_other_feedparser_versions_keep_the_stock_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    stock = feedparser.api.StrictFeedParser
    if getattr(stock, "_sinmun_lean", False):
        stock = stock.__mro__[1]
    monkeypatch.setattr(feedparser.api, "StrictFeedParser", stock)
    monkeypatch.setattr(feedparser, "__version__", "7.0.0")
    assert lean_feedparser.install() is False
    assert feedparser.api.StrictFeedParser is stock
