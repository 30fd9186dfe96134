"""Which links may be fetched unasked, decided on the literal host (no DNS), and how links are
shown (reader.core.url_safety)."""

from __future__ import annotations

import ipaddress

import pytest

from reader.core.url_safety import (
    display_url,
    is_private_host,
    may_auto_fetch,
    parse_ip,
    url_host,
)

PRIVATE_URLS = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8080/admin",
    "http://127.1/",
    "http://127.0.1/",
    "http://0x7f.1/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://017700000001/",
    "http://127.0.0.1./",
    "http://[::1]/",
    "http://[::1]:631/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:192.168.0.1]/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://localhost:3000/",
    "http://app.localhost/",
    "http://a.b.localhost/",
    "http://10.0.0.1/",
    "http://10.255.255.255/",
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.0.1/",
    "http://192.168.1.1/router",
    "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[fe80::1%25eth0]/",
    "http://0.0.0.0/",
    "http://0/",
    "http://[::]/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://user@127.0.0.1/",
    "http://bank.example@127.0.0.1/",
    "http://evil.example\\@127.0.0.1/",  # httpx connects to the host after the "@"
    "http://%31%32%37.0.0.1/",
]
PUBLIC_URLS = [
    "https://news.example.com/story",
    "http://93.184.216.34/",
    "http://8.8.8.8/",
    "http://172.32.0.1/",  # just past 172.16/12
    "http://172.15.255.255/",
    "http://11.0.0.1/",
    "http://[2606:4700::1111]/",
    "http://localhost.example.com/",
    "http://mylocalhost/",
    "http://127.0.0.1.example.com/",
    "http://0x7f.example/",
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_private_and_loopback_hosts_in_every_spelling(url: str) -> None:
    host = url_host(url)
    assert host is not None and is_private_host(host)
    assert not may_auto_fetch(url, "https://feeds.example.com/rss")


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_hosts_are_fetched(url: str) -> None:
    host = url_host(url)
    assert host is not None and not is_private_host(host)
    assert may_auto_fetch(url, "https://feeds.example.com/rss")


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0X7F.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0", "0.0.0.0"),
        ("[::ffff:10.0.0.1]", "10.0.0.1"),
        ("::127.0.0.1", "127.0.0.1"),
        ("１２７.０.０.１", "127.0.0.1"),  # full-width digits, as IDNA maps them
        ("127。0。0。1", "127.0.0.1"),  # ideographic full stops
    ],
)
def test_literal_addresses_are_read_as_resolvers_read_them(host: str, address: str) -> None:
    assert parse_ip(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize(
    "host", ["example.com", "256.0.0.1", "1.2.3.4.5", "08.0.0.1", "1..1", "0x", "127.0.0.1x", ""]
)
def test_names_and_malformed_numbers_are_not_addresses(host: str) -> None:
    parse = parse_ip(host)
    assert parse is None or host == "0x"  # "0x" alone is 0 to the URL standard


def test_a_feed_on_the_same_private_host_may_link_to_its_pages() -> None:
    newsroom = "http://127.0.0.1:8765/bitgoeul/rss.xml"
    assert may_auto_fetch("http://127.0.0.1:8765/bitgoeul/story.html", newsroom)
    assert may_auto_fetch("http://127.0.0.1:9999/other-port", newsroom)
    assert may_auto_fetch("http://localhost:8765/story", newsroom)  # this machine, either name
    assert may_auto_fetch("http://[::1]:8765/story", "http://localhost/feed")
    assert may_auto_fetch("http://192.168.0.10/page", "http://192.168.0.10:8080/feed.xml")
    assert may_auto_fetch("http://nas.localhost/page", "http://127.0.0.1/feed.xml")


def test_a_feed_elsewhere_may_not_link_to_this_machine_or_its_network() -> None:
    assert not may_auto_fetch("http://127.0.0.1:8080/admin", "https://feeds.example.com/rss")
    assert not may_auto_fetch("http://192.168.0.1/", "http://192.168.0.2/feed.xml")
    assert not may_auto_fetch("http://127.0.0.1/", "http://192.168.0.2/feed.xml")
    assert not may_auto_fetch("http://10.0.0.1/", None)
    assert not may_auto_fetch("http://[::1/", "http://127.0.0.1/feed")  # unreadable


def test_display_url_shows_the_host_that_is_fetched() -> None:
    assert display_url("http://bank.example@evil.example/login") == "http://evil.example/login"
    assert display_url("https://user:pw@news.example:8443/a?b=1#c") == (
        "https://news.example:8443/a?b=1#c"
    )
    assert display_url("http://evil.example\\@127.0.0.1/") == "http://127.0.0.1/"
    assert display_url("http://u@[::1]:8080/x") == "http://[::1]:8080/x"
    plain = "https://news.example.com/2026/11/24/기사?id=1"
    assert display_url(plain) == plain  # no userinfo: shown as it is
    assert display_url("not a url") == "not a url"
