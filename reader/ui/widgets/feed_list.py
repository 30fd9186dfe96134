"""The feed list: All / Unread / Starred, then the feeds (grouped by their first tag)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import urlsplit

from rich.cells import cell_len
from rich.text import Text

from reader.cells import fit
from reader.core.models import ArticleQuery, Feed
from reader.ui.messages import FeedChosen
from reader.ui.widgets.line_list import LineList

RowKind = Literal["all", "unread", "starred", "feed", "heading"]


@dataclass(frozen=True, slots=True)
class FeedRow:
    kind: RowKind
    label: str
    count: int = 0
    feed: Feed | None = None

    @property
    def query(self) -> ArticleQuery:
        if self.kind == "unread":
            return ArticleQuery(unread_only=True)
        if self.kind == "starred":
            return ArticleQuery(starred_only=True)
        if self.kind == "feed" and self.feed is not None:
            return ArticleQuery(feed_id=self.feed.id)
        return ArticleQuery()

    @property
    def key(self) -> tuple[str, int | None]:
        """Identity that survives a reload (to keep the cursor on the same row)."""
        return (self.kind, self.feed.id if self.feed else None)


def build_rows(feeds: list[Feed], starred: int) -> list[FeedRow]:
    total_unread = sum(feed.unread for feed in feeds)
    rows = [
        FeedRow("all", "All", sum(feed.total for feed in feeds)),
        FeedRow("unread", "Unread", total_unread),
        FeedRow("starred", "Starred", starred),
    ]
    untagged = [feed for feed in feeds if not feed.tags]
    rows += [FeedRow("feed", feed.title, feed.unread, feed) for feed in untagged]
    groups: dict[str, list[Feed]] = {}
    for feed in feeds:
        if feed.tags:
            groups.setdefault(feed.tags[0], []).append(feed)
    for tag, members in groups.items():
        rows.append(FeedRow("heading", tag, sum(feed.unread for feed in members)))
        rows += [FeedRow("feed", feed.title, feed.unread, feed) for feed in members]
    return rows


def with_unread(feeds: list[Feed], feed_id: int, change: int) -> list[Feed]:
    """`feeds` with one feed's unread count moved by `change` (an article opened, say): the
    counts without reading the feed list again."""
    return [
        replace(feed, unread=max(0, feed.unread + change)) if feed.id == feed_id else feed
        for feed in feeds
    ]


def url_label(url: str, width: int) -> str:
    """A feed known only by its URL, as "127.0.0.1 …/faults/hang": the host and as much of
    the path's end as fits `width` (the start of every such URL is the same, its end is what
    tells them apart)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return url
    words = [word for word in parts.path.split("/") if word]
    if parts.query:
        words = [*words[:-1], (words[-1] if words else "") + "?" + parts.query]
    if not host:
        return url
    if not words:
        return host
    for start in range(len(words)):  # the longest end that fits
        label = f"{host} …/{'/'.join(words[start:])}"
        if cell_len(label) <= width:
            return label
    return f"…/{words[-1]}"  # too narrow for the host: the end alone (cut to fit later)


class FeedList(LineList):
    """Feeds with unread counts; a feed whose last refresh failed shows a `!` mark."""

    COMPONENT_CLASSES = LineList.COMPONENT_CLASSES | {
        "feed-list--count",
        "feed-list--error",
        "feed-list--heading",
        "feed-list--chosen",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[FeedRow] = []
        self.chosen: tuple[str, int | None] = ("all", None)

    def set_feeds(self, feeds: list[Feed], starred: int) -> None:
        """New data: keep the cursor on the row it was on."""
        current = self.current.key if self.rows else None
        self.rows = build_rows(feeds, starred)
        self.set_row_count(len(self.rows))
        if current is not None:
            for index, row in enumerate(self.rows):
                if row.key == current:
                    self.cursor = index
                    break
        self.scroll_to_cursor()
        self.refresh()

    @property
    def current(self) -> FeedRow:
        return self.rows[self.cursor] if self.rows else FeedRow("all", "All")

    def feed_rows(self) -> list[FeedRow]:
        return [row for row in self.rows if row.kind == "feed"]

    def choose(self, index: int) -> None:
        row = self.rows[index]
        if row.kind == "heading":
            return
        self.chosen = row.key
        self.refresh()
        self.post_message(FeedChosen(row.query, row.label, row.feed))

    def choose_feed(self, feed_id: int | None) -> bool:
        """Select a feed by id (None: All), as the command palette's "go to feed" does."""
        for index, row in enumerate(self.rows):
            if (feed_id is None and row.kind == "all") or (row.feed and row.feed.id == feed_id):
                self.move_cursor(index)
                self.choose(index)
                return True
        return False

    def move_cursor(self, index: int, *, center: bool = False) -> None:
        # Headings are not selectable: step over them in the direction of travel.
        if self.rows and 0 <= index < len(self.rows) and self.rows[index].kind == "heading":
            step = 1 if index >= self.cursor else -1
            if 0 <= index + step < len(self.rows):
                index += step
        super().move_cursor(index, center=center)

    def render_row(self, index: int, width: int, selected: bool) -> Text:
        row = self.rows[index]
        style = self.row_style(selected)
        text = Text(style=style, no_wrap=True, end="")
        if row.kind == "heading":
            text.append(" " + row.label, self.part("feed-list--heading"))
            return text
        failed = row.feed is not None and row.feed.last_error is not None
        chosen = row.key == self.chosen
        mark = "!" if failed else ("▸" if chosen else " ")
        mark_style = self.part("feed-list--error" if failed else "feed-list--chosen")
        indent = "  " if row.kind == "feed" and row.feed and row.feed.tags else ""
        count = f"{row.count:,}" if row.count else ""
        label_width = max(1, width - 2 - len(indent) - len(count) - 1)
        name = " ".join(row.label.split())
        if row.feed is not None and row.label == row.feed.url:  # no title, not even its own
            name = url_label(row.feed.url, label_width)
        label = Text(fit(name, label_width))
        if row.count and row.kind in ("feed", "unread"):
            label.stylize("bold")
        text.append(mark, mark_style)
        text.append(" " + indent)
        text.append_text(label)
        text.append(" ")
        text.append(count, self.part("feed-list--count"))
        return text
