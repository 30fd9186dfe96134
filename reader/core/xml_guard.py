"""A feed's internal XML entities sized before any parser expands them.

feedparser reads a feed with expat and, when expat refuses it (any well-formedness error, or
expat's own amplification limit), reads it again with its loose parser, which expands the
entities it kept from the DTD without any limit: a 54 KB feed whose 30 KB entity is referenced
5,000 times became a 150 MB article (460 MB of memory), a 466 KB one took all 24 GB. expat
alone lets a 3 MB feed grow to 90 MB of text. :func:`entity_problem` adds up what the
document's references would expand to, as each parser would see them, and a document that
would grow by more than :data:`ENTITY_BUDGET` is refused before either parser runs.

Refused rather than neutralised (declarations dropped, references left as text): a feed over
the budget is an attack, and saying so beats storing ``&lol9;`` as its articles; feeds that
declare a few small entities (``&nbsp;``, a publisher's name) stay far below it and parse
exactly as before. External entities are never fetched (expat's external-entity feature is
off, feedparser drops their declarations): they count as empty here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Characters the references of one document may add, in each parser's view: far more than
# character entities and boilerplate need (a 100-character credit line in 10,000 entries), and
# a parse that costs tens of MB at worst.
ENTITY_BUDGET = 1 << 20
MAX_DEPTH = 16  # entities within entities; the billion laughs needs 10
MAX_DECLARATIONS = 10_000  # the whole HTML entity set is 253
TOO_LARGE = "refused: XML entity expansion too large"
TOO_DEEP = "refused: XML entities nested too deeply"
TOO_MANY = "refused: too many XML entity declarations"

_S = " \t\r\n\f\v"  # XML's white space, and the \s of feedparser's byte patterns
# Any character an XML name may hold (and more): a reference or declaration is never missed.
_NAME = rf"[^{_S}\"'<>&;%]+"
_DECL = re.compile(rf"[{_S}]+(%[{_S}]+)?({_NAME})[{_S}]*([\"'])?")
_XML_REF = re.compile(rf"([&%])({_NAME});")
# sgmllib's entityref, as the loose parser reads "&name" (no ";" needed: "&big&big" is two).
_SGML_REF = re.compile(r"&([a-zA-Z][-.a-zA-Z0-9]*)(?=[^a-zA-Z0-9])")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def entity_problem(
    body: bytes, encoding: str | None, headers: Mapping[str, str], text: str | None = None
) -> str | None:
    """Why ``body`` must not be parsed (one line), or None. ``encoding`` and ``headers``: what
    feedparser is given, so that the text sized here is the text it reads. ``text``: the body
    decoded with ``encoding`` when the caller has it already (else it is decoded here)."""
    if text is None:
        text = _decoded(body, encoding)
    if text is not None and "<!ENTITY" not in text:
        return None  # nearly every feed: no declarations, nothing to expand
    import feedparser.api
    from feedparser.encodings import convert_to_utf8

    # The bytes both of feedparser's parsers get: its own conversion and DTD rewriting.
    data = convert_to_utf8(dict(headers), body, {})
    if b"<!ENTITY" not in data:
        return None
    _, data, loose_entities = feedparser.api.replace_doctype(data)
    doc = data.decode("utf-8", "replace")
    try:
        _check_loose(doc, loose_entities)
        _check_expat(doc)
    except _Refused as refused:
        return refused.reason
    return None


def _decoded(body: bytes, encoding: str | None) -> str | None:
    """The body as feedparser decodes it when the encoding it is told works (it tries that
    first); None when it would fall back to its own guesses."""
    if not encoding:
        return None
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _check_loose(doc: str, entities: Mapping[str, str]) -> None:
    """The loose parser's entities: the plain ones feedparser kept, one level deep."""
    growing = {name: len(value) for name, value in entities.items() if len(value) > len(name) + 1}
    if not growing:
        return
    grown = 0
    for m in _SGML_REF.finditer(doc):
        size = growing.get(m[1])
        if size is not None:
            grown += size - len(m[1]) - 1
            if grown > ENTITY_BUDGET:
                raise _Refused(TOO_LARGE)


def _check_expat(doc: str) -> None:
    """expat's entities: every declaration in the document (values may nest references,
    parameter entities may declare more), each reference counted in content and attributes."""
    declared = _Declared()
    declared.scan(doc, 0)
    sizes = _Sizes(declared, work_limit=4 * len(doc) + ENTITY_BUDGET)
    growing = {}
    for key in declared:
        size = sizes.of(key)  # past the budget, one reference is too many
        grows = ENTITY_BUDGET + 1 if size > ENTITY_BUDGET else size - len(key[1]) - 2
        if grows > 0:
            growing[key] = grows
    if not growing:
        return
    grown = 0
    for m in _XML_REF.finditer(doc):
        extra = growing.get((m[1], m[2]))
        if extra is not None:
            grown += extra
            if grown > ENTITY_BUDGET:
                raise _Refused(TOO_LARGE)


class _Declared(dict[tuple[str, str], list[str | None]]):
    """("&" or "%", name) → the values declared for it; a value longer than the budget is None
    (too big, whatever it holds)."""

    count = 0

    def scan(self, text: str, depth: int) -> None:
        """Every ``<!ENTITY`` in ``text`` read as a declaration, even one inside another's
        value: what matters is never to miss one."""
        pos = 0
        next_quote = {'"': -2, "'": -2}  # first quote at or after the last start: linear
        while (i := text.find("<!ENTITY", pos)) >= 0:
            pos = i + 8
            m = _DECL.match(text, pos)
            if not m or not m[3]:
                continue  # not a declaration, or an external one (SYSTEM/PUBLIC): never fetched
            start, quote = m.end(), m[3]
            end = next_quote[quote]
            if end != -1 and end < start:
                end = next_quote[quote] = text.find(quote, start)
            if end < 0:
                continue
            self.count += 1
            if self.count > MAX_DECLARATIONS:
                raise _Refused(TOO_MANY)
            value = text[start:end] if end - start <= ENTITY_BUDGET else None
            self.setdefault(("%" if m[1] else "&", m[2]), []).append(value)
            if m[1] and value and "&#" in value:
                # a parameter entity's text is read as declarations where it is referenced,
                # and "&#60;!ENTITY" in it becomes one
                if depth >= MAX_DEPTH:
                    raise _Refused(TOO_DEEP)
                self.scan(_char_refs(value), depth + 1)


class _Sizes:
    """What each declared entity expands to, in characters (at most the budget + 1), and how
    many levels of entities it holds; memoised."""

    def __init__(self, declared: _Declared, work_limit: int) -> None:
        self.declared = declared
        self.memo: dict[tuple[str, str], tuple[int, int]] = {}
        self.open: list[tuple[str, str]] = []
        self.work = work_limit  # characters left to read: overlapping values cost no more

    def of(self, key: tuple[str, str]) -> int:
        return self._of(key)[0]

    def _of(self, key: tuple[str, str]) -> tuple[int, int]:
        if key in self.memo:
            return self.memo[key]
        if key in self.open or len(self.open) >= MAX_DEPTH:
            raise _Refused(TOO_DEEP)  # recursive, or deeper than any real feed nests
        self.open.append(key)
        size = levels = 0
        for value in self.declared[key]:
            value_size, value_levels = self._value(value)
            size, levels = max(size, value_size), max(levels, value_levels)
        self.open.pop()
        if levels > MAX_DEPTH:
            raise _Refused(TOO_DEEP)
        self.memo[key] = size, levels
        return size, levels

    def _value(self, value: str | None) -> tuple[int, int]:
        if value is None:
            return ENTITY_BUDGET + 1, 1
        self.work -= len(value)
        if self.work < 0:
            raise _Refused(TOO_LARGE)
        text = _char_refs(value)  # "&#38;big;" is a reference once declared
        size, levels = len(text), 1
        for m in _XML_REF.finditer(text):
            key = (m[1], m[2])
            if key in self.declared:
                ref_size, ref_levels = self._of(key)
                size += ref_size - len(m[0])
                levels = max(levels, ref_levels + 1)
        return min(size, ENTITY_BUDGET + 1), levels


def _char_refs(value: str) -> str:
    """Character references decoded, as XML does in an entity's value when it is declared."""
    return _CHAR_REF.sub(_char, value) if "&#" in value else value


def _char(m: re.Match[str]) -> str:
    try:
        return chr(int(m[1], 16) if m[1] else int(m[2]))
    except (ValueError, OverflowError):
        return m[0]
