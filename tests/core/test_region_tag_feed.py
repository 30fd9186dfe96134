"""`region_index.tag_feed`: the regions a parse worker notes on each entry of a feed."""

from __future__ import annotations

from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.region_index import tag_feed
from reader.core.region_match import Place

SOUTH = (Place("광주", ("광주", "Gwangju")), Place("부산", ("부산", "Busan")))
NORTH = (Place("서울", ("서울", "Seoul")),)


def _feed() -> ParsedFeed:
    return ParsedFeed(
        title="소식",
        site_link=None,
        entries=(
            ParsedEntry(key="a", title="광주 소식", summary="Seoul and Busan"),
            ParsedEntry(key="b", title="날씨", summary="맑음", content="<p>부산</p>"),
            ParsedEntry(key="c", title="날씨", summary="광주리", content="x", content_text="서울"),
        ),
    )


def test_each_entry_gets_the_regions_it_mentions_in_order():
    tagged = tag_feed(_feed(), SOUTH)
    assert [e.regions for e in tagged.entries] == [("광주", "부산"), ("부산",), ()]


def test_a_feed_tagged_again_is_copied_and_the_first_tags_stay():
    first = tag_feed(_feed(), SOUTH)
    second = tag_feed(first, NORTH)
    assert [e.regions for e in second.entries] == [("서울",), (), ("서울",)]
    assert [e.regions for e in first.entries] == [("광주", "부산"), ("부산",), ()]
    assert second.entries == first.entries  # regions take no part in equality
