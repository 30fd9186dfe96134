"""What one feed can cost: entity attacks refused in bounded time and memory (each parsed in a
child process under RLIMIT_AS, its peak RSS from os.wait4), and the caps on what a parsed feed
holds, for RSS/Atom and JSON Feed alike."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import feedparser
import pytest

from reader.core.entry_fields import MAX_AUTHOR, MAX_LINK, MAX_SUMMARY, MAX_TITLE
from reader.core.feed_caps import (
    MAX_CONTENT,
    MAX_CONTENT_TEXT,
    MAX_ENTRIES,
    MAX_FEED_CHARS,
    cap_html,
    entry_chars,
    keep_within_caps,
)
from reader.core.models import ParsedEntry
from reader.core.parsing import MAX_KEY, parse_feed
from reader.core.xml_guard import ENTITY_BUDGET, TOO_LARGE
from tests.core.xml_attacks import ATTACKS, big_dtd, item, rss

ROOT = Path(__file__).resolve().parents[2]
URL = "https://feeds.example.org/feed.xml"
JF11 = '"version": "https://jsonfeed.org/version/1.1"'
MAX_RSS_MB = 100  # a child that imports the parser peaks at 23-37 MB here
MAX_CPU_S = 5.0  # each takes under 0.1 s; unguarded ones ran 2-5 s at 126-460 MB

CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
resource.setrlimit(resource.RLIMIT_CPU, (30, 30))
import reader.core.parsing as parsing

if sys.argv[2] == "no-guard":
    parsing.entity_problem = lambda *args: None
try:
    feed = parsing.parse_feed(open(sys.argv[1], "rb").read(), {}, "https://e.org/feed")
except parsing.FeedParseError as exc:
    answer = {"refused": exc.reason}
else:
    fields = [[len(e.title), len(e.summary), len(e.content), len(e.content_text or "")]
              for e in feed.entries]
    answer = {"fields": fields, "tails": [e.content[-20:] for e in feed.entries]}
from tests.memory import own_peak_rss  # this process's own peak, nothing inherited
print(json.dumps({**answer, "peak": own_peak_rss()}))
"""

# Hostile input: the test process stays under the memory budget (tests/memory.py).
pytestmark = pytest.mark.usefixtures("memory_budget")


def parse_in_child(body: bytes, tmp_path: Path, mode: str = "guard") -> tuple[dict, float, float]:
    """parse_feed in a child limited to 1 GiB of address space and 30 s of CPU: what it
    answered, its peak RSS in MB and its CPU seconds."""
    path = tmp_path / "feed.bin"
    path.write_bytes(body)
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), mode],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, out[-2000:]
    answer = json.loads(out.splitlines()[-1])
    return answer, answer.pop("peak") / 2**20, usage.ru_utime + usage.ru_stime


# --- entity attacks -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ATTACKS))
def test_entity_attacks_are_refused_in_bounded_time_and_memory(name: str, tmp_path: Path) -> None:
    answer, rss_mb, cpu = parse_in_child(ATTACKS[name](), tmp_path)
    assert answer == {"refused": TOO_LARGE}
    assert rss_mb < MAX_RSS_MB, f"{rss_mb:.0f} MB"
    assert cpu < MAX_CPU_S


@pytest.mark.parametrize(
    "name",
    ["one_entity_many_refs", "declared_after_broken_markup", "without_semicolons", "in_titles"],
)
def test_the_loose_parser_expands_a_budget_at_most_even_unguarded(
    name: str, tmp_path: Path
) -> None:
    # the guard switched off: what the loose parser does on its own
    answer, rss_mb, cpu = parse_in_child(ATTACKS[name](), tmp_path, "no-guard")
    assert rss_mb < MAX_RSS_MB, f"{rss_mb:.0f} MB"
    assert cpu < MAX_CPU_S
    for title, summary, content, text in answer["fields"]:
        assert title <= MAX_TITLE and summary <= MAX_SUMMARY
        assert content <= ENTITY_BUDGET + 200_000 and text <= MAX_CONTENT_TEXT


def test_past_the_budget_references_stay_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.core.parsing

    monkeypatch.setattr(reader.core.parsing, "entity_problem", lambda *args: None)
    # 1.2 MB in all, so safe in-process; the unclosed tag after the root sends it to the loose
    # parser, which stops expanding after 1 MiB (34 references)
    items = item("&big;" * 40, guid="a") + item("x &big;", guid="b")
    feed = parse_feed(rss(big_dtd(30_000), items, tail="<oops>").encode(), {}, URL)
    first, second = feed.entries
    assert first.content.startswith("A" * 30_000) and first.content.endswith("&big;" * 6)
    assert second.content == "x &big;"


# --- caps on entries ----------------------------------------------------------------------------


def many_items(n: int, broken: bool = False) -> bytes:
    rows = "".join(f"<item><guid>g{i}</guid><title>t{i}</title></item>" for i in range(n))
    title = "T &undeclared;" if broken else "T"  # undeclared: expat stops, the loose parser runs
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
        f"</title>{rows}</channel></rss>"
    ).encode()


@pytest.mark.parametrize("broken", [False, True], ids=["strict", "loose"])
def test_a_feed_keeps_its_first_entries(broken: bool) -> None:
    feed = parse_feed(many_items(100_000, broken), {}, URL)
    assert len(feed.entries) == MAX_ENTRIES == 10_000
    assert (feed.entries[0].key, feed.entries[-1].key) == ("g0", "g9999")
    assert feed.warning is not None
    assert "feed too large: kept its first 10,000 entries" in feed.warning


@pytest.mark.parametrize("broken", [False, True], ids=["strict", "loose"])
def test_feedparser_stops_reading_past_the_entry_cap(broken: bool) -> None:
    parse_feed(many_items(10), {}, URL)  # installs the SAX driver and the lean parsers
    result = feedparser.parse(
        io.BytesIO(many_items(100_000, broken)),
        response_headers={"content-type": "application/xml; charset=utf-8"},
    )
    assert bool(result.bozo) is broken
    # the strict parser reads on to the end of the 64 KB it was given; the loose one stops
    assert MAX_ENTRIES < len(result.entries) < MAX_ENTRIES + 2_000  # 100,000 without the cap


def test_json_feed_keeps_its_first_entries() -> None:
    items = ",".join(f'{{"id": "j{i}", "title": "t"}}' for i in range(100_000))
    feed = parse_feed(f'{{{JF11}, "items": [{items}]}}'.encode(), {}, URL)
    assert len(feed.entries) == MAX_ENTRIES
    assert feed.entries[-1].key == "j9999"
    assert feed.warning == "feed too large: kept its first 10,000 entries"


def test_a_feeds_text_in_all_is_capped() -> None:
    big = ParsedEntry(key="k", title="t", content="x" * MAX_CONTENT, content_text="y" * 500_000)
    entries = [replace(big, key=f"k{i}") for i in range(30)]
    kept, warning = keep_within_caps(entries)
    assert sum(entry_chars(e) for e in kept) <= MAX_FEED_CHARS < 30 * entry_chars(big)
    assert len(kept) == MAX_FEED_CHARS // entry_chars(big) == 10
    assert warning == "feed too large: kept its first 10 entries"
    assert keep_within_caps(entries[:3]) == (tuple(entries[:3]), None)


def test_json_feed_text_in_all_is_capped() -> None:
    html = "<p>" + "word " * 200_000 + "</p>"  # 1 MB: kept whole, and 1 MB of index text
    items = ",".join(json.dumps({"id": f"j{i}", "content_html": html}) for i in range(20))
    feed = parse_feed(f'{{{JF11}, "items": [{items}]}}'.encode(), {}, URL)
    assert sum(entry_chars(e) for e in feed.entries) <= MAX_FEED_CHARS
    assert 5 < len(feed.entries) < 20
    assert feed.warning == f"feed too large: kept its first {len(feed.entries)} entries"


# --- caps on fields -----------------------------------------------------------------------------

ENTRY_CAP = MAX_KEY + MAX_TITLE + MAX_LINK + MAX_AUTHOR + MAX_SUMMARY + MAX_CONTENT
ENTRY_CAP += MAX_CONTENT_TEXT


def assert_capped(e: ParsedEntry) -> None:
    assert len(e.title) <= MAX_TITLE and len(e.summary) <= MAX_SUMMARY
    assert len(e.author or "") <= MAX_AUTHOR and len(e.link or "") <= MAX_LINK
    assert len(e.content) <= MAX_CONTENT and len(e.content_text or "") <= MAX_CONTENT_TEXT
    assert len(e.key) <= MAX_KEY and entry_chars(e) <= ENTRY_CAP
    assert e.content.endswith("…") and not re.search(r"<[^<>]*…\Z|&[#\w]*…\Z", e.content)


def test_rss_fields_are_capped() -> None:
    html = '<p class="x">광주 <a href="https://e.org/">기사</a> &amp; more</p>\n' * 40_000
    words = "<p>" + "word " * 300_000 + "</p>"  # its text is as long as its HTML
    body = rss(
        "",
        "<item><guid>" + "g" * 10_000 + "</guid><title>" + "title " * 200_000 + "</title>"
        "<link>https://e.org/" + "l" * 100_000 + "</link>"
        "<author>" + "a" * 1_000_000 + "</author>"
        f"<description><![CDATA[{html}]]></description></item>"
        f"<item><guid>w</guid><title>w</title><description><![CDATA[{words}]]></description></item>",
    ).encode()
    first, second = parse_feed(body, {}, URL).entries
    assert_capped(first)
    assert first.link is None  # too long to be a link
    assert first.content.startswith(html[:1000]) and first.content.endswith("</p>\n…")
    assert_capped(second)
    assert MAX_CONTENT_TEXT - 10 < len(second.content_text or "") <= MAX_CONTENT_TEXT


def test_escaped_plain_text_content_is_capped_at_a_reference() -> None:
    # Atom text content is escaped into HTML: every '"' becomes 6 characters
    body = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>e</id>'
        '<title>x</title><content type="text">' + '"' * 600_000 + "</content></entry></feed>"
    ).encode()
    (e,) = parse_feed(body, {}, URL).entries
    assert_capped(e)
    assert e.content.endswith("&quot;…")


def test_json_fields_are_capped() -> None:
    html = "<p>" + "<b>bold</b> text &amp; " * 100_000 + "</p>"
    item_ = {
        "id": "i" * 10_000,
        "url": "https://e.org/" + "u" * 100_000,
        "title": "title " * 200_000,
        "summary": "s" * 1_000_000,
        "authors": [{"name": "n" * 1_000_000}],
        "content_html": html,
    }
    text_item = {"id": "t", "content_text": "<tag> & " * 300_000}
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "T" * 10**6,
                       "items": [item_, text_item]}).encode()  # fmt: skip
    feed = parse_feed(body, {}, URL)
    assert feed.title is not None and len(feed.title) <= MAX_TITLE
    first, second = feed.entries
    assert_capped(first)
    assert_capped(second)
    assert first.content.endswith("</b> text &amp; …")
    assert second.content.startswith("<p>&lt;tag&gt; &amp; ")


@pytest.mark.parametrize(
    ("html", "limit", "expected"),
    [
        ("<p>short</p>", 100, "<p>short</p>"),
        ("<p>abc</p><a href='x'>", 14, "<p>abc</p>…"),  # not into the <a ...> tag
        ("<p>abc &amp; def</p>", 10, "<p>abc …"),  # not into the reference
        ("<p>abc &#12345;</p>", 13, "<p>abc …"),
        ("abcdefghij", 5, "abcd…"),
    ],
)
def test_cap_html_cuts_between_tags_and_references(html: str, limit: int, expected: str) -> None:
    assert cap_html(html, limit) == expected
    assert len(cap_html(html, limit)) <= limit


def test_caps_in_one_line() -> None:
    # the numbers the module docstrings argue for
    caps: dict[str, Any] = {"content": MAX_CONTENT, "text": MAX_CONTENT_TEXT}
    caps |= {"entries": MAX_ENTRIES, "feed": MAX_FEED_CHARS, "entities": ENTITY_BUDGET}
    assert caps == {
        "content": 1 << 20,
        "text": 1 << 19,
        "entries": 10_000,
        "feed": 16 << 20,
        "entities": 1 << 20,
    }
