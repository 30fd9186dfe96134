"""Bounds on what a hostile document may cost feedparser 6.0, whatever gets past
:mod:`reader.core.xml_guard`; installed with :mod:`reader.core.lean_feedparser` (same versions).

- ``replace_doctype``, which strips the DTD before either parser runs, in linear time with the
  same results: its patterns were retried at every line start, and 40,000 blank lines before
  the root element took 8.6 s (a 10 MB feed of them, hours);
- the e-mail pattern run over every author, likewise (a 40 KB ``<author>`` took 7 s);
- the loose parser, which feedparser falls back to on malformed XML, stops reading entries
  past :data:`~reader.core.feed_caps.MAX_ENTRIES`, and expands entities by at most
  :data:`~reader.core.xml_guard.ENTITY_BUDGET` characters in all (it had no limit: a 54 KB feed
  made a 150 MB article). It also reads an entity declared as a character reference as that
  character, as feedparser meant to (``<!ENTITY nbsp "&#160;">`` gave "&&#160;;").

The copied functions are feedparser's own code (BSD-2-Clause, Kurt McKee and Mark Pilgrim);
tests compare them with the originals.
"""

from __future__ import annotations

import re
from typing import Any

from reader.core.feed_caps import MAX_ENTRIES
from reader.core.xml_guard import ENTITY_BUDGET


def install(api: Any) -> None:  # feedparser.api, untyped
    """Into ``feedparser.api``: the linear ``replace_doctype`` and the capped loose parser (the
    lean strict parser takes :func:`sync_author_detail` itself)."""
    if not getattr(api.LooseFeedParser, "_sinmun_capped", False):
        api.LooseFeedParser = _capped_loose_class(api.LooseFeedParser)
    api.replace_doctype = replace_doctype


_CHAR_REF = re.compile(r"&#([0-9]{1,6}|x[0-9a-fA-F]{1,5});")  # what handle_charref can read


def _capped_loose_class(stock: type[Any]) -> type:
    def start_item(self: Any, attrs_d: dict[str, str]) -> None:
        if len(self.entries) > MAX_ENTRIES:  # one more than kept: the feed has more
            # sgmllib's literal mode to the end: the rest is one piece of text, never parsed
            self.setnomoretags()
        stock._start_item(self, attrs_d)

    def handle_entityref(self: Any, ref: str) -> None:
        value = self.entities.get(ref)
        if value is not None and (char := _CHAR_REF.fullmatch(value)):
            # <!ENTITY nbsp "&#160;">: feedparser meant this, and gave "&&#160;;" ("& ;")
            self.handle_charref(char[1])
            return
        if value is not None and len(value) > len(ref) + 2:
            self.sinmun_entity_chars = getattr(self, "sinmun_entity_chars", 0) + len(value)
            if self.sinmun_entity_chars > ENTITY_BUDGET:
                if self.elementstack:  # past the budget a reference stays text
                    self.elementstack[-1][2].append(f"&{ref};")
                return
        stock.handle_entityref(self, ref)

    return type(
        "CappedLooseFeedParser",
        (stock,),
        {
            "_start_item": start_item,
            "_start_entry": start_item,
            "handle_entityref": handle_entityref,
            "_sync_author_detail": sync_author_detail,
            "_sinmun_capped": True,
        },
    )


# --- replace_doctype in linear time ---------------------------------------------------------------

_WS = frozenset(b" \t\n\r\x0b\x0c")  # \s of a bytes pattern
_FIRST_ELEMENT = re.compile(rb"<\w")
_SAFE_ENTITY = re.compile(rb'\s+(\w+)\s+"(&#\w+;|[^&"]*)"')  # feedparser's RE_SAFE_ENTITY_PATTERN
# The same, tried only where a run of white space starts: from inside a run it finds what it
# finds from the run's start, and retrying every position made long runs quadratic.
_SAFE_ENTITY_FROM_RUN = re.compile(rb'(?<!\s)\s+(\w+)\s+"(&#\w+;|[^&"]*)"')


def replace_doctype(data: bytes) -> tuple[str | None, bytes, dict[str, str]]:
    """``feedparser.sanitizer.replace_doctype``, the same answer in linear time: the DTD's
    entity declarations and DOCTYPE stripped, the plain entities put back in a DOCTYPE of
    feedparser's own, and returned for the loose parser."""
    first = _FIRST_ELEMENT.search(data)
    start = first.start() if first and first.start() else -1
    head, data = data[: start + 1], data[start + 1 :]
    entities = _declarations(head, b"<!ENTITY")
    head = _replace(head, entities, b"")
    doctypes = _declarations(head, b"<!DOCTYPE")
    doctype = doctypes[0][2] if doctypes else b""
    version = "rss091n" if b"netscape" in doctype.lower() else None
    replacement = b""
    if len(doctypes) == 1 and entities:
        safe = [e for _, _, e in entities if _SAFE_ENTITY.match(e)]
        if safe:
            replacement = b"<!DOCTYPE feed [\n<!ENTITY" + b">\n<!ENTITY ".join(safe) + b">\n]>"
    data = _replace(head, doctypes, replacement) + data
    safe_entities = {
        k.decode("utf-8"): v.decode("utf-8") for k, v in _SAFE_ENTITY_FROM_RUN.findall(replacement)
    }
    return version, data, safe_entities


def _declarations(head: bytes, keyword: bytes) -> list[tuple[int, int, bytes]]:
    """The matches of feedparser's ``^\\s*<!KEYWORD([^>]*?)>`` (multi-line) as (start, end,
    group). A match starts at the first line start of the white space before its keyword (at
    or after the previous match) and ends at the first ">" after it."""
    found = []
    pos = 0
    while (q := head.find(keyword, pos)) >= 0:
        s = q
        while s > pos and head[s - 1] in _WS:
            s -= 1
        if s == 0 or head[s - 1] == 0x0A:
            start = s
        else:
            newline = head.find(b"\n", s, q)
            start = newline + 1 if newline >= 0 else -1
        if start < 0:  # not at the start of a line
            pos = q + 1
            continue
        end = head.find(b">", q + len(keyword))
        if end < 0:  # no ">" for this keyword, nor for any after it
            break
        found.append((start, end + 1, head[q + len(keyword) : end]))
        pos = end + 1
    return found


def _replace(head: bytes, spans: list[tuple[int, int, bytes]], by: bytes) -> bytes:
    if not spans:
        return head
    pieces: list[bytes] = []
    pos = 0
    for start, end, _ in spans:
        pieces += (head[pos:start], by)
        pos = end
    pieces.append(head[pos:])
    return b"".join(pieces)


# feedparser's pattern for an e-mail address in an author, tried only where a run of address
# characters starts: from inside a run it finds what it finds from the run's start (the run
# must end at "@"), and retrying every position made a 40 KB <author> take 7 s, 1 MB hours.
_EMAIL = re.compile(
    r"(?<![a-zA-Z0-9_\-.+])(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|"
    r"(([a-zA-Z0-9\-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)


def sync_author_detail(self: Any, key: str = "author") -> None:
    """feedparser's own, with :data:`_EMAIL` for its pattern."""
    from feedparser.util import FeedParserDict

    context = self._get_context()
    detail = context.get(f"{key}s", [FeedParserDict()])[-1]
    if detail:
        name = detail.get("name")
        email = detail.get("email")
        if name and email:
            context[key] = f"{name} ({email})"
        elif name:
            context[key] = name
        elif email:
            context[key] = email
    else:
        author, email = context.get(key), None
        if not author:
            return
        emailmatch = _EMAIL.search(author)
        if emailmatch:
            email = emailmatch.group(0)
            author = author.replace(email, "")
            author = author.replace("()", "")
            author = author.replace("<>", "")
            author = author.replace("&lt;&gt;", "")
            author = author.strip()
            if author and (author[0] == "("):
                author = author[1:]
            if author and (author[-1] == ")"):
                author = author[:-1]
            author = author.strip()
        if author or email:
            context.setdefault(f"{key}_detail", detail)
        if author:
            detail["name"] = author
        if email:
            detail["email"] = email
