"""Feed documents for each outlet: RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.1.

Rendering is pure: (outlet, articles, base_url) → bytes in the outlet's encoding. EUC-KR feeds
declare it in the XML prolog; the server also names it in Content-Type.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from email.utils import format_datetime
from html import escape

from .content import NewsArticle, Outlet

CONTENT_TYPES = {
    "rss2": "application/rss+xml",
    "rss1": "application/rdf+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


def _x(s: str) -> str:
    return escape(s, quote=True)


def entry_html(a: NewsArticle) -> str:
    """The entry body a feed carries: deck lines then the paragraphs."""
    paras = list(a.paragraphs)
    if a.dateline and paras:
        paras[0] = f"{a.dateline} {paras[0]}"
    deck = "".join(f"<h3>{_x(d)}</h3>" for d in a.deck)
    return deck + "".join(f"<p>{_x(p)}</p>" for p in paras)


def _link(base: str, a: NewsArticle, outlet: Outlet) -> str:
    # namhansan deliberately uses relative links: readers must resolve them against the feed URL
    return a.path if outlet.slug == "namhansan" else base + a.path


def render_feed(outlet: Outlet, articles: Sequence[NewsArticle], base: str) -> bytes:
    render = {"rss2": _rss2, "rss1": _rss1, "atom": _atom, "json": _json}[outlet.feed_format]
    return render(outlet, articles, base)


def _prolog(outlet: Outlet) -> str:
    return f'<?xml version="1.0" encoding="{outlet.encoding.upper()}"?>\n'


def _encode(outlet: Outlet, text: str) -> bytes:
    return text.encode(outlet.encoding, errors="xmlcharrefreplace")


def _rss2(outlet: Outlet, articles: Sequence[NewsArticle], base: str) -> bytes:
    items = []
    for a in articles:
        if outlet.lang == "en":
            who = f"<author>{_x(a.byline.email or '')} ({_x(a.byline.name)})</author>"
        else:
            who = f"<dc:creator>{_x(a.byline.name)}</dc:creator>"
        cats = "".join(f"<category>{_x(r)}</category>" for r in a.regions)
        items.append(
            f"<item>\n<title>{_x(a.headline)}</title>\n<link>{_x(_link(base, a, outlet))}</link>\n"
            f'<guid isPermaLink="false">{a.guid}</guid>\n'
            f"<pubDate>{format_datetime(a.published)}</pubDate>\n{who}\n{cats}\n"
            f"<description>{_x(a.summary)}</description>\n"
            f"<content:encoded><![CDATA[{entry_html(a)}]]></content:encoded>\n</item>"
        )
    newest = max((a.published for a in articles), default=None)
    build = f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>\n" if newest else ""
    doc = (
        _prolog(outlet) + '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{_x(outlet.site_title)}</title>\n<link>{base}/</link>\n"
        f"<description>{_x(outlet.description)}</description>\n<language>{outlet.lang}</language>\n"
        f'{build}<atom:link href="{base}{outlet.feed_path}" rel="self" '
        f'type="application/rss+xml"/>\n' + "\n".join(items) + "\n</channel>\n</rss>\n"
    )
    return _encode(outlet, doc)


def _rss1(outlet: Outlet, articles: Sequence[NewsArticle], base: str) -> bytes:
    seq = "".join(f'<rdf:li rdf:resource="{_x(base + a.path)}"/>' for a in articles)
    items = "\n".join(
        f'<item rdf:about="{_x(base + a.path)}">\n<title>{_x(a.headline)}</title>\n'
        f"<link>{_x(base + a.path)}</link>\n<description>{_x(a.summary)}</description>\n"
        f"<content:encoded><![CDATA[{entry_html(a)}]]></content:encoded>\n"
        f"<dc:date>{a.published.isoformat()}</dc:date>\n<dc:creator>{_x(a.byline.name)}"
        f"</dc:creator>\n<dc:subject>{_x(', '.join(a.regions))}</dc:subject>\n</item>"
        for a in articles
    )
    doc = (
        _prolog(outlet) + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        f'<channel rdf:about="{base}{outlet.feed_path}">\n<title>{_x(outlet.site_title)}</title>\n'
        f"<link>{base}/</link>\n<description>{_x(outlet.description)}</description>\n"
        f"<dc:language>{outlet.lang}</dc:language>\n<items><rdf:Seq>{seq}</rdf:Seq></items>\n"
        f"</channel>\n{items}\n</rdf:RDF>\n"
    )
    return _encode(outlet, doc)


def _atom(outlet: Outlet, articles: Sequence[NewsArticle], base: str) -> bytes:
    entries = []
    for a in articles:
        email = f"<email>{_x(a.byline.email)}</email>" if a.byline.email else ""
        cats = "".join(f'<category term="{_x(r)}"/>' for r in a.regions)
        entries.append(
            f"<entry>\n<title>{_x(a.headline)}</title>\n<id>{a.guid}</id>\n"
            f'<link rel="alternate" type="text/html" href="{_x(base + a.path)}"/>\n'
            f"<published>{a.published.isoformat()}</published>\n"
            f"<updated>{a.published.isoformat()}</updated>\n"
            f"<author><name>{_x(a.byline.name)}</name>{email}</author>\n{cats}\n"
            f'<summary type="text">{_x(a.summary)}</summary>\n'
            f'<content type="html">{_x(entry_html(a))}</content>\n</entry>'
        )
    newest = max((a.published for a in articles), default=None)
    updated = newest.isoformat() if newest else "2026-11-01T00:00:00+09:00"
    doc = (
        _prolog(outlet) + f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{outlet.lang}">\n'
        f"<title>{_x(outlet.site_title)}</title>\n<subtitle>{_x(outlet.description)}</subtitle>\n"
        f"<id>urn:sinmun-newsroom:{outlet.slug}</id>\n"
        f'<link rel="self" type="application/atom+xml" href="{base}{outlet.feed_path}"/>\n'
        f'<link rel="alternate" type="text/html" href="{base}/"/>\n<updated>{updated}</updated>\n'
        f"<author><name>{_x(outlet.name)}</name></author>\n" + "\n".join(entries) + "\n</feed>\n"
    )
    return _encode(outlet, doc)


def _json(outlet: Outlet, articles: Sequence[NewsArticle], base: str) -> bytes:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.site_title,
        "home_page_url": f"{base}/",
        "feed_url": f"{base}{outlet.feed_path}",
        "description": outlet.description,
        "language": outlet.lang,
        "authors": [{"name": outlet.name}],
        "items": [
            {
                "id": a.guid,
                "url": base + a.path,
                "title": a.headline,
                "summary": a.summary,
                "content_html": entry_html(a),
                "date_published": a.published.isoformat(),
                "authors": [{"name": a.byline.name}],
                "tags": list(a.regions),
            }
            for a in articles
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# --- deliberately bad documents ---------------------------------------------------------------

BROKEN_FEED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><chan'
    b"\x00\x01<<<< \xff\xfe garbled & truncated </item></rss"
)

MALFORMED_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<config>\n  <server port="80">\n'
    b"    <name>not a feed</nme>\n  </server>\n</config>\n"
)

HTML_NOT_FEED = (
    "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>페이지를 찾을 수 없습니다</title>"
    "</head><body><h1>요청하신 페이지를 찾을 수 없습니다</h1><p>주소를 확인해 주세요.</p>"
    "</body></html>\n"
).encode()


def bozo_feed(base: str) -> bytes:
    """RSS with an undefined entity and a stray '&': not well-formed, yet entries survive."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        "<title>허술한 피드 &nbsp; Sloppy Feed</title>\n"
        f"<link>{base}/</link>\n<description>Tom & Jerry 소식</description>\n"
        "<item><title>광주 첫눈 &nbsp;소식 & 교통 정보</title>"
        f"<link>{base}/articles/bozo/first-snow.html</link>"
        "<guid>bozo-1</guid><pubDate>Tue, 24 Nov 2026 07:30:00 +0900</pubDate>"
        "<description>광주에 첫눈이 내렸다 & 출근길 주의</description></item>\n"
        "<item><title>Second item &copy; works</title>"
        f"<link>{base}/articles/bozo/second.html</link><guid>bozo-2</guid>"
        "<pubDate>Tue, 24 Nov 2026 08:00:00 +0900</pubDate>"
        "<description>Still readable</description></item>\n</channel></rss>\n"
    ).encode()


def synthetic_feed(n: int, items: int, base: str) -> bytes:
    """Feed number *n* of an unbounded family (benchmarks: hundreds of distinct feeds).

    Entries reuse catalogue articles (rotated by *n*) under guids unique to this feed.
    """
    from .content import ARTICLES

    chosen = [ARTICLES[(n * 7 + i) % len(ARTICLES)] for i in range(max(0, min(items, 500)))]
    body = "\n".join(
        f"<item><title>{_x(a.headline)}</title><link>{base}{a.path}?feed={n}</link>"
        f'<guid isPermaLink="false">synthetic-{n}-{i}</guid>'
        f"<pubDate>{format_datetime(a.published)}</pubDate>"
        f"<description>{_x(a.summary)}</description></item>"
        for i, a in enumerate(chosen)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>Synthetic feed {n}</title><link>{base}/</link>"
        f"<description>generated</description>\n{body}\n</channel></rss>\n"
    ).encode()
