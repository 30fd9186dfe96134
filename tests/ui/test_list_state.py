"""The article list's state on its own: the query, reads and pages, the cursor, the header."""

from __future__ import annotations

from reader.core.models import Article, ArticleQuery
from reader.core.regions import BUILTIN_REGIONS
from reader.ui.list_state import MAX_PAGES, PAGE_SIZE, ListSnapshot, ListState


def _article(id: int, *, read: bool = False, starred: bool = False) -> Article:
    return Article(
        id=id,
        feed_id=1,
        feed_url="http://f.test/rss",
        feed_title="광주일보",
        key=f"k{id}",
        title=f"Story {id}",
        link=None,
        author=None,
        published=None,
        summary="",
        content="",
        read=read,
        starred=starred,
    )


def _page(page: int, size: int = PAGE_SIZE) -> list[Article]:
    return [_article(page * PAGE_SIZE + slot) for slot in range(size)]


def _shown(state: ListState, count: int, *, total: int | None = None, cursor: int = 0) -> None:
    """The state after a read of `count` rows that brought the cursor's page."""
    page = cursor // PAGE_SIZE
    rows = _page(page, min(PAGE_SIZE, count - page * PAGE_SIZE))
    snapshot = ListSnapshot(state.ask(), count, total or count, cursor, 0, {page: rows})
    assert state.take(snapshot)


def test_the_query_is_the_chosen_row_narrowed_by_the_filters() -> None:
    state = ListState(BUILTIN_REGIONS)
    assert state.query == ArticleQuery() and not state.filtered
    state.choose(ArticleQuery(feed_id=3), "광주일보")
    assert state.set_filter("search", "  무등산   탐방로 ") == "무등산 탐방로"
    assert state.set_filter("region", "Gwangju") == "광주"  # a known region by any spelling
    assert state.query == ArticleQuery(feed_id=3, search="무등산 탐방로", region="광주")
    assert state.unfiltered == ArticleQuery(feed_id=3)
    assert state.filters() == ("무등산 탐방로", "광주") and state.filtered
    assert state.known_region() is not None and state.known_region().name == "광주"
    assert state.set_filter("region", "강남 역") == "강남 역"  # free text stays as typed
    assert state.known_region() is None
    assert state.set_filter("search", "   ") is None
    state.clear_filters()
    assert state.query == ArticleQuery(feed_id=3) and not state.filtered


def test_text_typed_for_the_filter_already_on_is_not_a_new_filter() -> None:
    state = ListState(BUILTIN_REGIONS)
    state.set_filter("search", "markets")
    assert state.typed_is_current("search", " markets ")
    assert not state.typed_is_current("search", "market")
    assert state.typed_is_current("region", "")


def test_an_answer_to_an_older_read_is_dropped() -> None:
    state = ListState()
    older = state.ask()
    newer = state.ask()
    assert not state.take(ListSnapshot(older, 5, 5, 0, 0, {0: _page(0, 5)}))
    assert state.count == 0 and state.generation == 0
    assert state.take(ListSnapshot(newer, 3, 9, 7, 0, {0: _page(0, 3)}))
    assert (state.count, state.total, state.generation) == (3, 9, 1)
    assert state.cursor == 2  # clamped to the last row


def test_rows_come_a_page_at_a_time_and_a_page_is_asked_for_once() -> None:
    state = ListState()
    _shown(state, 500)
    assert state.article(5) is not None and state.article(5).id == 5
    assert state.article(250) is None  # page 1 is not held
    assert state.page_to_ask(250) == 1
    assert state.page_to_ask(260) is None  # asked already
    assert state.page_to_ask(5) is None  # held
    assert state.page_to_ask(500) is None  # past the end
    assert not state.set_page(state.generation - 1, 1, _page(1))  # for an older list
    assert state.set_page(state.generation, 1, _page(1))
    assert state.article(250) is not None and state.article(250).id == 250
    state.page_failed(state.generation, 2)
    assert state.page_to_ask(400) == 2
    state.page_failed(state.generation, 2)  # a failed page may be asked for again
    assert state.page_to_ask(400) == 2
    assert [index for index, _ in state.cached()] == list(range(2 * PAGE_SIZE))


def test_pages_far_from_the_cursor_are_dropped_first() -> None:
    state = ListState()
    _shown(state, PAGE_SIZE * (MAX_PAGES + 10))
    for page in range(1, MAX_PAGES + 1):
        state.set_page(state.generation, page, _page(page))
    assert len(state.pages) == MAX_PAGES
    assert 0 in state.pages and MAX_PAGES not in state.pages  # the cursor is on page 0


def test_the_cursor_names_its_article() -> None:
    state = ListState()
    assert state.cursor_article is None and state.cursor_id is None
    _shown(state, 300, cursor=210)
    assert state.cursor_id == 210
    state.cursor = 3  # page 0 is not held
    assert state.cursor_id is None


def test_flags_change_in_place() -> None:
    state = ListState()
    _shown(state, 4)
    state.update(2, starred=True)
    state.update(1, read=True)
    assert [(a.read, a.starred) for _, a in state.cached()] == [
        (False, False),
        (True, False),
        (False, True),
        (False, False),
    ]
    state.mark_all_read()
    assert all(a.read for _, a in state.cached())
    assert state.cached()[2][1].starred


def test_the_header_says_what_is_listed_and_how_many() -> None:
    state = ListState(BUILTIN_REGIONS)
    _shown(state, 1204)
    assert state.header().plain == "All  1,204"
    state.choose(ArticleQuery(feed_id=1), "광주일보")
    state.set_filter("search", "무등산")
    state.set_filter("region", "광주")
    _shown(state, 1, total=3)
    assert state.header().plain == "광주일보  [search: 무등산 ×]  [region: 광주 ×]  1/3"


def test_an_empty_list_says_what_to_do() -> None:
    state = ListState()
    _shown(state, 0)
    assert state.empty_hint(any_articles=False) == "No articles yet. Press r to refresh the feeds."
    assert state.empty_hint(any_articles=True) == "No articles here."
    state.set_filter("search", "zzz")
    assert state.empty_hint(any_articles=True) == "Nothing matches. Press esc to clear the filter."
