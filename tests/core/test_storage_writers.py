"""Storage shared with other processes: a write waits its turn rather than fail as busy, the
user's writes go before a refresh's next feed, and a refresh writing to a feed removed
meanwhile is told so (FeedRemoved)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.core.models import ArticleQuery, FeedSpec
from reader.core.storage import FeedRemoved, Storage
from tests.core.conftest import T0, apply, entry

ROOT = Path(__file__).resolve().parents[2]


def test_a_write_asks_again_while_another_process_writes(db: Path) -> None:
    # Longer than SQLite's busy timeout: without asking again, "database is busy" and lost.
    Storage(db).close()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Timer(1.0, holder.execute, ("COMMIT",))
    released.start()
    try:
        with Storage(db, busy_timeout=0.2) as st:
            assert st.add_feed(FeedSpec("http://127.0.0.1/a.xml")).id == 1
    finally:
        released.join()
        holder.close()


REFRESHER = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from reader.core.storage import Storage

st = Storage(Path(sys.argv[1]))
stop = Path(sys.argv[3])
deadline = time.monotonic() + 30
writes = 0
while not stop.exists() and time.monotonic() < deadline:
    with st._tx(refresh=True) as c:  # one feed's write after another, back to back
        c.execute("UPDATE feeds SET last_fetched = coalesce(last_fetched, 0) + 1")
        if writes == 0:
            print("writing", flush=True)  # holding the write lock now
        writes += 1
        time.sleep(0.2)  # the work of a big feed's write
st.close()
"""


def test_the_users_write_goes_before_a_refreshs_next_feed(st: Storage, feed, db: Path) -> None:
    # SQLite gives its lock to whoever asks first after a commit, and a waiting process only
    # polls: a refresh committing back to back would starve the star toggle past any timeout.
    apply(st, feed.id, entry("k1"))
    (article,) = st.query_articles(ArticleQuery())
    stop = db.with_name("stop")
    refresher = subprocess.Popen(
        [sys.executable, "-c", REFRESHER, str(db), str(ROOT), str(stop)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert refresher.stdout is not None and refresher.stdout.readline() == "writing\n"
        started = time.monotonic()
        st.set_starred(article.id, True)
        waited = time.monotonic() - started
    finally:
        stop.touch()
        refresher.wait(60)
    assert refresher.returncode == 0
    assert waited < 2.0, f"the star waited {waited:.1f} s for the refresh"
    assert st.get_article(article.id).starred


def test_a_refresh_write_to_a_removed_feed_says_so(st: Storage, feed) -> None:
    st.remove_feed(feed.url)
    for write in (
        lambda: st.record_error(feed.id, "boom", T0),
        lambda: st.record_not_modified(feed.id, T0),
        lambda: st.record_unchanged(feed.id, "etag", None, T0),
        lambda: apply(st, feed.id, entry("k1")),
    ):
        with pytest.raises(FeedRemoved):
            write()
