"""A fast path for plain, well-formed RSS 2.0: lxml builds the tree and this module reads it
into the few keys of feedparser's result that :mod:`reader.core.parsing` uses, with the values
feedparser 6.0.14 gives them (through :mod:`reader.core.lean_feedparser`). Everything after
that (cleaning, summaries, dates, keys, links, caps) is ``parsing``'s own code (with
:mod:`reader.core.entry_fields`), shared by both paths, so the stored results are the same;
``tests/core/test_fast_feed.py`` checks that.

Conservative: :func:`read_rss` answers None (feedparser then parses the feed, as before) for
anything it does not model exactly — a DTD or entity of any kind, an element outside the
short lists below (iTunes, Media RSS, ``<source>``, Atom entries...), markup or comments inside
a text element, typed or base64 text, ``xml:base``, a repeated field, a namespace bound to an
unusual prefix, a document expat would refuse (feedparser would then read it loosely), more
than ``MAX_ENTRIES`` items. :mod:`reader.core.fast_feed_input` prepares the document and runs
the checks that come before lxml.

Hostile input: the body was sized by :mod:`reader.core.xml_guard` already, and a document with
a DOCTYPE never reaches lxml here; lxml runs without network, DTD loading, entity resolution
or its "huge tree" allowance (a text node over 10 MB or nesting past 256 levels fails, and
feedparser gets the feed with its own bounds).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from reader.core.fast_feed_input import USERLAND, USERLAND_PART, expat_accepts, utf8_document
from reader.core.feed_caps import MAX_ENTRIES
from reader.core.feedparser_bounds import sync_author_detail
from reader.core.rfc822_dates import rfc822_date

if TYPE_CHECKING:
    from lxml import etree

_C1 = re.compile("[\x80-\x9f]")
_ENTITY_LIKE = re.compile("&([A-Za-z0-9_]+);")
# A character past U+00FF: a text holding one was not UTF-8 read as Latin-1 (see finish)
_WIDE = re.compile("[^\x00-\xff]")
# What in a UTF-8 document can give a text a C1 control: its UTF-8, or a character reference
# (entities other than XML's five never get here). Each starts with a literal: a fast search.
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_C1_REFERENCE = re.compile(rb"&#(?:0*1(?:2[89]|[34][0-9]|5[0-9])|[xX]0*[89][0-9a-fA-F]);")

# Channel children with no effect on the feed's title and link nor on any entry (feedparser
# stores them under their own keys); each must be a leaf.
_CHANNEL_LEAVES = frozenset(
    {
        *("description", "language", "copyright", "managingeditor", "webmaster", "pubdate"),
        *("lastbuilddate", "category", "generator", "docs", "cloud", "ttl", "rating"),
        *("dc:creator", "dc:date", "dc:language", "dc:rights", "dc:publisher"),
        *("sy:updateperiod", "sy:updatefrequency", "sy:updatebase"),
    }
)
_IMAGE_CHILDREN = frozenset({"url", "title", "link", "width", "height", "description"})
_SKIP_CHILDREN = {"skiphours": "hour", "skipdays": "day"}
# Item children feedparser keeps under keys parsing.py never reads.
_ITEM_HARMLESS = frozenset(
    {"category", "comments", "enclosure", "dc:subject", "slash:comments", "wfw:commentrss"}
    | {"wfw:comment"}
)
# Item children that may appear once, by what counts as the same (an author, either way)
_ONCE = {
    **{k: k for k in ("title", "link", "guid", "description", "content:encoded", "pubdate")},
    **{"dc:date": "dc:date", "author": "author", "dc:creator": "author"},
}


class _Decline(Exception):
    """Not a document this module models: feedparser reads it."""


class _Feedparser:
    """The pieces of feedparser the values are computed with, loaded with the first feed."""

    def __init__(self) -> None:
        import feedparser.mixin
        from feedparser.datetimes import _parse_date
        from feedparser.html import _cp1252

        mixin = feedparser.mixin._FeedParserMixin
        self.namespaces = {uri.lower(): prefix for uri, prefix in mixin.namespaces.items()}
        self.looks_like_html: Callable[[str], bool] = mixin.looks_like_html
        self.parse_date: Callable[[str], Any] = _parse_date
        self.cp1252 = _cp1252
        self.module = feedparser.mixin  # its _urljoin, as lean_feedparser left it


_fp: _Feedparser | None = None
_parser: etree.XMLParser | None = None


def read_rss(body: bytes, encoding: str | None, text: str | None = None) -> dict[str, Any] | None:
    """feedparser's result for ``body`` as ``parsing`` reads it (``version``, ``bozo``,
    ``feed``: title and link, ``entries``), or None when this module declines the document.
    ``encoding``: the charset ``parsing`` hands feedparser (it decodes the whole body);
    ``text``: the body decoded with it, when the caller has it already."""
    global _fp, _parser
    data = utf8_document(body, encoding, text)
    if data is None:
        return None
    if _fp is None:
        _fp = _Feedparser()
    if not expat_accepts(data, _fp.namespaces):
        return None
    from lxml import etree

    if _parser is None:
        _parser = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
        )
    try:
        root = etree.fromstring(data, _parser)
        c1 = bool(_C1_UTF8.search(data) or (b"&#" in data and _C1_REFERENCE.search(data)))
        return _Reader(_fp, c1).rss(root)
    except Exception:  # _Decline, a syntax error, or a bug on odd input: feedparser reads it
        return None


class _Reader:
    def __init__(self, fp: _Feedparser, c1: bool = True) -> None:
        self.fp = fp
        self.c1 = c1  # False: no text of this document holds a C1 control
        self.names: dict[str, str] = {}  # name() of each tag seen, for this document

    def name(self, tag: object) -> str:
        """An element's name as feedparser's handlers see it ("dc:creator", "pubdate")."""
        if isinstance(tag, str) and (known := self.names.get(tag)) is not None:
            return known
        name = self._name(tag)
        self.names[tag] = name  # type: ignore[index]  # _name() declined any other
        return name

    def _name(self, tag: object) -> str:
        if not isinstance(tag, str):
            raise _Decline
        if tag[0] == "{":
            uri, _, local = tag[1:].partition("}")
            lower = uri.lower()
            if USERLAND_PART in lower:
                lower = USERLAND
            prefix = self.fp.namespaces.get(lower)
            if prefix is None:
                raise _Decline  # an unknown namespace
            return f"{prefix}:{local.lower()}" if prefix else local.lower()
        return tag.lower()

    def attributes(self, el: etree._Element) -> dict[str, str]:
        """An element's attributes keyed as feedparser keys them ("ispermalink", "xml:base")."""
        attrs = {}
        for key, value in el.attrib.items():
            key, value = str(key), str(value)
            uri, _, local = key[1:].rpartition("}") if key[0] == "{" else ("", "", key)
            prefix = self.fp.namespaces.get(uri.lower(), "")
            attrs[f"{prefix}:{local}".lower() if prefix else local.lower()] = value
        if "xml:base" in attrs or "base" in attrs:
            # moves feedparser's base URI, which it then keeps past the element's end
            raise _Decline
        return attrs

    def children(self, el: etree._Element) -> Iterator[tuple[str, etree._Element]]:
        for child in el:
            tag = child.tag
            if isinstance(tag, str):  # comments and processing instructions are skipped
                if len(child.attrib):
                    self.attributes(child)
                yield self.name(tag), child

    def rss(self, root: etree._Element) -> dict[str, Any]:
        if self.name(root.tag) != "rss":
            raise _Decline
        version = self.attributes(root).get("version", "")
        children = list(self.children(root))
        if len(children) != 1 or children[0][0] != "channel" or len(children[0][1].attrib):
            raise _Decline
        feed: dict[str, Any] = {}
        entries: list[dict[str, Any]] = []
        seen: set[str] = set()
        for name, el in self.children(children[0][1]):
            if name == "item":
                if len(entries) == MAX_ENTRIES:
                    raise _Decline  # feedparser stops reading; let it
                entries.append(self.item(el))
            elif name == "image":
                for child_name, child in self.children(el):
                    if child_name not in _IMAGE_CHILDREN or len(child.attrib):
                        raise _Decline
                    _leaf(child)
            elif name in _SKIP_CHILDREN:
                for child_name, child in self.children(el):
                    if child_name != _SKIP_CHILDREN[name]:
                        raise _Decline
                    _leaf(child)
            elif name == "link" and len(el.attrib):
                self.other_link(el)
            elif name in ("title", "link"):
                if name in seen or len(el.attrib):
                    raise _Decline
                seen.add(name)
                _leaf(el)
                if name == "title":
                    feed["title_detail"] = self.text_detail(el.text, "text/plain")
                else:
                    feed["link"] = _ENTITY_LIKE.sub(r"&\g<1>", self.uri(el.text))
            elif name in _CHANNEL_LEAVES:
                _leaf(el)
            else:
                raise _Decline
        return {
            "bozo": False,
            "version": "rss20" if version.startswith("2.") else "rss",
            "feed": feed,
            "entries": entries,
        }

    def other_link(self, el: etree._Element) -> None:
        """An Atom link in the channel (rel="self", "hub"...): feedparser lists it in the feed's
        links, which nothing here reads; one that would set the feed's link is declined."""
        _leaf(el)
        attrs = self.attributes(el)
        href = attrs.get("url", attrs.get("uri", attrs.get("href")))
        if not href or attrs.get("rel", "alternate").lower() == "alternate" or el.text:
            raise _Decline

    def item(self, el: etree._Element) -> dict[str, Any]:
        if len(el.attrib):  # rdf:about, href, lastmod: ids and links of their own
            raise _Decline
        e: dict[str, Any] = {}
        seen: set[str] = set()
        names = self.names
        for child in el:  # self.children(el), with each child's attributes counted once
            tag = child.tag
            if not isinstance(tag, str):  # a comment or a processing instruction
                continue
            attributes = self.attributes(child) if len(child.attrib) else None
            name = names.get(tag) or self.name(tag)
            if len(child):  # _leaf(child)
                raise _Decline
            if (once := _ONCE.get(name)) is not None:
                if once in seen:
                    raise _Decline
                seen.add(once)
            if name in _ITEM_HARMLESS:
                continue
            if name == "guid":
                self.guid(e, child, attributes or {})
                continue
            if attributes:
                raise _Decline  # type="html", mode="base64", an Atom link...
            if name == "title":
                e["title_detail"] = self.text_detail(child.text, "text/plain")
            elif name == "link":
                link = self.uri(child.text).replace("&amp;", "&")
                e["link"] = _ENTITY_LIKE.sub(r"&\g<1>", link) if "&" in link else link
            elif name == "description":
                e["summary_detail"] = self.text_detail(child.text, "text/html")
            elif name == "content:encoded":
                e["content"] = [self.text_detail(child.text, "text/html")]
            elif name in ("author", "dc:creator"):
                detail: dict[str, str] = {}
                e["authors"] = [detail]
                e["author"] = author = self.text(child.text)
                if "@" in author:  # what _EMAIL needs
                    sync_author_detail(_Context(e))
                elif author:  # what sync_author_detail does with a name alone
                    e.setdefault("author_detail", detail)
                    detail["name"] = author
            elif name == "pubdate":
                e["published_parsed"] = self.date(self.text(child.text))
            elif name == "dc:date":
                e["updated_parsed"] = self.date(self.text(child.text))
            else:
                raise _Decline
        return e

    def guid(self, e: dict[str, Any], el: etree._Element, attrs: dict[str, str]) -> None:
        if attrs.keys() - {"ispermalink"}:
            raise _Decline
        is_link = attrs.get("ispermalink", "true") == "true"
        value = self.uri(el.text) if is_link else self.text(el.text)
        e["id"] = value
        e.setdefault("guidislink", is_link and "link" not in e)
        if is_link:
            e.setdefault("link", value)

    def date(self, value: str) -> Any:
        """feedparser's ``_parse_date``, RFC 822 dates read the quick way."""
        return rfc822_date(value) or self.fp.parse_date(value)

    def text_detail(self, raw: str | None, kind: str) -> dict[str, str]:
        """A text construct as feedparser details it: RSS "plain" text that looks like HTML
        is HTML."""
        value = (raw or "").strip()
        # looks_like_html() wants a closing tag or a reference
        if (
            kind == "text/plain"
            and ("<" in value or "&" in value)
            and self.fp.looks_like_html(value)
        ):
            kind = "text/html"
        return {"type": kind, "value": self.finish(value)}

    def text(self, raw: str | None) -> str:
        return self.finish((raw or "").strip())

    def uri(self, raw: str | None) -> str:
        value = (raw or "").strip()
        if ":///" in value:  # else feedparser's slash fix ("http:///x") leaves it as it is
            value = self.fp.module._urljoin("", value)  # no base: that fix only
        return self.finish(value)

    def finish(self, value: str) -> str:
        """What feedparser's ``pop`` does to every text last: UTF-8 read as Latin-1 is read
        again, C1 controls are windows-1252."""
        if value.isascii():
            return value
        if not _WIDE.search(value):  # else the encoding fails (found at once, without raising)
            try:  # noqa: SIM105 - as in feedparser
                value = value.encode("iso-8859-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
        # UTF-8 read as Latin-1 has a C1 control only where the text had one already
        if self.c1 and _C1.search(value):
            value = value.translate(self.fp.cp1252)
        return value


class _Context:
    """What ``sync_author_detail`` asks of feedparser's parser: the entry being read."""

    def __init__(self, entry: dict[str, Any]) -> None:
        self.entry = entry

    def _get_context(self) -> dict[str, Any]:
        return self.entry


def _leaf(el: etree._Element) -> None:
    """A text element: no child of any kind (markup, comment, entity reference)."""
    if len(el):
        raise _Decline
