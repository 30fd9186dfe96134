"""Syncing with the newsroom's Google Reader API server, in its three dialects."""

from __future__ import annotations

import time
from dataclasses import replace

from reader.core.models import ArticleQuery
from reader.core.service import Service
from reader.core.sync import decisions
from reader.newsroom.greader import GReaderServer

from .conftest import Opener, sync

ALL = ArticleQuery()


def server_id_of(service: Service, article_id: int) -> int:
    with service.storage.sync_store()._read() as c:
        row = c.execute("SELECT item_id FROM sync_items WHERE article_id = ?", (article_id,))
        return int(row.fetchone()[0]) % (1 << 64)  # the server's unsigned id


def article_of(service: Service, item_id: int) -> int:
    signed = item_id - (1 << 64) if item_id >= 1 << 63 else item_id
    with service.storage.sync_store()._read() as c:
        row = c.execute("SELECT article_id FROM sync_items WHERE item_id = ?", (signed,))
        return int(row.fetchone()[0])


def test_the_first_sync_holds_exactly_the_servers_items(
    server: GReaderServer, open_service: Opener
) -> None:
    service = open_service(server)
    assert service.feeds() == []  # the server's list is the list: no curated defaults
    report = sync(service)
    assert report.error is None
    assert report.new == len(server.items) == service.count(ALL) == 84
    assert report.subscriptions == len(server.feeds) == len(service.feeds())
    stored = {a.title for a in service.articles(ALL, limit=500)}
    assert stored == {item.title for item in server.items.values()}
    assert all(feed.tags == ("뉴스",) for feed in service.feeds())  # folders become tags
    assert service.storage.index_fts() == 0  # stored and indexed, batch by batch
    again = sync(service)
    assert (again.new, again.updated, again.error) == (0, 0, None)
    assert service.count(ALL) == 84


def test_local_reads_and_stars_show_on_the_server_after_the_next_sync(
    server: GReaderServer, open_service: Opener
) -> None:
    service = open_service(server)
    sync(service)
    first, second, third = service.articles(ALL, limit=3)
    service.set_read([first.id, second.id], True)
    service.set_starred(third.id, True)
    status = service.sync_status()
    assert status is not None and status.waiting == 3
    report = sync(service)
    assert report.pushed.to_json() == {"read": 2, "unread": 0, "starred": 1, "unstarred": 0}
    assert server.read == {server_id_of(service, first.id), server_id_of(service, second.id)}
    assert server.starred == {server_id_of(service, third.id)}
    status = service.sync_status()
    assert status is not None and status.waiting == 0 and status.last is not None
    # unread and unstarred go back the same way
    service.set_read([first.id], False)
    service.set_starred(third.id, False)
    sync(service)
    assert server.read == {server_id_of(service, second.id)} and server.starred == set()


def test_items_read_on_the_server_show_read_here(server: GReaderServer, open_service: Opener):
    service = open_service(server)
    sync(service)
    two = server.item_ids()[:2]
    server.mark(two, read=True, starred=True)
    report = sync(service)
    assert report.updated == 2
    for item in two:
        article = service.article(article_of(service, item))
        assert article is not None and article.read and article.starred
    assert service.count(ArticleQuery(unread_only=True)) == 82
    server.mark(two[:1], read=False)  # and unread again on the phone
    sync(service)
    article = service.article(article_of(service, two[0]))
    assert article is not None and not article.read


def test_a_new_item_arrives_once(server: GReaderServer, open_service: Opener, room) -> None:
    service = open_service(server)
    sync(service)
    feed = next(iter(server.feeds.values()))
    art = room.publish(feed.url.rsplit("/", 2)[-2], "새 소식: 동기화로 온 기사")
    server.add_item(feed, art.headline, room.base_url + art.path, art.published, "<p>본문</p>")
    assert sync(service).new == 1
    assert sync(service).new == 0
    found = service.articles(ArticleQuery(search="동기화로"))
    assert [a.title for a in found] == ["새 소식: 동기화로 온 기사"]
    assert service.count(ALL) == 85


def test_a_wrong_password_fails_in_one_line_and_loses_nothing(
    freshrss: GReaderServer, open_service: Opener
) -> None:
    service = open_service(freshrss)
    sync(service)
    article = service.articles(ALL, limit=1)[0]
    service.set_read([article.id], True)
    freshrss.password = "changed on the server"  # the cached token goes stale with it
    report = sync(service)
    assert report.error is not None and "refused the username or password" in report.error
    assert "\n" not in report.error and "correct horse" not in report.error
    status = service.sync_status()
    assert status is not None and status.waiting == 1 and status.error == report.error
    kept = service.article(article.id)
    assert kept is not None and kept.read and service.count(ALL) == 84
    assert freshrss.read == set()


def test_with_the_server_down_changes_wait_and_go_out_next_time(
    server: GReaderServer, open_service: Opener, room
) -> None:
    service = open_service(server)
    sync(service)
    article = service.articles(ALL, limit=1)[0]
    service.set_read([article.id], True)
    server.down = True  # 503 to everything
    assert "503" in (sync(service).error or "")
    server.down = False
    room.stop()  # nothing listens at all
    try:
        assert "cannot reach 127.0.0.1" in (sync(service).error or "")
    finally:
        room.start()  # on the same port
    status = service.sync_status()
    assert status is not None and status.waiting == 1
    report = sync(service)
    assert report.error is None and report.pushed.read == 1
    assert server.read == {server_id_of(service, article.id)}


def test_a_sync_cut_halfway_loses_nothing(
    freshrss: GReaderServer, open_service: Opener, monkeypatch
) -> None:
    service = open_service(freshrss)
    syncer = service.syncer
    assert syncer is not None
    syncer.dialect = replace(syncer.dialect, contents_per_request=10)
    freshrss.fail_after = {"stream/items/contents": 3}  # down after 3 of 9 batches
    assert sync(service).error is not None
    assert service.count(ALL) == 30  # whole batches only
    freshrss.down, freshrss.fail_after = False, {}
    assert sync(service).new == 54
    assert service.count(ALL) == 84
    # the queue: each batch leaves it once the server took it
    monkeypatch.setattr(decisions, "EDIT_BATCH", 2)
    five = [a.id for a in service.articles(ALL, limit=5)]
    service.set_read(five, True)
    freshrss.fail_after = {"edit-tag": 1}
    assert sync(service).error is not None
    assert len(freshrss.read) == 2
    status = service.sync_status()
    assert status is not None and status.waiting == 3
    freshrss.down, freshrss.fail_after = False, {}
    assert sync(service).pushed.read == 3
    assert freshrss.read == {server_id_of(service, i) for i in five}


def test_the_same_story_from_a_local_feed_and_the_server_is_one_article(
    freshrss: GReaderServer, open_service: Opener, room
) -> None:
    import asyncio

    url = room.url("/feeds/bitgoeul/rss.xml")
    local = open_service(None, feeds=(url,))
    asyncio.run(local.refresh())
    fetched = local.articles(ALL, limit=500)
    local.set_read([fetched[0].id], True)
    local.close()
    service = open_service(freshrss, feeds=(url,))
    report = sync(service)
    assert report.error is None and service.count(ALL) == 84
    feed = service.feed(url)
    assert feed is not None and feed.total == len(fetched)  # not one article twice
    kept = service.article(fetched[0].id)
    assert kept is not None and kept.read  # and the read stays, for the server too
    sync(service)
    assert freshrss.read == {server_id_of(service, fetched[0].id)}


def test_marking_a_feed_read_is_one_mark_all_as_read(
    server: GReaderServer, open_service: Opener
) -> None:
    service = open_service(server)
    sync(service)
    feed = service.feeds()[0]
    assert service.mark_all_read(ArticleQuery(feed_id=feed.id)) == feed.total
    server.requests.clear()
    report = sync(service)
    assert "POST mark-all-as-read" in server.requests and "POST edit-tag" not in server.requests
    gfeed = next(f for f in server.feeds.values() if f.url == feed.url)
    theirs = {i.id for i in server.items.values() if i.feed == gfeed.id}
    assert server.read == theirs and report.updated == 0


def test_a_later_change_on_the_server_wins_over_a_queued_one(open_service: Opener, room):
    miniflux = room.serve_greader("miniflux")  # dates its items' changes
    service = open_service(miniflux)
    sync(service)
    article = service.articles(ALL, limit=1)[0]
    service.set_starred(article.id, True)
    item = server_id_of(service, article.id)
    miniflux.changed[item] = int(time.time()) + 60  # unstarred on the phone, later
    report = sync(service)
    assert report.pushed.starred == 0 and miniflux.starred == set()
    kept = service.article(article.id)
    assert kept is not None and not kept.starred


def test_refresh_syncs_and_fetches_only_the_local_feeds(
    freshrss: GReaderServer, open_service: Opener, room
) -> None:
    import asyncio

    gone = next(iter(freshrss.feeds.values()))
    freshrss.unsubscribe(gone)  # on the server no more; the config lists it
    service = open_service(freshrss, feeds=(gone.url,))
    results = asyncio.run(service.refresh())
    assert [r.status for r in results] == ["ok"] * 8
    assert room.requests_to(gone.url) and all(
        not room.requests_to(f.url) for f in freshrss.feeds.values()
    )
    assert service.count(ALL) == 84
