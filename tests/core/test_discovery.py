"""Feed discovery over an HTML page's bytes (`reader.core.discovery`)."""

from __future__ import annotations

from reader.core.discovery import advertised_feeds

PAGE = "http://news.example/section/index.html"


def test_alternate_feed_links_in_page_order_absolute_and_once() -> None:
    html = b"""<!doctype html><html><head>
    <link rel="stylesheet" type="text/css" href="/s.css">
    <LINK REL="Alternate" TYPE="application/rss+xml; charset=UTF-8" href="rss.xml">
    <link rel="alternate" type="text/html" hreflang="en" href="/en/">
    <link rel="alternate" type="application/atom+xml" title="Atom" href="HTTP://News.Example:80/atom">
    <link rel="alternate home" type="application/feed+json" href="/feed.json"/>
    <link rel="alternate" type="application/rss+xml" href="./rss.xml">
    <link rel="alternate" type="application/rss+xml" href="">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head><body><p>...</p></body></html>"""
    assert advertised_feeds(html, PAGE) == [
        "http://news.example/section/rss.xml",
        "http://news.example/atom",
        "http://news.example/feed.json",
    ]


def test_base_href_and_entities() -> None:
    html = (
        b'<head><base href="https://cdn.example/feeds/">'
        b'<link rel=alternate type=application/rss+xml href="main.xml?a=1&amp;b=2"></head>'
    )
    assert advertised_feeds(html, PAGE) == ["https://cdn.example/feeds/main.xml?a=1&b=2"]


def test_korean_page_in_euc_kr() -> None:
    html = (
        '<head><meta charset="euc-kr"><title>지역 소식</title>'
        '<link rel="alternate" type="application/rss+xml" title="전체기사" href="/rss/전체.xml">'
    ).encode("cp949")
    assert advertised_feeds(html, PAGE, "euc-kr") == ["http://news.example/rss/전체.xml"]


def test_nothing_advertised() -> None:
    assert advertised_feeds(b"<html><head><title>x</title></head></html>", PAGE) == []
    assert advertised_feeds(b"\x89PNG\r\n\x1a\n\x00\x00binary", PAGE) == []
    assert advertised_feeds(b"<link rel=alternate type=application/rss+xml href='", PAGE) == []
