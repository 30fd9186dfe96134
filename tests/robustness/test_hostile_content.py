"""Hostile feeds, pages and weather answers through the whole pipeline (refresh → SQLite →
`sinmun articles`/`feeds`/`read`/`weather`): nothing that could drive a terminal reaches
stdout or stderr, markup stays literal text, entity tricks neither expand nor leak, and broken
encodings still read as the text they hold.

The CLI runs as a real process so the bytes checked are the bytes a terminal would receive.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from reader.core.models import ArticleQuery
from reader.newsroom import Newsroom
from reader.newsroom.hostile import (
    ACTION_MARKUP,
    ASCII_ITEMS,
    KOREAN_ITEMS,
    PASSWD_MARKERS,
    RICH_MARKUP,
)
from tests.robustness.conftest import (
    ROOT,
    Run,
    forbidden_in,
    forbidden_in_values,
    open_service,
    sinmun,
    write_config,
)

FEEDS = [
    "escapes.xml",
    "escapes.json",
    "billion-laughs.xml",
    "xxe.xml",
    "utf16-nobom.xml",
    "utf16-nobom.xml?be=1",
    "wrong-charset-header.xml",
    "wrong-charset-decl.xml",
    "invalid-utf8.xml",
    "nul.xml",
    "redirect-escape",
]


class Pipeline:
    """One refresh of every hostile feed and every read-side command, run once per module."""

    def __init__(self, newsroom: Newsroom, base: Path) -> None:
        self.newsroom = newsroom
        self.urls = {name: newsroom.url(f"/faults/hostile/{name}") for name in FEEDS}
        self.config = write_config(base / "config.toml", list(self.urls.values()))
        self.data = base / "data"
        newsroom.request_log.clear()
        started = time.monotonic()
        self.refresh_json = self.cli("refresh", "--json")
        self.refresh_seconds = time.monotonic() - started
        self.probe_requests = [r.path for r in newsroom.request_log if "xxe-probe" in r.path]
        # the plain summary prints warnings and failures: a fresh data dir so it has them all
        self.refresh_plain = sinmun(
            "--config", str(self.config), "--data-dir", str(base / "plain"), "refresh"
        )
        self.articles_json = self.cli("articles", "--json", "--limit", "200")
        self.articles_plain = self.cli("articles", "--limit", "200")
        self.feeds_plain = self.cli("feeds", "list")
        self.feeds_json = self.cli("feeds", "list", "--json")
        self.outputs: dict[str, Run] = {
            "refresh --json": self.refresh_json,
            "refresh": self.refresh_plain,
            "articles --json": self.articles_json,
            "articles": self.articles_plain,
            "feeds list": self.feeds_plain,
            "feeds list --json": self.feeds_json,
        }

    def cli(self, *args: str) -> Run:
        return sinmun("--config", str(self.config), "--data-dir", str(self.data), *args)

    def articles_of(self, name: str) -> list[dict[str, Any]]:
        return [a for a in self.articles_json.json() if a["feed_url"] == self.urls[name]]

    def result_of(self, name: str) -> dict[str, Any]:
        return next(r for r in self.refresh_json.json() if r["url"] == self.urls[name])


@pytest.fixture(scope="module")
def pipeline(newsroom: Newsroom, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return Pipeline(newsroom, tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize(
    "output",
    ["refresh --json", "refresh", "articles --json", "articles", "feeds list", "feeds list --json"],
)
def test_no_terminal_control_bytes_in_any_output(pipeline: Pipeline, output: str) -> None:
    run = pipeline.outputs[output]
    assert run.code == 0, run.error
    assert b"Traceback" not in run.err
    assert forbidden_in(run.out) == [] and forbidden_in(run.err) == []
    if output.endswith("--json"):
        assert forbidden_in_values(run.json()) == []


def test_every_hostile_feed_is_stored_or_reported(pipeline: Pipeline) -> None:
    results = {r["url"]: r for r in pipeline.refresh_json.json()}
    assert set(results) == set(pipeline.urls.values())
    for name, url in pipeline.urls.items():
        result = results[url]
        if name == "redirect-escape":
            assert result["status"] == "error" and result["error"], result
        else:
            assert result["status"] == "ok" and result["new"] >= 2, (name, result)
    assert pipeline.refresh_seconds < 30


def test_markup_is_kept_as_literal_text(pipeline: Pipeline) -> None:
    for name in ("escapes.xml", "escapes.json"):
        titles = [a["title"] for a in pipeline.articles_of(name)]
        assert any(ACTION_MARKUP in t and RICH_MARKUP in t for t in titles), titles
        authors = [a["author"] or "" for a in pipeline.articles_of(name)]
        assert any(ACTION_MARKUP in a for a in authors), authors
        assert ACTION_MARKUP in pipeline.result_of(name)["title"]
    assert pipeline.articles_plain.text.count(ACTION_MARKUP) >= 4
    assert RICH_MARKUP in pipeline.articles_plain.text
    assert ACTION_MARKUP in pipeline.feeds_plain.text


def test_only_web_links_survive_and_scripts_never_reach_text(pipeline: Pipeline) -> None:
    for name in ("escapes.xml", "escapes.json"):
        articles = pipeline.articles_of(name)
        assert len(articles) == 3
        for a in articles:
            assert a["link"] is None or a["link"].startswith(pipeline.newsroom.base_url), a
            assert "alert(" not in a["summary"] and "color:red" not in a["summary"], a
    everything = pipeline.articles_json.text + pipeline.feeds_json.text
    assert "javascript:" not in everything and "file:///" not in everything


def test_entity_expansion_is_not_performed(pipeline: Pipeline) -> None:
    articles = pipeline.articles_of("billion-laughs.xml")
    assert {a["title"] for a in articles} == {"Laughs &lol9;", "Plain title"}
    assert "lollol" not in pipeline.articles_json.text
    db = pipeline.data / "sinmun.db"
    assert db.stat().st_size < 5 * 1024 * 1024  # a billion "lol"s would be 3 GB


def test_external_entities_neither_leak_files_nor_fetch_urls(pipeline: Pipeline) -> None:
    assert {a["title"] for a in pipeline.articles_of("xxe.xml")} >= {"Plain entry"}
    assert pipeline.probe_requests == []  # no request to the entity's URL, ever
    stored = b"".join(p.read_bytes() for p in pipeline.data.iterdir() if p.is_file())
    for run in pipeline.outputs.values():
        stored += run.out + run.err
    for marker in PASSWD_MARKERS:
        assert marker.encode() not in stored


@pytest.mark.parametrize(
    "name",
    [
        "utf16-nobom.xml",
        "utf16-nobom.xml?be=1",
        "wrong-charset-header.xml",
        "wrong-charset-decl.xml",
    ],
)
def test_misdeclared_encodings_read_as_the_text_they_hold(pipeline: Pipeline, name: str) -> None:
    titles = {a["title"] for a in pipeline.articles_of(name)}
    assert titles == {title for _, title in KOREAN_ITEMS}
    assert pipeline.result_of(name)["title"] == "한국어 피드"


def test_invalid_utf8_spoils_only_the_bad_bytes(pipeline: Pipeline) -> None:
    titles = {a["title"] for a in pipeline.articles_of("invalid-utf8.xml")}
    assert {title for _, title in KOREAN_ITEMS} <= titles
    assert pipeline.result_of("invalid-utf8.xml")["title"] == "한국어 피드"


async def test_utf32_without_bom_reads_as_the_text_it_holds(
    tmp_path: Path, newsroom: Newsroom
) -> None:
    service = open_service(tmp_path / "data", [newsroom.url("/faults/hostile/utf32-nobom.xml")])
    try:
        [result] = await service.refresh()
        titles = {a.title for a in service.articles(ArticleQuery())}
    finally:
        await service.aclose()
    assert result.status == "ok", result
    assert titles == {title for _, title in ASCII_ITEMS}


def test_nul_bytes_are_dropped_and_the_text_kept(pipeline: Pipeline) -> None:
    titles = {a["title"] for a in pipeline.articles_of("nul.xml")}
    assert "Nulrawtitle" in titles and "Nul ref title" in titles


async def test_huge_title_is_stored_truncated(tmp_path: Path, newsroom: Newsroom) -> None:
    url = newsroom.url("/faults/hostile/huge-title.xml?kb=1024")
    service = open_service(tmp_path / "data", [url])
    started = time.monotonic()
    try:
        [result] = await service.refresh()
        elapsed = time.monotonic() - started
        assert result.status == "ok" and result.new == 2, result
        titles = sorted((a.title for a in service.articles(ArticleQuery())), key=len)
    finally:
        await service.aclose()
    assert titles[0] == "Small title"
    assert titles[1].startswith("가나다라 long title") and 500 < len(titles[1]) <= 1000
    assert elapsed < 15


async def test_ten_thousand_entries_are_stored_in_bounded_time(
    tmp_path: Path, newsroom: Newsroom
) -> None:
    url = newsroom.url("/faults/hostile/many.xml?n=10000")
    service = open_service(tmp_path / "data", [url])
    try:
        started = time.monotonic()
        [result] = await service.refresh()
        first = time.monotonic() - started
        assert result.status == "ok" and result.new == 10_000, result
        assert service.count(ArticleQuery()) == 10_000
        assert service.count(ArticleQuery(search="9999")) == 1
        started = time.monotonic()
        [again] = await service.refresh()  # the same bytes: recognised without a parse
        second = time.monotonic() - started
    finally:
        await service.aclose()
    assert again.status == "not_modified"
    assert first < 40 and second < 5, (first, second)


# --- `sinmun read` ------------------------------------------------------------------------------
@pytest.mark.parametrize("source", ["url", "file"])
def test_read_shows_a_hostile_page_as_inert_text(
    tmp_path: Path, newsroom: Newsroom, source: str
) -> None:
    if source == "url":
        target = newsroom.url("/faults/hostile/page.html")
    else:  # a saved page on disk (a copy: the fixture stays untouched)
        target = str(shutil.copy(ROOT / "tests/data/hostile/page.html", tmp_path / "p.html"))
    data = str(tmp_path / "d")
    plain = sinmun("--data-dir", data, "read", target)
    as_json = sinmun("--data-dir", data, "read", target, "--json")
    for run in (plain, as_json):
        assert run.code == 0, run.error
        assert forbidden_in(run.out) == [] and forbidden_in(run.err) == []
    article = as_json.json()
    assert forbidden_in_values(article) == []
    assert ACTION_MARKUP in article["title"] and RICH_MARKUP in article["title"]
    assert any(ACTION_MARKUP in p for p in article["paragraphs"])
    assert ACTION_MARKUP in plain.text
    assert all(link["href"].startswith(("http://", "https://")) for link in article["links"])
    for text in (plain.text, as_json.text):
        assert "script-ran" not in text and "javascript:" not in text and "/etc/passwd" not in text


# --- `sinmun weather` ---------------------------------------------------------------------------
@pytest.mark.parametrize("answer", ["weather", "weather-data"])
def test_weather_answers_cannot_reach_the_terminal(
    tmp_path: Path, newsroom: Newsroom, answer: str
) -> None:
    base = newsroom.url(f"/faults/hostile/{answer}")
    config = tmp_path / "c.toml"
    config.write_text(f'[weather]\nbase_url = "{base}"\n', encoding="utf-8")
    for args in ((), ("--json",)):
        run = sinmun("--config", str(config), "--data-dir", str(tmp_path / "d"), "weather", *args)
        assert run.code == 1  # the refresh failed; the stale bar is still printed
        assert run.err.count(b"\n") == 1 and b"Traceback" not in run.err
        assert forbidden_in(run.out) == [] and forbidden_in(run.err) == []
        if args:
            data = run.json()
            assert forbidden_in_values(data) == []
            assert all(r["temperature"] is None for r in data["regions"])
