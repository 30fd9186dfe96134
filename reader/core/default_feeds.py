"""The feeds a first run subscribes to when there is no config.

Every URL below was confirmed from public sources, not guessed: each comment names where it was
seen, preferring lists whose authors fetched the feed and parsed it (with the date they did).
docs/default-feeds.md has the full table and the outlets that were tried and left out. Users
replace the whole list with ``[[feeds]]`` tables in their config.
"""

from __future__ import annotations

from reader.core.models import FeedSpec

DEFAULT_FEEDS: tuple[FeedSpec, ...] = (
    # --- Korean national -------------------------------------------------------------------
    # seokhoonj/newswatcher docs/korean-news-rss.md (fetched 2026-08-20, 120 items);
    # 2DayLab/My-News-Digest examples/RSS_EXAMPLES.md; Gawkat/hyangsang ships Yonhap built in.
    FeedSpec("https://www.yna.co.kr/rss/news.xml", "연합뉴스 최신기사", ("korea", "national")),
    # seokhoonj/newswatcher docs/korean-news-rss.md (fetched 2026-08-20);
    # 2DayLab/My-News-Digest examples/RSS_EXAMPLES.md; mrhwang-dev/goreun-news SOURCES.md.
    FeedSpec("https://www.hani.co.kr/rss/", "한겨레 전체기사", ("korea", "national")),
    # seokhoonj/newswatcher docs/korean-news-rss.md (2026-08-20); mrhwang-dev/goreun-news
    # config.py (checked 2026-07-22); mylee04/world-press-monitor README.md (200, 2026-02-24).
    FeedSpec(
        "https://www.khan.co.kr/rss/rssdata/total_news.xml",
        "경향신문 전체기사",
        ("korea", "national"),
    ),
    # seokhoonj/newswatcher docs/korean-news-rss.md (2026-08-20); mrhwang-dev/goreun-news
    # config.py (2026-07-22); mylee04/world-press-monitor README.md (200, 2026-02-24).
    FeedSpec("https://rss.donga.com/total.xml", "동아일보 전체기사", ("korea", "national")),
    # seokhoonj/newswatcher docs/korean-news-rss.md (2026-08-20); mrhwang-dev/goreun-news
    # config.py (2026-07-22); mylee04/world-press-monitor README.md; Gawkat/hyangsang
    # docs/feed-backlog.md (fetched 2026-09-27).
    FeedSpec(
        "https://www.chosun.com/arc/outboundfeeds/rss/?outputType=xml",
        "조선일보 전체기사",
        ("korea", "national"),
    ),
    # seokhoonj/newswatcher docs/korean-news-rss.md (2026-08-20, 101 items, without the
    # plink parameter); the ?plink=RSSREADER form is the one most other public projects use.
    FeedSpec(
        "https://news.sbs.co.kr/news/newsflashRssFeed.do?plink=RSSREADER",
        "SBS 뉴스 최신기사",
        ("korea", "national", "broadcast"),
    ),
    # --- Korean regional -------------------------------------------------------------------
    # 전남일보 (Gwangju): mrhwang-dev/goreun-news config.py (checked 2026-07-22) and a Suncheon
    # local-news collector that reads it in production. seokhoonj/newswatcher lists the
    # same paper's Google-News variant, cdn.jnilbo.com/rss/gn_rss_allArticle.xml.
    FeedSpec(
        "https://www.jnilbo.com/rss/allArticle.xml",
        "전남일보 전체기사",
        ("korea", "regional", "gwangju", "jeonnam"),
    ),
    # 남도일보 (Gwangju): mrhwang-dev/goreun-news config.py (2026-07-22); the Suncheon collector.
    FeedSpec(
        "https://www.namdonews.com/rss/allArticle.xml",
        "남도일보 전체기사",
        ("korea", "regional", "gwangju", "jeonnam"),
    ),
    # 전북일보 (Jeonju): seokhoonj/newswatcher docs/korean-news-rss.md (2026-08-20);
    # Gawkat/hyangsang docs/feed-backlog.md (fetched 2026-09-27).
    FeedSpec(
        "https://www.jjan.kr/news/rssAll",
        "전북일보 전체기사",
        ("korea", "regional", "jeonbuk"),
    ),
    # 대전일보: seokhoonj/newswatcher docs/korean-news-rss.md (2026-08-20);
    # mrhwang-dev/goreun-news config.py (2026-07-22).
    FeedSpec(
        "https://www.daejonilbo.com/rss/allArticle.xml",
        "대전일보 전체기사",
        ("korea", "regional", "daejeon", "chungcheong"),
    ),
    # 인천일보: seokhoonj/newswatcher docs/korean-news-rss.md (2026-08-20);
    # mrhwang-dev/goreun-news config.py (2026-07-22).
    FeedSpec(
        "https://www.incheonilbo.com/rss/allArticle.xml",
        "인천일보 전체기사",
        ("korea", "regional", "incheon"),
    ),
    # 경남도민일보 (Changwon): seokhoonj/newswatcher (2026-08-20); mrhwang-dev/goreun-news
    # config.py (2026-07-22); Gawkat/hyangsang docs/feed-backlog.md (2026-10-10).
    FeedSpec(
        "https://www.idomin.com/rss/allArticle.xml",
        "경남도민일보 전체기사",
        ("korea", "regional", "gyeongnam"),
    ),
    # 강원도민일보 (Chuncheon): seokhoonj/newswatcher (2026-08-20); mrhwang-dev/goreun-news
    # config.py (2026-07-22, http:// form of the same path).
    FeedSpec(
        "https://www.kado.net/rss/allArticle.xml",
        "강원도민일보 전체기사",
        ("korea", "regional", "gangwon"),
    ),
    # 제주일보: seokhoonj/newswatcher (2026-08-20); mrhwang-dev/goreun-news config.py
    # (2026-07-22); Gawkat/hyangsang docs/feed-backlog.md (2026-10-10).
    FeedSpec(
        "https://www.jejunews.com/rss/allArticle.xml",
        "제주일보 전체기사",
        ("korea", "regional", "jeju"),
    ),
    # --- International ---------------------------------------------------------------------
    # seokhoonj/newswatcher docs/world-news-rss.md (fetched 2026-09-01, 38 items);
    # 2DayLab/My-News-Digest examples/RSS_EXAMPLES.md (http:// form).
    FeedSpec("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC News - World", ("world",)),
    # seokhoonj/newswatcher docs/world-news-rss.md (2026-09-01, 45 items);
    # 2DayLab/My-News-Digest examples/RSS_EXAMPLES.md.
    FeedSpec("https://www.theguardian.com/world/rss", "The Guardian - World news", ("world",)),
    # seokhoonj/newswatcher docs/world-news-rss.md (2026-09-01, 25 items);
    # 2DayLab/My-News-Digest examples/RSS_EXAMPLES.md.
    FeedSpec("https://www.aljazeera.com/xml/rss/all.xml", "Al Jazeera - All news", ("world",)),
    # seokhoonj/newswatcher docs/korean-news-rss.md (2026-08-20, 50 items);
    # mylee04/world-press-monitor README.md (200, 2026-02-24, ~220 items a day).
    FeedSpec(
        "https://www.koreaherald.com/rss/newsAll",
        "The Korea Herald - All news",
        ("korea", "english"),
    ),
)
