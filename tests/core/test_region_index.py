"""The region filter in storage: the index agrees with the matching rules, at every step."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from reader.core.models import ArticleQuery, FeedSpec, ParsedEntry, ParsedFeed
from reader.core.region_match import Place, RegionMatcher
from reader.core.regions import BUILTIN_REGIONS
from reader.core.storage import Storage

PLACES = [Place(r.name, r.words) for r in BUILTIN_REGIONS]
T0 = datetime(2026, 11, 1, tzinfo=UTC)
EVERYTHING = ArticleQuery()

SNIPPETS = [
    "광주시는 27일 발표했다.",
    "광주에서 열린 행사",
    "광주의 겨울",
    "대나무 광주리를 짰다",
    "경기 광주 남한산성",
    "Gwangju's mayor said",
    "the Gwangju-based firm",
    "부산물 재활용",
    "부산 해운대",
    "서울시의회",
    "세계대전 기념관",
    "대전역 앞",
    "Daegu",
    "원주민 문화",
    "날씨가 맑다",
    "경제 소식",
    "구미호 전설",
    "구미시청",
    "Seoul and Busan",
    "홍성군",
]


def entry(i: int, text: str, *, title: str | None = None) -> ParsedEntry:
    return ParsedEntry(
        key=f"k{i}",
        title=title or f"기사 {i}",
        link=f"https://news.example/{i}",
        published=T0 + timedelta(minutes=i),
        summary=text,
        content=f"<p>{text}</p>",
    )


def store(storage: Storage, url: str, entries: list[ParsedEntry]) -> int:
    feed = storage.add_feed(FeedSpec(url))
    storage.apply_feed(
        feed.id,
        ParsedFeed("피드", None, tuple(entries)),
        etag=None,
        last_modified=None,
        body_hash=None,
        when=T0,
    )
    return feed.id


def brute_force(storage: Storage, region: str, q: ArticleQuery = EVERYTHING) -> list[int]:
    matcher = RegionMatcher([p for p in PLACES if p.name == region])
    everything = storage.query_articles(q, limit=100_000)
    full = {a.id: (storage.get_full_text(a.id) or (None, None))[0] for a in everything}
    return [
        a.id for a in everything if matcher.regions_in(a.title, a.summary, a.content, full[a.id])
    ]


def check_all_regions(storage: Storage, q: ArticleQuery = EVERYTHING) -> None:
    for place in PLACES:
        wanted = brute_force(storage, place.name, q)
        query = ArticleQuery(**{**_fields(q), "region": place.name})
        got = [a.id for a in storage.query_articles(query, limit=100_000)]
        assert got == wanted, place.name
        assert storage.count_articles(query) == len(wanted), place.name


def _fields(q: ArticleQuery) -> dict:
    return {name: getattr(q, name) for name in q.__slots__}


@pytest.fixture
def storage(tmp_path):
    with Storage(tmp_path / "sinmun.db") as s:
        s.set_places(PLACES)
        yield s


def test_region_query_matches_the_rules_and_the_list_order(storage):
    store(storage, "https://a.example/rss", [entry(i, s) for i, s in enumerate(SNIPPETS)])
    rows = storage.query_articles(ArticleQuery(region="광주"), limit=50)
    assert [a.summary for a in rows] == [
        "the Gwangju-based firm",
        "Gwangju's mayor said",
        "광주의 겨울",
        "광주에서 열린 행사",
        "광주시는 27일 발표했다.",
    ]
    assert storage.count_articles(ArticleQuery(region="광주")) == 5
    assert storage.count_articles(ArticleQuery(region="대전")) == 1  # not 세계대전
    check_all_regions(storage)


def test_index_stays_in_step_through_updates_deletes_restarts_and_new_places(tmp_path):
    rng = random.Random(20261127)
    path = tmp_path / "sinmun.db"

    def random_entries(n: int, start: int) -> list[ParsedEntry]:
        return [
            entry(start + i, " ".join(rng.sample(SNIPPETS, rng.randint(0, 3)))) for i in range(n)
        ]

    with Storage(path) as storage:
        storage.set_places(PLACES)
        store(storage, "https://a.example/rss", random_entries(120, 0))
        feed_b = store(storage, "https://b.example/rss", random_entries(80, 1000))
        check_all_regions(storage)
        # a refresh that rewrites some entries' text
        changed = random_entries(40, 1000)
        storage.apply_feed(
            feed_b,
            ParsedFeed("B", None, tuple(changed)),
            etag=None,
            last_modified=None,
            body_hash=None,
            when=T0,
        )
        check_all_regions(storage)
        # full text arrives for an article that did not mention 부산 before
        quiet = next(
            a for a in storage.query_articles(ArticleQuery(), limit=1000) if "부산" not in a.summary
        )
        storage.set_full_text(quiet.id, "부산시는 새 계획을 내놓았다", None)
        assert quiet.id in [a.id for a in storage.query_articles(ArticleQuery(region="부산"))]
        check_all_regions(storage)
        storage.remove_feed("https://a.example/rss")
        check_all_regions(storage)
        check_all_regions(storage, ArticleQuery(unread_only=True))
    with Storage(path) as storage:  # a restart with the same places: nothing to redo
        assert storage.set_places(PLACES) == 0
        check_all_regions(storage)
    with Storage(path) as storage:  # the user's own list: everything is tagged anew
        mine = [Place("광주", ("광주", "Gwangju")), Place("해운대", ("해운대",))]
        assert storage.set_places(mine) == storage.count_articles(ArticleQuery())
        assert storage.count_articles(ArticleQuery(region="해운대")) == len(
            [
                a
                for a in storage.query_articles(ArticleQuery(), limit=1000)
                if "해운대" in a.summary + ((storage.get_full_text(a.id) or ("",))[0] or "")
            ]
        )


def test_region_combines_with_feed_unread_and_search(storage):
    a = store(storage, "https://a.example/rss", [entry(i, s) for i, s in enumerate(SNIPPETS)])
    store(storage, "https://b.example/rss", [entry(100 + i, s) for i, s in enumerate(SNIPPETS)])
    both = storage.query_articles(ArticleQuery(region="광주"), limit=100)
    assert len(both) == 10
    storage.set_read([both[0].id], True)
    assert storage.count_articles(ArticleQuery(region="광주", unread_only=True)) == 9
    assert storage.count_articles(ArticleQuery(region="광주", feed_id=a)) == 5
    found = storage.query_articles(ArticleQuery(region="광주", search="겨울"), limit=100)
    assert [r.summary for r in found] == ["광주의 겨울", "광주의 겨울"]
    assert storage.mark_all_read(ArticleQuery(region="광주", feed_id=a)) == 5 - (
        1 if both[0].feed_id == a else 0
    )


def test_free_text_region_uses_the_word_index(storage):
    store(
        storage,
        "https://a.example/rss",
        [
            entry(1, "강남구청은 밝혔다"),
            entry(2, "Gangnam's streets"),
            entry(3, "남강남 마을"),
            entry(4, "경제 소식"),
        ],
    )
    # a Hangul word matches at the start of a word (강남구청은), not inside one (남강남)
    assert [a.summary for a in storage.query_articles(ArticleQuery(region="강남"))] == [
        "강남구청은 밝혔다"
    ]
    got = {a.summary for a in storage.query_articles(ArticleQuery(region="강남 Gangnam"))}
    assert got == {"강남구청은 밝혔다", "Gangnam's streets"}
    assert storage.count_articles(ArticleQuery(region="!!")) == 0
