"""Article lists, counts and search through `Storage` (reader/core/article_queries.py)."""

from __future__ import annotations

import random
import re
from datetime import timedelta
from pathlib import Path

import pytest

from reader.core.models import ArticleQuery, FeedSpec, ParsedEntry
from reader.core.storage import Storage
from tests.core.conftest import HOUR, T0, _assert_fts_integrity, apply, entry, raw

# --- queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ArticleQuery(), ["b1", "a2", "b2", "a1"]),
        (ArticleQuery(feed_id=1), ["a2", "a1"]),
        (ArticleQuery(feed_url="http://127.0.0.1/b.xml"), ["b1", "b2"]),
        (ArticleQuery(feed_url="http://nope/"), []),
        (ArticleQuery(unread_only=True), ["b2", "a1"]),
        (ArticleQuery(starred_only=True), ["b1", "a1"]),
        (ArticleQuery(search="광주"), ["a1"]),  # a particle form matches: 광주시는
        (ArticleQuery(search="gwang BUDG"), ["b1"]),  # all words, prefixes, any case
        (ArticleQuery(search="광주 budget"), []),
        (ArticleQuery(region="광주 Gwangju 광주광역시"), ["b1", "a1"]),  # any of the words
        (ArticleQuery(region="광주 Gwangju", unread_only=True), ["a1"]),
        (ArticleQuery(region="광주 Gwangju", search="budget"), ["b1"]),
        (ArticleQuery(feed_id=2, unread_only=True, starred_only=True), []),
        (ArticleQuery(feed_id=1, unread_only=True, starred_only=True, search="예산"), ["a1"]),
        (ArticleQuery(feed_id=1, feed_url="http://127.0.0.1/b.xml"), []),
    ],
)
def test_query_filters(st: Storage, two_feeds, query: ArticleQuery, expected: list[str]) -> None:
    got = st.query_articles(query)
    assert [a.key for a in got] == expected
    assert st.count_articles(query) == len(expected)


def test_article_fields_round_trip(st: Storage, feed) -> None:
    e = ParsedEntry(
        key="urn:1", title="제목", link="http://127.0.0.1/1", author="홍길동 기자",
        published=T0, summary="요약", content="<p>본문</p>",
    )  # fmt: skip
    apply(st, feed.id, e, when=T0 + HOUR)
    (a,) = st.query_articles(ArticleQuery())
    assert st.get_article(a.id) == a
    assert (a.key, a.title, a.link, a.author, a.summary, a.content) == (
        "urn:1", "제목", "http://127.0.0.1/1", "홍길동 기자", "요약", "<p>본문</p>",
    )  # fmt: skip
    assert (a.published, a.fetched, a.read, a.starred) == (T0, T0 + HOUR, False, False)
    assert (a.feed_id, a.feed_url, a.feed_title) == (feed.id, feed.url, "Feed")
    assert st.get_article(a.id + 1) is None


def test_order_published_then_first_seen_then_feed_order(st: Storage, feed) -> None:
    """Entries of one time (every undated one of a write, or a shared date) keep the feed's
    order: its first entry above its later ones."""
    apply(st, feed.id, entry("old", published=T0 - 5 * HOUR), when=T0)
    apply(st, feed.id, entry("undated-1"), entry("undated-2"), when=T0 - HOUR)
    apply(st, feed.id, entry("tie-1", published=T0), entry("tie-2", published=T0), when=T0)
    apply(st, feed.id, entry("new", published=T0 + HOUR), when=T0)
    got = [a.key for a in st.query_articles(ArticleQuery())]
    assert got == ["new", "tie-1", "tie-2", "undated-1", "undated-2", "old"]
    # An update that adds a date moves the article.
    apply(st, feed.id, entry("undated-1", published=T0 + 2 * HOUR), when=T0 + 3 * HOUR)
    assert st.query_articles(ArticleQuery(), limit=1)[0].key == "undated-1"


def test_paging_walks_the_whole_list_once(st: Storage, feed) -> None:
    rng = random.Random(7)
    entries = [
        entry(f"k{i}", published=T0 + timedelta(minutes=rng.randint(0, 30))) for i in range(230)
    ]
    apply(st, feed.id, *entries)
    pages = [st.query_articles(ArticleQuery(), offset=o, limit=50) for o in range(0, 250, 50)]
    flat = [a.id for page in pages for a in page]
    assert [len(p) for p in pages] == [50, 50, 50, 50, 30]
    assert len(set(flat)) == 230
    keys = [(a.published, a.id) for page in pages for a in page]
    assert keys == sorted(keys, reverse=True)
    assert st.query_articles(ArticleQuery(), limit=0) == []
    assert len(st.query_articles(ArticleQuery(), offset=-5, limit=3)) == 3


# --- search ---------------------------------------------------------------------------------------


HOSTILE = [
    '"', '""', "(", ")", "NEAR(", "NEAR(a b)", "*", "-", "-광주", "a OR", "AND", "NOT x",
    "title:x", "{title}: x", "^x", "x:", "''", "\\", "\x00", "%", "_", "광주\"", ":", "+",
    "", "   ", "!!!", "((( )))", "\u0301", "a" * 5000, "🙂", "col:광주 NEAR(",
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_search_is_safe_for_any_input(st: Storage, two_feeds, text: str) -> None:
    for q in (ArticleQuery(search=text), ArticleQuery(region=text, unread_only=True)):
        got = st.query_articles(q)
        assert st.count_articles(q) == len(got)
        assert st.mark_all_read(ArticleQuery(search=text, starred_only=True)) >= 0


def test_search_words_with_punctuation_still_match(st: Storage, two_feeds) -> None:
    assert [a.key for a in st.query_articles(ArticleQuery(search='"광주'))] == ["a1"]
    assert [a.key for a in st.query_articles(ArticleQuery(search="(Gwangju)"))] == ["b1"]
    assert [a.key for a in st.query_articles(ArticleQuery(search="-budget"))] == ["b1"]


def test_blank_search_filters_nothing_and_wordless_search_matches_nothing(
    st: Storage, two_feeds
) -> None:
    assert st.count_articles(ArticleQuery(search="  ")) == 4
    assert st.count_articles(ArticleQuery(search="!!! ((")) == 0
    assert st.count_articles(ArticleQuery(search="!!! 광주")) == 1


def test_search_covers_content_text_and_full_text_not_markup(st: Storage, feed) -> None:
    apply(
        st, feed.id,
        entry("a", "t", content='<p class="hiddenclass">visible <b>bold</b>word</p>'
              "<script>scriptword()</script>"),
        entry("b", "t", summary="café résumé"),
    )  # fmt: skip
    count = lambda s: st.count_articles(ArticleQuery(search=s))  # noqa: E731
    assert (count("visible"), count("bold")) == (1, 1)
    assert (count("hiddenclass"), count("scriptword"), count("class")) == (0, 0, 0)
    assert (count("cafe"), count("RESUME")) == (1, 1)  # diacritics and case folded
    b = next(a for a in st.query_articles(ArticleQuery()) if a.key == "b")
    st.set_full_text(b.id, "전문 extracted", None)
    assert count("전문") == 1
    st.set_full_text(b.id, None, None)
    assert count("전문") == 0


def _brute_force(db: Path, term: str) -> int:
    """Articles with a word starting with `term` in any indexed column (a plain table scan)."""
    rows = raw(db, "SELECT title, summary, content_text, coalesce(full_text, '') FROM articles")
    term = term.casefold()
    return sum(
        any(w.startswith(term) for w in re.findall(r"\w+", " ".join(r).casefold())) for r in rows
    )


def test_index_stays_in_step_with_random_writes(st: Storage, db: Path) -> None:
    rng = random.Random(20261124)
    vocab = ["광주", "광주시", "서울", "budget", "bus", "busan", "mayor", "market", "날씨", "기자"]
    vocab += [f"w{i}" for i in range(20)]

    def text(n: int) -> str:
        return " ".join(rng.choice(vocab) for _ in range(n))

    def entries(feed_no: int, n: int) -> list[ParsedEntry]:
        return [
            ParsedEntry(
                key=f"{feed_no}-{rng.randint(0, 40)}",
                title=text(3),
                summary=text(6),
                content=f"<p>{text(8)}</p><p>{text(4)}</p>" if rng.random() < 0.7 else "",
            )
            for _ in range(n)
        ]

    feeds = [st.add_feed(FeedSpec(f"http://127.0.0.1/{i}.xml")) for i in range(4)]
    for round_no in range(6):
        for i, f in enumerate(feeds):
            apply(st, f.id, *entries(i, 25), when=T0 + round_no * HOUR)
        ids = [a.id for a in st.query_articles(ArticleQuery(), limit=1000)]
        for a_id in rng.sample(ids, 10):
            st.set_full_text(a_id, text(5) if rng.random() < 0.8 else None, None)
        st.set_read(rng.sample(ids, 20), True)
        if round_no == 3:
            st.remove_feed(feeds.pop(0).url)
        for term in ["광주", "광", "bus", "b", "market", "w1", "w12", "날씨", "zzz"]:
            assert st.count_articles(ArticleQuery(search=term)) == _brute_force(db, term), term
    assert st.count_articles(ArticleQuery()) > 50
    _assert_fts_integrity(db)
