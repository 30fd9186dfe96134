"""The feed list's rows: the three fixed views, untagged feeds, then feeds under their tag."""

from __future__ import annotations

from reader.core.models import ArticleQuery, Feed
from reader.ui.widgets.feed_list import build_rows


def _feed(id: int, title: str, unread: int, total: int, tags: tuple[str, ...] = ()) -> Feed:
    return Feed(
        id=id, url=f"http://f.test/{id}", title=title, tags=tags, unread=unread, total=total
    )


def test_rows_group_feeds_by_their_first_tag() -> None:
    feeds = [
        _feed(1, "광주일보", 3, 10, ("local",)),
        _feed(2, "World", 1, 5),
        _feed(3, "무등일보", 2, 4, ("local", "daily")),
    ]
    rows = build_rows(feeds, starred=2)
    assert [(r.kind, r.label, r.count) for r in rows] == [
        ("all", "All", 19),
        ("unread", "Unread", 6),
        ("starred", "Starred", 2),
        ("feed", "World", 1),
        ("heading", "local", 5),
        ("feed", "광주일보", 3),
        ("feed", "무등일보", 2),
    ]
    assert rows[1].query == ArticleQuery(unread_only=True)
    assert rows[2].query == ArticleQuery(starred_only=True)
    assert rows[5].query == ArticleQuery(feed_id=1)
