"""A small hostile web server for the terminal-safety tests: every answer is built here from
one catalogue of strings that would drive a terminal (escape sequences, C1 controls, every
bidi control) and is put where a server can put text — feed fields, an XML declaration's
encoding label, a Content-Type header, a redirect Location, an error reason, weather values.

Routes are plain data (path → status, headers, body) so a test can read what is served; a
route may also wait on an event, to hold a refresh open while the screen is read.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

# Everything a terminal must never receive from us. Each family once: CSI, OSC 0 (title),
# OSC 52 (clipboard), OSC 8 (hyperlink), DCS, a charset switch, 8-bit CSI/OSC/ST, NEL, BEL,
# and every Bidi_Control character.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ESCAPES = (
    "\x1b[31m\x1b[2J"
    "\x1b]0;pwned-title\x07"
    "\x1b]52;c;cm0gLXJmIH4K\x07"
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\"
    "\x1bPq#0\x1b\\"
    "\x1b(B"
    "\x9b2J\x9d0;c1-title\x9c\x85\x07"
)
HOSTILE = ESCAPES + BIDI
# Latin-1 only, as a header value must be: the 8-bit controls are what a server can send there.
HOSTILE_HEADER = "\x9b2J\x9d52;c;cm0=\x9c\x85"


def hostile(label: str) -> str:
    """A readable label wrapped in the whole catalogue, so tests can find where it shows."""
    return f"{label} {HOSTILE}{label}-end"


def rss(base: str) -> bytes:
    """An RSS feed with hostile text in every field a reader shows. ESC and the other C0
    controls are not allowed in XML 1.0, so the strict parser rejects the document and
    feedparser's loose parser reads it, raw controls and all: the path that must still be
    cleaned."""
    items = "".join(
        f"""<item><title>{escape(hostile(f"Item{i}"))}</title>
<link>{base}/page{i}.html</link><guid>{base}/page{i}.html</guid>
<author>{escape(hostile("Author"))}</author><category>{escape(hostile("Tag"))}</category>
<description>{escape(hostile(f"Summary{i}"))}</description></item>"""
        for i in range(3)
    )
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{escape(hostile("Channel"))}</title>
<link>{base}/</link><description>{escape(hostile("About"))}</description>{items}</channel></rss>"""
    return doc.encode("utf-8")


def utf16_declared_escapes() -> bytes:
    """UTF-16 whose XML declaration names an 'encoding' made of escape sequences: the parser's
    complaint quotes it."""
    doc = (
        f'<?xml version="1.0" encoding="{ESCAPES}{BIDI}"?>'
        '<rss version="2.0"><channel><title>UTF16</title>'
        "<item><title>utf16 item</title><link>http://127.0.0.1/u</link></item></channel></rss>"
    )
    return doc.encode("utf-16")


def page(title: str) -> bytes:
    body = "".join(f"<p>{escape(hostile(f'Paragraph{i}'))} {'words ' * 40}</p>" for i in range(5))
    doc = f"""<!doctype html><html><head><meta charset="utf-8">
<title>{escape(title)}</title></head><body><article><h1>{escape(title)}</h1>
<p class="byline">By {escape(hostile("Byline"))}</p>
<blockquote>{escape(hostile("Quote"))}</blockquote>{body}</article></body></html>"""
    return doc.encode("utf-8")


def weather(query: dict[str, list[str]], *, broken: bool) -> tuple[int, bytes]:
    """Open-Meteo's shape: an error whose reason is hostile, or data whose values are not
    numbers a thermometer shows (NaN, infinities, absurd values) beside good ones."""
    if broken:
        return 400, json.dumps({"error": True, "reason": hostile("Reason")}).encode()
    lats = query.get("latitude", ["0"])[0].split(",")
    values = ["NaN", "Infinity", "-Infinity", "1e308", "12.5"]
    rows = [
        f'{{"latitude": {lat}, "longitude": 0, "utc_offset_seconds": 32400,'
        f' "timezone": {json.dumps(hostile("TZ"))},'
        f' "current": {{"time": "2026-11-24T14:00", "interval": 900,'
        f' "temperature_2m": {values[i % len(values)]}, "weather_code": 3, "is_day": 1}}}}'
        for i, lat in enumerate(lats)
    ]
    body = rows[0] if len(rows) == 1 else "[" + ",".join(rows) + "]"
    return 200, body.encode()


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    wait: threading.Event | None = None  # held until set (a feed the refresh waits for)


class HostileServer:
    def __init__(self) -> None:
        self.routes: dict[str, Reply | Callable[[dict[str, list[str]]], Reply]] = {}
        self.release = threading.Event()
        self.waiting = threading.Event()  # a request reached a held route
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                route = server.routes.get(parts.path)
                if route is None:
                    reply = Reply(404, b"no such page")
                elif callable(route):
                    reply = route(parse_qs(parts.query))
                else:
                    reply = route
                if reply.wait is not None:
                    server.waiting.set()
                    reply.wait.wait(30)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve_catalogue(self) -> None:
        """Every hostile route the safety tests use."""
        xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
        self.routes["/feed.xml"] = Reply(200, rss(self.base), xml)
        self.routes["/utf16.xml"] = Reply(
            200, utf16_declared_escapes(), {"Content-Type": "text/xml"}
        )
        self.routes["/ctype"] = Reply(200, b"\x00\x01 binary", {"Content-Type": HOSTILE_HEADER})
        self.routes["/redirect"] = Reply(302, b"", {"Location": "ftp://x/" + HOSTILE_HEADER})
        self.routes["/held.xml"] = Reply(200, rss(self.base), xml, wait=self.release)
        for i in range(3):
            self.routes[f"/page{i}.html"] = Reply(
                200, page(hostile(f"Page{i}")), {"Content-Type": "text/html; charset=utf-8"}
            )
        self.routes["/page-ctype.html"] = Reply(200, b"%PDF-1.4", {"Content-Type": HOSTILE_HEADER})
        self.routes["/v1/forecast"] = lambda q: Reply(*weather(q, broken=False))
        self.routes["/broken/v1/forecast"] = lambda q: Reply(*weather(q, broken=True))

    @contextmanager
    def running(self) -> Iterator[HostileServer]:
        # A short poll: shutdown() waits for it (0.5 s by default).
        thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield self
        finally:
            self.release.set()
            self._server.shutdown()
            self._server.server_close()
