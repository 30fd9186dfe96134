from pathlib import Path

import pytest

from reader.core.models import Feed
from reader.core.opml import SubscriptionFileError, export_opml, parse_subscriptions

DATA = Path(__file__).resolve().parents[1] / "data" / "opml"


def test_opml_outlines_with_folders_and_titles():
    specs = parse_subscriptions((DATA / "subscriptions.opml").read_bytes())
    assert [s.url for s in specs] == [
        "https://bitgoeul.example/rss.xml",
        "http://harbour.example/atom",
        "https://world.example/feed.json",
    ]  # file: URL and the duplicate are skipped
    assert specs[0].title == "빛고을일보" and specs[0].tags == ("지역",)
    assert specs[2].title == "World & More" and specs[2].tags == ()


def test_newsboat_urls_with_tags_titles_and_queries():
    specs = parse_subscriptions((DATA / "urls").read_bytes())
    assert [s.url for s in specs] == [
        "https://bitgoeul.example/rss.xml",
        "http://harbour.example/atom",
        "https://world.example/feed.json",
    ]
    assert specs[0].title == "빛고을일보 전체"
    assert specs[0].tags == ("local", "광주 뉴스")
    assert specs[1].title is None and specs[1].tags == ("english",)


def test_export_round_trips_through_import():
    feeds = [
        Feed(1, "https://a.example/rss?x=1&y=2", 'Quotes "and" <tags>', "https://a.example/"),
        Feed(2, "https://b.example/atom", "광주일보"),
    ]
    specs = parse_subscriptions(export_opml(feeds).encode())
    assert [(s.url, s.title) for s in specs] == [(f.url, f.title) for f in feeds]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<?xml version='1.0'?><opml><body><outline", "not valid OPML"),
        (b"<?xml version='1.0'?><rss><channel/></rss>", "root element is <rss>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>',
            "entity declarations",
        ),
    ],
)
def test_bad_opml_is_a_clear_error(data, reason):
    with pytest.raises(SubscriptionFileError, match=reason):
        parse_subscriptions(data)


def test_unbalanced_quote_in_urls_file_names_line():
    with pytest.raises(SubscriptionFileError, match="line 2"):
        parse_subscriptions(b'https://a.example/x\nhttps://b.example/y "open\n')


def test_deeply_nested_folders_neither_overflow_nor_lose_the_feed() -> None:
    """100,000 nested folders (a hostile file) read in a moment; the feed inside is found
    with the outer folders as its tags."""
    opening = "".join(f'<outline text="f{i}">' for i in range(100_000))
    body = (
        f'<opml version="2.0"><body>{opening}<outline xmlUrl="http://127.0.0.1/f" text="t"/>'
        + "</outline>" * 100_000
        + "</body></opml>"
    ).encode()
    (spec,) = parse_subscriptions(body)
    assert spec.url == "http://127.0.0.1/f"
    assert spec.tags == tuple(f"f{i}" for i in range(16))


def test_nested_folders_keep_document_order() -> None:
    body = b"""<opml version="2.0"><body>
<outline text="A"><outline xmlUrl="http://127.0.0.1/1" text="1"/>
  <outline text="B"><outline xmlUrl="http://127.0.0.1/2" text="2"/></outline>
  <outline xmlUrl="http://127.0.0.1/3" text="3"/></outline>
<outline xmlUrl="http://127.0.0.1/4" text="4"/></body></opml>"""
    specs = parse_subscriptions(body)
    assert [s.url[-1] for s in specs] == ["1", "2", "3", "4"]
    assert {s.url[-1]: s.tags for s in specs}["2"] == ("A", "B")
