"""Text from the web made safe to show in a terminal.

Feed titles, summaries and article text are attacker-controlled: an escape sequence in a title
could recolour the screen, rewrite the clipboard (OSC 52) or plant a hidden hyperlink (OSC 8),
and bidi overrides can make text read differently from what it is. Everything shown passes
through :func:`clean_text`. Rich/Textual markup such as ``[bold]`` is deliberately left alone:
it is ordinary text here, and the UI renders it inert.

Stdlib only (regex + :mod:`html`), because :func:`html_to_text` runs on every summary.
"""

from __future__ import annotations

import html
import math
import re

# Anything that may need work; most strings match nothing and take the fast path.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff\ufffe\uffff]"
)

# Escape sequences, removed whole so that no "[31m" residue is left behind.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[\ -/]*[@-~]                        # CSI: colours, cursor moves, ...
    | \x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)  # OSC (incl. 8, 52), DCS, SOS, PM, APC
    | \x1b[\]PX^_]                                  # ... unterminated: drop the introducer
    | \x1b[\ -/]*[0-~]                              # other ESC sequences (ESC c, ESC ( B, ...)
    | \x9b[0-?]*[\ -/]*[@-~]                        # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x90-\x9f]*(?:\x07|\x1b\\|\x9c)  # 8-bit string commands
    """,
    re.VERBOSE,
)

# What is left: C0/C1 controls except tab/newline/CR, every bidi control (embeddings,
# overrides, isolates and the ALM/LRM/RLM marks), BOM/zero-width no-break space, lone
# surrogates (JSON allows them; SQLite's UTF-8 would not) and the non-characters U+FFFE/U+FFFF.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufeff\ud800-\udfff\ufffe\uffff]"
)

# Numeric references to ESC: html.unescape() silently drops them, which would leave the rest of
# the sequence ("[31m") behind as visible junk, so they become a real ESC first.
_ESC_REFS = re.compile(r"&#(?:0*27|[xX]0*1[bB]);?")

# Every pattern below stops at the next "<" (or its own terminator), so a run of unclosed
# tags costs one pass, never a rescan to the end per "<" (quadratic on hostile input).
# Elements whose content is never text for a reader; unclosed ones run to the end, as in browsers.
_DROP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|svg|noscript|head)\b[^<>]*>.*?(?:</\1\s*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
# Attributes: quoted values may hold ">"; a lone quote is just a character; possessive, so a
# tag without its ">" fails after one scan instead of backtracking.
_ATTRS = r"""(?:[^<>"']|"[^"<]*"|'[^'<]*'|["'])*+>"""
_LINE_BREAK = re.compile(r"<br\b" + _ATTRS, re.IGNORECASE)
# The block names (p div h1-h6 li ul ol dl dt dd blockquote pre table thead tbody tfoot tr section
# article aside header footer nav main figure figcaption hr address details summary fieldset form
# body html) grouped by first letter: the regex engine tries alternatives one by one at every
# tag. With the \b no name can match where another one does, so the grouping matches the same.
_BLOCK = re.compile(
    r"</?(?:a(?:rticle|side|ddress)|b(?:lockquote|ody)|d(?:iv|[ltd]|etails)"
    r"|f(?:ooter|ig(?:ure|caption)|ieldset|orm)|h(?:[1-6r]|eader|tml)|li|main|nav|ol|p(?:re)?"
    r"|s(?:ection|ummary)|t(?:able|head|body|foot|r)|ul)\b" + _ATTRS,
    re.IGNORECASE,
)
_CELL = re.compile(r"</?(?:td|th)\b" + _ATTRS, re.IGNORECASE)
# Any other tag ("<" + letter or "/", so "a < b" stays text); CDATA markers go, their text stays.
_TAG = re.compile(r"<!\[CDATA\[|\]\]>|</?[a-zA-Z]" + _ATTRS + r"|<[!?][^<>]*>")
# The same without "]]>", for text that holds none: starting with a literal "<", it is searched
# for at memchr speed instead of testing every character against a set (twice as fast).
_TAG_LT = re.compile(r"<(?:!\[CDATA\[|/?[a-zA-Z]" + _ATTRS + r"|[!?][^<>]*>)")


def strip_escapes(s: str) -> str:
    """Remove escape sequences and control characters but keep the layout (tabs, newlines;
    CR and CRLF become LF). For ``<pre>`` text and for HTML kept for later rendering.
    """
    if not _UNSAFE.search(s):
        return s
    s = _ESCAPES.sub("", s)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", s)


def clean_text(s: str, *, multiline: bool = False) -> str:
    """Make untrusted text safe and tidy for display.

    Removes ANSI/VT escape sequences (CSI, OSC incl. 8/52, DCS, ...), C0/C1 control characters,
    NUL, bidi override/isolate characters and lone surrogates. Single-line (default): every
    whitespace run becomes one space. ``multiline=True``: lines are kept, spaces inside each
    line collapsed, runs of blank lines reduced to one (paragraph breaks survive).
    """
    if not multiline:
        return _words(s if s.isprintable() else strip_escapes(s))  # printable: nothing to strip
    if _tidy_lines(s):
        # Every line is its own words already: only blank lines to fold, at C speed.
        if "\n\n\n" in s:
            s = _BLANK_LINES.sub("\n\n", s)
        return s.strip("\n")
    s = strip_escapes(s)
    kept: list[str] = []
    for line in s.split("\n"):
        line = _words(line)
        if line or (kept and kept[-1]):  # a run of blank lines becomes one
            kept.append(line)
    if kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


_BLANK_LINES = re.compile("\n\n\n+")


def _tidy_lines(s: str) -> bool:
    """Whether no line of ``s`` needs work from :func:`clean_text`: nothing to strip (each
    character printable but the newlines, which also rules out every character ``_UNSAFE``
    finds) and single spaces between words (the only white space left is the ASCII space)."""
    return (
        s.replace("\n", "").isprintable()
        and "  " not in s
        and " \n" not in s
        and s.rfind("\n ") < 0  # rfind tests the rare "\n" first: faster than `in` here
        and s[:1] != " "
        and s[-1:] != " "
    )


def _words(s: str) -> str:
    """``" ".join(s.split())``, without splitting a text that is already so (the usual case):
    the only white space str.isprintable() lets through is the ASCII space."""
    if s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":
        return s
    return " ".join(s.split())


def printable(text: str, limit: int = 80) -> str:
    """Outside text for one line of a message (error reasons, header values, parser and server
    messages): :func:`clean_text`, cut to ``limit`` characters."""
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def scrub(value: object) -> object:
    """JSON-ready data made safe to print: every string (keys included) loses its escape
    sequences and controls, layout kept; NaN and infinities, which JSON cannot carry,
    become null."""
    if isinstance(value, str):
        return strip_escapes(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


class CleanError(Exception):
    """An error whose message may quote the outside world (a server's reason phrase, a parser
    message, a header): the message is cleaned once, here, before anyone stores or shows it.
    ``reason`` is that one line."""

    MAX_REASON = 400

    def __init__(self, reason: object = "", *args: object) -> None:
        self.reason = printable(str(reason), self.MAX_REASON)
        super().__init__(self.reason, *args)


def html_to_text(html_text: str, *, single_line: bool = False) -> str:
    """Plain text of an HTML fragment: tags stripped (script/style contents dropped), block
    elements turned into paragraph breaks, ``<br>`` into line breaks, entities decoded, then
    :func:`clean_text`. ``single_line=True`` joins everything into one line (titles, lists).
    """
    s = html_text
    if "<" in s:
        s = _DROP.sub(" ", s)
        s = _LINE_BREAK.sub("\n", s)
        s = _BLOCK.sub("\n\n", s)
        s = _CELL.sub(" ", s)
        s = (_TAG if "]]>" in s else _TAG_LT).sub("", s)
    if "&" in s:
        if "&#" in s:
            s = _ESC_REFS.sub("\x1b", s)
        s = html.unescape(s)
    return clean_text(s, multiline=not single_line)


def one_line(text: str) -> str:
    """:func:`html_to_text`'s multi-line output as one line, as ``single_line=True`` gives it.
    Its words are already separated by one space or one or two newlines, so two C-speed
    replacements do what splitting and joining every word would."""
    return text.replace("\n\n", " ").replace("\n", " ")


def index_text(content_text: str, summary: str, *, flat: str | None = None) -> str:
    """What the search index keeps of an entry's content text (the multi-line output of
    :func:`html_to_text` of its HTML), beside the summary it indexes anyway: nothing when the
    words are the summary's, and only the words after the summary when the summary is the
    start of this text (as when both come from one RSS description) — from two words before
    its end, so a word cut by the summary and the context just before a name stay whole.
    ``flat``: ``one_line(content_text)``, when known."""
    if flat is None:
        flat = one_line(content_text)
    # A longer text cannot have the same words as the summary (joined by single spaces).
    if len(flat) <= len(summary) and (flat == summary or flat == " ".join(summary.split())):
        return ""
    if not summary.endswith("…"):
        return content_text
    shown = summary[:-1]  # what truncate() kept of the single-line text
    if len(shown) < 64 or not flat.startswith(shown):
        return content_text
    # Where `shown` ends in the multi-line text: one_line() turned each "\n\n" into one space.
    end = len(shown)
    while True:
        moved = len(shown) + content_text.count("\n\n", 0, end)
        if moved == end:
            break
        end = moved
    start = end
    for _ in range(2):  # back over two words
        start = max(content_text.rfind(" ", 0, start - 1), content_text.rfind("\n", 0, start - 1))
        if start < 0:
            return content_text
    rest = content_text[start + 1 :]
    return rest if one_line(content_text[: start + 1]) + one_line(rest) == flat else content_text


def truncate(s: str, limit: int) -> str:
    """``s`` cut to at most ``limit`` characters, at a word boundary when one is near, with "…"."""
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…"


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs (blank lines) and line breaks, escaped and cleaned."""
    paragraphs = clean_text(text, multiline=True).split("\n\n")
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs if p)
