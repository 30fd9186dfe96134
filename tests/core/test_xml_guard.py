"""entity_problem sizes a document's entities without expanding any: attacks are named here
in-process, and parsed only in a memory-limited child (test_parsing_limits.py)."""

from __future__ import annotations

import time
from pathlib import Path

import feedparser.encodings
import pytest

import reader.core.parsing
from reader.core import xml_guard
from reader.core.charsets import choose_encoding
from reader.core.parsing import FeedParseError, parse_feed
from reader.core.xml_guard import (
    ENTITY_BUDGET,
    MAX_DECLARATIONS,
    TOO_DEEP,
    TOO_LARGE,
    TOO_MANY,
    entity_problem,
)
from tests.core.xml_attacks import ATTACKS, big_dtd, item, nest, rss

# Hostile input: the test process stays under the memory budget (tests/memory.py).
pytestmark = pytest.mark.usefixtures("memory_budget")

FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"
URL = "https://feeds.example.org/feed.xml"
XML = {"content-type": "application/xml; charset=utf-8"}

# Old RSS declares a few small entities; the second one is also malformed (an undeclared
# &copy;), so feedparser reads it with its loose parser.
SMALL_ENTITIES = (
    "<!DOCTYPE rss [\n"
    '<!ENTITY nbsp "&#160;">\n'
    '<!ENTITY mdash "&#8212;">\n'
    '<!ENTITY press "Gwangju Daily Press">\n'
    "]>"
)
BENIGN = rss(
    SMALL_ENTITIES,
    item("Hello&nbsp;world &mdash; &press;", title="A&mdash;B by &press;")
    + item("<![CDATA[<p>raw</p>]]>", title="Second&nbsp;one", guid="g2"),
).encode()
BENIGN_MALFORMED = BENIGN.replace(b"&press;</desc", b"&press; &copy; 2026</desc")


def problem(body: bytes, encoding: str | None = "") -> str | None:
    """entity_problem as parse_feed calls it: with the encoding it chose, unless told one."""
    encoding = choose_encoding(body, None) if encoding == "" else encoding
    headers = {"content-type": "application/xml" + (f"; charset={encoding}" if encoding else "")}
    return entity_problem(body, encoding, headers)


@pytest.mark.parametrize("name", list(ATTACKS))
def test_every_attack_is_refused(name: str) -> None:
    assert problem(ATTACKS[name]()) == TOO_LARGE


def test_feeds_without_declarations_are_decoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def no(*args: object) -> bytes:
        raise AssertionError("the slow path ran")

    monkeypatch.setattr(feedparser.encodings, "convert_to_utf8", no)
    for path in FEEDS.glob("*.xml"):
        if b"<!ENTITY" not in path.read_bytes():
            assert problem(path.read_bytes()) is None, path.name


@pytest.mark.parametrize("body", [BENIGN, BENIGN_MALFORMED], ids=["strict", "loose"])
def test_small_entities_are_left_to_expand_as_before(
    body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert problem(body) is None
    guarded = parse_feed(body, {}, URL)
    monkeypatch.setattr(reader.core.parsing, "entity_problem", lambda *args: None)
    assert parse_feed(body, {}, URL) == guarded
    first, second = guarded.entries
    # expanded, not "&press;": refusing, or neutralising the DTD, would cost readers this
    assert first.title == "A—B by Gwangju Daily Press"
    assert first.summary.startswith("Hello world — Gwangju Daily Press")
    assert second.title == "Second one"
    assert (guarded.warning is None) is (body == BENIGN)


def test_the_fixture_bombs_stay_harmless_and_parse() -> None:
    # feedparser drops nested and external declarations before expat sees them: nothing to
    # refuse, and the references stay literal text (test_parsing.py)
    for name in ("billion-laughs.xml", "xxe.xml"):
        assert problem((FEEDS / name).read_bytes()) is None


def test_the_budget_is_what_references_add() -> None:
    # 1,000 references to 1,000 characters: 995,000 added, under the budget; 1,100 are over
    within = rss(big_dtd(1_000), item("&big;" * 1_000)).encode()
    over = rss(big_dtd(1_000), item("&big;" * 1_100)).encode()
    assert ENTITY_BUDGET == 1 << 20
    assert problem(within) is None
    assert problem(over) == TOO_LARGE
    feed = parse_feed(within, {}, URL)
    assert len(feed.entries[0].content) == 1_000_000


def test_nesting_and_recursion() -> None:
    assert problem(rss(nest(9), item("&l9;")).encode()) == TOO_LARGE  # 10^9 "lol"s
    assert problem(rss(nest(3), item("&l3;")).encode()) is None  # 3,000 characters
    chain = ['<!ENTITY c0 "x">'] + [f'<!ENTITY c{i} "&c{i - 1};">' for i in range(1, 20)]
    deep = '<!DOCTYPE rss [<!ENTITY lt2 "<b>">' + "".join(chain) + "]>"
    assert problem(rss(deep, item("&c19;")).encode()) == TOO_DEEP
    loop = '<!DOCTYPE rss [<!ENTITY lt2 "<b>"><!ENTITY a "&b;"><!ENTITY b "&a;">]>'
    assert problem(rss(loop, item("&a;")).encode()) == TOO_DEEP


def test_character_references_that_spell_a_reference_count() -> None:
    decls = '<!ENTITY big "' + "A" * 30_000 + '"><!ENTITY x "' + "&#38;big;" * 50 + '">'
    body = rss(f'<!DOCTYPE rss [<!ENTITY lt2 "<b>">{decls}]>', item("&x;")).encode()
    assert problem(body) == TOO_LARGE


def test_external_entities_count_as_empty() -> None:
    decls = '<!ENTITY lt2 "<b>"><!ENTITY x SYSTEM "file:///etc/passwd">'
    body = rss(f"<!DOCTYPE rss [{decls}]>", item("&x;" * 100_000)).encode()
    assert problem(body) is None


def test_too_many_declarations() -> None:
    decls = "".join(f'<!ENTITY e{i} "v">' for i in range(MAX_DECLARATIONS + 1))
    body = rss(f'<!DOCTYPE rss [<!ENTITY lt2 "<b>">{decls}]>', item("x")).encode()
    assert problem(body) == TOO_MANY


def test_refused_feeds_say_so_in_one_line() -> None:
    with pytest.raises(FeedParseError) as caught:
        parse_feed(rss(nest(9), item("&l9;")).encode(), {}, URL)
    assert caught.value.reason == "refused: XML entity expansion too large"


@pytest.mark.parametrize(
    "body",
    [
        # unclosed values: each would be read to the end of the document
        b"<!DOCTYPE rss [\n<b" + b'<!ENTITY a "' * 200_000,
        # references by the million to a declared entity that adds nothing
        b'<!DOCTYPE rss [<!ENTITY a "a">]><rss>' + b"&a;" * 1_000_000 + b"</rss>",
        # values overlapping: every "<!ENTITY" inside the one before's value
        b"<!DOCTYPE rss [<b" + b"<!ENTITY a 'x<!ENTITY b \"" * 50_000 + b"'\">",
    ],
    ids=["unclosed", "many-refs", "overlapping"],
)
def test_the_guard_itself_is_linear(body: bytes) -> None:
    start = time.perf_counter()
    problem(body)
    assert time.perf_counter() - start < 2.0  # measured 0.1-0.4 s


def test_guard_module_is_light() -> None:
    assert not hasattr(xml_guard, "feedparser")  # feedparser is imported only when needed
