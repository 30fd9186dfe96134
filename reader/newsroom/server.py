"""``Newsroom``: the offline newsroom as a real HTTP server on 127.0.0.1 in a daemon thread."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any

from reader.core.models import FeedSpec

from .alerts import AlertsState

if TYPE_CHECKING:
    from .greader import GReaderServer
from .content import ARTICLES, OUTLETS, Byline, NewsArticle, Outlet, articles_for
from .feeds import render_feed
from .handlers import RequestRecord, encode_body, handler_class
from .pages import render_article, render_index


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() must not wait for handlers (a /faults/hang may be running)
    request_queue_size = 256  # benchmarks open hundreds of connections at once
    newsroom: Newsroom

    def __init__(self, addr: tuple[str, int], newsroom: Newsroom) -> None:
        self.newsroom = newsroom
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(addr, handler_class())

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def close_all(self) -> None:
        """Unblock handler threads parked on keep-alive reads or slow writes."""
        with self.sockets_lock:
            socks, self.open_sockets = list(self.open_sockets), set()
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


class Newsroom:
    """Feeds, article pages, weather APIs and fault endpoints on one local server.

    ``with Newsroom() as nr: nr.feed_specs()`` — see the package docstring for the paths.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.request_log: list[RequestRecord] = []
        self.stop_event = threading.Event()
        self.weather_failing = False
        self.weather_fail_status = 503
        self.weather_time: datetime | None = None  # pin the weather clock (aware); None = now
        self.alerts = AlertsState()  # what the warning and fine-dust services answer
        self.greader: GReaderServer | None = None  # a Google Reader API server (serve_greader)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._published: dict[str, list[NewsArticle]] = {slug: [] for slug in OUTLETS}
        self._feed_cache: dict[str, bytes] = {}
        self._page_cache: dict[tuple[str, str], tuple[bytes, bool]] = {}
        self._coded: dict[tuple[str, str], bytes] = {}
        self._attempts: dict[tuple[str, str], int] = {}

    # --- lifecycle ----------------------------------------------------------------------------
    def start(self) -> Newsroom:
        if self._httpd is not None:
            return self
        self.stop_event.clear()
        self._httpd = _Server((self.host, self.port), self)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"newsroom:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self.stop_event.set()  # releases /faults/hang and /faults/drip
        httpd.shutdown()
        httpd.server_close()
        httpd.close_all()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def __enter__(self) -> Newsroom:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Start (if needed) and block until Ctrl-C or ``stop()`` from another thread."""
        self.start()
        try:
            while self._httpd is not None:
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def serve_greader(self, dialect: str = "freshrss", *, fill: bool = True) -> GReaderServer:
        """Serve a Google Reader API server too (see reader.newsroom.greader), subscribed to
        this newsroom's feeds unless `fill` is False."""
        from .greader import GReaderServer

        server = GReaderServer(dialect)
        if fill:
            server.fill_from(self)
        self.greader = server
        return server

    # --- addresses ----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the newsroom is not running; call start() first")
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def feed_specs(self) -> list[FeedSpec]:
        """The good feeds, titled with their outlet names."""
        return [FeedSpec(self.url(o.feed_path), o.name) for o in OUTLETS.values()]

    def broken_feed_urls(self) -> list[str]:
        return [self.url("/feeds/broken.xml")]

    # --- content ------------------------------------------------------------------------------
    def outlet(self, slug: str) -> Outlet:
        return OUTLETS[slug]

    def feed_slug_for(self, path: str) -> str | None:
        for o in OUTLETS.values():
            if o.feed_path == path:
                return o.slug
        return None

    def feed_articles(self, slug: str) -> list[NewsArticle]:
        """Catalogue plus published articles of one feed, newest first."""
        with self._lock:
            extra = list(self._published[slug])
        return sorted(extra + articles_for(slug), key=lambda a: a.published, reverse=True)

    def find_article(self, feed: str, slug: str) -> NewsArticle | None:
        if feed not in OUTLETS:
            return None
        return next((a for a in self.feed_articles(feed) if a.slug == slug), None)

    def feed_updated(self, slug: str) -> datetime:
        return self.feed_articles(slug)[0].published

    def feed_bytes(self, slug: str) -> bytes:
        with self._lock:
            cached = self._feed_cache.get(slug)
        if cached is None:
            cached = render_feed(OUTLETS[slug], self.feed_articles(slug), self.base_url)
            with self._lock:
                self._feed_cache[slug] = cached
        return cached

    def page_bytes(self, art: NewsArticle) -> tuple[bytes, bool]:
        """The article page in its outlet's encoding, and whether that encoding is legacy."""
        key = (art.feed, art.slug)
        with self._lock:
            hit = self._page_cache.get(key)
        if hit is None:
            enc = OUTLETS[art.feed].encoding
            hit = (render_article(art).encode(enc, errors="xmlcharrefreplace"), enc != "utf-8")
            with self._lock:
                self._page_cache[key] = hit
        return hit

    def index_html(self) -> str:
        links = [
            (o.feed_path, f"{o.name} ({o.feed_format}, {o.encoding})") for o in OUTLETS.values()
        ]
        return render_index(links)

    def encoded(self, body: bytes, coding: str, etag: str | None) -> bytes:
        if etag is None:
            return encode_body(body, coding)
        key = (etag, coding)
        with self._lock:
            hit = self._coded.get(key)
        if hit is None:
            hit = encode_body(body, coding)
            with self._lock:
                self._coded[key] = hit
        return hit

    def publish(
        self,
        feed: str,
        headline: str | None = None,
        *,
        paragraphs: tuple[str, ...] | list[str] | None = None,
        published: datetime | None = None,
        regions: tuple[str, ...] = (),
        deck: tuple[str, ...] = (),
        byline: Byline | None = None,
    ) -> NewsArticle:
        """Add an entry to *feed* now: its feed (and ETag) change, its page is served."""
        if feed not in OUTLETS:
            raise KeyError(f"unknown feed {feed!r}; known: {', '.join(OUTLETS)}")
        outlet = OUTLETS[feed]
        with self._lock:
            n = len(self._published[feed]) + 1
        latest = self.feed_articles(feed)[0].published
        ko = outlet.lang == "ko"
        art = NewsArticle(
            feed=feed,
            slug=f"breaking-{n}",
            headline=headline or (f"[속보] 새 소식 {n}호" if ko else f"Breaking: update no. {n}"),
            deck=tuple(deck),
            paragraphs=tuple(
                paragraphs
                or (
                    [f"{outlet.name}가 전하는 {n}번째 새 소식입니다."]
                    if ko
                    else [f"This is update number {n}."]
                )
            ),
            byline=byline
            or Byline("편집국" if ko else "Newsroom Staff", None, f"desk@{outlet.email_domain}"),
            published=published or latest + timedelta(minutes=10),
            regions=tuple(regions),
        )
        with self._lock:
            self._published[feed].append(art)
            self._feed_cache.pop(feed, None)
        return art

    # --- helpers for tests --------------------------------------------------------------------
    def now(self) -> datetime:
        return self.weather_time or datetime.now(UTC)

    def count_attempt(self, key: tuple[str, str]) -> int:
        with self._lock:
            self._attempts[key] = self._attempts.get(key, 0) + 1
            return self._attempts[key]

    def requests_to(self, path: str) -> list[RequestRecord]:
        """Logged requests whose path (query ignored) is *path* (or the path of a full URL)."""
        if path.startswith("http"):
            path = "/" + path.split("/", 3)[3]
        return [r for r in self.request_log if r.path.split("?", 1)[0] == path.split("?", 1)[0]]

    def reset(self) -> None:
        """Forget logged requests, flaky-endpoint attempts and weather failure mode."""
        with self._lock:
            self.request_log.clear()
            self._attempts.clear()
        self.weather_failing = False
        self.weather_fail_status = 503
        self.alerts = AlertsState()

    @property
    def article_count(self) -> int:
        with self._lock:
            return len(ARTICLES) + sum(len(v) for v in self._published.values())
