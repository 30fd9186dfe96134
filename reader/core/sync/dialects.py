"""What Google Reader API servers differ in, and what they share: addresses, item ids, streams.

Every server answers ClientLogin at `<url>/accounts/ClientLogin` and the API under
`<url>/reader/api/0/`: FreshRSS's `<url>` is `https://host/api/greader.php`, Miniflux's is the
site root, Inoreader's and The Old Reader's their API host. Item ids come in two forms: the long
`tag:google.com,2005:reader/item/<16 hex digits>` (an unsigned 64-bit number) in item contents,
and a decimal one in `stream/items/ids`, which Google's API wrote *signed* (an id with the high
bit set is negative there). FreshRSS's and Miniflux's ids are small and positive, so both forms
agree on them; Sinmun keeps the signed 64-bit value and sends the long form, which every server
reads (FreshRSS and Miniflux read a bare decimal differently when it has 16 digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

ITEM_PREFIX = "tag:google.com,2005:reader/item/"
STATE = "user/-/state/com.google/"
READ = STATE + "read"
STARRED = STATE + "starred"
READING_LIST = STATE + "reading-list"
LABEL = "user/-/label/"

_U64 = 1 << 64
_I64_MAX = (1 << 63) - 1
_HEX = re.compile(r"[0-9a-fA-F]{1,16}")
_DECIMAL = re.compile(r"-?[0-9]{1,20}")
# "user/-/state/com.google/read", "user/1/state/com.google/read" (Miniflux), "user/123…/…"
_USER_STREAM = re.compile(r"user/[^/]*/(state/com\.google|label)/(.*)", re.DOTALL)


def signed(value: int) -> int:
    """An unsigned 64-bit value as the signed one Google's decimal ids use."""
    if not 0 <= value < _U64:
        raise ValueError(f"item id out of range: {value}")
    return value - _U64 if value > _I64_MAX else value


def parse_item_id(text: str) -> int:
    """An item id in any form a server sends (long hex with its prefix, or decimal, signed or
    not) as a signed 64-bit int; ValueError for anything else."""
    text = text.strip()
    if text.startswith(ITEM_PREFIX):
        digits = text.removeprefix(ITEM_PREFIX)
        if not _HEX.fullmatch(digits):
            raise ValueError(f"not an item id: {text[:80]!r}")
        return signed(int(digits, 16))
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"not an item id: {text[:80]!r}")
    value = int(text)
    if value < 0:
        if value < -(1 << 63):
            raise ValueError(f"item id out of range: {text}")
        return value
    return signed(value)  # an unsigned decimal of a high id is taken as Google's signed one


def long_item_id(item_id: int) -> str:
    """The long form: `tag:google.com,2005:reader/item/` and 16 hex digits."""
    return f"{ITEM_PREFIX}{item_id % _U64:016x}"


def state_name(stream: str) -> str | None:
    """`read` for "user/-/state/com.google/read" (or "user/1/…", as Miniflux writes it)."""
    match = _USER_STREAM.fullmatch(stream)
    return match.group(2) if match and match.group(1) == "state/com.google" else None


def label_name(stream: str) -> str | None:
    """`Tech` for "user/-/label/Tech" (or "user/1/label/Tech")."""
    match = _USER_STREAM.fullmatch(stream)
    return match.group(2) if match and match.group(1) == "label" else None


@dataclass(frozen=True, slots=True)
class Dialect:
    """How to talk to one server: where things are, and how big a request may be."""

    name: str  # "freshrss" or "greader" (Miniflux, Inoreader, The Old Reader …)
    base: str  # the configured URL, without a trailing slash

    ids_per_page: int = 10_000  # Miniflux caps `n` at 10,000; FreshRSS takes what it is given
    contents_per_request: int = 250  # FreshRSS reads at most 1 MiB of a POST body

    @property
    def dates_changes(self) -> bool:
        """Whether items carry the time their state last changed (`updated`): Miniflux's do,
        FreshRSS's carry no such field."""
        return self.name != "freshrss"

    @property
    def login_url(self) -> str:
        return f"{self.base}/accounts/ClientLogin"

    def api(self, path: str) -> str:
        return f"{self.base}/reader/api/0/{path}"


def dialect_for(url: str) -> Dialect:
    """The dialect of the server at `url` (FreshRSS's API lives in `…/api/greader.php`)."""
    base = url.rstrip("/")
    path = urlsplit(base).path
    return Dialect("freshrss" if path.endswith("greader.php") else "greader", base)
