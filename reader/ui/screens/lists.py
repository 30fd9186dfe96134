"""The feed list and the article list: reading them (through the workers) and showing what was
read — rows, counts, flags — with the cursor kept on its article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from reader.core.models import Article, Feed
from reader.ui.frames import tell_screen_now
from reader.ui.list_state import ListSnapshot, ListState
from reader.ui.screens.data import Workers, read_list
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feed_list import FeedList, with_unread

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


class Lists:
    def __init__(self, screen: MainScreen, state: ListState, data: Workers) -> None:
        self.screen = screen
        self.state = state
        self.data = data
        self.feeds: list[Feed] = []
        self.starred = 0  # the feed list's "Starred" count
        self._first_shown = False

    @property
    def articles(self) -> ArticleList:
        return self.screen.query_one(ArticleList)

    # --- the article list ------------------------------------------------------------------
    def show(self, *, first: bool = False) -> None:
        """Show the list for the current feed and filters: read at once on the app's thread
        when that is quick, else by the list worker.

        Quick: the count and first page of a list without search words and with a known
        region (an index range) take a few ms at 100k articles, and reading them here saves
        the worker's hand-off (~50 ms while the screen repaints). Search words go through the
        word index (tens of ms for a common word), and any read while a refresh is writing
        would wait for its lock: those take the worker. The first list is always read here:
        it is what the first frame shows."""
        state = self.state
        region = state.known_region()
        self.screen.query_one(ArticleView).clear()
        unknown_region = state.region is not None and region is None
        if first or not (state.search or unknown_region or self.data.refreshing()):
            self.loaded(read_list(self.data.service, state.ask(), state.query, None, (0, 0)))
        else:
            self.reload(keep_cursor=False)
        # The bar's highlight waits for the list's repaint: the list is what the key asked for.
        # (Asked last: a callback wakes the screen, and the list and header must be in its
        # next frame — see RegionPicker.close.)
        name = region.name if region else None
        self.screen.call_after_refresh(self.screen.filters.highlight_region, name)

    def reload(self, *, keep_cursor: bool) -> None:
        """Read the current list again; keep the cursor on its article when asked."""
        state = self.state
        anchor = state.cursor_id if keep_cursor else None
        old = (state.cursor if keep_cursor else 0, state.count)
        self.data.article_list(state.ask(), state.query, anchor, old, self.loaded)

    def loaded(self, snapshot: ListSnapshot) -> None:
        state = self.state
        if not state.take(snapshot):
            return  # a newer read is on its way
        articles = self.articles
        articles.show(scroll_shift=snapshot.shift or None)
        articles.empty_hint = state.empty_hint(any_articles=any(f.total for f in self.feeds))
        articles.refresh()
        header = self.screen.query_one("#articles-title", Static)
        header.update(state.header())
        tell_screen_now(articles, header)  # in the next frame, whatever else wakes the screen
        if not self._first_shown:
            self._first_shown = True
            self.screen.app.call_after_refresh(self.screen.first_list_painted)
        if state.pending_seek is not None:  # N/P went on to this feed: its first unread
            direction, state.pending_seek = state.pending_seek, None
            start = 0 if direction > 0 else state.count - 1
            self.seek_unread(start, direction, hop=False)

    def page_needed(self, generation: int, page: int) -> None:
        articles = self.articles
        self.data.page(
            self.state.query,
            page,
            lambda rows: articles.set_page(generation, page, rows),
            lambda: articles.page_failed(generation, page),
        )

    # --- the feed list ---------------------------------------------------------------------
    def load_feeds(self) -> None:
        self.data.feeds(self.feeds_loaded)

    def feeds_loaded(self, feeds: list[Feed], starred: int) -> None:
        self.feeds, self.starred = feeds, starred
        self.screen.query_one(FeedList).set_feeds(feeds, starred)

    def article_read(self, article: Article) -> None:
        """Opening marked `article` read: its row, and its feed's count without reading the
        feed list again (unless a read of it is under way: it may have counted before)."""
        self.articles.update_article(article.id, read=True)
        if any(w.group == "feeds" and not w.is_finished for w in self.screen.workers):
            self.load_feeds()
        else:
            self.feeds_loaded(with_unread(self.feeds, article.feed_id, -1), self.starred)

    # --- flags -----------------------------------------------------------------------------
    def save_flags(self, article: Article, *, read: bool | None, starred: bool | None) -> None:
        def saved(fresh: Article | None) -> None:
            if fresh is not None:
                self.articles.update_article(fresh.id, read=fresh.read, starred=fresh.starred)
                self.screen.query_one(ArticleView).update_flags(fresh)
            self.load_feeds()

        self.data.save_flags(article, read, starred, saved)

    def mark_all_read(self) -> None:
        def marked(changed: int) -> None:
            self.articles.mark_all_held_read()
            self.screen.notify(f"Marked {changed:,} articles read")
            self.load_feeds()

        self.data.mark_all_read(self.state.query, marked)

    # --- the next unread article -----------------------------------------------------------
    def seek_unread(self, start: int, direction: int, *, hop: bool = True) -> None:
        """Open the first unread article from `start` in `direction`; with none left, `hop`
        on to the next feed that has some."""

        def none_left() -> None:
            if hop:
                self.unread_elsewhere(direction)
            else:
                self.screen.notify("No unread articles left")

        state = self.state
        self.data.seek_unread(
            state.query, start, direction, state.count, self.screen.open_at, none_left
        )

    def unread_elsewhere(self, direction: int) -> None:
        """Go on to the next (or previous) feed that has unread articles."""
        feeds = self.screen.query_one(FeedList)
        rows = feeds.feed_rows()
        current = next((i for i, r in enumerate(rows) if r.key == feeds.chosen), -1)
        order = (
            rows[current + 1 :] + rows[:current]
            if direction > 0
            else (list(reversed(rows[:current])) + list(reversed(rows[current + 1 :])))
        )
        for row in order:
            if row.count and row.feed is not None:
                self.state.pending_seek = direction
                feeds.choose_feed(row.feed.id)
                self.screen.notify(f"Next unread in {row.label}")
                return
        self.screen.notify("No unread articles left")
