"""The lxml fast path stores exactly what feedparser's path stores, on every feed the project has
and on crafted RSS that walks its edge cases; and it declines what it does not model."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core import fast_feed
from reader.core.feed_writes import stored_fields
from reader.core.models import ParsedFeed
from reader.core.parsing import FeedParseError, parse_feed
from reader.core.rfc822_dates import rfc822_date
from reader.newsroom.content import OUTLETS, articles_for
from reader.newsroom.feeds import CONTENT_TYPES, render_feed

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "feeds"
URL = "http://news.example/feeds/rss.xml"
RSS_TYPE = {"content-type": "application/rss+xml"}
DC = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'
CONTENT = 'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
ATOM = 'xmlns:atom="http://www.w3.org/2005/Atom"'


def rss(items: str, channel: str = "<title>Desk</title><link>http://news.example/</link>") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" {DC} {CONTENT} {ATOM}>'
        f"<channel>{channel}{items}</channel></rss>"
    ).encode()


# Each accepted by the fast path, each with something feedparser does its own way.
CRAFTED = {
    "guid-is-the-link": rss("<item><title>a</title><guid>http://news.example/a</guid></item>"),
    "bare-guid-permalink": rss("<item><title>a</title><guid>12345</guid></item>"),
    "guid-before-link": rss(
        "<item><guid>http://news.example/g</guid><link>http://news.example/l</link>"
        "<title>a</title></item>"
    ),
    "link-then-bare-guid": rss("<item><link>12345</link><guid>12345</guid><title>a</title></item>"),
    "guid-not-permalink": rss(
        '<item><guid isPermaLink="false">http:///news.example/x</guid><title>a</title></item>'
    ),
    "content-before-description": rss(
        "<item><title>a</title><content:encoded><![CDATA[<p>Full <b>body</b></p>]]>"
        "</content:encoded><description>Short &amp; sweet</description></item>"
    ),
    "content-only": rss(
        "<item><title></title><content:encoded>&lt;p&gt;Only body, no title&lt;/p&gt;"
        "</content:encoded></item>"
    ),
    "html-looking-title": rss(
        "<item><title>Tom &amp;amp; &lt;b&gt;Jerry&lt;/b&gt;</title></item>"
        "<item><title>1 &lt; 2 &amp;&amp; <![CDATA[<i>x</i>]]></title></item>"
    ),
    "c1-and-mojibake": rss(
        "<item><title>caf\u0092s \u0093q\u0094</title><description>Ã©tÃ©</description>"
        "<guid>c1</guid></item>"
    ),
    "authors": rss(
        "<item><title>a</title><author>jdoe@ledger.example (Jane Doe)</author></item>"
        "<item><title>b</title><dc:creator>박진수 기자</dc:creator></item>"
        "<item><title>c</title><author>Kim &lt;kim@x.example&gt;</author></item>"
        "<item><title>d</title><author>a@b.co</author></item>"
    ),
    "dates": rss(
        "<item><title>a</title><pubDate>Tue, 24 Nov 2026 09:30:00 +0900</pubDate></item>"
        "<item><title>b</title><dc:date>2026-11-24T09:30:00+09:00</dc:date></item>"
        "<item><title>c</title><pubDate>2026년 11월 24일</pubDate></item>"
        "<item><title>d</title><pubDate>Mon, 30 Feb 2026 99:00:00 GMT</pubDate></item>"
    ),
    "links": rss(
        "<item><title>a</title><link>/relative/path?a=1&amp;amp;b=2</link></item>"
        "<item><title>b</title><link>  javascript:alert(1)  </link></item>"
        "<item><title>c</title><link>http:///news.example/x&amp;copy;y</link></item>"
        "<item><title>d</title><link/></item>",
        channel="<title>Desk</title><link>/home?x=1&amp;amp;y</link>",
    ),
    "channel-furniture": rss(
        "<item><title>a</title><category domain='x'>Local</category>"
        "<enclosure url='http://news.example/a.mp3' length='1' type='audio/mpeg'/>"
        "<comments>http://news.example/c</comments></item>",
        channel=(
            "<!-- generated --><atom:link href='http://news.example/rss' rel='self' "
            "type='application/rss+xml'/><image><url>http://news.example/i.png</url>"
            "<title>Logo title</title><link>http://news.example/logo</link></image>"
            "<title>Desk &lt;i&gt;Daily&lt;/i&gt;</title><description>d</description>"
            "<lastBuildDate>Tue, 24 Nov 2026 09:30:00 GMT</lastBuildDate>"
            "<skipHours><hour>1</hour></skipHours>"
        ),
    ),
    "empty-and-space": rss(
        "<item><title>  </title><description>   </description></item>"
        "<item><title>\n  spaced\n  </title><guid>  g2  </guid></item>",
        channel="<title></title>",
    ),
    "repeated-keys": rss(
        "<item><title>first</title><guid>same</guid></item>"
        "<item><title>second</title><guid>same</guid></item>"
    ),
    "euc-kr": (
        '<?xml version="1.0" encoding="EUC-KR"?><rss version="2.0"><channel><title>광주일보'
        "</title><item><title>똠방각하 시장</title><description>&lt;p&gt;본문&lt;/p&gt;"
        "</description><guid>k1</guid></item></channel></rss>"
    ).encode("cp949"),
    "bom-no-declaration": b"\xef\xbb\xbf"
    + b"<rss version='0.92'><channel><item><title>x</title></item></channel></rss>",
    # _Reader.date's own reading of RFC 822, and dates it leaves to feedparser's handlers
    "rfc822-dates": rss(
        "".join(
            f"<item><title>{i}</title><guid>d{i}</guid><pubDate>{date}</pubDate></item>"
            for i, date in enumerate(
                [
                    "4 Nov 2026 09:30:00 UT",
                    "Sun, 01 Nov 2026 23:59:59 Z",
                    "Sat, 31 Oct 2026 12:00:00 -0530",
                    "Thu, 29 Feb 2024 00:00:00 +1400",
                    "Tue, 24 Nov 2026 09:30:60 GMT",
                    "31 Apr 2026 10:00:00 GMT",
                    "Fri, 31 Dec 9999 23:00:00 -1400",
                    "Mon, 01 Jan 0001 00:30:00 +0100",
                    "tue, 24 nov 2026 09:30:00 gmt",
                    "Tue, 24 Nov 2026 09:30:00 EST",
                    "Tue,  24 Nov 2026 09:30:00 GMT",
                    "Tue, 24 Nov 26 09:30:00 GMT",
                ]
            )
        )
    ),
    # What finish() changes: C1 controls (UTF-8 or references), UTF-8 read as Latin-1; and
    # Latin-1 letters beside wider ones, which it leaves
    "c1-references": rss(
        "<item><title>a&#133;b &#x92;c</title><guid>r1</guid></item>"
        "<item><title>Ã©tÃ© · 광주</title><description>Ã©tÃ©</description></item>"
    ),
    "latin1-without-c1": rss(
        "<item><title>café · 광주</title><description>Ã©tÃ©</description><guid>l1</guid>"
        "<author>Zoë Ã©</author></item>"
    ),
    "extra-slashes": rss(
        "<item><title>a</title><link>http:////news.example/a</link>"
        "<guid>https:///news.example/g</guid></item>"
    ),
}


def _feedgen() -> Any:
    """benchmarks/_feedgen.py, the refresh benchmark's feeds (benchmarks/ is no package)."""
    name = "_sinmun_benchmark_feedgen"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "_feedgen.py")
        assert spec and spec.loader
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


def _bodies() -> Iterator[tuple[str, bytes, dict[str, str]]]:
    for path in sorted(DATA.iterdir()):
        if path.suffix in (".xml", ".rdf"):
            yield path.name, path.read_bytes(), {"content-type": "application/xml"}
    for slug, outlet in OUTLETS.items():  # the newsroom's feeds, rendered without a server
        body = render_feed(outlet, articles_for(slug), "http://127.0.0.1:9")
        content_type = f"{CONTENT_TYPES[outlet.feed_format]}; charset={outlet.encoding}"
        yield f"newsroom:{slug}", body, {"content-type": content_type}
    make_feed = _feedgen().make_feed
    for i in range(4):  # both kinds: CDATA (even) and escaped HTML (odd)
        _, doc = make_feed(i, 12, "http://127.0.0.1:8000", 1500, 7)
        yield f"feedgen-{i}", doc.body, {"content-type": doc.content_type}
    for name, body in CRAFTED.items():
        yield name, body, RSS_TYPE


def _stored(parsed: ParsedFeed | str) -> list[tuple[str, Any]]:
    """What a refresh stores, field by field (an error: its message)."""
    return [("error", parsed)] if isinstance(parsed, str) else stored_fields(parsed)


def _parse(body: bytes, headers: dict[str, str], *, fast: bool) -> ParsedFeed | str:
    try:
        return parse_feed(body, headers, URL, fast=fast)
    except FeedParseError as exc:
        return f"error: {exc}"


@pytest.fixture
def accepted(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each call to the fast path read its document."""
    calls: list[bool] = []
    read = fast_feed.read_rss

    def watch(body: bytes, encoding: str | None, *text: str | None) -> dict[str, Any] | None:
        result = read(body, encoding, *text)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(fast_feed, "read_rss", watch)
    return calls


BODIES = list(_bodies())


@pytest.mark.parametrize(("name", "body", "headers"), BODIES, ids=[b[0] for b in BODIES])
def test_both_paths_store_the_same(
    name: str, body: bytes, headers: dict[str, str], accepted: list[bool]
) -> None:
    expected = _stored(_parse(body, headers, fast=False))
    assert not accepted  # fast=False never tries it
    got = _stored(_parse(body, headers, fast=True))
    if any(accepted):
        assert len(got) == len(expected), name
        for want, have in zip(expected, got, strict=True):
            assert have == want, name


def test_the_fast_path_reads_the_feeds_it_is_for(accepted: list[bool]) -> None:
    fast_names = ["rss20.xml", "utf8-declared.xml", "euc-kr.xml", "feedgen-0", "feedgen-1"]
    fast_names += list(CRAFTED)
    fast_names += [f"newsroom:{s}" for s, o in OUTLETS.items() if o.feed_format == "rss2"]
    bodies = {name: (body, headers) for name, body, headers in BODIES}
    for name in fast_names:
        accepted.clear()
        _parse(*bodies[name], fast=True)
        assert accepted == [True], name
    for name in ("atom.xml", "rss10.rdf", "malformed.xml", "billion-laughs.xml", "xxe.xml"):
        accepted.clear()
        _parse(*bodies[name], fast=True)
        assert not any(accepted), name


def test_edge_cases_read_as_feedparser_reads_them() -> None:
    """Spot checks of values the equivalence above compares wholesale."""
    entries = {e.title: e for e in parse_feed(CRAFTED["links"], RSS_TYPE, URL).entries}
    assert entries["a"].link == "http://news.example/relative/path?a=1&b=2"
    assert entries["b"].link is None
    assert entries["c"].link == "http://news.example/x&copyy"  # feedparser's "&name;" → "&name"
    bare = parse_feed(CRAFTED["bare-guid-permalink"], RSS_TYPE, URL).entries[0]
    assert (bare.key, bare.link) == ("12345", None)
    c1 = parse_feed(CRAFTED["c1-and-mojibake"], RSS_TYPE, URL).entries[0]
    assert (c1.title, c1.summary) == ("caf’s “q”", "été")


def test_rfc822_dates_read_as_feedparser_reads_them() -> None:
    """The fast reading of RFC 822 dates against feedparser's own, invalid dates included."""
    from feedparser.datetimes import _parse_date

    reader = fast_feed._Reader(fast_feed._Feedparser())
    read = 0
    for weekday in ("", "Tue, ", "Sun, "):
        for day in ("1", "09", "29", "30", "31"):
            for month in ("Feb", "Apr", "Oct", "Dec"):
                for year in ("0001", "1999", "2026", "9999"):
                    for clock in ("00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60"):
                        for zone in ("GMT", "UT", "Z", "+0000", "-0530", "+1400", "-1400", "EST"):
                            date = f"{weekday}{day} {month} {year} {clock} {zone}"
                            assert reader.date(date) == _parse_date(date), date
                            read += rfc822_date(date) is not None
    assert read > 2000  # the valid ones (a quarter) were read the quick way


# --- declined: feedparser reads these ------------------------------------------------------------

ITEM = "<item><title>t</title><guid>g</guid>{}</item>"
DECLINED = {
    "atom": b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
    "itunes": rss(
        ITEM.format("<itunes:summary>s</itunes:summary>"),
        channel='<title xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">x</title>',
    ).replace(b"<rss ", b'<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '),
    "media": rss(ITEM.format('<m:title xmlns:m="http://search.yahoo.com/mrss/">m</m:title>')),
    "unknown-namespace": rss(ITEM.format('<x:y xmlns:x="http://unknown.example/">1</x:y>')),
    "source": rss(ITEM.format("<source url='http://o.example/rss'>Other</source>")),
    "xml-base": rss(ITEM.format("<link xml:base='http://b.example/'>x</link>")),
    "base-attribute": rss(ITEM.format("<category base='http://b.example/'>c</category>")),
    "doctype": rss(ITEM.format("")).replace(b"<rss", b"<!DOCTYPE rss>\n<rss", 1),
    "entity": rss(ITEM.format("<description>&nbsp;</description>")),
    "typed-title": rss("<item><title type='html'>a</title></item>"),
    "markup-in-description": rss(ITEM.format("<description><p>x</p></description>")),
    "comment-in-title": rss("<item><title>a<!-- c -->b</title></item>"),
    "two-titles": rss("<item><title>a</title><title>b</title></item>"),
    "creator-and-author": rss(ITEM.format("<author>a</author><dc:creator>b</dc:creator>")),
    "item-attributes": rss(
        "<item rdf:about='x' xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>"
    ),
    "atom-link-alternate": rss("", channel="<atom:link href='http://news.example/'/>"),
    "atom-link-in-item": rss(ITEM.format("<atom:link href='http://x.example/' rel='self'/>")),
    "textinput": rss("", channel="<textInput><title>t</title><link>l</link></textInput>"),
    "items-outside-channel": b"<rss version='2.0'><channel/><item><title>x</title></item></rss>",
    "malformed": rss(ITEM.format("<description>a < b</description>")),
    # feedparser reads "dc:creator" with the prefixes the document binds: here, a title.
    "canonical-prefix-rebound": rss(ITEM.format("<d:title xmlns:d='x'>1</d:title>")).replace(
        DC.encode(), b'xmlns:dc="http://purl.org/rss/1.0/modules/content/"'
    ),
    "utf-16": "<rss version='2.0'><channel><title>x</title></channel></rss>".encode("utf-16"),
}


@pytest.mark.parametrize("name", list(DECLINED))
def test_declines_what_it_does_not_model(name: str, accepted: list[bool]) -> None:
    body = DECLINED[name]
    fallback = _stored(_parse(body, RSS_TYPE, fast=False))
    assert _stored(_parse(body, RSS_TYPE, fast=True)) == fallback
    assert not any(accepted), name


def test_more_items_than_kept_go_to_feedparser(
    monkeypatch: pytest.MonkeyPatch, accepted: list[bool]
) -> None:
    monkeypatch.setattr(fast_feed, "MAX_ENTRIES", 3)
    body = rss("".join(f"<item><title>{i}</title><guid>{i}</guid></item>" for i in range(4)))
    _parse(body, RSS_TYPE, fast=True)
    assert accepted == [False]
    accepted.clear()
    monkeypatch.setattr(fast_feed, "MAX_ENTRIES", 4)
    _parse(body, RSS_TYPE, fast=True)
    assert accepted == [True]
