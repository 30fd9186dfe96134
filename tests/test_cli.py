"""The `sinmun` command against the offline newsroom: what scripts and people rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from reader import __version__
from reader.cli import main

ROOT = Path(__file__).resolve().parents[1]


def toml_config(path: Path, urls: list[str], extra: str = "") -> Path:
    feeds = "".join(f'[[feeds]]\nurl = "{url}"\n\n' for url in urls)
    path.write_text(feeds + extra, encoding="utf-8")
    return path


def sinmun(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sinmun_process(*args: str, env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def newsroom_config(tmp_path, newsroom):
    urls = [spec.url for spec in newsroom.feed_specs()] + list(newsroom.broken_feed_urls())
    return toml_config(tmp_path / "config.toml", urls)


def test_refresh_stores_good_feeds_and_reports_the_broken_one(
    capsys, tmp_path, newsroom, newsroom_config
):
    data = tmp_path / "data"
    code, out, _ = sinmun(
        capsys, "--config", str(newsroom_config), "--data-dir", str(data), "refresh", "--json"
    )
    assert code == 0
    results = {r["url"]: r for r in json.loads(out)}
    good = [spec.url for spec in newsroom.feed_specs()]
    assert len(good) >= 8
    for url in good:
        assert results[url]["status"] == "ok", results[url]
        assert results[url]["new"] > 0 and results[url]["error"] is None
    for url in newsroom.broken_feed_urls():
        assert results[url]["status"] == "error"
        assert results[url]["error"], "a failing feed must say why"
    assert sum(r["new"] for r in results.values()) >= 80
    assert set(results[good[0]]) >= {"url", "title", "status", "new", "updated", "error"}

    # The second refresh: every good feed not modified, nothing new, nothing parsed.
    code, out, _ = sinmun(
        capsys, "--config", str(newsroom_config), "--data-dir", str(data), "refresh", "--json"
    )
    again = {r["url"]: r for r in json.loads(out)}
    for url in good:
        assert again[url]["status"] == "not_modified", again[url]
        assert again[url]["new"] == again[url]["updated"] == 0


def test_second_refresh_sends_validators_and_gets_304(capsys, tmp_path, newsroom, newsroom_config):
    data = tmp_path / "data"
    args = ("--config", str(newsroom_config), "--data-dir", str(data), "refresh", "--json")
    sinmun(capsys, *args)
    start = len(newsroom.request_log)
    sinmun(capsys, *args)
    conditional = [
        entry
        for entry in newsroom.request_log[start:]
        if any(k.lower() in ("if-none-match", "if-modified-since") for k in entry[2])
    ]
    assert len(conditional) >= len(newsroom.feed_specs())


def test_euc_kr_feed_titles_read_correctly(capsys, tmp_path, newsroom, newsroom_config):
    data = tmp_path / "data"
    sinmun(capsys, "--config", str(newsroom_config), "--data-dir", str(data), "refresh")
    euc = next(s for s in newsroom.feed_specs() if "/mudeung/" in s.url)
    code, out, _ = sinmun(
        capsys,
        "--config",
        str(newsroom_config),
        "--data-dir",
        str(data),
        "articles",
        "--feed",
        euc.url,
        "--limit",
        "500",
        "--json",
    )
    assert code == 0
    titles = {a["title"] for a in json.loads(out)}
    expected = {article.headline for article in newsroom.feed_articles("mudeung")}
    assert expected and titles == expected
    assert all("\ufffd" not in t for t in titles)


def test_hanging_server_cannot_hold_refresh_past_total_timeout(capsys, tmp_path, newsroom):
    good = newsroom.feed_specs()[0].url
    config = toml_config(
        tmp_path / "config.toml",
        [newsroom.url("/faults/hang"), good],
        "[network]\ntotal_timeout = 1.5\nretries = 0\n",
    )
    started = time.monotonic()
    code, out, _ = sinmun(
        capsys, "--config", str(config), "--data-dir", str(tmp_path / "d"), "refresh", "--json"
    )
    elapsed = time.monotonic() - started
    results = {r["url"]: r for r in json.loads(out)}
    assert elapsed < 6
    assert results[newsroom.url("/faults/hang")]["status"] == "error"
    assert "timed out" in results[newsroom.url("/faults/hang")]["error"]
    assert results[good]["status"] == "ok"
    assert code == 0


def test_refresh_summary_for_people(capsys, tmp_path, newsroom, newsroom_config):
    code, out, _ = sinmun(
        capsys, "--config", str(newsroom_config), "--data-dir", str(tmp_path / "d"), "refresh"
    )
    assert code == 0
    first = out.splitlines()[0]
    assert "new" in first and "not modified" in first and "1 failed" in first
    assert "failed" in out and newsroom.broken_feed_urls()[0] in out


def test_read_and_starred_state_survive_refresh(capsys, tmp_path, newsroom, newsroom_config):
    from reader.core.config import load_config
    from reader.core.models import ArticleQuery
    from reader.core.service import Service

    data = tmp_path / "data"
    sinmun(capsys, "--config", str(newsroom_config), "--data-dir", str(data), "refresh")
    service = Service.open(load_config(newsroom_config), data)
    try:
        rows = service.articles(ArticleQuery(), limit=10)
        service.set_read([rows[0].id, rows[1].id], True)
        service.set_starred(rows[2].id, True)
    finally:
        service.close()
    sinmun(capsys, "--config", str(newsroom_config), "--data-dir", str(data), "refresh")
    _, out, _ = sinmun(
        capsys,
        "--config",
        str(newsroom_config),
        "--data-dir",
        str(data),
        "articles",
        "--limit",
        "10",
        "--json",
    )
    after = {a["id"]: a for a in json.loads(out)}
    assert after[rows[0].id]["read"] and after[rows[1].id]["read"]
    assert after[rows[2].id]["starred"] and not after[rows[2].id]["read"]
    _code, out, _ = sinmun(
        capsys,
        "--config",
        str(newsroom_config),
        "--data-dir",
        str(data),
        "articles",
        "--unread",
        "--limit",
        "1000",
        "--json",
    )
    unread_ids = {a["id"] for a in json.loads(out)}
    assert rows[0].id not in unread_ids and rows[2].id in unread_ids


def test_articles_search_and_json_fields(capsys, tmp_path, newsroom, newsroom_config):
    data = tmp_path / "data"
    sinmun(capsys, "--config", str(newsroom_config), "--data-dir", str(data), "refresh")
    _, out, _ = sinmun(
        capsys,
        "--config",
        str(newsroom_config),
        "--data-dir",
        str(data),
        "articles",
        "--limit",
        "1000",
        "--json",
    )
    everything = json.loads(out)
    assert len(everything) >= 80
    for key in (
        "id",
        "feed_url",
        "feed_title",
        "title",
        "link",
        "author",
        "published",
        "summary",
        "read",
        "starred",
    ):
        assert key in everything[0]
    published = [a["published"] for a in everything if a["published"]]
    assert published == sorted(published, reverse=True)
    _code, out, _ = sinmun(
        capsys,
        "--config",
        str(newsroom_config),
        "--data-dir",
        str(data),
        "articles",
        "--search",
        "광주",
        "--limit",
        "1000",
        "--json",
    )
    found = json.loads(out)
    assert 0 < len(found) < len(everything)
    assert all("광주" in (a["title"] + a["summary"]) or a["id"] for a in found)


def test_feeds_add_list_remove_import_export(capsys, tmp_path, newsroom):
    data = str(tmp_path / "d")
    config = toml_config(tmp_path / "c.toml", [])  # empty: no [[feeds]] → defaults seed once
    base = ("--config", str(config), "--data-dir", data)
    code, out, _ = sinmun(capsys, *base, "feeds", "list", "--json")
    defaults = json.loads(out)
    assert code == 0 and len(defaults) >= 8
    url = newsroom.feed_specs()[0].url
    code, out, _ = sinmun(capsys, *base, "feeds", "add", url, "--title", "새 피드")
    assert code == 0 and "added" in out
    code, out, _ = sinmun(capsys, *base, "feeds", "list", "--json")
    assert json.loads(out)[-1]["url"] == url
    code, out, _ = sinmun(capsys, *base, "export")
    assert url in out and "새 피드" in out
    exported = tmp_path / "export.opml"
    exported.write_text(out, encoding="utf-8")
    code, out, _ = sinmun(capsys, *base, "feeds", "remove", url)
    assert code == 0
    code, out, _ = sinmun(capsys, *base, "import", str(exported))
    assert code == 0 and "1 added" in out
    code, _, err = sinmun(capsys, *base, "feeds", "remove", "https://nothere.example/")
    assert code == 1 and "no such feed" in err
    code, _, err = sinmun(capsys, *base, "feeds", "add", "ftp://x.example/")
    assert code == 2 and "http" in err


def test_config_feeds_are_the_subscription_list(capsys, tmp_path):
    data = str(tmp_path / "d")
    config = toml_config(tmp_path / "c.toml", ["https://a.example/1", "https://b.example/2"])
    code, out, _ = sinmun(
        capsys, "--config", str(config), "--data-dir", data, "feeds", "list", "--json"
    )
    assert [f["url"] for f in json.loads(out)] == ["https://a.example/1", "https://b.example/2"]
    toml_config(tmp_path / "c.toml", ["https://b.example/2"])
    code, out, _ = sinmun(
        capsys, "--config", str(config), "--data-dir", data, "feeds", "list", "--json"
    )
    assert [f["url"] for f in json.loads(out)] == ["https://b.example/2"]
    code, _, err = sinmun(
        capsys,
        "--config",
        str(config),
        "--data-dir",
        data,
        "feeds",
        "remove",
        "https://b.example/2",
    )
    assert code == 1 and "remove it there" in err


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[[feeds]]\nurl = 3\n", ":2: feeds[1].url: must be a string"),
        ("[ui]\nrefrsh = true\n", ":2: ui.refrsh: unknown key"),
        ("[[feeds]\nurl = 'x'\n", ":1: invalid TOML"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(tmp_path, text, fragment):
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    result = sinmun_process("--config", str(config), "--data-dir", str(tmp_path / "d"), "refresh")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_config_and_data_dir_from_environment(tmp_path):
    config = toml_config(tmp_path / "c.toml", ["https://env.example/feed"])
    result = sinmun_process(
        "feeds",
        "list",
        env={"SINMUN_CONFIG": str(config), "SINMUN_DATA_DIR": str(tmp_path / "envdata")},
    )
    assert result.returncode == 0, result.stderr
    assert "https://env.example/feed" in result.stdout
    assert (tmp_path / "envdata" / "sinmun.db").exists()


def test_version_help_and_usage_errors(capsys):
    result = sinmun_process("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"sinmun {__version__}"
    result = sinmun_process("--help")
    assert result.returncode == 0 and "refresh" in result.stdout and "articles" in result.stdout
    result = sinmun_process("frobnicate")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    result = sinmun_process("articles", "--limit", "zero")
    assert result.returncode == 2 and "not a number" in result.stderr


def test_unusable_data_dir_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a dir")
    result = sinmun_process("--data-dir", str(blocker / "sub"), "feeds", "list")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(blocker / "sub") in result.stderr


def test_region_filter_matches_the_newsrooms_own_annotations(capsys, tmp_path, newsroom):
    from reader.newsroom.content import ARTICLES

    config = toml_config(tmp_path / "c.toml", [s.url for s in newsroom.feed_specs()])
    base = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
    sinmun(capsys, *base, "refresh")
    by_alias = {}
    for region in ("광주", "Gwangju", "광주광역시"):
        _, out, _ = sinmun(
            capsys, *base, "articles", "--region", region, "--limit", "500", "--json"
        )
        by_alias[region] = {a["link"].split("/articles/", 1)[1] for a in json.loads(out)}
    wanted = {f"{a.feed}/{a.slug}.html" for a in ARTICLES if "광주" in a.regions}
    # 광주리 (a basket) and 경기 광주 (another city) are in the newsroom and must stay out
    assert by_alias["광주"] == wanted
    assert by_alias["Gwangju"] == by_alias["광주광역시"] == wanted
    _, out, _ = sinmun(
        capsys, *base, "articles", "--region", "광주", "--unread", "--search", "노선", "--json"
    )
    routes = {
        f"{a.feed}/{a.slug}.html"
        for a in ARTICLES
        if "광주" in a.regions and "노선" in a.headline + " ".join(a.paragraphs)
    }
    assert routes and {a["link"].split("/articles/", 1)[1] for a in json.loads(out)} == routes


def test_retention_keeps_a_churning_feed_bounded(capsys, tmp_path, newsroom):
    """A feed that mints two fresh GUIDs per fetch: without retention it grows for ever. The
    cap holds it, the starred and the currently listed articles stay, read ones that left the
    feed go, and the search and region indexes follow."""
    import sqlite3

    from reader.core.storage import Storage

    url = newsroom.url("/faults/hostile/churn/7.xml?items=20")  # 20 items + 2 fresh each time
    extra = (
        '[[regions]]\nname = "Fresh"\n\n[storage]\nkeep_read_days = 1\nmax_articles_per_feed = 30\n'
    )
    config = toml_config(tmp_path / "c.toml", [url], extra)
    base = ("--config", str(config), "--data-dir", str(tmp_path / "d"))

    def stored() -> list[dict]:
        _, out, _ = sinmun(capsys, *base, "articles", "--limit", "1000", "--json")
        return json.loads(out)

    assert sinmun(capsys, *base, "refresh")[0] == 0
    first = stored()
    fresh = sorted(a["id"] for a in first if a["title"].startswith("Fresh"))
    listed = next(a["id"] for a in first if a["title"].startswith("Churn"))
    with Storage(tmp_path / "d" / "sinmun.db") as st:
        st.set_starred(fresh[0], True)
        st.set_read([fresh[1], listed], True)  # dated 2026-11-24: "old" for keep_read_days = 1
    for _ in range(9):
        assert sinmun(capsys, *base, "refresh")[0] == 0
    after = {a["id"]: a for a in stored()}
    assert len(after) == 30  # 40 without retention
    assert after[fresh[0]]["starred"]  # starred: kept whatever its age
    assert fresh[1] not in after  # read, old, and no longer listed
    assert after[listed]["read"]  # read and old, but the feed still lists it
    churn = [a for a in after.values() if a["title"].startswith("Churn")]
    assert len(churn) == 20 and all("rev" in a["title"] for a in churn)
    newest = sorted(after)[-2:]  # the current document's two fresh entries
    assert all(after[i]["title"].startswith("Fresh") and not after[i]["read"] for i in newest)

    kept_fresh = {i for i, a in after.items() if a["title"].startswith("Fresh")}
    _, out, _ = sinmun(capsys, *base, "articles", "--region", "Fresh", "--limit", "99", "--json")
    assert {a["id"] for a in json.loads(out)} == kept_fresh
    _, out, _ = sinmun(capsys, *base, "articles", "--search", "Fresh", "--limit", "99", "--json")
    assert {a["id"] for a in json.loads(out)} == kept_fresh
    conn = sqlite3.connect(tmp_path / "d" / "sinmun.db")
    try:
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        orphans = (
            "SELECT count(*) FROM article_regions WHERE article_id NOT IN (SELECT id FROM articles)"
        )
        assert conn.execute(orphans).fetchone() == (0,)
    finally:
        conn.close()


@pytest.mark.parametrize("args", [(), ("demo",)], ids=["sinmun", "sinmun demo"])
def test_the_reader_without_a_terminal_says_so_and_exits_2(tmp_path, args) -> None:
    """Under cron or a pipe the app would wait on a closed stdin (spinning a core); it says
    what is wrong in one line instead, at once."""
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    home = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
    proc = sinmun_process(*home, *args, timeout=20)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "needs a terminal" in proc.stderr
    assert proc.stdout == ""


def test_mark_changes_state_by_the_ids_articles_prints(capsys, tmp_path, newsroom) -> None:
    config = toml_config(tmp_path / "c.toml", [newsroom.feed_specs()[0].url])
    home = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
    assert sinmun(capsys, *home, "refresh")[0] == 0

    def listed() -> list[dict]:
        return json.loads(sinmun(capsys, *home, "articles", "--json", "--limit", "500")[1])

    first, second, *_ = listed()
    ids = (str(first["id"]), str(second["id"]))
    assert sinmun(capsys, *home, "mark", *ids, "--read")[:2] == (0, "marked 2 articles read\n")
    assert sinmun(capsys, *home, "mark", ids[0], "--star")[0] == 0
    state = {a["id"]: (a["read"], a["starred"]) for a in listed()}
    assert state[first["id"]] == (True, True) and state[second["id"]] == (True, False)
    assert sinmun(capsys, *home, "mark", ids[1], "--unread")[0] == 0
    assert sinmun(capsys, *home, "mark", ids[0], "--unstar")[0] == 0
    state = {a["id"]: (a["read"], a["starred"]) for a in listed()}
    assert state[first["id"]] == (True, False) and state[second["id"]] == (False, False)
    # The ids are stable: a refresh keeps them and the state.
    assert sinmun(capsys, *home, "refresh")[0] == 0
    assert {a["id"]: (a["read"], a["starred"]) for a in listed()} == state


def test_mark_reports_unknown_ids_and_usage_errors(capsys, tmp_path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    home = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
    code, _, err = sinmun(capsys, *home, "mark", "999999", "--read")
    assert code == 1 and err == "sinmun: no article with id 999999\n"
    for bad in (("mark", "1"), ("mark", "1", "--read", "--star"), ("mark", "x", "--read")):
        with pytest.raises(SystemExit) as exit_:
            main([*home, *bad])
        assert exit_.value.code == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_the_program_writes_all_its_output_before_it_ends(capsys, tmp_path, newsroom_config):
    # `sinmun` ends the process as soon as main() returns (reader.cli.run): what it printed
    # must all be out by then, also through a pipe and past its buffer.
    home = ("--config", str(newsroom_config), "--data-dir", str(tmp_path / "d"))
    refreshed = sinmun_process(*home, "refresh", "--json")
    assert refreshed.returncode == 0, refreshed.stderr
    assert len(json.loads(refreshed.stdout)) == len(
        tomllib.loads(newsroom_config.read_text())["feeds"]
    )
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    listed = subprocess.run(
        [sys.executable, "-m", "reader", *home, "articles", "--limit", "1000", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=buffered,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.encode()) > 4 * 8192  # several fills of the stream's buffer
    _, out, _ = sinmun(capsys, *home, "articles", "--limit", "1000", "--json")
    assert json.loads(listed.stdout) == json.loads(out)
