"""Misbehaving endpoints under /faults/: hangs, slow and truncated bodies, resets, error statuses,
bad redirects, huge and compressed-bomb bodies, and documents that are not (good) feeds.

A mixin for the request handler: each ``fault_*`` method answers ``/faults/<name>`` itself
(dashes in the name become underscores: /faults/redirect-loop → fault_redirect_loop).

  hang            never answers; released without a response when the server stops (≤ 60 s)
  drip            a small valid feed, 1 byte per ``interval`` s (default 1.0)
  slow            a good feed after ``delay`` s (default 2); ``feed=<slug>``
  reset           headers, 200 bytes, then TCP RST
  wrong-length    Content-Length 5000 bytes longer than the body, then close
  500, 404        plain errors
  503, 429        with Retry-After (``retry_after``, default 1)
  flaky           ``fail=N`` (default 2) answers of ``status`` (503) per client+URL, then the feed
  moved           301 → /feeds/bitgoeul/rss.xml;  moved-twice: 301 → /faults/moved (relative)
  permanent       308 → the good feed;  found: 302 → the good feed
  redirect-loop   302 ↔ /faults/redirect-loop-b;  redirect-ftp: 302 → ftp://127.0.0.1/pub/feed.xml
  big             50 MiB (``mb``) streamed with Content-Length;  big-chunked: same, chunked
  gzip-bomb       ~100 KB gzip (Content-Encoding: gzip) inflating to 100 MiB
  malformed.xml   XML that is not well-formed and not a feed
  html            an HTML error page served as application/rss+xml
  bozo.xml        RSS with an undefined entity and stray '&' that still yields 2 entries
  empty           200 with an empty body
  hostile/<doc>   hostile feeds, a page and weather answers (see ``reader.newsroom.hostile``)
  images/<name>   hostile pictures: huge.png, truncated.jpg, drawing.svg, page.jpg
                  (see ``reader.newsroom.hostile_images``)
"""

from __future__ import annotations

import socket
import struct
import threading
import zlib
from typing import TYPE_CHECKING

from .feeds import HTML_NOT_FEED, MALFORMED_XML, bozo_feed

if TYPE_CHECKING:
    from .handlers import NewsroomHandler

    _Base = NewsroomHandler
else:
    _Base = object

GOOD_FEED = "/feeds/bitgoeul/rss.xml"
HANG_MAX_SECONDS = 60.0
_CHUNK = 64 * 1024

DRIP_FEED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
    b"<title>Drip</title><link>http://127.0.0.1/</link><description>slow</description>"
    b"<item><title>One slow item</title><guid>drip-1</guid></item></channel></rss>\n"
)

_bomb: bytes | None = None
_bomb_lock = threading.Lock()


def gzip_bomb() -> bytes:
    """~100 MB of XML-ish padding gzipped to ~100 KB; built once, on first use."""
    global _bomb
    with _bomb_lock:
        if _bomb is None:
            comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
            parts = [comp.compress(b'<?xml version="1.0"?>\n<rss version="2.0"><channel>')]
            block = b" " * (1 << 20)
            parts += [comp.compress(block) for _ in range(100)]
            parts.append(comp.compress(b"</channel></rss>\n") + comp.flush())
            _bomb = b"".join(parts)
        return _bomb


class FaultsMixin(_Base):
    def fault(self, name: str, query: dict[str, list[str]]) -> None:
        if name.startswith("hostile/"):
            from .hostile import serve

            serve(self, name.removeprefix("hostile/"), query)
            return
        if name.startswith("images/"):
            from .hostile_images import serve as serve_image

            serve_image(self, name.removeprefix("images/"))
            return
        handler = getattr(self, "fault_" + name.replace("-", "_").replace(".", "_"), None)
        if handler is None:
            self.send_plain(404, f"no such fault: {name}\n")
            return
        handler(query)

    # --- time ---------------------------------------------------------------------------------
    def fault_hang(self, query: dict[str, list[str]]) -> None:
        # Never answers; released (without a response) when the server stops.
        self.newsroom.stop_event.wait(HANG_MAX_SECONDS)
        self.close_connection = True

    def fault_drip(self, query: dict[str, list[str]]) -> None:
        """A small valid feed, one byte every ``interval`` seconds (default 1: ~6 minutes)."""
        interval = float(query.get("interval", ["1.0"])[0])
        body = DRIP_FEED
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for i in range(len(body)):
            if self.newsroom.stop_event.wait(interval) or not self._write(body[i : i + 1]):
                break
        self.close_connection = True

    def fault_slow(self, query: dict[str, list[str]]) -> None:
        """A good feed after ``delay`` seconds (default 2) of silence."""
        if self.newsroom.stop_event.wait(float(query.get("delay", ["2"])[0])):
            self.close_connection = True
            return
        self.send_feed(query.get("feed", ["bitgoeul"])[0])

    # --- broken connections -----------------------------------------------------------------
    def fault_reset(self, query: dict[str, list[str]]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self._write(self.newsroom.feed_bytes("bitgoeul")[:200])
        # SO_LINGER 0 turns close() into a TCP RST: "connection reset by peer" for the client.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def fault_wrong_length(self, query: dict[str, list[str]]) -> None:
        body = self.newsroom.feed_bytes("bitgoeul")
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(body) + 5000))
        self.send_header("Connection", "close")
        self.end_headers()
        self._write(body)
        self.close_connection = True

    # --- statuses -----------------------------------------------------------------------------
    def fault_500(self, query: dict[str, list[str]]) -> None:
        self.send_plain(500, "Internal Server Error\n")

    def fault_404(self, query: dict[str, list[str]]) -> None:
        self.send_plain(404, "Not Found\n")

    def fault_503(self, query: dict[str, list[str]]) -> None:
        self.send_plain(
            503, "Service Unavailable\n", {"Retry-After": query.get("retry_after", ["1"])[0]}
        )

    def fault_429(self, query: dict[str, list[str]]) -> None:
        self.send_plain(
            429, "Too Many Requests\n", {"Retry-After": query.get("retry_after", ["1"])[0]}
        )

    def fault_flaky(self, query: dict[str, list[str]]) -> None:
        """Fails ``fail`` times (status 503 or ``status``) per client and query, then the feed."""
        fails = int(query.get("fail", ["2"])[0])
        status = int(query.get("status", ["503"])[0])
        key = (self.client_address[0], self.path)
        if self.newsroom.count_attempt(key) <= fails:
            retry = query.get("retry_after", ["1"])[0]
            self.send_plain(status, f"temporarily failing ({status})\n", {"Retry-After": retry})
            return
        feed = query.get("feed", ["bitgoeul"])[0]
        self.send_feed(feed)

    # --- redirects ----------------------------------------------------------------------------
    def _redirect(self, status: int, location: str) -> None:
        self.send_plain(status, f"see {location}\n", {"Location": location})

    def fault_moved(self, query: dict[str, list[str]]) -> None:
        self._redirect(301, self.newsroom.url(GOOD_FEED))

    def fault_moved_twice(self, query: dict[str, list[str]]) -> None:
        self._redirect(301, "/faults/moved")  # relative Location, then another 301

    def fault_permanent(self, query: dict[str, list[str]]) -> None:
        self._redirect(308, self.newsroom.url(GOOD_FEED))

    def fault_found(self, query: dict[str, list[str]]) -> None:
        self._redirect(302, self.newsroom.url(GOOD_FEED))

    def fault_redirect_loop(self, query: dict[str, list[str]]) -> None:
        self._redirect(302, self.newsroom.url("/faults/redirect-loop-b"))

    def fault_redirect_loop_b(self, query: dict[str, list[str]]) -> None:
        self._redirect(302, self.newsroom.url("/faults/redirect-loop"))

    def fault_redirect_ftp(self, query: dict[str, list[str]]) -> None:
        self._redirect(302, "ftp://127.0.0.1/pub/feed.xml")

    # --- sizes --------------------------------------------------------------------------------
    def _stream_big(self, size: int, chunked: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.command == "HEAD":
            return
        head = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>big</title>'
        block = b" " * _CHUNK
        sent = 0
        while sent < size and not self.newsroom.stop_event.is_set():
            piece = head if sent == 0 else block[: min(_CHUNK, size - sent)]
            data = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
            if not self._write(data):
                return
            sent += len(piece)
        if chunked:
            self._write(b"0\r\n\r\n")
        self.close_connection = True

    def fault_big(self, query: dict[str, list[str]]) -> None:
        self._stream_big(int(query.get("mb", ["50"])[0]) * 1024 * 1024, chunked=False)

    def fault_big_chunked(self, query: dict[str, list[str]]) -> None:
        self._stream_big(int(query.get("mb", ["50"])[0]) * 1024 * 1024, chunked=True)

    def fault_gzip_bomb(self, query: dict[str, list[str]]) -> None:
        body = gzip_bomb()
        self.send_bytes(
            200, body, "application/rss+xml", {"Content-Encoding": "gzip"}, compress=False
        )

    # --- not (good) feeds ---------------------------------------------------------------------
    def fault_malformed_xml(self, query: dict[str, list[str]]) -> None:
        self.send_bytes(200, MALFORMED_XML, "application/rss+xml; charset=UTF-8")

    def fault_html(self, query: dict[str, list[str]]) -> None:
        self.send_bytes(200, HTML_NOT_FEED, "application/rss+xml; charset=UTF-8")

    def fault_bozo_xml(self, query: dict[str, list[str]]) -> None:
        self.send_bytes(
            200, bozo_feed(self.newsroom.base_url), "application/rss+xml; charset=UTF-8"
        )

    def fault_empty(self, query: dict[str, list[str]]) -> None:
        self.send_bytes(200, b"", "application/rss+xml")
