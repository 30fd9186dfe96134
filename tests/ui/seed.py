"""A real Service over a real SQLite file, seeded with fixed Korean and English articles."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from reader.core.extract import Byline, ExtractedArticle, Image, Link, Quote
from reader.core.extract.fetch import cache_columns
from reader.core.models import ArticleQuery, FeedSpec, ParsedEntry, ParsedFeed
from reader.core.regions import BUILTIN_REGIONS
from reader.core.service import Service
from reader.core.settings import Config, UiConfig, WeatherConfig
from reader.core.weather.base import Observation, WeatherReport
from reader.core.weather.codes import wmo_condition
from reader.core.weather.service import CACHE_KEY

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=SEOUL).astimezone(UTC)  # Tuesday noon in Seoul
MARKUP_TITLE = "[Privacy] New rules for data brokers [@click=app.quit]press[/]"
NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens, a fetch fails at once

KWANGJU = "http://news.test/kwangju.xml"
WORLD = "http://world.test/rss"
YONHAP = "http://yna.test/feed"

BODY = """
<p>과학기술정보통신부는 <b>24일</b> 광주를 ‘인공지능 집적단지’로 지정한다고 밝혔다.</p>
<blockquote><p>“광주가 대한민국 AI 중심도시로 도약하는 계기가 될 것”</p></blockquote>
<p>이용섭 광주시장은 <a href="https://news.test/ai">관련 기사</a>에서 “시민과 함께”라고 말했다.</p>
<ul><li>AI 데이터센터 구축</li><li>실증 장비 120종 도입</li></ul>
<img src="/photo.jpg" alt="광주 AI 집적단지 조감도">
<script>alert("x")</script>
<p>/박진표 기자 lucky@kwangju.co.kr</p>
"""

LONG_BODY = "".join(f"<p>Paragraph {n}: markets moved a little. " * 3 + "</p>" for n in range(40))


def _at(hours_ago: float) -> datetime:
    return NOW - timedelta(hours=hours_ago)


def _entry(key: str, title: str, hours_ago: float, **fields: str) -> ParsedEntry:
    return ParsedEntry(key=key, title=title, published=_at(hours_ago), **fields)


FEEDS: dict[str, tuple[str, list[ParsedEntry]]] = {
    KWANGJU: (
        "광주일보",
        [
            _entry(
                "k1",
                "(광주일보) 광주, 대한민국 ‘AI 중심도시’ 도약… 인공지능 집적단지 지정",
                0.97,
                link="https://news.test/k1",
                author="박진표 기자",
                content=BODY,
            ),
            _entry("k2", "광주시, 겨울철 대설 대비 비상근무 체제 돌입", 1.33, summary="대설 대비."),
            _entry("k3", "무등산 국립공원 탐방로 일부 통제", 30, summary="탐방로 통제."),
        ],
    ),
    WORLD: (
        "Example World",
        [
            _entry(
                "w1",
                "Markets steady as central banks hold rates",
                2.75,
                link="https://world.test/markets",
                author="Jane Doe",
                content=LONG_BODY,
            ),
            _entry("w2", MARKUP_TITLE, 4, link="https://world.test/privacy"),
            _entry(
                "w3",
                "A very long English headline that goes on and on to test truncation in narrow "
                "terminals, well past the edge",
                50,
            ),
            _entry("w4", "Year in review: the stories that shaped 2025", 24 * 400),
        ],
    ),
    YONHAP: (
        "연합뉴스",
        [
            _entry("y1", "(서울=연합뉴스) 수도권 첫눈… 출근길 교통 혼잡 예상", 3.5),
            _entry("y2", "광주·전남 미세먼지 ‘나쁨’ 수준", 6),
        ],
    ),
}


# The full text of the articles that have a page, as the extraction would have cached it: the
# seeded service never fetches a page (its links are not real sites).
FULL_TEXT = {
    "k1": ExtractedArticle(
        url="https://news.test/k1",
        title="광주, 대한민국 ‘AI 중심도시’ 도약… 인공지능 집적단지 지정",
        outlet="광주일보",
        deck=["과기부 ‘인공지능 집적단지’ 광주 지정", "데이터센터·실증 장비 2026년까지 구축"],
        byline=Byline("박진표", "기자", "lucky@kwangju.co.kr"),
        published=NOW - timedelta(hours=0.97),
        paragraphs=[
            "과학기술정보통신부는 24일 광주를 ‘인공지능 집적단지’로 지정한다고 밝혔다.",
            "“광주가 대한민국 AI 중심도시로 도약하는 계기가 될 것”",
            "이용섭 광주시장은 관련 기사에서 “시민과 함께 만들겠다”라고 말했다.",
            "집적단지에는 AI 데이터센터와 실증 장비 120종이 들어선다.",
        ],
        quotes=[
            Quote("“광주가 대한민국 AI 중심도시로 도약하는 계기가 될 것”", "이용섭 광주시장"),
            Quote("“시민과 함께 만들겠다”", "이용섭 광주시장"),
        ],
        # On the discard port: never fetched (a private address the page is not on), no network.
        images=[Image(f"{NOWHERE}/photo.jpg", "광주 AI 집적단지 조감도")],
        links=[Link("관련 기사", "https://news.test/ai")],
    ),
    "w1": ExtractedArticle(
        url="https://world.test/markets",
        title="Markets steady as central banks hold rates",
        byline=Byline("Jane Doe", "Reporter"),
        published=NOW - timedelta(hours=2.75),
        paragraphs=[f"Paragraph {n}: markets moved a little. " * 3 for n in range(40)],
    ),
    "w2": ExtractedArticle(
        url="https://world.test/privacy",
        title=MARKUP_TITLE,
        paragraphs=["[bold]Brokers[/bold] must register. [@click=app.quit]press[/]"],
    ),
}

# The seed page's strip (기상청 제공, 14:00): 흐림 where it says so, clear elsewhere.
WEATHER = {
    "강릉": (3, 1.3), "서울": (0, 3.2), "인천": (0, 2.1), "원주": (3, 3.7), "수원": (3, 3.7),
    "청주": (0, 3.0), "대전": (0, 3.3), "포항": (0, 7.8), "대구": (0, 6.8), "전주": (0, 6.9),
    "울산": (0, 6.6), "창원": (0, 7.8), "광주": (0, 8.3), "부산": (0, 7.7), "순천": (3, 6.7),
    "홍성": (0, 3.6), "제주": (3, 10.7), "김해시": (3, 7.1), "구미": (3, -0.5),
}  # fmt: skip


def weather_report(fetched: datetime) -> WeatherReport:
    observed = fetched.replace(minute=0, second=0, microsecond=0)
    observations = [
        Observation(
            r.name, r.label, wmo_condition(WEATHER[r.name][0]), WEATHER[r.name][1], observed
        )
        for r in BUILTIN_REGIONS
    ]
    return WeatherReport("open-meteo", "Open-Meteo", observations, fetched=fetched)


def seed_service(
    data_dir: Path,
    *,
    extra_world: int = 0,
    keys: dict[str, str] | None = None,
    weather_url: str = NOWHERE,
    **ui: object,
) -> Service:
    """A Service on `data_dir` with the three feeds above (연합뉴스's last refresh failed).

    `extra_world` adds that many older English articles (for paging tests). UI settings
    default to no refresh on start, so tests decide when the network is used. The weather
    cache holds a fresh report (so the bar shows it and does not fetch for 5 minutes of the
    frozen clock) and the pages of k1, w1 and w2 are in the full-text cache.
    """
    config = Config(
        feeds=tuple(FeedSpec(url) for url in FEEDS),
        weather=WeatherConfig(base_url=weather_url),
        keys=dict(keys or {}),
        ui=UiConfig(**{"refresh_on_start": False, "refresh_minutes": 600, **ui}),  # type: ignore[arg-type]
    )
    service = Service.open(config, data_dir, now=lambda: NOW)
    storage = service.storage
    for url, (title, entries) in FEEDS.items():
        feed = storage.get_feed(url)
        assert feed is not None
        if url == WORLD and extra_world:
            entries = entries + [
                _entry(f"x{n}", f"Archive story {n}", 100 + n) for n in range(extra_world)
            ]
        storage.apply_feed(
            feed.id,
            ParsedFeed(title=title, site_link=None, entries=tuple(entries)),
            etag=None,
            last_modified=None,
            body_hash=None,
            when=NOW - timedelta(minutes=5),
        )
    yonhap = storage.get_feed(YONHAP)
    assert yonhap is not None
    storage.record_error(yonhap.id, "HTTP 500 Internal Server Error", NOW)
    by_link = {full.url: full for full in FULL_TEXT.values()}
    for article in service.articles(ArticleQuery(), 0, 1000):
        if article.link in by_link:
            storage.set_full_text(article.id, *cache_columns(by_link[article.link]))
    report = weather_report(NOW - timedelta(minutes=5))
    storage.set_meta(CACHE_KEY, json.dumps(report.to_json(), ensure_ascii=False))
    return service


def add_article(
    service: Service,
    feed_url: str,
    title: str,
    *,
    link: str | None = None,
    content: str = "",
    feed_title: str = "Extra",
) -> None:
    """One more feed with one article, the newest of all (so the list's first row)."""
    feed = service.add_feed(feed_url)
    entry = ParsedEntry(key=title, title=title, link=link, content=content, published=NOW)
    service.storage.apply_feed(
        feed.id,
        ParsedFeed(title=feed_title, site_link=None, entries=(entry,)),
        etag=None,
        last_modified=None,
        body_hash=None,
        when=NOW,
    )
