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


async def test_untitled_feeds_show_their_host_and_the_end_of_their_path(service) -> None:
    """Feeds that never answered have no title: their URLs all begin the same way, so the
    row shows what tells them apart."""
    from tests.ui.conftest import make_app, press, screen_text, settle
    from tests.ui.seed import NOW

    for name in ("hang", "slow"):
        feed = service.add_feed(f"http://127.0.0.1:4382/faults/{name}")
        service.storage.record_error(feed.id, "timed out", NOW)
    app = make_app(service)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "! 127.0.0.1 …/hang" in text and "! 127.0.0.1 …/slow" in text
        assert "http://127.0.0.1" not in text
    app = make_app(service)
    async with app.run_test(size=(80, 24)) as pilot:  # the feed list has the whole width
        await settle(pilot)
        await press(pilot, "escape")
        text = screen_text(app)
        assert "! 127.0.0.1 …/faults/hang" in text and "! 127.0.0.1 …/faults/slow" in text


def test_a_url_label_keeps_the_end_that_fits() -> None:
    from reader.ui.widgets.feed_list import url_label

    url = "http://127.0.0.1:4382/feeds/bitgoeul/rss.xml"
    assert url_label(url, 60) == "127.0.0.1 …/feeds/bitgoeul/rss.xml"
    assert url_label(url, 30) == "127.0.0.1 …/bitgoeul/rss.xml"
    assert url_label(url, 20) == "127.0.0.1 …/rss.xml"
    assert url_label("https://example.org/", 20) == "example.org"
    assert url_label("https://example.org/feed?id=3", 30) == "example.org …/feed?id=3"
