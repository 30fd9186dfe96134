"""The article list's state, apart from any widget: what it shows (the feed-list row chosen,
narrowed by search and region), how many rows that is, the pages of rows read so far, and the
cursor. Plain Python: the screen holds one, the ArticleList draws from it, tests drive it alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from rich.text import Text

from reader.core.models import Article, ArticleQuery
from reader.core.regions import Region, find_region, resolve_region
from reader.core.text import clean_text

FilterKind = Literal["search", "region"]
PAGE_SIZE = 200
MAX_PAGES = 50  # hold at most 10k rows; pages far from the cursor are dropped first


@dataclass(slots=True)
class ListSnapshot:
    """What a list read found: sizes, the cursor's new place, and the page around it."""

    token: int
    count: int
    total: int  # the same list without search/region (for "38/1,204")
    cursor: int
    shift: int  # rows the cursor's article moved down (articles added above it)
    pages: dict[int, list[Article]] = field(default_factory=dict)


class ListState:
    """The list's query, its rows (a page at a time) and its cursor."""

    def __init__(self, regions: Sequence[Region] = ()) -> None:
        self.regions = regions  # the known places a typed region resolves to
        self.base = ArticleQuery()  # the feed-list row: all, unread, starred or one feed
        self.label = "All"
        self.search: str | None = None
        self.region: str | None = None
        self.count = 0
        self.total = 0
        self.cursor = 0
        self.pages: dict[int, list[Article]] = {}
        self.asked: set[int] = set()  # pages asked for and not here yet
        self.token = 0  # the newest read asked for: an older one's answer is dropped
        self.generation = 0  # the rows shown: a page read for an older list is dropped
        self.pending_seek: int | None = None  # N/P went on to another feed: seek once it loads

    # --- the query -------------------------------------------------------------------------
    @property
    def query(self) -> ArticleQuery:
        return replace(self.base, search=self.search, region=self.region)

    @property
    def unfiltered(self) -> ArticleQuery:
        """The list without search and region: the "1,204" of "38/1,204"."""
        return replace(self.base, search=None, region=None)

    def filters(self) -> tuple[str | None, str | None]:
        return self.search, self.region

    @property
    def filtered(self) -> bool:
        return bool(self.search or self.region)

    def choose(self, query: ArticleQuery, label: str) -> None:
        """A feed-list row was chosen (its filters stay)."""
        self.base, self.label = query, label

    def region_value(self, typed: str | None) -> str | None:
        """What the region filter gets for a typed place: a known region's name (so "Gwangju"
        and "광주광역시" filter as 광주), else the text itself."""
        return resolve_region(self.regions, typed)

    def known_region(self) -> Region | None:
        return find_region(self.regions, self.region) if self.region else None

    def set_filter(self, kind: FilterKind, value: str | None) -> str | None:
        """Set one filter (spaces collapsed, "" for none); returns the value it got."""
        value = " ".join((value or "").split()) or None
        if kind == "region":
            self.region = value = self.region_value(value)
        else:
            self.search = value
        return value

    def clear_filters(self) -> None:
        self.search = self.region = None

    def typed_is_current(self, kind: FilterKind, typed: str) -> bool:
        """Whether text typed for `kind` is the filter already on (opening the field)."""
        current = self.search if kind == "search" else self.region
        return " ".join(typed.split()) == (current or "")

    # --- reading the rows ------------------------------------------------------------------
    def ask(self) -> int:
        """A new read of the list: its token (answers to older ones are dropped)."""
        self.token += 1
        return self.token

    def take(self, snapshot: ListSnapshot) -> bool:
        """Show what a read found; False if a newer read is on its way."""
        if snapshot.token != self.token:
            return False
        self.generation += 1
        self.count, self.total = snapshot.count, snapshot.total
        self.pages = dict(snapshot.pages)
        self.asked.clear()
        self.cursor = max(0, min(snapshot.cursor, snapshot.count - 1))
        return True

    def article(self, index: int) -> Article | None:
        """The article at `index`, or None when its page is not held."""
        if not 0 <= index < self.count:
            return None
        page, slot = divmod(index, PAGE_SIZE)
        rows = self.pages.get(page)
        return rows[slot] if rows is not None and slot < len(rows) else None

    def page_to_ask(self, index: int) -> int | None:
        """The page holding `index` when it is neither held nor asked for (now it is)."""
        page = index // PAGE_SIZE
        if not 0 <= index < self.count or page in self.pages or page in self.asked:
            return None
        self.asked.add(page)
        return page

    def set_page(self, generation: int, page: int, rows: list[Article]) -> bool:
        """A page arrived; False if it belongs to a list no longer shown."""
        if generation != self.generation:
            return False
        self.asked.discard(page)
        self.pages[page] = rows
        if len(self.pages) > MAX_PAGES:
            here = self.cursor // PAGE_SIZE
            del self.pages[max(self.pages, key=lambda p: abs(p - here))]
        return True

    def page_failed(self, generation: int, page: int) -> None:
        if generation == self.generation:
            self.asked.discard(page)  # a later repaint asks again

    def cached(self) -> list[tuple[int, Article]]:
        """(index, article) for every row held, in order."""
        return [
            (page * PAGE_SIZE + slot, article)
            for page in sorted(self.pages)
            for slot, article in enumerate(self.pages[page])
        ]

    @property
    def cursor_article(self) -> Article | None:
        return self.article(self.cursor)

    @property
    def cursor_id(self) -> int | None:
        """The cursor's article: what a reload after a refresh keeps the cursor on."""
        article = self.cursor_article
        return article.id if article is not None else None

    # --- changes in place ------------------------------------------------------------------
    def update(
        self, article_id: int, *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """A held row's flags changed (no re-read of the list)."""
        for rows in self.pages.values():
            for slot, article in enumerate(rows):
                if article.id == article_id:
                    rows[slot] = replace(
                        article,
                        read=article.read if read is None else read,
                        starred=article.starred if starred is None else starred,
                    )

    def mark_all_read(self) -> None:
        for rows in self.pages.values():
            for slot, article in enumerate(rows):
                if not article.read:
                    rows[slot] = replace(article, read=True)

    # --- what the header and an empty list say ---------------------------------------------
    def header(self) -> Text:
        """ "광주일보  [region: 광주 ×]  3/41": the row's name, the filters, the counts."""
        title = Text(clean_text(self.label), style="bold")
        for label, value in (("search", self.search), ("region", self.region)):
            if value:
                title.append("  ")
                title.append(f"[{label}: ", style="dim")
                title.append(value)
                title.append(" ×]", style="dim")
        title.append("  ")
        counts = f"{self.count:,}/{self.total:,}" if self.filtered else f"{self.count:,}"
        title.append(counts, "dim")
        return title

    def empty_hint(self, *, any_articles: bool) -> str:
        """What an empty list says (`any_articles`: some feed has articles at all)."""
        if self.filtered:
            return "Nothing matches. Press esc to clear the filter."
        if self.total == 0 and not any_articles:
            return "No articles yet. Press r to refresh the feeds."
        return "No articles here."
