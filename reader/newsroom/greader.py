"""A Google Reader API server for the newsroom, written from the protocol's public notes and
the way FreshRSS (`p/api/greader.php`) and Miniflux (`internal/googlereader`) answer.

``nr.serve_greader("freshrss")`` (or "miniflux", or "inoreader": Google's signed 64-bit ids)
subscribes it to the newsroom's feeds, their articles as items; ``gr.url(nr.base_url)`` is
what `[sync] url` takes. Dialects, as the real servers differ:

- freshrss: the API under `/api/greader.php`; item ids are the µs time an item arrived, `ot`
  counts from arrival, `c` is the last id sent; a POST needs the edit token `T` and the auth
  header; a wrong password is 401 "Unauthorized!"; unknown calls are 400.
- miniflux: the API at the root; ids are 1, 2, 3 …; `ot` counts from publication, `c` is an
  offset, `n` at most 10,000; a POST is authenticated by `T` alone; a wrong password is a JSON
  401; there is no `stream/contents` (unknown calls answer `[]`).
- inoreader: like freshrss at the root, with ids above 2**63 (negative in decimal lists).

``gr.down = True`` answers 503 to everything; ``gr.requests`` counts what it was asked.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from .server import Newsroom

PREFIX = "tag:google.com,2005:reader/item/"
STATE = "user/-/state/com.google/"
DIALECTS = ("freshrss", "miniflux", "inoreader")
Reply = tuple[int, bytes, str]
_JSON = "application/json; charset=UTF-8"
_TEXT = "text/plain; charset=UTF-8"


@dataclass(slots=True)
class GFeed:
    id: int
    title: str
    url: str
    html_url: str
    folder: str


@dataclass(slots=True)
class GItem:
    id: int  # unsigned 64-bit
    feed: int
    title: str
    link: str
    published: int  # Unix seconds
    html: str
    author: str
    added_usec: int


@dataclass(slots=True)
class GReaderServer:
    dialect: str = "freshrss"
    username: str = "reader"
    password: str = "correct horse"
    feeds: dict[int, GFeed] = field(default_factory=dict)
    items: dict[int, GItem] = field(default_factory=dict)
    read: set[int] = field(default_factory=set)
    starred: set[int] = field(default_factory=set)
    down: bool = False
    # call → how many more answers it gets before the server goes down (a sync cut halfway)
    fail_after: dict[str, int] = field(default_factory=dict)
    changed: dict[int, int] = field(default_factory=dict)  # item → when its state changed (s)
    requests: list[str] = field(default_factory=list)  # "GET token", "POST edit-tag" …
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {self.dialect!r}; known: {', '.join(DIALECTS)}")

    # --- content ------------------------------------------------------------------------
    @property
    def prefix(self) -> str:
        return "/api/greader.php" if self.dialect == "freshrss" else ""

    def url(self, base: str) -> str:
        """What `[sync] url` is for this server on the newsroom at `base`."""
        return base + self.prefix

    def subscribe(self, title: str, url: str, html_url: str = "", folder: str = "News") -> GFeed:
        with self.lock:
            feed = GFeed(len(self.feeds) + 1, title, url, html_url or url, folder)
            self.feeds[feed.id] = feed
        return feed

    def unsubscribe(self, feed: GFeed) -> None:
        with self.lock:
            del self.feeds[feed.id]
            for item in [i for i in self.items.values() if i.feed == feed.id]:
                del self.items[item.id]

    def add_item(
        self,
        feed: GFeed,
        title: str,
        link: str,
        published: datetime,
        html: str = "",
        author: str = "",
    ) -> GItem:
        with self.lock:
            now = time.time_ns() // 1000
            last = max(self.items, default=0) & ~(1 << 63)
            # Miniflux counts; the others use the µs the item arrived (kept unique)
            number = last + 1 if self.dialect == "miniflux" else max(now, last + 1)
            if self.dialect == "inoreader":
                number |= 1 << 63
            item = GItem(
                number, feed.id, title, link, int(published.timestamp()), html, author, now
            )
            self.items[item.id] = item
        return item

    def fill_from(self, nr: Newsroom) -> None:
        """Subscribe to every newsroom feed; its articles become items, oldest first."""
        from .content import OUTLETS
        from .feeds import entry_html

        for outlet in OUTLETS.values():
            feed = self.subscribe(outlet.name, nr.url(outlet.feed_path), nr.base_url + "/", "뉴스")
            for art in reversed(nr.feed_articles(outlet.slug)):
                link = art.path if outlet.slug == "namhansan" else nr.base_url + art.path
                if link.startswith("/"):
                    link = nr.base_url + link
                self.add_item(
                    feed, art.headline, link, art.published, entry_html(art), art.byline.name
                )

    def mark(
        self, ids: list[int], *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Change items as another client of the server would (a phone)."""
        with self.lock:
            self._set(ids, read=read, starred=starred)

    def _set(
        self, ids: list[int], *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        for flags, value in ((self.read, read), (self.starred, starred)):
            if value is not None:
                (flags.update if value else flags.difference_update)(ids)
        self.changed.update(dict.fromkeys(ids, int(time.time())))

    def item_ids(self, *, unread: bool | None = None) -> list[int]:
        with self.lock:
            return [i for i in self.items if unread is None or (i in self.read) != unread]

    # --- answering ----------------------------------------------------------------------
    def handles(self, path: str) -> bool:
        p = self.prefix
        return path.startswith((p + "/accounts/", p + "/reader/api/0/"))

    def answer(self, method: str, path: str, query: str, body: bytes, headers: Message) -> Reply:
        form = parse_qsl(query, keep_blank_values=True)
        if method == "POST":
            form += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        name = path.removeprefix(self.prefix)
        self.requests.append(f"{method} {name.removeprefix('/reader/api/0/')}")
        call = name.removeprefix("/reader/api/0/")
        with self.lock:
            left = self.fail_after.get(call)
            if left is not None:
                self.down = self.down or left <= 0
                self.fail_after[call] = left - 1
        if self.down:
            return 503, b"Service Unavailable!", _TEXT
        if name == "/accounts/ClientLogin":
            return self._login(dict(form))
        if not self._authorized(method, headers, dict(form)):
            return 401, b"Unauthorized!" if self.dialect != "miniflux" else b"Unauthorized", _TEXT
        params: dict[str, list[str]] = {}
        for key, value in form:
            params.setdefault(key, []).append(value)
        with self.lock:
            return self._call(method, call, params)

    def _login(self, form: dict[str, str]) -> Reply:
        if form.get("Email") == self.username and form.get("Passwd") == self.password:
            auth = self.auth_token
            return 200, f"SID={auth}\nLSID=null\nAuth={auth}\n".encode(), _TEXT
        if self.dialect == "miniflux":
            return 401, b'{"error_message":"access unauthorized"}', _JSON
        return 401, b"Unauthorized!", _TEXT

    @property
    def auth_token(self) -> str:
        digest = hashlib.sha256(f"{self.username}:{self.password}".encode()).hexdigest()
        return f"{self.username}/{digest[:40]}"

    @property
    def edit_token(self) -> str:
        if self.dialect == "miniflux":
            return self.auth_token  # Miniflux's edit token is its auth token
        return hashlib.sha1(self.auth_token.encode()).hexdigest().ljust(57, "Z")

    def _authorized(self, method: str, headers: Message, form: dict[str, str]) -> bool:
        header = headers.get("Authorization") or ""
        by_header = header == f"GoogleLogin auth={self.auth_token}"
        if method != "POST":
            return by_header
        by_token = form.get("T") == self.edit_token
        return by_token if self.dialect == "miniflux" else by_header and by_token

    def _call(self, method: str, call: str, params: dict[str, list[str]]) -> Reply:
        one = {key: values[0] for key, values in params.items()}
        json_only = call in ("subscription/list", "tag/list", "unread-count", "stream/items/ids")
        if (json_only or call == "stream/items/contents") and one.get("output") != "json":
            if self.dialect == "miniflux":
                return 400, b'{"error_message":"only json output is supported"}', _JSON
            if json_only:
                return 501, b"Not Implemented!", _TEXT
        if call == "token" and method == "GET":
            return 200, (self.edit_token + "\n").encode(), _TEXT
        if call == "subscription/list" and method == "GET":
            return _json({"subscriptions": [self._subscription(f) for f in self.feeds.values()]})
        if call == "tag/list" and method == "GET":
            tags = [{"id": self._user("state/com.google/starred")}]
            folders = dict.fromkeys(f.folder for f in self.feeds.values())
            tags += [{"id": self._user(f"label/{n}"), "type": "folder"} for n in folders]
            return _json({"tags": tags})
        if call == "unread-count" and method == "GET":
            return _json(self._unread_count())
        if call == "stream/items/ids" and method == "GET":
            return self._ids(params)
        if call == "stream/items/contents" and method == "POST":
            ids = [self._parse_id(i) for i in params.get("i", [])]
            found = [self.items[i] for i in ids if i in self.items]
            return _json(
                {
                    "id": STATE + "reading-list",
                    "updated": int(time.time()),
                    "items": [self._item(i) for i in found],
                }
            )
        if call == "edit-tag" and method == "POST":
            ids = [i for i in (self._parse_id(v) for v in params.get("i", [])) if i in self.items]
            for tag, adding in [(t, True) for t in params.get("a", [])] + [
                (t, False) for t in params.get("r", [])
            ]:
                state = _state(tag)
                if state in ("read", "starred"):
                    self._set(ids, **{state: adding})
            return 200, b"OK", _TEXT
        if call == "mark-all-as-read" and method == "POST":
            return self._mark_all(one.get("s", ""), one.get("ts", "0"))
        if self.dialect == "miniflux":
            return 200, b"[]", _JSON
        return 400, b"Bad Request!", _TEXT

    def _user(self, rest: str) -> str:
        return f"user/1/{rest}" if self.dialect == "miniflux" else f"user/-/{rest}"

    def _subscription(self, feed: GFeed) -> dict[str, object]:
        label = self._user(f"label/{feed.folder}")
        return {
            "id": f"feed/{feed.id}",
            "title": feed.title,
            "categories": [{"id": label, "label": feed.folder}],
            "url": feed.url,
            "htmlUrl": feed.html_url,
            "iconUrl": "",
        }

    def _unread_count(self) -> dict[str, object]:
        counts = []
        for feed in self.feeds.values():
            unread = [i for i in self.items.values() if i.feed == feed.id and i.id not in self.read]
            newest = max((i.added_usec for i in unread), default=0)
            counts.append(
                {
                    "id": f"feed/{feed.id}",
                    "count": len(unread),
                    "newestItemTimestampUsec": str(newest),
                }
            )
        total = sum(int(str(c["count"])) for c in counts)
        counts.append(
            {"id": STATE + "reading-list", "count": total, "newestItemTimestampUsec": "0"}
        )
        return {"max": total, "unreadcounts": counts}

    def _selected(self, stream: str, excludes: list[str], since: int, until: int) -> list[GItem]:
        chosen = list(self.items.values())
        if stream.startswith("feed/"):
            chosen = [i for i in chosen if f"feed/{i.feed}" == stream]
        elif _state(stream) == "starred":
            chosen = [i for i in chosen if i.id in self.starred]
        elif _state(stream) == "read":
            chosen = [i for i in chosen if i.id in self.read]
        elif _state(stream) != "reading-list":
            return []
        if any(_state(x) == "read" for x in excludes):
            chosen = [i for i in chosen if i.id not in self.read]
        by_date = self.dialect == "miniflux"  # Miniflux: `ot`/`nt` are publication times
        if since:
            chosen = [
                i for i in chosen if (i.published if by_date else i.added_usec // 10**6) >= since
            ]
        if until:
            chosen = [
                i for i in chosen if (i.published if by_date else i.added_usec // 10**6) <= until
            ]
        return sorted(chosen, key=lambda i: i.id & ~(1 << 63), reverse=True)

    def _ids(self, params: dict[str, list[str]]) -> Reply:
        one = {key: values[0] for key, values in params.items()}
        chosen = self._selected(
            one.get("s", ""), params.get("xt", []), int(one.get("ot") or 0), int(one.get("nt") or 0)
        )
        count = int(one.get("n") or 20)
        answer: dict[str, object] = {}
        if self.dialect == "miniflux":
            count = count if 0 < count <= 10_000 else 10_000
            offset = int(one.get("c") or 0)
            page = chosen[offset : offset + count]
            if offset + len(page) < len(chosen):
                answer["continuation"] = str(offset + len(page))
        else:  # FreshRSS: the continuation is the last id sent
            if c := one.get("c"):
                after = self._parse_id(c) & ~(1 << 63)
                chosen = [i for i in chosen if (i.id & ~(1 << 63)) < after]
            page = chosen[:count]
            if len(page) >= count and page:
                answer["continuation"] = str(_signed(page[-1].id))
        answer["itemRefs"] = [{"id": str(_signed(i.id))} for i in page]
        return _json(answer)

    def _item(self, item: GItem) -> dict[str, object]:
        feed = self.feeds[item.feed]
        categories = [
            self._user("state/com.google/reading-list"),
            self._user(f"label/{feed.folder}"),
        ]
        if item.id in self.read:
            categories.append(self._user("state/com.google/read"))
        if item.id in self.starred:
            categories.append(self._user("state/com.google/starred"))
        data: dict[str, object] = {
            "id": f"{PREFIX}{item.id:016x}",
            "crawlTimeMsec": str(item.added_usec // 1000),
            "timestampUsec": str(item.added_usec),
            "published": item.published,
            "title": item.title,
            "canonical": [{"href": item.link}],
            "alternate": [{"href": item.link, "type": "text/html"}],
            "categories": categories,
            "origin": {
                "streamId": f"feed/{feed.id}",
                "htmlUrl": feed.html_url,
                "title": feed.title,
            },
            "summary": {"content": item.html},
            "author": item.author,
        }
        if self.dialect == "miniflux":
            data["content"] = {"direction": "ltr", "content": item.html}
            data["updated"] = max(item.published, self.changed.get(item.id, 0))
            data["timestampUsec"] = str(item.published * 10**6)
        return data

    def _parse_id(self, text: str) -> int:
        """As each server reads an `i`: FreshRSS takes anything not all digits (or starting
        with 0) as hex; Miniflux a 16-character value as hex; decimals may be signed."""
        try:
            if text.startswith(PREFIX):
                return int(text.removeprefix(PREFIX), 16)
            if self.dialect == "freshrss" and (not text.isdigit() or text.startswith("0")):
                return int(text.rsplit("/", 1)[-1], 16)
            if self.dialect == "miniflux" and len(text) == 16:
                return int(text, 16)
            return int(text) % (1 << 64)
        except ValueError:
            return 0

    def _mark_all(self, stream: str, ts: str) -> Reply:
        if not ts.isdigit():
            return 400, b"Bad Request!", _TEXT
        usec = int(ts) if len(ts) >= 16 or self.dialect != "miniflux" else int(ts) * 10**6
        usec = usec or time.time_ns() // 1000
        for item in self._selected(stream, [], 0, 0):
            when = item.published * 10**6 if self.dialect == "miniflux" else item.added_usec
            if when <= usec and item.id not in self.read:
                self._set([item.id], read=True)
        return 200, b"OK", _TEXT


def _state(stream: str) -> str | None:
    parts = stream.split("/")
    if len(parts) >= 5 and parts[0] == "user" and parts[2] == "state" and parts[3] == "com.google":
        return "/".join(parts[4:])
    return None


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _json(data: object) -> Reply:
    return 200, json.dumps(data, ensure_ascii=False).encode(), _JSON
