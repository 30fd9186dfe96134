"""Search through `Storage` on a real SQLite file: Korean words inside compounds, symbols that
count, inert query syntax, and search with the other filters — each case both once the search
index has the articles and while they are still above its marker (read instead)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.core.models import ArticleQuery, FeedSpec, ParsedEntry
from reader.core.region_match import Place
from reader.core.search_match import parse_query
from reader.core.storage import Storage
from tests.core.conftest import HOUR, T0, apply, entry, raw

COLD_WAVE = [  # seven titles with 한파특보 in them, none with 특보 as a word of its own
    "강원 산간 한파특보 발효",
    "서울 한파특보…출근길 영하 15도",
    "[속보] 충북 전역 한파특보",
    "한파특보 속 수도관 동파 잇따라",
    "광주·전남 한파특보 해제",
    "‘한파특보’에 취약계층 돌봄 강화",
    "경기 북부 한파특보 확대",
]
OTHERS = [
    ("dc", "광주 데이터센터 유치 전략", ""),
    ("basket", "대나무 광주리 장터", ""),
    ("cpp", "C++ 개발자 채용 늘어", ""),
    ("c", "C 언어 강좌", ""),
    ("csharp", "C# 입문", ""),
    ("tag", "오늘의 #광주 사진", ""),
    ("lg", "LG전자는 신제품을 공개했다", ""),
    ("ibm", "한국IBM 새 대표", ""),
    ("budget", "Gwangju budget vote", "The city council passed the Budget."),
    ("cafe", "Café owners rally", ""),
    ("north", "남북 정상 통화", "북한 관련 소식"),
    ("kpop", "K-pop 공연 매진", "예산 1.2조 원"),
    ("k pop", "K pop and the mayor's plan", "1 2 3"),
]


@pytest.fixture(params=["indexed", "not indexed yet"])
def seeded(request: pytest.FixtureRequest, st: Storage) -> Storage:
    feed = st.add_feed(FeedSpec("http://127.0.0.1/news.xml"))
    entries = [entry(f"cold{i}", title, T0 + i * HOUR) for i, title in enumerate(COLD_WAVE)]
    entries += [
        entry(key, title, T0 - (i + 1) * HOUR, summary=summary)
        for i, (key, title, summary) in enumerate(OTHERS)
    ]
    apply(st, feed.id, *entries)
    assert st.search_backlog() == len(entries)
    if request.param == "indexed":
        assert st.index_search() == len(entries) and st.index_search() == 0
        assert st.search_backlog() == 0
    return st


def keys(st: Storage, query: ArticleQuery) -> set[str]:
    got = [a.key for a in st.query_articles(query, 0, 1000)]
    assert st.count_articles(query) == len(got)
    return set(got)


def found(st: Storage, search: str) -> set[str]:
    return keys(st, ArticleQuery(search=search))


def test_a_korean_word_is_found_inside_compounds(seeded: Storage) -> None:
    cold = {f"cold{i}" for i in range(7)}
    assert found(seeded, "특보") == cold  # the 0 of 7 that `/특보` found before
    assert found(seeded, "한파특보") == cold
    assert found(seeded, "파특") == cold
    assert found(seeded, "센터") == {"dc"}
    assert found(seeded, "데이터센터") == {"dc"}


def test_one_syllable_words(seeded: Storage) -> None:
    assert found(seeded, "북") == {"north", "cold2", "cold6"}  # 남북, 북한, 충북, 북부
    assert found(seeded, "보") == {f"cold{i}" for i in range(7)}
    assert found(seeded, "센") == {"dc"}


def test_search_is_not_the_region_filter(seeded: Storage) -> None:
    assert found(seeded, "광주") == {"cold4", "dc", "basket", "tag"}
    seeded.set_places([Place("광주", ("광주", "Gwangju"))])
    region = {"cold4", "dc", "tag", "budget"}  # not 광주리
    assert keys(seeded, ArticleQuery(region="광주")) == region
    assert keys(seeded, ArticleQuery(region="광주", search="특보")) == {"cold4"}
    assert keys(seeded, ArticleQuery(region="광주", search="센터")) == {"dc"}
    assert keys(seeded, ArticleQuery(region="광주", search="#광주")) == {"tag"}
    assert keys(seeded, ArticleQuery(region="광주", search="budg", unread_only=True)) == {"budget"}


def test_latin_words_are_prefixes_of_words_any_case_any_accent(seeded: Storage) -> None:
    assert found(seeded, "BUDG") == {"budget"}
    assert found(seeded, "udget") == set()
    assert found(seeded, "cafe") == found(seeded, "CAFÉ") == {"cafe"}
    assert found(seeded, "IBM") == set()  # glued to Hangul: as before, not a word start
    assert found(seeded, "한국IBM") == {"ibm"}


def test_symbols_in_a_word_count(seeded: Storage) -> None:
    assert found(seeded, "C++") == {"cpp"}
    assert found(seeded, "c#") == {"csharp"}
    assert found(seeded, "c") == {"c", "cpp", "csharp", "cafe", "budget"}  # C++, Café, council…
    assert found(seeded, "#광주") == {"tag"}
    assert found(seeded, "C++ 채용") == {"cpp"}


def test_symbols_kept_in_the_index_and_the_others(seeded: Storage) -> None:
    assert found(seeded, "K-pop") == {"kpop"}
    assert found(seeded, "k") == {"kpop", "k pop"}
    assert found(seeded, "mayor's") == {"k pop"}
    assert found(seeded, "1.2") == {"kpop"}  # a full stop: the index narrows, the text decides
    assert found(seeded, "1.2조") == {"kpop"}


def test_words_mixing_scripts(seeded: Storage) -> None:
    assert found(seeded, "LG전자") == {"lg"}
    assert found(seeded, "lg전자는") == {"lg"}
    assert found(seeded, "전자") == {"lg"}
    assert found(seeded, "LG") == {"lg"}
    assert found(seeded, "삼성LG전자") == set()


@pytest.mark.parametrize(
    "typed", ['"특보"', "(특보)", "특보*", "-특보", "NEAR(특보)", "특보 AND", '"특보', "특보)"]
)
def test_query_syntax_is_inert(seeded: Storage, typed: str) -> None:
    want = {f"cold{i}" for i in range(7)} if "AND" not in typed else set()
    assert found(seeded, typed) == (want if "NEAR" not in typed else set())


def test_all_words_must_match(seeded: Storage) -> None:
    assert found(seeded, "한파 해제") == {"cold4"}
    assert found(seeded, "특보 budget") == set()
    assert found(seeded, "!! 센터") == {"dc"}
    assert found(seeded, "!! ((") == set()
    assert found(seeded, "   ") == set(keys(seeded, ArticleQuery()))


def test_search_with_the_lists_own_filters(seeded: Storage) -> None:
    ids = {a.key: a.id for a in seeded.query_articles(ArticleQuery(), 0, 100)}
    seeded.set_read([ids["cold0"], ids["cold1"]], True)
    seeded.set_starred(ids["cold2"], True)
    assert keys(seeded, ArticleQuery(search="특보", unread_only=True)) == {
        f"cold{i}" for i in range(2, 7)
    }
    assert keys(seeded, ArticleQuery(search="특보", starred_only=True)) == {"cold2"}
    assert keys(seeded, ArticleQuery(search="C++", feed_id=1)) == {"cpp"}
    assert keys(seeded, ArticleQuery(search="특보", region="경기")) == {"cold6"}  # free text
    assert seeded.mark_all_read(ArticleQuery(search="특보")) == 5
    assert keys(seeded, ArticleQuery(search="보", unread_only=True)) == set()


def test_the_list_order_and_pages_stay_the_lists(seeded: Storage) -> None:
    q = ArticleQuery(search="특보")
    whole = [a.key for a in seeded.query_articles(q, 0, 100)]
    assert whole == [f"cold{i}" for i in reversed(range(7))]  # newest first
    assert [a.key for a in seeded.query_articles(q, 2, 3)] == whole[2:5]


# --- the index stays in step --------------------------------------------------------------


def _oracle(db: Path, search: str) -> set[str]:
    """The articles whose indexed text the query matches, by `match_spans` over every row."""
    query = parse_query(search)
    rows = raw(db, "SELECT key, title, summary, content_text, full_text FROM articles")
    return {
        key
        for key, *texts in rows
        if query is not None
        and all(any(w.found_in([t]) for t in texts) for w in query.words)
        and query.words
    }


def test_index_stays_in_step_with_writes_edits_and_deletes(st: Storage, db: Path) -> None:
    rng = random.Random(20261207)
    vocab = ["한파특보", "특보를", "데이터센터", "센터장", "광주리", "광주시", "C++", "C#", "c",
             "budget", "Café", "LG전자", "#광주", "북한", "남북", "R&D", "보도"]  # fmt: skip

    def text(n: int) -> str:
        return " ".join(rng.choice(vocab) for _ in range(n))

    def entries(feed_no: int, n: int) -> list[ParsedEntry]:
        return [
            ParsedEntry(
                key=f"{feed_no}-{rng.randint(0, 30)}",
                title=text(3),
                summary=text(5),
                content=f"<p>{text(6)}</p>" if rng.random() < 0.6 else "",
            )
            for _ in range(n)
        ]

    feeds = [st.add_feed(FeedSpec(f"http://127.0.0.1/{i}.xml")) for i in range(3)]
    terms = [
        "특보",
        "센터",
        "광주",
        "보",
        "C++",
        "c#",
        "c",
        "budg",
        "cafe",
        "LG전자",
        "#광주",
        "r&d",
    ]
    for round_no in range(6):
        for i, f in enumerate(feeds):
            apply(st, f.id, *entries(i, 20), when=T0 + round_no * HOUR)  # new and edited
        ids = [a.id for a in st.query_articles(ArticleQuery(), 0, 1000)]
        if round_no % 2:
            while st.index_search(limit=17):
                pass
        for a_id in rng.sample(ids, 8):
            st.set_full_text(a_id, text(4) if rng.random() < 0.7 else None, None)
        if round_no == 3:
            st.remove_feed(feeds.pop(0).url)  # deletes, indexed or not
        for term in terms:
            assert keys(st, ArticleQuery(search=term)) == _oracle(db, term), term
    while st.index_search():
        pass
    for term in terms:
        assert keys(st, ArticleQuery(search=term)) == _oracle(db, term), term
    assert len(keys(st, ArticleQuery())) > 30


@pytest.mark.parametrize(
    ("many", "share", "plan"),
    [(10**9, 0.5, "matches"), (0, 2.0, "walk"), (0, -1.0, "probe")],
)
def test_every_plan_finds_the_same(
    seeded: Storage, monkeypatch: pytest.MonkeyPatch, many: int, share: float, plan: str
) -> None:
    """Small files always start from the matches: force each way of meeting the list."""
    from reader.core import article_queries, region_index

    queries = [
        ArticleQuery(search="특보"),
        ArticleQuery(search="보", unread_only=True),
        ArticleQuery(search="C++ 채용"),
        ArticleQuery(search="1.2"),
        ArticleQuery(search="데이터센터", region="광주"),
        ArticleQuery(search="광주", region="광주"),
    ]
    seeded.set_places([Place("광주", ("광주", "Gwangju"))])
    before = [keys(seeded, q) for q in queries]
    monkeypatch.setattr(region_index, "MANY_MATCHES", many)
    monkeypatch.setattr(article_queries, "PROBE_SHARE", share)
    with seeded._read() as c:  # the plan this case is about is the one taken
        assert article_queries._search_plan(c, ArticleQuery(search="특보")) == plan
    assert [keys(seeded, q) for q in queries] == before
    assert before[0] == {f"cold{i}" for i in range(7)} and before[-1] == {"cold4", "dc", "tag"}


@pytest.mark.parametrize(("many", "share"), [(10**9, 0.5), (0, 2.0), (0, -1.0)])
def test_long_prefixes_of_few_and_of_many_words(
    st: Storage, monkeypatch: pytest.MonkeyPatch, many: int, share: float
) -> None:
    """A prefix longer than the prefix indexes is asked for as its few words (or, past
    `EXPAND_AT_MOST` of them, as the prefix): the same articles, in every plan."""
    from reader.core import article_queries, region_index, search_sql

    feed = st.add_feed(FeedSpec("http://127.0.0.1/news.xml"))
    words = [f"interval{chr(97 + i)}" for i in range(search_sql.EXPAND_AT_MOST + 3)]
    entries = [entry(f"w{i}", f"{w} news", T0 + i * HOUR) for i, w in enumerate(words)]
    entries += [
        entry("mail", "write to desk@example.com", T0 - HOUR),
        entry("mails", "or news@examples.org", T0 - 2 * HOUR),
        entry("plain", "an example, not an address", T0 - 3 * HOUR),
        entry("budget", "Budgetary news", T0 - 4 * HOUR),
    ]
    apply(st, feed.id, *entries)
    assert st.index_search() == len(entries)
    monkeypatch.setattr(region_index, "MANY_MATCHES", many)
    monkeypatch.setattr(article_queries, "PROBE_SHARE", share)
    assert found(st, "@example") == {"mail", "mails"}
    assert found(st, "@EXAMPLES") == {"mails"}
    assert found(st, "interval") == {f"w{i}" for i in range(len(words))}  # many words
    assert found(st, "intervalb") == {"w1"}
    assert found(st, "budgeta news") == {"budget"}
    assert found(st, "@exampled") == set()
