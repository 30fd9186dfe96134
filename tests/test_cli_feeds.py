"""`sinmun feeds`, `import`, `export` and `articles` as a user meets them: config edits, one
subscription per feed however its URL is spelled, `feeds add` checking what it is given, the
list order of undated feeds, the region filter and web addresses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.models import ArticleQuery
from reader.newsroom import Newsroom
from reader.newsroom.content import OUTLETS
from reader.newsroom.handlers import UNDATED_TITLES
from tests.test_cli import sinmun


def feeds_config(path: Path, feeds: list[dict[str, object]]) -> Path:
    """[[feeds]] tables from dicts (url, title, tags)."""
    blocks = []
    for feed in feeds:
        lines = ["[[feeds]]"] + [f"{key} = {json.dumps(value)}" for key, value in feed.items()]
        blocks.append("\n".join(lines))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


def listed(capsys, *home: str) -> list[dict]:
    code, out, err = sinmun(capsys, *home, "feeds", "list", "--json")
    assert code == 0, err
    return json.loads(out)


# --- 1. config edits reach stored feeds; tags round-trip through OPML --------------------------
def test_config_title_and_tag_edits_apply_at_the_next_start(capsys, tmp_path) -> None:
    config = tmp_path / "c.toml"
    home = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
    url = "https://a.example/rss.xml"
    feeds_config(config, [{"url": url, "title": "Alpha", "tags": ["local"]}])
    [feed] = listed(capsys, *home)
    assert (feed["title"], feed["tags"]) == ("Alpha", ["local"])

    feeds_config(config, [{"url": url, "title": "Beta", "tags": ["news", "local"]}])
    [feed] = listed(capsys, *home)
    assert (feed["title"], feed["tags"]) == ("Beta", ["news", "local"])
    code, out, _ = sinmun(capsys, *home, "feeds", "list")
    assert code == 0 and out.rstrip().endswith(f"Beta  <{url}>  [news, local]")

    feeds_config(config, [{"url": url}])  # title and tags taken out: the feed's own again
    [feed] = listed(capsys, *home)
    assert (feed["title"], feed["tags"]) == (url, [])


def test_tags_go_out_with_export_and_come_back_with_import(capsys, tmp_path) -> None:
    config = feeds_config(
        tmp_path / "c.toml",
        [
            {"url": "https://a.example/rss.xml", "title": "Alpha", "tags": ["local", "광주"]},
            {"url": "https://b.example/atom.xml", "title": "Beta"},
        ],
    )
    code, opml, _ = sinmun(
        capsys, "--config", str(config), "--data-dir", str(tmp_path / "d"), "export"
    )
    assert code == 0 and 'category="local,광주"' in opml
    exported = tmp_path / "subs.opml"
    exported.write_text(opml, encoding="utf-8")

    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    other = ("--config", str(empty), "--data-dir", str(tmp_path / "other"))
    code, out, _ = sinmun(capsys, *other, "import", str(exported))
    assert code == 0 and "2 feeds found, 2 added" in out
    imported = {f["url"]: (f["title"], f["tags"]) for f in listed(capsys, *other)}
    assert imported["https://a.example/rss.xml"] == ("Alpha", ["local", "광주"])
    assert imported["https://b.example/atom.xml"] == ("Beta", [])


# --- 3. one feed, however its URL is spelled ----------------------------------------------------
def test_one_subscription_per_feed_however_the_url_is_spelled(capsys, tmp_path, newsroom) -> None:
    config = tmp_path / "c.toml"
    home = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
    feeds_config(
        config,
        [
            {"url": "HTTP://News.Example:80", "title": "Config"},
            {"url": "http://news.example/"},
            {"url": "https://뉴스.example/rss"},
        ],
    )
    assert [f["url"] for f in listed(capsys, *home)] == [
        "http://news.example/",
        "https://xn--vg1b002a.example/rss",
    ]
    code, _, err = sinmun(capsys, *home, "feeds", "remove", "http://NEWS.example:80/")
    assert code == 1 and "remove it there" in err  # the config's feed, in another spelling

    feed = newsroom.feed_specs()[0].url  # http://127.0.0.1:PORT/feeds/…
    code, out, err = sinmun(capsys, *home, "feeds", "add", feed)
    assert code == 0 and out.startswith("added "), err
    start = len(newsroom.request_log)
    code, out, _ = sinmun(capsys, *home, "feeds", "add", feed.replace("http://", "HTTP://"))
    assert code == 0 and out.startswith("already subscribed to ") and f"<{feed}>" in out
    assert len(newsroom.request_log) == start  # known already: nothing fetched

    urls = tmp_path / "urls"
    urls.write_text(f"{feed.replace('http', 'HTTP', 1)}\nhttps://뉴스.example:443/rss\n")
    code, out, _ = sinmun(capsys, *home, "import", str(urls))
    assert code == 0 and "2 feeds found, 0 added, 2 already there" in out

    code, _, err = sinmun(capsys, *home, "articles", "--feed", feed.replace("http", "HTTP", 1))
    assert code == 0, err  # not "no such feed"
    code, _, err = sinmun(capsys, *home, "feeds", "remove", feed.replace("http://", "HTTP://"))
    assert code == 0, err
    assert feed not in [f["url"] for f in listed(capsys, *home)]


# --- 4. `feeds add` looks before it subscribes --------------------------------------------------
def test_feeds_add_subscribes_to_a_feed_with_its_title(capsys, tmp_path, newsroom) -> None:
    home = _empty_home(tmp_path)
    slug = list(OUTLETS)[1]
    url, title = newsroom.feed_specs()[1].url, OUTLETS[slug].site_title  # the feed's <title>
    code, out, err = sinmun(capsys, *home, "feeds", "add", url)
    assert code == 0, err
    assert out == f"added {title} <{url}>\n"
    assert listed(capsys, *home)[-1]["title"] == title


def test_feeds_add_on_a_page_subscribes_to_the_first_feed_it_advertises(
    capsys, tmp_path, newsroom
) -> None:
    home = _empty_home(tmp_path)
    # the home page advertises every outlet's feed but the RSS 1.0 one (not a feed type)
    advertised = [
        (spec.url, outlet.site_title)
        for spec, outlet in zip(newsroom.feed_specs(), OUTLETS.values(), strict=True)
        if outlet.feed_format != "rss1"
    ]
    code, out, err = sinmun(capsys, *home, "feeds", "add", newsroom.url("/"))
    assert code == 0, err
    (url, title), *others = advertised
    assert out.splitlines() == [
        f"added {title} <{url}> (advertised by {newsroom.url('/')})",
        "the page also advertises:",
        *(f"  {other}" for other, _ in others),
    ]
    assert listed(capsys, *home)[-1]["url"] == url


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/faults/404", "HTTP 404"),
        ("/faults/html", "not a feed and advertises none"),
        ("/faults/malformed-xml", "not a feed and advertises none"),
    ],
)
def test_feeds_add_refuses_what_is_no_feed(capsys, tmp_path, newsroom, path, reason) -> None:
    home = _empty_home(tmp_path)
    before = listed(capsys, *home)
    url = newsroom.url(path)
    code, out, err = sinmun(capsys, *home, "feeds", "add", url)
    assert (code, out) == (1, "")
    assert err.startswith(f"sinmun: cannot subscribe to {url}: ") and reason in err
    assert err.count("\n") == 1
    assert listed(capsys, *home) == before  # nothing stored


def test_feeds_add_refuses_an_unreachable_server_with_the_network_reason(capsys, tmp_path):
    home = _empty_home(tmp_path)
    code, _, err = sinmun(capsys, *home, "feeds", "add", "http://127.0.0.1:9/feed.xml")
    assert code == 1 and "connection refused" in err
    assert "http://127.0.0.1:9/feed.xml" not in [f["url"] for f in listed(capsys, *home)]


def _empty_home(tmp_path: Path) -> tuple[str, ...]:
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    return ("--config", str(config), "--data-dir", str(tmp_path / "d"))


# --- 2. undated feeds keep their order ----------------------------------------------------------
def test_an_undated_feed_keeps_its_own_order_and_no_date(capsys, tmp_path, newsroom) -> None:
    undated = newsroom.url("/feeds/undated.xml")
    dated = newsroom.feed_specs()[0].url
    config = feeds_config(tmp_path / "c.toml", [{"url": dated}, {"url": undated}])
    home = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
    assert sinmun(capsys, *home, "refresh")[0] == 0
    code, out, err = sinmun(capsys, *home, "articles", "--feed", undated, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert [a["title"] for a in shown] == list(UNDATED_TITLES)  # the feed's first one first
    assert {a["published"] for a in shown} == {None}  # not "published now"
    everything = json.loads(sinmun(capsys, *home, "articles", "--limit", "500", "--json")[1])
    titles = [a["title"] for a in everything if a["feed_url"] == undated]
    assert titles == list(UNDATED_TITLES)


# --- 5. web addresses name no region ------------------------------------------------------------
def test_the_region_filter_does_not_match_inside_web_addresses(capsys, tmp_path) -> None:
    with Newsroom() as newsroom:
        in_url = newsroom.publish(
            "ledger",
            "Transit board posts its minutes",
            paragraphs=[
                "The minutes are at https://transit.example/seoul_rho/2026-11 and "
                "www.seoul.example/minutes for anyone who asks."
            ],
        )
        named = newsroom.publish(
            "ledger",
            "Night buses return",
            paragraphs=["Seoul brings back its night buses (https://transit.example/n)."],
        )
        config = feeds_config(tmp_path / "c.toml", [{"url": newsroom.url("/feeds/ledger/rss.xml")}])
        home = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
        assert sinmun(capsys, *home, "refresh")[0] == 0
    for region in ("서울", "Seoul"):
        out = sinmun(capsys, *home, "articles", "--region", region, "--json")[1]
        titles = {a["title"] for a in json.loads(out)}
        assert named.headline in titles and in_url.headline not in titles


# --- 8. one weather JSON contract ---------------------------------------------------------------
def test_weather_json_is_the_reports_own_json(capsys, tmp_path, newsroom) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[weather]\nbase_url = "{newsroom.base_url}"\n', encoding="utf-8")
    code, out, err = sinmun(
        capsys, "--config", str(config), "--data-dir", str(tmp_path / "d"), "weather", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {
        "provider", "attribution", "credits", "regions", "stale", "error", "fetched",
        "service_errors",
    }  # fmt: skip
    assert data["fetched"] is not None and len(data["regions"]) == 19
    assert all({"warnings", "air"} <= set(region) for region in data["regions"])


def test_a_database_holding_two_spellings_of_one_feed_keeps_the_first(capsys, tmp_path) -> None:
    """Written before URLs were normalised: `HTTP://News.Example/rss` and its normal spelling
    as two subscriptions. The next start keeps the first, under the normal URL, merges the
    other into it (what was marked on either stays marked) and says so."""
    from datetime import UTC, datetime

    from reader.core.models import FeedSpec, ParsedEntry, ParsedFeed
    from reader.core.storage import Storage

    data = tmp_path / "d"
    when = datetime(2026, 11, 24, tzinfo=UTC)
    with Storage(data / "sinmun.db") as st:
        first = st.add_feed(FeedSpec("HTTP://News.Example:80/rss", "First"))
        copy = st.add_feed(FeedSpec("http://news.example/rss", "Copy"))
        for feed, keys in ((first, ["a", "b"]), (copy, ["b", "c"])):
            entries = tuple(ParsedEntry(key=k, title=f"{k} from {feed.title}") for k in keys)
            st.apply_feed(
                feed.id,
                ParsedFeed("Feed", None, entries),
                etag=None,
                last_modified=None,
                body_hash=None,
                when=when,
            )
        ids = {(a.feed_id, a.key): a.id for a in st.query_articles(ArticleQuery(), limit=10)}
        st.set_starred(ids[copy.id, "b"], True)
        st.set_read([ids[first.id, "a"]], True)
    home = _empty_home(tmp_path)
    code, out, err = sinmun(capsys, *home, "feeds", "list", "--json")
    assert code == 0
    assert err == (
        "sinmun: note: HTTP://News.Example:80/rss and http://news.example/rss are one feed, "
        "subscribed twice: merged into the first, now http://news.example/rss\n"
    )
    mine = [f for f in json.loads(out) if "news.example" in f["url"]]
    assert [(f["url"], f["title"], f["total"]) for f in mine] == [
        ("http://news.example/rss", "First", 3)
    ]
    code, out, err = sinmun(
        capsys, *home, "articles", "--json", "--feed", "http://news.example/rss"
    )
    assert err == ""  # said once
    state = {a["title"]: (a["read"], a["starred"]) for a in json.loads(out)}
    assert state == {
        "a from First": (True, False),
        "b from First": (False, True),
        "c from Copy": (False, False),
    }
