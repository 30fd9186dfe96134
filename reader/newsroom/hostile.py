"""Hostile documents under /faults/hostile/: feeds, a page and weather answers written to attack
a terminal news reader (escape injection, markup, entity bombs, external entities, broken
encodings, huge fields and feeds). Everything here is written by Sinmun itself.

  escapes.xml        RSS: ESC/CSI, OSC 8/52, C1, BEL, NUL, bidi overrides and Rich/Textual
                     markup in the channel title, item titles, authors, summaries and content;
                     script/style/iframe, javascript: and file: links
  escapes.json       the same as a JSON Feed (JSON allows "\\u001b" in strings legally)
  billion-laughs.xml nested internal entities (10^9 "lol"s if expanded)
  xxe.xml            external entities: file:///etc/passwd and an http probe (``xxe-probe``)
  utf16-nobom.xml    UTF-16LE without a BOM (``be=1``: big-endian)
  utf32-nobom.xml    UTF-32BE without a BOM, ASCII text only (every byte pattern valid UTF-8)
  wrong-charset-header.xml  UTF-8 Korean served as ``charset=ISO-8859-1``
  wrong-charset-decl.xml    EUC-KR Korean whose header and XML declaration say UTF-8
  invalid-utf8.xml   UTF-8 Korean with a few invalid byte sequences in one title
  huge-title.xml     one item whose title is ``kb`` KiB (default 1024)
  many.xml           ``n`` items (default 10000)
  nul.xml            NUL bytes (raw and as references) in titles and summaries
  page.html          an article page with all of the above in title, byline and body
  weather/v1/forecast  an Open-Meteo-shaped answer; ``mode=error`` (default): an error whose
                     reason is hostile; ``mode=data``: hostile strings in every field
  weather-data/v1/forecast  the same with ``mode=data``
  redirect-escape    302 to a non-http Location full of escape sequences
  churn/<n>.xml      feed <n> with ``items`` (default 100) entries whose text changes on every
                     request (titles carry "alpha" or "omega" by turns) plus two new entries:
                     every refresh writes (crash-safety tests kill it mid-write)
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from .handlers import NewsroomHandler

Query = dict[str, list[str]]

# --- the payloads -------------------------------------------------------------------------------
CSI = "\x1b[31m\x1b[2J\x1b[H"  # colour, clear screen, cursor home
OSC8 = "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\"  # a hidden hyperlink
OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"  # writes "rm -rf ~" to the clipboard
C1 = "\x9b31m\x9d0;pwned\x9c\x85"  # 8-bit CSI, OSC, ST, NEL
BIDI = "\u202egnp.exe\u202c \u2066iso\u2069 \u202a\u202b\u202d"
NUL = "\x00"
ACTION_MARKUP = "[@click=app.quit]x[/]"
RICH_MARKUP = "[bold]bold[/bold]"
MARKUP = f"{ACTION_MARKUP} {RICH_MARKUP}"
PASSWD_MARKERS = ("root:x:0:0", "/bin/bash", "/usr/sbin/nologin")


def _payload(label: str) -> str:
    return f"{label} {CSI}{OSC8}{OSC52}{C1}{BIDI}\x07 {MARKUP} end"


def _x(text: str) -> str:
    return escape(text)


def _rss(channel_title: str, items: list[str], *, decl: str = "UTF-8", extra: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="{decl}"?>\n{extra}'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{channel_title}</title><link>http://hostile.test/</link>"
        f"<description>hostile</description>\n" + "\n".join(items) + "\n</channel></rss>\n"
    )


def _item(guid: str, title: str, *, link: str = "", author: str = "", desc: str = "") -> str:
    parts = [f'<item><title>{title}</title><guid isPermaLink="false">{guid}</guid>']
    if link:
        parts.append(f"<link>{link}</link>")
    if author:
        parts.append(f"<dc:creator>{author}</dc:creator>")
    if desc:
        parts.append(f"<description>{desc}</description>")
    parts.append("<pubDate>Tue, 24 Nov 2026 02:00:00 GMT</pubDate></item>")
    return "".join(parts)


HOSTILE_HTML = (
    "<p>Body "
    + _x(_payload("body"))
    + "</p><script>alert('script-ran')</script><style>p{color:red}</style>"
    "<iframe src=\"javascript:alert('iframe-ran')\"></iframe>"
    '<p><a href="javascript:alert(\'js-link\')">js</a> <a href="file:///etc/passwd">file</a></p>'
)


def escapes_feed(base: str) -> bytes:
    items = [
        _item(
            "esc-raw",
            _x(_payload("Raw title")),
            link=f"{base}/faults/hostile/page.html",
            author=_x(_payload("Raw author")),
            desc=_x(HOSTILE_HTML),
        ),
        # The same as numeric references (illegal in XML 1.0, so only a lenient parse sees them)
        _item(
            "esc-refs",
            "Ref title &#27;[31mred&#x1b;]52;c;Zm9v&#7; &#155;1m &#8238;evil " + _x(ACTION_MARKUP),
            link="javascript:alert('link')",
            author="Ref author &#x1B;[5mblink",
            desc="&lt;p&gt;Ref summary &#27;]8;;http://evil.example/&#27;\\x&lt;/p&gt;",
        ),
        _item(
            "esc-file-link",
            "File link " + _x(RICH_MARKUP),
            link="file:///etc/passwd",
            desc="<![CDATA[<p>cdata " + _payload("cdata") + "</p>]]>",
        ),
    ]
    return _rss(_x(_payload("Hostile channel")), items).encode("utf-8")


def escapes_json_feed(base: str) -> bytes:
    def item(n: int, link: str) -> dict[str, object]:
        return {
            "id": f"json-esc-{n}",
            "url": link,
            "title": _payload(f"JSON title {n}"),
            "summary": _payload(f"JSON summary {n}"),
            "content_html": HOSTILE_HTML,
            "authors": [{"name": _payload(f"JSON author {n}")}],
            "date_published": "2026-11-24T02:00:00Z",
        }

    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _payload("JSON channel"),
        "home_page_url": "javascript:alert(1)",
        "items": [
            item(1, f"{base}/faults/hostile/page.html"),
            item(2, "javascript:alert('x')"),
            item(3, "file:///etc/passwd"),
        ],
    }
    return json.dumps(data).encode("ascii")  # every control character as a \\uXXXX escape


def billion_laughs() -> bytes:
    # lol1..lol9, each ten of the previous: lol9 is 10^9 "lol"s
    ents = ['<!ENTITY lol "lol">', '<!ENTITY lol1 "' + "&lol;" * 10 + '">']
    ents += [f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(2, 10)]
    doctype = "<!DOCTYPE rss [\n" + "\n".join(ents) + "\n]>\n"
    items = [_item("laugh-1", "Laughs &lol9;", desc="&lol9;"), _item("laugh-2", "Plain title")]
    return _rss("Laughing &lol9;", items, extra=doctype).encode()


def xxe_feed(base: str) -> bytes:
    doctype = (
        "<!DOCTYPE rss [\n"
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
        f'<!ENTITY probe SYSTEM "{base}/faults/hostile/xxe-probe">\n'
        '<!ENTITY % remote SYSTEM "' + base + '/faults/hostile/xxe-probe?dtd=1">\n%remote;\n'
        "]>\n"
    )
    items = [
        _item("xxe-1", "Passwd &xxe; here", desc="&xxe;"),
        _item("xxe-2", "Probe &probe; here", desc="&probe;"),
        _item("xxe-3", "Plain entry"),
    ]
    return _rss("External &xxe;", items, extra=doctype).encode()


KOREAN_ITEMS = [("ko-1", "광주 인공지능 집적단지 지정"), ("ko-2", "서울 첫눈, 강릉은 흐림")]


def _korean_rss(decl: str) -> str:
    items = [_item(guid, title, desc=f"<p>{title} 소식</p>") for guid, title in KOREAN_ITEMS]
    return _rss("한국어 피드", items, decl=decl)


def utf16_nobom(big_endian: bool) -> bytes:
    return _korean_rss("UTF-16").encode("utf-16-be" if big_endian else "utf-16-le")


ASCII_ITEMS = [("ascii-1", "Plain ASCII one"), ("ascii-2", "Plain ASCII two")]


def utf32_nobom() -> bytes:
    items = [_item(guid, title) for guid, title in ASCII_ITEMS]
    return _rss("ASCII feed", items, decl="UTF-32").encode("utf-32-be")


def invalid_utf8() -> bytes:
    good = _korean_rss("UTF-8").encode("utf-8")
    bad = _item("bad-1", "Broken \xff bytes").encode("latin-1")
    bad = bad.replace(b"\xff", b"\xff\xfe\xc3(\xe2\x82 \xed\xa0\x80")  # invalid/truncated/surrogate
    return good.replace(b"</channel>", bad + b"\n</channel>")


def huge_title(kib: int) -> bytes:
    title = ("가나다라 long title " * (kib * 1024 // 24 + 1))[: kib * 1024]
    return _rss("Huge", [_item("huge-1", _x(title)), _item("huge-2", "Small title")]).encode()


_many_cache: dict[int, bytes] = {}


def many_items(n: int) -> bytes:
    if n not in _many_cache:
        items = [_item(f"many-{i}", f"Entry number {i}", desc=f"summary {i}") for i in range(n)]
        _many_cache.clear()
        _many_cache[n] = _rss(f"Many ({n})", items).encode()
    return _many_cache[n]


def nul_feed() -> bytes:
    items = [
        _item("nul-1", "Nul\x00raw\x00title", author="Nul\x00author", desc="Nul\x00summary"),
        _item("nul-2", "Nul ref &#0; title", desc="ref &amp;#0; &#x0;"),
    ]
    return _rss("Nul\x00channel", items).encode()


def hostile_page() -> bytes:
    title = _x(_payload("Page title"))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<meta property='og:title' content='{_x(_payload('OG title'))}'>"
        f"<meta name='author' content='{_x(_payload('Meta author'))}'>"
        "</head><body><article>"
        f"<h1>{title}</h1>"
        f"<p class='byline'>By {_x(_payload('Byline'))}</p>"
        + "".join(
            f"<p>Paragraph {n} of a long enough article body to be extracted as text, "
            f"with hostile bytes inside: {_x(_payload(f'para {n}'))} and more words after it "
            "so that the extractor keeps the paragraph as content.</p>"
            for n in range(6)
        )
        + "<blockquote>“Quoted "
        + _x(_payload("quote"))
        + "” said someone.</blockquote>"
        "<script>document.write('script-ran')</script>"
        "<iframe src='javascript:alert(1)'></iframe>"
        "<p><a href='javascript:alert(1)'>js link</a> <a href='file:///etc/passwd'>file link</a>"
        f" <a href='http://ok.example/x'>{_x(_payload('link text'))}</a></p>"
        "<img src='javascript:alert(1)' alt='" + _x(_payload("alt")) + "'>"
        "</article></body></html>"
    ).encode("utf-8")


def weather_answer(query: Query) -> bytes:
    if query.get("mode", ["error"])[0] == "error":
        return json.dumps({"error": True, "reason": _payload("weather reason")}).encode()
    lats = query.get("latitude", ["0"])[0].split(",")
    one = {
        "utc_offset_seconds": _payload("offset"),
        "timezone": _payload("tz"),
        "current": {
            "time": _payload("time"),
            "temperature_2m": _payload("temp"),
            "weather_code": _payload("code"),
        },
    }
    return json.dumps([one] * len(lats) if len(lats) > 1 else one).encode()


_revisions = itertools.count(1)
_revision_lock = threading.Lock()


def churn_feed(n: int, items: int) -> bytes:
    with _revision_lock:
        rev = next(_revisions)
    word = "alpha" if rev % 2 else "omega"
    entries = [
        _item(f"churn-{n}-{i}", f"Churn {n} item {i} {word} rev{rev}", desc=f"rev {rev} text {i}")
        for i in range(items)
    ]
    entries += [_item(f"churn-{n}-new-{rev}-{k}", f"Fresh {n} {rev} {k} {word}") for k in (1, 2)]
    return _rss(f"Churn {n}", entries).encode()


# --- serving ------------------------------------------------------------------------------------
XML = "application/rss+xml"


def _docs(base: str) -> dict[str, Callable[[Query], tuple[bytes, str]]]:
    return {
        "escapes.xml": lambda q: (escapes_feed(base), XML + "; charset=UTF-8"),
        "escapes.json": lambda q: (escapes_json_feed(base), "application/feed+json"),
        "billion-laughs.xml": lambda q: (billion_laughs(), XML),
        "xxe.xml": lambda q: (xxe_feed(base), XML),
        "utf16-nobom.xml": lambda q: (utf16_nobom(q.get("be", ["0"])[0] == "1"), "text/xml"),
        "utf32-nobom.xml": lambda q: (utf32_nobom(), "text/xml"),
        "wrong-charset-header.xml": lambda q: (
            _korean_rss("UTF-8").replace(' encoding="UTF-8"', "").encode(),
            XML + "; charset=ISO-8859-1",
        ),
        "wrong-charset-decl.xml": lambda q: (
            _korean_rss("UTF-8").encode("euc-kr"),
            XML + "; charset=UTF-8",
        ),
        "invalid-utf8.xml": lambda q: (invalid_utf8(), XML + "; charset=UTF-8"),
        "huge-title.xml": lambda q: (huge_title(int(q.get("kb", ["1024"])[0])), XML),
        "many.xml": lambda q: (many_items(int(q.get("n", ["10000"])[0])), XML),
        "nul.xml": lambda q: (nul_feed(), XML + "; charset=UTF-8"),
        "page.html": lambda q: (hostile_page(), "text/html; charset=utf-8"),
        "weather/v1/forecast": lambda q: (weather_answer(q), "application/json"),
        "weather-data/v1/forecast": lambda q: (
            weather_answer({**q, "mode": ["data"]}),
            "application/json",
        ),
        "xxe-probe": lambda q: (b"<!ENTITY leaked 'probe-was-fetched'>", "text/plain"),
    }


def serve(handler: NewsroomHandler, name: str, query: Query) -> None:
    """Answer /faults/hostile/<name>."""
    if name == "redirect-escape":
        location = f"javascript:{CSI}{OSC52}\x9b31m"  # latin-1 only: it is a header
        handler.send_plain(302, "see elsewhere\n", {"Location": location})
        return
    if name.startswith("churn/") and name.removeprefix("churn/").removesuffix(".xml").isdigit():
        n = int(name.removeprefix("churn/").removesuffix(".xml"))
        body = churn_feed(n, int(query.get("items", ["100"])[0]))
        handler.send_bytes(200, body, XML + "; charset=UTF-8", compress=False, validators=False)
        return
    doc = _docs(handler.newsroom.base_url).get(name)
    if doc is None:
        handler.send_plain(404, f"no such hostile document: {name}\n")
        return
    body, ctype = doc(query)
    handler.send_bytes(200, body, ctype, compress=False, validators=False)
