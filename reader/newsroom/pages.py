"""Article pages wrapped in the boilerplate real regional news sites carry.

The boilerplate (weather strip, menus, most-read list, photo gallery, share buttons, copyright)
is what the extractor must strip; the article itself sits in ``<article>`` with the headline in
``<h1>``, the deck in ``<h2 class="subtitle">`` and the byline after the body.
"""

from __future__ import annotations

from html import escape

from .content import ARTICLES, OUTLETS, NewsArticle

# The seed page's strip: (condition prefix, city, temperature).
WEATHER_STRIP = [
    ("흐림", "강릉", "1.3"),
    ("", "서울", "3.2"),
    ("", "인천", "2.1"),
    ("흐림", "원주", "3.7"),
    ("흐림", "수원", "3.7"),
    ("", "청주", "3.0"),
    ("", "대전", "3.3"),
    ("", "포항", "7.8"),
    ("", "대구", "6.8"),
    ("", "전주", "6.9"),
    ("", "울산", "6.6"),
    ("", "창원", "7.8"),
    ("", "광주", "8.3"),
    ("", "부산", "7.7"),
    ("흐림", "순천", "6.7"),
    ("", "홍성(예)", "3.6"),
    ("흐림", "제주", "10.7"),
    ("흐림", "김해시", "7.1"),
    ("흐림", "구미", "5.8"),
]
MENU_KO = ["전체기사", "정치", "경제", "사회", "문화", "스포츠", "오피니언", "지역", "포토"]
FOOTER_LINKS = ["회사소개", "개인정보처리방침", "청소년보호정책"]
MENU_EN = ["Home", "Politics", "Business", "Regions", "Culture", "Opinion", "Photos"]


def _e(s: str) -> str:
    return escape(s, quote=True)


def _weather_strip() -> str:
    items = "".join(
        f'<li><span class="wx-cond">{c}</span>{city} <b>{t}℃</b></li>'
        for c, city, t in WEATHER_STRIP
    )
    return (
        f'<div id="weather-strip" class="weather"><ul>{items}</ul>'
        '<span class="source">기상청 제공</span></div>'
    )


def _most_read(a: NewsArticle) -> str:
    others = [o for o in ARTICLES if o.feed == a.feed and o.slug != a.slug][:5]
    ko = OUTLETS[a.feed].lang == "ko"
    title = "많이 본 기사" if ko else "Most read"
    lis = "".join(f'<li><a href="{o.path}">{_e(o.headline)}</a></li>' for o in others)
    return f'<section class="most-read"><h3>{title}</h3><ol>{lis}</ol></section>'


def _gallery(a: NewsArticle) -> str:
    ko = OUTLETS[a.feed].lang == "ko"
    title = "포토뉴스" if ko else "In pictures"
    caps = (
        ["첫눈 내린 무등산 설경", "김장 나눔 현장", "야경 명소 된 다리"]
        if ko
        else ["Snow on the ridge", "Night market crowds", "Lanterns on the river"]
    )
    figs = "".join(
        f'<figure><a href="/photos/{i}"><img src="/static/img/photo{i}.png" alt=""></a>'
        f"<figcaption>{c}</figcaption></figure>"
        for i, c in enumerate(caps, 1)
    )
    return f'<section class="photo-news"><h3>{title}</h3>{figs}</section>'


def _share(ko: bool) -> str:
    if not ko:
        return (
            '<div class="share-buttons"><a href="#" class="fb">Facebook</a>'
            '<a href="#" class="tw">X</a><button class="copy-url">Copy link</button></div>'
        )
    return (
        '<div class="share-buttons"><a href="#" class="fb">페이스북</a>'
        '<a href="#" class="tw">X</a><a href="#" class="kakao">카카오톡</a>'
        '<button class="copy-url">URL복사</button><button class="print">인쇄</button></div>'
    )


def _byline_html(a: NewsArticle) -> str:
    style = OUTLETS[a.feed].byline_style
    b = a.byline
    if style == "by":
        role = f", {_e(b.role)}" if b.role else ""
        return f'<p class="byline">By {_e(b.name)}{role}</p>'
    if style == "wire":
        return f'<p class="reporter-email">{_e(b.email or "")}</p>'
    return f'<p class="byline">/{_e(b.name)} {_e(b.role or "")} {_e(b.email or "")}</p>'


def render_article(a: NewsArticle) -> str:
    """The full HTML page of one article (a ``str``; the caller encodes it)."""
    outlet = OUTLETS[a.feed]
    ko = outlet.lang == "ko"
    charset = "euc-kr" if outlet.encoding == "euc-kr" else "utf-8"
    h1 = f"({outlet.name}) {a.headline}" if outlet.outlet_in_headline else a.headline
    paras = list(a.paragraphs)
    if a.dateline and paras:
        paras[0] = f"{a.dateline} {paras[0]}"
    body = "\n".join(f"<p>{_e(p)}</p>" for p in paras)
    figure = ""
    if a.image_caption:
        figure = (
            f'<figure class="article-photo"><img src="/static/img/{a.slug}.png" '
            f'alt="{_e(a.headline)}"><figcaption>{_e(a.image_caption)}</figcaption></figure>'
        )
    byline_top = ""
    if outlet.byline_style == "by":
        byline_top, byline_bottom = _byline_html(a), ""
    else:
        byline_bottom = _byline_html(a)
    menu = "".join(
        f'<li><a href="/section/{i}">{m}</a></li>' for i, m in enumerate(MENU_KO if ko else MENU_EN)
    )
    iso = a.published.isoformat()
    shown = a.published.strftime("%Y-%m-%d %H:%M")
    copyright_ = (
        f"Copyright © {outlet.name}. All rights reserved. 무단전재 및 재배포 금지"
        if ko
        else f"Copyright © 2026 {outlet.name}. All rights reserved."
    )
    deck = "<br>".join(_e(d) for d in a.deck)
    date_label = "입력" if ko else "Published"
    menu_label, search_label = ("메뉴", "검색") if ko else ("Menu", "Search")
    footer_links = "".join(f"<li>{x}</li>" for x in FOOTER_LINKS)
    return f"""<!DOCTYPE html>
<html lang="{outlet.lang}">
<head>
<meta charset="{charset}">
<title>{_e(h1)} - {_e(outlet.name)}</title>
<meta property="og:title" content="{_e(a.headline)}">
<meta property="og:site_name" content="{_e(outlet.name)}">
<meta property="og:type" content="article">
<meta property="og:description" content="{_e(a.summary)}">
<meta property="article:published_time" content="{iso}">
<meta name="author" content="{_e(a.byline.name)}">
<link rel="alternate" type="application/rss+xml" href="{outlet.feed_path}">
<style>body{{font-family:sans-serif}} .weather li{{display:inline;margin:0 4px}}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}</script>
</head>
<body>
{_weather_strip() if ko else ""}
<header class="site-header"><a class="logo" href="/">{_e(outlet.name)}</a>
<nav class="gnb"><button class="menu-toggle">{menu_label}</button><ul>{menu}</ul></nav>
<form class="search" action="/search"><input name="q"><button>{search_label}</button></form>
</header>
<main id="container">
<article class="article-view">
<div class="article-head">
<h1 class="headline">{_e(h1)}</h1>
<h2 class="subtitle">{deck}</h2>
<div class="info"><span class="date">{date_label} {shown}</span>{_share(ko)}</div>
{byline_top}
</div>
<div id="article-body" class="article-body">
{figure}
{body}
{byline_bottom}
</div>
</article>
<aside class="sidebar">{_most_read(a)}{_gallery(a)}
<div class="ad"><a href="/ad/1"><img src="/static/img/ad.png" alt="광고"></a></div></aside>
</main>
<footer class="site-footer"><ul>{footer_links}</ul>
<address>{_e(outlet.name)} | 등록번호 아00000 | 발행인 홍길동</address>
<p class="copyright">{copyright_}</p></footer>
</body>
</html>
"""


def render_index(feeds: list[tuple[str, str]]) -> str:
    """A small home page listing the feeds (handy with ``sinmun demo --serve``). Its head
    advertises them as a portal does, `<link rel="alternate">` each (feed discovery)."""
    from .feeds import CONTENT_TYPES

    types = {o.feed_path: CONTENT_TYPES[o.feed_format] for o in OUTLETS.values()}
    links = "".join(
        f'<link rel="alternate" type="{types[p]}" title="{_e(t)}" href="{_e(p)}">'
        for p, t in feeds
        if p in types
    )
    lis = "".join(f'<li><a href="{_e(p)}">{_e(t)}</a></li>' for p, t in feeds)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Sinmun newsroom</title>"
        f"{links}</head><body><h1>Sinmun offline newsroom</h1><ul>{lis}</ul></body></html>"
    )
