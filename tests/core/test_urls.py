"""One spelling per feed URL (`reader.core.urls`) and bringing stored URLs to it."""

from __future__ import annotations

import pytest

from reader.core.feed_urls import UrlChange, plan
from reader.core.urls import normalize_url


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("HTTP://Host/feed", "http://host/feed"),
        ("http://host/feed", "http://host/feed"),
        ("https://EXAMPLE.com:443", "https://example.com/"),
        ("http://example.com:80/rss?Page=1#Top", "http://example.com/rss?Page=1#Top"),
        ("http://example.com:8080/X", "http://example.com:8080/X"),  # the path keeps its case
        ("https://example.com:80/", "https://example.com:80/"),  # not https' default
        ("http://한국.kr/피드", "http://xn--3e0b707e.kr/피드"),
        ("http://User:PW@Host:80/", "http://User:PW@host/"),
        ("http://[::1]:80/x", "http://[::1]/x"),
        ("  https://x.org/a \n", "https://x.org/a"),
    ],
)
def test_normal_form(given: str, normal: str) -> None:
    assert normalize_url(given) == normal
    assert normalize_url(normal) == normal  # idempotent


@pytest.mark.parametrize(
    "odd", ["ftp://host/", "not a url", "http://host:99999/", "http://[::1/", "mailto:a@b", ""]
)
def test_what_is_no_http_url_comes_back_as_written(odd: str) -> None:
    assert normalize_url(odd) == odd


def test_stored_copies_merge_into_the_first_then_the_first_is_renamed() -> None:
    rows = [(1, "HTTP://A/x"), (2, "http://b/"), (3, "http://a/x"), (4, "http://B")]
    assert plan(rows, normalize_url) == [
        UrlChange(3, "http://a/x", "http://a/x", keep_id=1, kept="HTTP://A/x"),
        UrlChange(4, "http://B", "http://b/", keep_id=2, kept="http://b/"),
        UrlChange(1, "HTTP://A/x", "http://a/x"),
    ]
    assert plan([(1, "http://a/x"), (2, "https://a/x")], normalize_url) == []
