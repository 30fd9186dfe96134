"""Links from feeds, judged before Sinmun fetches or shows them (pure functions, no DNS).

A feed on the internet can link its entries anywhere, and opening an article fetches its link:
a link to ``http://127.0.0.1:8080/admin`` or ``http://192.168.0.1/`` would make the reader
request a page on this machine or its network (SSRF). `may_auto_fetch` allows those only when
the feed itself is on that host (the offline newsroom and ``sinmun demo`` serve both from
127.0.0.1); otherwise the reader fetches them only when asked.

The host is read as the fetcher (httpx) reads it, and classified by its literal form: every
spelling the system resolver turns into an address counts (``127.1``, ``0x7f.1``,
``2130706433``, ``0177.0.0.1``, ``[::1]``, ``[::ffff:127.0.0.1]``), as do ``localhost`` and
``*.localhost``. Names are not resolved: a public name that resolves to a private address is
not caught here.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import unquote

_LOCAL_NAMES = frozenset(
    {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "localhost6"}
)
_DOTS = re.compile("[\u3002\uff0e\uff61]")  # full stops IDNA reads as "."
_LOOPBACK = "loopback"  # the key of every name and address of this machine
_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def url_host(url: str) -> str | None:
    """The host a fetch of ``url`` would connect to, as written (lower-case, no brackets, no
    userinfo or port); None when it cannot be read."""
    import httpx  # lazy: the app's first frame does not need it

    try:
        host = httpx.URL(url.strip()).host
    except (httpx.InvalidURL, TypeError, ValueError):
        return None
    return host or None


def parse_ip(host: str) -> IPAddress | None:
    """The address a literal host stands for, in every form resolvers accept, else None.

    IPv4 as `inet_aton` (and the URL standard) reads it: one to four dot-separated parts, each
    decimal, octal (leading 0) or hex (0x), the last filling the remaining bytes (``127.1``,
    ``2130706433``). IPv6 with or without brackets and zone; IPv4-mapped forms give the IPv4.
    """
    host = _DOTS.sub(".", unicodedata.normalize("NFKC", unquote(host))).strip().lower()
    host = host.removeprefix("[").removesuffix("]").removesuffix(".")
    if ":" in host:
        try:
            address = ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
        mapped = address.ipv4_mapped or _ipv4_compatible(address)
        return mapped or address
    return _ipv4(host)


def _ipv4_compatible(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The deprecated ``::a.b.c.d`` form (not ``::`` or ``::1``)."""
    value = int(address)
    return ipaddress.IPv4Address(value) if 1 < value < 2**32 else None


def _ipv4(host: str) -> ipaddress.IPv4Address | None:
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.fullmatch(p) for p in parts):
        return None
    numbers = [
        int(p[2:] or "0", 16) if p[:2] in ("0x", "0X") else int(p, 8 if p[0] == "0" else 10)
        for p in parts
    ]
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _is_local_name(host: str) -> bool:
    name = host.strip().lower().removesuffix(".")
    return name in _LOCAL_NAMES or name.endswith(".localhost")


def is_private_host(host: str) -> bool:
    """This machine or a private network: loopback, private (10/8, 172.16/12, 192.168/16,
    fc00::/7), link-local (169.254/16, fe80::/10), unspecified (0.0.0.0, ::), CGNAT and the
    other non-global ranges, and ``localhost``/``*.localhost``."""
    if _is_local_name(host):
        return True
    address = parse_ip(host)
    if address is None:
        return False
    site_local = isinstance(address, ipaddress.IPv6Address) and address.is_site_local
    return not address.is_global or address.is_multicast or site_local


def _host_key(host: str) -> str:
    """One spelling per host: this machine's names and addresses are one host."""
    if _is_local_name(host):
        return _LOOPBACK
    address = parse_ip(host)
    if address is None:
        return host.strip().lower().removesuffix(".")
    if address.is_loopback or address.is_unspecified:
        return _LOOPBACK
    return str(address)


def may_auto_fetch(link: str, feed_url: str | None) -> bool:
    """Whether opening an article may fetch ``link`` unasked: a public host, or a private one
    the feed itself (``feed_url``) is served from. A link whose host cannot be read is not
    fetched unasked either."""
    host = url_host(link)
    if host is None:
        return False
    if not is_private_host(host):
        return True
    feed_host = url_host(feed_url) if feed_url else None
    return feed_host is not None and _host_key(feed_host) == _host_key(host)


def display_url(url: str) -> str:
    """``url`` as it should be shown: without userinfo, so that the host read is the host
    fetched (``http://bank.example@evil.example/`` shows as ``http://evil.example/``)."""
    if "@" not in url:
        return url  # no userinfo possible (and no httpx import for it)
    import httpx

    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        return url
    if not parsed.userinfo:
        return url
    return str(parsed.copy_with(userinfo=b""))
