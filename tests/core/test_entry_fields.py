"""The entry field helpers: links made absolute and safe, authors' names out of their e-mail
forms, dates as UTC."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from reader.core.entry_fields import as_utc, author_of, safe_link
from reader.core.parsing import parse_feed

URL = "https://feeds.example.org/dir/feed.xml"


@pytest.mark.parametrize("base", ["http://h/feed.xml", "https://h/feed.xml", "HTTP://h/x"])
def test_absolute_links_come_out_as_urljoin_makes_them(base: str) -> None:
    # The shortcut for absolute http(s) links against the general path: urljoin, then a check.
    from urllib.parse import urljoin, urlsplit

    def general(link: str) -> str | None:
        try:
            absolute = urljoin(base, link)
            parts = urlsplit(absolute)
        except ValueError:
            return None
        ok = parts.scheme in ("http", "https") and parts.netloc
        return absolute if ok else None

    links = [
        "http://a/b", "https://a/b", "http://a", "http://a?x", "http://a/b?", "http://a/b#",
        "http://a/b?#", "http://a/b;", "http://a/b;x?y#z", "http://a/b/;p?q#", "http:///x",
        "https:///x", "http://[::1", "http://[::1]/x", "http://a/./b/../c", "http://a//b",
        "http://user:pw@a:8080/x", "http://ex\uff0eample.com/x", "http://", "https://",
        "http://?q", "http://#f", "http://a]/x", "http://a/x[1]", "http://é.example/x",
        "http://a/é", "https://a:80x/p", "http://\u2100/x",
    ]  # fmt: skip
    for link in links:
        assert safe_link(link, base) == general(link), link


def test_rss_author_email_and_name_forms_give_the_name() -> None:
    def author_of(value: str) -> str | None:
        body = (
            '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
            f"<author>{value}</author></item></channel></rss>"
        ).encode()
        parsed = parse_feed(body, {"content-type": "application/rss+xml"}, "https://a.example/")
        return parsed.entries[0].author

    # a long top-level domain trips feedparser's own split ("ple (Jane Doe")
    assert author_of("jdoe@ledger.example (Jane Doe)") == "Jane Doe"
    assert author_of("kim@news.co.kr (김도훈 기자)") == "김도훈 기자"
    assert author_of("Jane Doe &lt;jdoe@ledger.example&gt;") == "Jane Doe"
    assert author_of("Jane Doe") == "Jane Doe"


def test_an_author_with_a_long_run_of_white_space_is_read_fast() -> None:
    body = (
        '<rss version="2.0"><channel><title>t</title><item><title>x</title><author>Jane'
        + " " * 100_000
        + "Doe</author></item></channel></rss>"
    ).encode()
    start = time.perf_counter()
    (entry,) = parse_feed(body, {}, URL).entries
    assert time.perf_counter() - start < 1.0  # the name patterns took 0.6 s for 20,000 spaces
    assert entry.author == "Jane Doe"


def test_author_of_reads_the_authors_list_once_each() -> None:
    e = {"authors": [{"name": "Kim <b>Ji</b>"}, {"email": "lee@x.example"}, {"name": "Kim Ji"}]}
    assert author_of(e) == "Kim Ji, lee@x.example"
    assert author_of({"author": "kim@news.co.kr (김도훈 기자)"}) == "김도훈 기자"
    assert author_of({}) is None


def test_as_utc_drops_absent_and_absurd_dates() -> None:
    assert as_utc(time.gmtime(0)) == datetime(1970, 1, 1, tzinfo=UTC)
    assert as_utc(None) is None
    assert as_utc((10**12, 1, 1, 0, 0, 0, 0, 1, 0)) is None
