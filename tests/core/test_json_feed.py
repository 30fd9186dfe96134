"""JSON Feed bodies through parse_feed (tests/data/feeds/): what a reader would see of each."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.parsing import FeedParseError, parse_feed

FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"
URL = "https://feeds.example.org/dir/feed.xml"
JF11 = b'"version": "https://jsonfeed.org/version/1.1"'


def parse(name: str, headers: dict[str, str] | None = None, url: str = URL) -> ParsedFeed:
    return parse_feed((FEEDS / name).read_bytes(), headers or {}, url)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_json_feed_11() -> None:
    feed = parse("jsonfeed11.json", {"Content-Type": "application/feed+json"})
    assert (feed.title, feed.site_link) == ("JSON & Friends", "https://json.example.org/")
    first, untitled, external, bad_link = feed.entries  # the non-object item is skipped
    assert first == ParsedEntry(
        key="1",
        title="First post",
        link="https://json.example.org/posts/1",
        author="Lee, Park",
        published=utc(2025, 6, 1, 0, 0),
        updated=utc(2025, 6, 2),
        summary="A short summary",
        content="<p>Hello <b>JSON</b> world</p>",
    )
    assert untitled.key == "2"  # numeric ids (allowed in 1.0) become strings
    assert untitled.title == "A microblog post without a title <3 Second paragraph."
    assert untitled.link == "https://feeds.example.org/posts/2"
    assert untitled.author == "Site Team"  # top-level authors apply to items
    assert untitled.content == (
        "<p>A microblog post without a title &lt;3</p><p>Second paragraph.</p>"
    )
    assert external.link == "https://elsewhere.example.com/story"
    assert external.published is None  # unparseable date
    assert bad_link.link is None


def test_json_feed_10_without_content_type() -> None:
    feed = parse("jsonfeed10.json", {"Content-Type": "text/plain"})
    assert feed.title == "Old JSON Feed"
    first, second = feed.entries
    assert first.author == "Item Author"
    assert first.published == utc(2025, 1, 1, 4, 59, 59)
    assert second.author == "Old Author"
    assert second.published == second.updated == utc(2025, 1, 1)  # modified stands in


def test_json_feed_with_no_items() -> None:
    body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": []}'
    assert parse_feed(body, {}, URL) == ParsedFeed(title="T", site_link=None, entries=())


def test_hostile_json_feed() -> None:
    feed = parse("hostile.json")
    assert feed.title == "Hostile JSON"
    c1, surrogate, markup = feed.entries
    assert c1.title == "C1 csi and nel"
    assert c1.content == "<p>abc</p>"
    assert surrogate.title == "lone surrogate"
    assert surrogate.summary == "osc gone"
    assert markup.title == "<b>not a tag</b> & entity"  # JSON titles are plain text
    assert markup.content == "<p>1 &lt; 2 &amp; &lt;script&gt;</p>"
    for entry in feed.entries:  # storable: valid UTF-8 throughout
        for value in (entry.title, entry.summary, entry.content):
            value.encode("utf-8")


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (b'{"items": [', {}, "invalid JSON: Expecting value at line 1, column 12"),
        (b"oops", {"Content-Type": "application/feed+json"}, "invalid JSON: Expecting value"),
        (b'{"title": "x"}', {}, "not a feed (JSON without a JSON Feed version)"),
        (b"{" + JF11 + b"}", {}, "invalid JSON Feed: no items list"),
        (b"[" * 100_000, {}, "invalid JSON: nested too deeply"),
        (b"{" + JF11 + b', "items": ["\xff"]}', {}, "invalid JSON: not UTF-8"),
        (b"{" + JF11 + b', "items": [{"id": ' + b"1" * 5000 + b"}]}", {}, "invalid JSON: "),
    ],
)
def test_bad_json_bodies(body: bytes, headers: dict[str, str], reason: str) -> None:
    with pytest.raises(FeedParseError, match="^" + reason.replace("(", r"\(").replace(")", r"\)")):
        parse_feed(body, headers, URL)
