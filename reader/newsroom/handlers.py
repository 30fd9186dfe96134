"""The request handler: routing, conditional GET (ETag / Last-Modified → 304), gzip/brotli
content coding and HEAD, over HTTP/1.1 keep-alive."""

from __future__ import annotations

import gzip
import hashlib
import socket
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import parse_qs, urlsplit

import brotli

from . import alerts, forecast, weather
from .feeds import CONTENT_TYPES

if TYPE_CHECKING:
    from datetime import datetime
    from email.message import Message

    from .server import Newsroom

# A 1×1 transparent PNG (the pages' /static/img/… pictures are drawn by pictures.py).
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
DATA_GO_KR = "/1360000/VilageFcstInfoService_2.0/"
APIHUB_VILAGE = "/api/typ02/openApi/VilageFcstInfoService_2.0/"


class RequestRecord(NamedTuple):
    method: str
    path: str  # as requested, query string included
    headers: Message  # case-insensitive .get()


def _accepted(header: str | None) -> list[str]:
    """Content codings the client accepts (q > 0), best (ours) first: br, then gzip."""
    if not header:
        return []
    ok = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if q > 0:
            ok.add(name.strip().lower())
    return [c for c in ("br", "gzip") if c in ok or "*" in ok]


class NewsroomHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SinmunNewsroom/1.0"
    timeout = 30  # idle keep-alive connections are dropped after this

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without NODELAY, Nagle plus delayed ACK
        # add ~40 ms to every response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    @property
    def newsroom(self) -> Newsroom:
        return self.server.newsroom  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    # --- low-level writers --------------------------------------------------------------------
    def _write(self, data: bytes) -> bool:
        try:
            self.wfile.write(data)
            self.wfile.flush()
            return True
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True
            return False

    def send_plain(self, status: int, text: str, headers: dict[str, str] | None = None) -> None:
        self.send_bytes(
            status,
            text.encode(),
            "text/plain; charset=utf-8",
            headers,
            compress=False,
            validators=False,
        )

    def send_bytes(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        *,
        compress: bool = True,
        validators: bool = True,
        last_modified: datetime | None = None,
    ) -> None:
        """Send *body* with ETag/Last-Modified (answering 304 when the client has it)."""
        extra = dict(headers or {})
        etag = None
        if validators and status == 200:
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            extra["ETag"] = etag
            if last_modified is not None:
                extra["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
            if self._not_modified(etag, last_modified):
                self.send_response(304)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                return
        coding = _accepted(self.headers.get("Accept-Encoding")) if compress else []
        if compress:
            extra["Vary"] = "Accept-Encoding"
        if coding and len(body) > 0:
            body = self.newsroom.encoded(body, coding[0], etag)
            extra["Content-Encoding"] = coding[0]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self._write(body)

    def _not_modified(self, etag: str, last_modified: datetime | None) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims and last_modified is not None:
            try:
                return last_modified.replace(microsecond=0) <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
        return False

    # --- routing ------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.post_body = self.rfile.read(length) if length else b""  # the GReader API's forms
        self._dispatch()
        self.post_body = b""

    def _dispatch(self) -> None:
        nr = self.newsroom
        nr.request_log.append(RequestRecord(self.command, self.path, self.headers))
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query, keep_blank_values=True)
        try:
            if nr.greader is not None and nr.greader.handles(path):
                body = getattr(self, "post_body", b"")
                reply = nr.greader.answer(self.command, path, parts.query, body, self.headers)
                self.send_bytes(reply[0], reply[1], reply[2], validators=False)
            elif path.startswith("/faults/"):
                self.fault(path.removeprefix("/faults/"), query)
            elif path == "/feeds/broken.xml":
                from .feeds import BROKEN_FEED

                self.send_bytes(200, BROKEN_FEED, "application/rss+xml; charset=UTF-8")
            elif path == "/feeds/undated.xml":
                body = undated_feed(nr.base_url)
                self.send_bytes(200, body, "application/rss+xml; charset=UTF-8")
            elif path.startswith("/feeds/synthetic/"):
                self._synthetic(path, query)
            elif path.startswith("/feeds/"):
                slug = nr.feed_slug_for(path)
                if slug is None:
                    self.send_plain(404, "no such feed\n")
                else:
                    self.send_feed(slug)
            elif path.startswith("/articles/"):
                self._article(path)
            elif path.startswith("/static/img/"):
                from .pictures import picture  # a photo drawn for each name

                self.send_bytes(200, picture(path), "image/png", compress=False)
            elif path == "/":
                self.send_bytes(200, nr.index_html().encode(), "text/html; charset=utf-8")
            elif path == "/_control/weather":
                self._control_weather(query)
            else:
                self._weather(path, query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def fault(self, name: str, query: dict[str, list[str]]) -> None:
        """/faults/<name>: without the test endpoints (``handler_class``), there are none."""
        self.send_plain(404, f"no such fault: {name}\n")

    def send_feed(self, slug: str) -> None:
        nr = self.newsroom
        outlet = nr.outlet(slug)
        ctype = CONTENT_TYPES[outlet.feed_format]
        if outlet.feed_format != "json":
            ctype += f"; charset={outlet.encoding.upper()}"
        self.send_bytes(200, nr.feed_bytes(slug), ctype, last_modified=nr.feed_updated(slug))

    def _synthetic(self, path: str, query: dict[str, list[str]]) -> None:
        """/feeds/synthetic/<n>.xml?items=20&delay=0 — many distinct feeds for benchmarks."""
        from .feeds import synthetic_feed

        name = path.removeprefix("/feeds/synthetic/").removesuffix(".xml")
        if not name.isdigit():
            self.send_plain(404, "no such feed\n")
            return
        delay = float(query.get("delay", ["0"])[0])
        if delay and self.newsroom.stop_event.wait(delay):
            self.close_connection = True
            return
        items = int(query.get("items", ["20"])[0])
        body = synthetic_feed(int(name), items, self.newsroom.base_url)
        self.send_bytes(200, body, "application/rss+xml; charset=UTF-8")

    def _article(self, path: str) -> None:
        nr = self.newsroom
        feed, _, name = path.removeprefix("/articles/").partition("/")
        art = nr.find_article(feed, name.removesuffix(".html"))
        if art is None:
            self.send_plain(404, "no such article\n")
            return
        outlet = nr.outlet(feed)
        body, legacy = nr.page_bytes(art)
        # The EUC-KR outlet names its charset only in <meta>, as many legacy Korean sites do.
        ctype = "text/html" if legacy else "text/html; charset=utf-8"
        self.send_bytes(
            200, body, ctype, last_modified=art.published, headers={"Content-Language": outlet.lang}
        )

    # --- weather --------------------------------------------------------------------------------
    def _control_weather(self, query: dict[str, list[str]]) -> None:
        nr = self.newsroom
        if "fail" in query:
            nr.weather_failing = query["fail"][0] not in ("0", "", "false")
        if "status" in query:
            nr.weather_fail_status = int(query["status"][0])
        state = (
            f'{{"failing": {str(nr.weather_failing).lower()}, "status": {nr.weather_fail_status}}}'
        )
        self.send_bytes(200, state.encode(), "application/json", compress=False, validators=False)

    def _weather(self, path: str, query: dict[str, list[str]]) -> None:
        nr = self.newsroom
        now = nr.now()
        if path == "/v1/forecast":
            reply = (
                weather.open_meteo_failure(nr.weather_fail_status)
                if nr.weather_failing
                else weather.open_meteo_forecast(query, now)
            )
        elif path == "/api/typ01/url/kma_sfctm2.php":
            reply = weather.kma_sfctm2(query, now)
        elif path.startswith((DATA_GO_KR, APIHUB_VILAGE)):
            op = path.rsplit("/", 1)[-1]
            if op not in ("getUltraSrtNcst", "getUltraSrtFcst", "getVilageFcst"):
                self.send_plain(404, "Unexpected errors\n")
                return
            if APIHUB_VILAGE in path and "authKey" in query:
                query = query | {"serviceKey": query["authKey"]}
            if op == "getVilageFcst":
                reply = forecast.vilage_fcst(query, now)
            else:
                reply = weather.data_go_kr(op, query, now)
        elif path in alerts.PATHS:
            reply = alerts.reply(path, query, now, nr.alerts)
        else:
            self.send_plain(404, "Not Found\n")
            return
        if nr.weather_failing and path != "/v1/forecast":
            reply = (nr.weather_fail_status, b"Service Unavailable\n", "text/plain")
        status, body, ctype = reply
        extra = {"Retry-After": "1"} if status in (429, 503) else {}
        self.send_bytes(status, body, ctype, extra, validators=False)


UNDATED_TITLES = ("첫째 소식: 맨 위의 글", "둘째 소식", "셋째 소식: 맨 아래의 글")


def undated_feed(base: str) -> bytes:
    """RSS whose items carry no date, as many small sites' do: the feed's order is all there
    is to go by (its first item is its newest)."""
    items = "".join(
        f"<item><title>{title}</title><link>{base}/undated/{i}.html</link>"
        f"<guid>undated-{i}</guid><description>날짜 없는 글 {i}</description></item>\n"
        for i, title in enumerate(UNDATED_TITLES, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>날짜 없는 소식지</title><link>{base}/</link>"
        f"<description>items without dates</description>\n{items}</channel></rss>\n"
    ).encode()


@cache
def handler_class() -> type[NewsroomHandler]:
    """The handler a newsroom serves with: NewsroomHandler plus the fault endpoints under
    /faults/ (reader.newsroom.faults, imported when the first newsroom starts) where they are
    installed. They are for the tests: a source checkout has them, the wheel leaves them (and
    reader.newsroom.hostile) out, and /faults/ answers 404 there."""
    try:
        from .faults import FaultsMixin
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.faults":  # faults.py is there but broken: say so
            raise
        return NewsroomHandler

    class FaultsHandler(FaultsMixin, NewsroomHandler):
        pass

    return FaultsHandler


def encode_body(body: bytes, coding: str) -> bytes:
    if coding == "br":
        return brotli.compress(body, quality=5)
    return gzip.compress(body, compresslevel=6, mtime=0)
