"""clean_text / html_to_text: what a reader sees of hostile or sloppy text from the web."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.text import (
    clean_text,
    html_to_text,
    index_text,
    one_line,
    printable,
    strip_escapes,
    text_to_html,
    truncate,
)


@pytest.mark.parametrize(
    ("raw", "seen"),
    [
        ("Red \x1b[31malert\x1b[0m now", "Red alert now"),
        ("Clear \x1b[2J\x1b[Hscreen", "Clear screen"),
        ("Copy \x1b]52;c;cm0gLXJmIH4K\x07this", "Copy this"),  # OSC 52 (clipboard), BEL
        ("Copy \x1b]52;c;cm0gLXJmIH4K\x1b\\this", "Copy this"),  # OSC 52, ST
        ("Link \x1b]8;;https://evil.example/\x1b\\here\x1b]8;;\x1b\\ ok", "Link here ok"),
        ("Title \x1b]0;pwned\x07bar", "Title bar"),  # window title
        ("DCS \x1bPq#0;2;0;0;0\x1b\\gone", "DCS gone"),
        ("reset\x1bc now", "reset now"),
        ("8-bit \x9b31mcsi\x9b0m", "8-bit csi"),
        ("8-bit \x9d52;c;eA==\x9c osc", "8-bit osc"),
        ("c1 \x85\x80\x9f chars", "c1 chars"),
        ("nul\x00byte", "nulbyte"),
        ("bell\x07 and \x08backspace", "bell and backspace"),
        ("abc\u202eevil\u202c def \u2066iso\u2069", "abcevil def iso"),
        ("bom\ufeff here", "bom here"),
        ("lone \ud800 surrogate", "lone surrogate"),
        ("unterminated \x1b]52;c;Zm9v", "unterminated 52;c;Zm9v"),  # introducer gone: inert
        ("  lots\n of\t\tspace\r\n ", "lots of space"),
        ("non\xa0breaking", "non breaking"),
        (
            "[bold]Rich[/bold] [@click=app.quit]press[/]",
            "[bold]Rich[/bold] [@click=app.quit]press[/]",
        ),
        ("광주, ‘AI 중심도시’ 도약", "광주, ‘AI 중심도시’ 도약"),
        # Every Bidi_Control character goes, the ALM/LRM/RLM marks included: each can make a
        # line read differently from what it holds.
        ("mark\u200fright-to-left\u200e\u061c", "markright-to-left"),
        ("charset \x1b(B reset", "charset reset"),  # ESC ( B whole, no "(B" residue
    ],
)
def test_clean_text_single_line(raw: str, seen: str) -> None:
    assert clean_text(raw) == seen


def test_clean_text_multiline_keeps_paragraphs() -> None:
    raw = "  first  line \r\nsecond\x1b[1m line\n\n\n\n  third\t para  \n\n"
    assert clean_text(raw, multiline=True) == "first line\nsecond line\n\nthird para"


def test_clean_text_spaces_as_split_and_join_make_them() -> None:
    # Lines already tidy are kept as they are; the rest must come out as the plain rule says.
    def rule(text: str, multiline: bool) -> str:
        text = strip_escapes(text)
        if not multiline:
            return " ".join(text.split())
        lines = "\n".join(" ".join(line.split()) for line in text.split("\n"))
        return re.sub(r"\n{3,}", "\n\n", lines).strip("\n")

    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    alphabet = [*spaces, *"ab가 \n\n", "\u200b", "\u00ad", "\ufeff", "\ud800", "\x1b[1m"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for multiline in (False, True):
            assert clean_text(text, multiline=multiline) == rule(text, multiline), repr(text)


def test_strip_escapes_keeps_layout() -> None:
    assert strip_escapes("a\tb\r\n  c\x1b[1m\x00") == "a\tb\n  c"
    assert strip_escapes("plain <p>html</p>") == "plain <p>html</p>"


def test_clean_text_output_has_no_control_characters() -> None:
    every_control = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
    raw = "start " + every_control + "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069 end"
    out = clean_text(raw, multiline=True)
    assert out.startswith("start") and out.endswith("end")
    assert all(c == "\n" or (c >= " " and not "\x7f" <= c <= "\x9f") for c in out)
    assert not set(out) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@pytest.mark.parametrize(
    ("html_text", "seen"),
    [
        ("<p>Hello <b>w</b>orld</p><p>Second</p>", "Hello world\n\nSecond"),
        ("H<sub>2</sub>O<br>next line", "H2O\nnext line"),
        ("AT&amp;T &lt;tag&gt; &eacute;t&eacute; &#54620;&#xAE00;", "AT&T <tag> été 한글"),
        ("<a href=\"x>y\" title='a>b'>link</a> text", "link text"),
        ("<script>alert('x')</script><style>p{}</style>kept", "kept"),
        ("<!-- hidden -->shown<!-- unclosed", "shown"),
        ("<![CDATA[cdata text]]>", "cdata text"),
        ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
        ("<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a b"),
        ("&#27;[31mred&#x1b;[0m text", "red text"),  # entity-encoded ESC sequences
        ("<p>[bold]x[/bold]</p>", "[bold]x[/bold]"),
        ("plain text, no markup", "plain text, no markup"),
        ("", ""),
    ],
)
def test_html_to_text(html_text: str, seen: str) -> None:
    assert html_to_text(html_text) == seen


BLOCK_NAMES = (  # noqa: SIM905
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table thead tbody tfoot tr section "
    "article aside header footer nav main figure figcaption hr address details summary fieldset "
    "form body html"
).split()


def test_html_to_text_breaks_at_each_block_element_and_no_other() -> None:
    # Names in any case, the Unicode letters that match "i", "k" and "s" regardless of case
    # included; near misses are inline tags (removed, no break).
    folded = {"i": "\u0130", "s": "\u017f", "k": "\u212a"}
    for name in BLOCK_NAMES:
        for variant in (name, name.upper(), name.title(), "".join(folded.get(c, c) for c in name)):
            for tag in (f"<{variant}>", f"</{variant} >", f"<{variant} class='x>y'>"):
                assert html_to_text(f"a{tag}b") == "a\n\nb", tag
        for near in (name + "x", name + "2", name[:-1], "x" + name):
            if near and near not in BLOCK_NAMES:
                assert html_to_text(f"a<{near}>b") == "ab", near


def test_html_to_text_cdata_markers() -> None:
    assert html_to_text("<![CDATA[<b>x</b>]]> y") == "x y"
    assert html_to_text("x]]>y<b>z</b>") == "xyz"
    assert html_to_text("]]<b>>") == "]]>"  # one pass: what a removed tag leaves stays


def test_html_to_text_single_line() -> None:
    assert html_to_text("<h1>Title</h1><p>a<br>b</p>", single_line=True) == "Title a b"


def test_html_to_text_is_linear_on_pathological_input() -> None:
    nasty = "".join(
        [
            "<a " + "\"'" * 20_000,
            '<a "' * 20_000,
            "<b" * 20_000,
            "<script>" * 20_000,
            "<!<?" * 20_000,
            "<!--" + "x" * 50_000,
        ]
    )
    start = time.perf_counter()
    for variant in (nasty, nasty[::-1]):
        html_to_text(variant)
    assert time.perf_counter() - start < 0.5  # measured ~10 ms; quadratic would be minutes


def test_html_to_text_is_fast_on_article_sized_html() -> None:
    para = "<p>광주시는 <b>인공지능</b> &ldquo;도약&rdquo; <a href='/x?a=1&amp;b=2'>기사</a>.</p>\n"
    body = para * 30  # ~2 KB
    start = time.perf_counter()
    for _ in range(300):
        html_to_text(body)
    per_call = (time.perf_counter() - start) / 300
    assert per_call < 0.002  # measured ~0.05 ms; a budget that only a regression would break


def test_text_to_html() -> None:
    raw = "a < b & c\nline\n\n\npara\x1b[1m two "
    assert text_to_html(raw) == "<p>a &lt; b &amp; c<br>line</p><p>para two</p>"
    assert text_to_html(" \n ") == ""


@pytest.mark.parametrize(
    ("text", "limit", "out"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("one two three four five", 16, "one two three…"),  # cut at the word nearby
        ("one two three four five", 12, "one two thr…"),  # no word end near the limit
        ("nospacesatallhere", 8, "nospace…"),
    ],
)
def test_truncate(text: str, limit: int, out: str) -> None:
    assert truncate(text, limit) == out
    assert len(truncate(text, limit)) <= limit


def test_text_module_does_not_import_feedparser() -> None:
    code = "import sys, reader.core.text; print('feedparser' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"


ODD_SPACE = [" ", "\n", "\t", "\r\n", "\u2028", "\u3000", "\xa0", "\x85", "\x1c", "  ", "\n\n\n"]


def test_one_line_is_the_single_line_text() -> None:
    rng = random.Random(20261127)
    pieces = [*ODD_SPACE, "<p>", "</p>", "<br>", "<li>", "word", "광주시는", "&amp;", "\x1b[1m"]
    for _ in range(3000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert one_line(html_to_text(html)) == html_to_text(html, single_line=True), repr(html)


@pytest.mark.parametrize(
    ("content", "summary", "kept"),
    [
        ("<p>a b</p><p>c</p>", "a b c", False),  # the same words: the summary has them
        ("<p>a  b</p>", " a\tb ", False),  # whitespace does not matter
        ("<p>a b</p><p>c</p>", "a b", True),
        ("<p>a b</p>", "a b c", True),
        ("<p>a b</p>", "", True),
        ("", "", False),
    ],
)
def test_index_text(content: str, summary: str, kept: bool) -> None:
    text = html_to_text(content)
    assert index_text(text, summary) == (text if kept else "")
    assert index_text(text, summary, flat=one_line(text)) == index_text(text, summary)


def test_index_text_keeps_what_a_truncated_summary_leaves_out() -> None:
    rng = random.Random(20261127)
    pieces = ["광주시는", "경기도", "a", "bb", "<p>", "</p>", "<br>", "word" * 20, "x" * 300]
    shortened = 0
    for _ in range(2000):
        html = " ".join(rng.choice(pieces) for _ in range(rng.randint(50, 400)))
        text = html_to_text(html)
        summary = truncate(one_line(text), rng.choice([100, 300, 1000]))
        kept = index_text(text, summary)
        words, summary_words, kept_words = text.split(), summary.split(), kept.split()
        if kept in ("", text):
            assert kept or words == summary_words
            continue
        shortened += 1
        # the summary's words, then the kept ones: every word of the text, two in both
        skipped = len(words) - len(kept_words)
        assert words[skipped:] == kept_words
        assert words[:skipped] == summary_words[:skipped]
        assert skipped == len(summary_words) - 2  # its last word may be cut: "wordwo…"
    assert shortened > 1000


def test_index_text_keeps_everything_when_the_summary_is_another_text() -> None:
    text = html_to_text("<p>" + "광주시는 인공지능 집적단지 조성을 발표했다. " * 40 + "</p>")
    other = truncate("다른 요약 " * 300, 1000)
    assert index_text(text, other) == text


BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")


def test_no_control_character_survives() -> None:
    controls = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))] + list(BIDI_CONTROLS)
    for char in controls:
        text = f"a{char}[31m b\x1b{char}c"
        for cleaned in (clean_text(text), printable(text), strip_escapes(text)):
            assert not FORBIDDEN.search(cleaned.replace("\n", "").replace("\t", "")), repr(char)
