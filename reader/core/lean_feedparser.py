"""feedparser's strict (SAX) parser with three costs taken out of its inner loop.

feedparser 6.0's ``pop`` runs for every element it closes. On feeds of HTML descriptions three
steps in it took over a third of all parsing time, none of which changes the result here:

- ``output.translate(_cp1252)`` over every text, which for non-ASCII text (any Korean feed)
  is a per-character dictionary miss: now done only when the text holds a C1 control
  character, the only characters the table maps;
- ``copy.deepcopy`` of the content parameters (a handful of strings) for each ``*_detail``:
  now a shallow copy, which is the same thing for strings;
- ``FeedParserDict.get`` on those parameters, whose key aliasing never applies to their keys
  (type, language, base, base64, mode, value): now a plain dict while parsing, handed out as a
  ``FeedParserDict`` as before.

It also answers feedparser's join of an empty base URI with an empty URI directly, and
installs :mod:`reader.core.feedparser_bounds` (what a hostile document may cost).
Everything else is feedparser's own code (BSD-2-Clause, Kurt McKee and Mark Pilgrim), kept in
the same order. :func:`install` applies it only to the feedparser versions it was written
against; tests compare its output with the stock parser's on every feed the project has.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from reader.core import feedparser_bounds

_C1 = re.compile("[\x80-\x9f]")
# Exactly the releases whose code this copies and that the equivalence tests ran on; any other
# (pyproject allows 6.0.x) keeps the stock parser.
SUPPORTED = frozenset({"6.0.14"})


def install() -> bool:
    """Make ``feedparser.parse`` use the lean parser; False (stock parser) on other versions."""
    import feedparser
    import feedparser.api

    if getattr(feedparser.api.StrictFeedParser, "_sinmun_lean", False):
        return True
    if str(feedparser.__version__) not in SUPPORTED:
        return False
    feedparser.api.StrictFeedParser = _lean_class(feedparser.api.StrictFeedParser)
    feedparser_bounds.install(feedparser.api)
    _skip_empty_joins()
    return True


def _skip_empty_joins() -> None:
    """Every start tag re-joins the base URI, which is empty here (parsing.py does not pass
    one): urljoin("", "") is "", without parsing two URLs 40 times per entry."""
    import feedparser.mixin

    join = feedparser.mixin._urljoin

    def urljoin(base: str | None, uri: str) -> str:
        return "" if uri == "" and not base else join(base, uri)

    feedparser.mixin._urljoin = urljoin


def _lean_class(stock: type[Any]) -> type:
    from feedparser.html import _cp1252
    from feedparser.sanitizer import _sanitize_html
    from feedparser.urls import resolve_relative_uris
    from feedparser.util import FeedParserDict

    def push_content(
        self: Any, tag: str, attrs_d: dict[str, str], default_content_type: str, expecting_text: int
    ) -> None:
        self.incontent += 1
        if self.lang:
            self.lang = self.lang.replace("_", "-")
        self.contentparams = {
            "type": self.map_content_type(attrs_d.get("type", default_content_type)),
            "language": self.lang,
            "base": self.baseuri,
        }
        self.contentparams["base64"] = self._is_base64(attrs_d, self.contentparams)
        self.push(tag, expecting_text)

    def detail(self: Any, output: str) -> FeedParserDict:
        params = FeedParserDict(self.contentparams)
        params["value"] = output
        return params

    def pop(self: Any, element: str, strip_whitespace: int = 1) -> Any:
        if not self.elementstack:
            return None
        if self.elementstack[-1][0] != element:
            return None

        element, expecting_text, pieces = self.elementstack.pop()
        params = self.contentparams

        for i, v in enumerate(pieces):
            if isinstance(v, bytes):
                pieces[i] = v.decode("utf-8")

        if self.version == "atom10" and params.get("type", "text") == "application/xhtml+xml":
            # remove an enclosing <div> when all the remaining content is nested under it
            while pieces and len(pieces) > 1 and not pieces[-1].strip():
                del pieces[-1]
            while pieces and len(pieces) > 1 and not pieces[0].strip():
                del pieces[0]
            if (
                pieces
                and (pieces[0] == "<div>" or pieces[0].startswith("<div "))
                and pieces[-1] == "</div>"
            ):
                depth = 0
                for piece in pieces[:-1]:
                    if piece.startswith("</"):
                        depth -= 1
                        if depth == 0:
                            break
                    elif piece.startswith("<") and not piece.endswith("/>"):
                        depth += 1
                else:
                    pieces = pieces[1:-1]

        output = "".join(pieces)
        if strip_whitespace:
            output = output.strip()
        if not expecting_text:
            return output

        if params.get("base64", 0):
            try:  # noqa: SIM105 - a try costs nothing here, a suppress() object per element would
                output = base64.decodebytes(output.encode("utf8")).decode("utf8")
            except (binascii.Error, binascii.Incomplete, UnicodeDecodeError):
                pass

        if element in self.can_be_relative_uri and output and (element != "id" or self.guidislink):
            output = self.resolve_uri(output)

        if not params.get("base64", 0):
            output = self.decode_entities(element, output)

        if (
            not self.version.startswith("atom")
            and params.get("type") == "text/plain"
            and self.looks_like_html(output)
        ):
            params["type"] = "text/html"

        params.pop("mode", None)
        params.pop("base64", None)

        content_type = params.get("type", "text/html")
        is_htmlish = self.map_content_type(content_type) in self.html_types
        if is_htmlish and self.resolve_relative_uris and element in self.can_contain_relative_uris:
            output = resolve_relative_uris(output, self.baseuri, self.encoding, content_type)
        if is_htmlish and self.sanitize_html and element in self.can_contain_dangerous_markup:
            output = _sanitize_html(output, self.encoding, content_type)

        if self.encoding and isinstance(output, bytes):
            output = output.decode(self.encoding, "ignore")

        # text that is UTF-8 read as ISO-8859-1 and re-encoded
        if self.encoding in ("utf-8", "utf-8_INVALID_PYTHON_3") and not isinstance(output, bytes):
            try:  # noqa: SIM105
                output = output.encode("iso-8859-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass

        # windows-1252 extensions to their code points: only C1 characters are in the table
        if not isinstance(output, bytes) and _C1.search(output):
            output = output.translate(_cp1252)

        if element in ("category", "tags", "itunes_keywords"):
            return output

        if element == "title" and -1 < self.title_depth <= self.depth:
            return output

        if self.inentry and not self.insource:
            entry = self.entries[-1]
            if element == "content":
                entry.setdefault(element, [])
                entry[element].append(detail(self, output))
            elif element == "link":
                if not self.inimage:
                    # `?a=1&b=2` read as if it held character references; see feedparser
                    output = output.replace("&amp;", "&")
                    output = re.sub("&([A-Za-z0-9_]+);", r"&\g<1>", output)
                    entry[element] = output
                    if output:
                        entry["links"][-1]["href"] = output
            else:
                if element == "description":
                    element = "summary"
                old_value_depth = self.property_depth_map.setdefault(entry, {}).get(element)
                if old_value_depth is None or self.depth <= old_value_depth:
                    self.property_depth_map[entry][element] = self.depth
                    entry[element] = output
                if self.incontent:
                    entry[element + "_detail"] = detail(self, output)
        elif self.infeed or self.insource:
            context = self._get_context()
            if element == "description":
                element = "subtitle"
            context[element] = output
            if element == "link":
                output = re.sub("&([A-Za-z0-9_]+);", r"&\g<1>", output)
                context[element] = output
                context["links"][-1]["href"] = output
            elif self.incontent:
                context[element + "_detail"] = detail(self, output)
        return output

    return type(
        "LeanStrictFeedParser",
        (stock,),
        {
            "pop": pop,
            "push_content": push_content,
            "_sync_author_detail": feedparser_bounds.sync_author_detail,
            "_sinmun_lean": True,
        },
    )
