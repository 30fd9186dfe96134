"""One spelling per feed URL, so `HTTP://Host:80/feed` and `http://host/feed` are one feed.

Every way a feed URL comes in (the config, `feeds add`, `feeds remove`, `import`, `articles
--feed`) passes through `normalize_url` before it is compared or stored. Pure: no I/O.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

__all__ = ["normalize_url"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=4096)  # each start compares the config's list with the stored one
def normalize_url(url: str) -> str:
    """`url` with its scheme and host in lower case, the host in IDNA (ASCII) form, the
    scheme's default port dropped and an empty path as "/". Only the parts that cannot change
    what the server is asked for are touched: the path's case, the query and the fragment stay
    as written. Anything that is not an absolute http(s) URL comes back stripped, as it was
    (whoever fetches it says what is wrong with it)."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:  # a bad port or IPv6 literal
        return text
    scheme = parts.scheme.lower()
    host = parts.hostname  # lower case, IPv6 brackets removed
    if scheme not in _DEFAULT_PORTS or not host:
        return text
    host = _ascii_host(host)
    if host is None:
        return text
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    userinfo, at, _ = parts.netloc.rpartition("@")
    netloc = f"{userinfo}{at}{host}"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, parts.fragment))


def _ascii_host(host: str) -> str | None:
    """The host as DNS sees it (한국.kr → xn--3e0b707e.kr); None when it is no valid name."""
    if host.isascii():
        return host
    try:
        import idna  # httpx's own choice (IDNA 2008 with UTS 46 mapping)

        return idna.encode(host, uts46=True).decode("ascii")
    except ImportError:  # pragma: no cover - httpx depends on it
        pass
    except (UnicodeError, ValueError):
        return None
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
