"""trafilatura's title and author for a page, found as its ``extract_metadata`` finds them, on
first use and for a fraction of the cost.

trafilatura's metadata step is not run (``with_metadata=False``): its date search (htmldate)
took a third of the extraction's time and the published time is found in metadata.py. Of the
rest the byline needs only the author, and only when the story's own lines name no one
(byline_find.py), so both fields wait until asked for. The author search is trafilatura's
(``metadata.extract_author``, trafilatura 2.x) without its cost: it copies the tree, cuts the
subtrees it discards and runs three XPaths over every element (5 ms a page here). Here the
candidates come from one search of the page's attribute values, its XPath tests are run on
them in Python, and discarded subtrees are noted instead of cut: only a candidate that holds one
is read from a pruned copy (about 1 ms). The XPaths themselves, kept for that copy, are
trafilatura's with ``re:test`` (a call back into Python per attribute) written as the
``contains()`` chains its literal alternatives are.
"""

from __future__ import annotations

import contextlib
import re
from copy import deepcopy
from html import unescape
from itertools import chain
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement


def _any_of(attr: str, *needles: str, prefixes: tuple[str, ...] = ()) -> str:
    """XPath: ``attr`` holds one of ``needles`` or starts with one of ``prefixes``."""
    tests = [f"contains({attr}, '{n}')" for n in needles]
    tests += [f"starts-with({attr}, '{p}')" for p in prefixes]
    return "(" + " or ".join(tests) + ")"


# The class words of trafilatura's second author XPath, shared with `_second_test`.
_BYLINE_CLASSES = (
    "author",
    "channel-name",
    "zuozhe",
    "bianji",
    "xiaobian",
    "submitted-by",
    "posted-by",
    "journalist-name",
)
# trafilatura.xpaths.AUTHOR_XPATHS, re:test(x, 'a|b') written as contains(x, 'a') or …
_AUTHOR_XPATHS = [
    XPath(
        "//*[self::a or self::address or self::div or self::link or self::p or self::span"
        " or self::strong][@rel='author' or @id='author' or @class='author'"
        " or @itemprop='author name' or rel='me' or @data-testid='AuthorCard'"
        " or @data-testid='AuthorURL' or "
        + _any_of("@class", "authorname", "author-name", "AuthorName", "authorName")
        + "]|//author"
    ),
    XPath(
        "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span]["
        "@class='byline' or @class='username' or @class='byl' or @class='BBL'"
        " or contains(@itemprop, 'author') or "
        + _any_of("@id", "author", "zuozhe", "bianji", "xiaobian")
        + " or "
        + _any_of("@class", *_BYLINE_CLASSES)
        + "]"
    ),
    XPath(
        "//*[contains(@data-component, 'Byline') or contains(@itemprop, 'author') or "
        + _any_of("@id", "author", "Author")
        + " or "
        + _any_of("@class", "author", "Author", "screenname", "writer", "byline", "Byline")
        + "]"
    ),
]
# trafilatura.xpaths.AUTHOR_DISCARD_XPATHS, the same way ('^x' is starts-with); the class
# words are shared with `_discarded`, its element-by-element form.
_DISCARD_CLASSES = (
    "commentlist",
    "comments-list",
    "sidebar",
    "is-hidden",
    "quote",
    "embedly-instagram",
    "article-share",
    "article-support",
    "print",
    "category",
    "meta-date",
    "meta-reviewer",
)
_DISCARD_XPATHS = [
    XPath(
        ".//*[self::a or self::div or self::section or self::span][@id='comments'"
        " or @class='comments' or @class='title' or @class='date' or "
        + _any_of("@id", "comment-list", "commentlist", "ProductReviews", prefixes=("comments",))
        + " or "
        + _any_of("@class", *_DISCARD_CLASSES, prefixes=("Comments", "comments"))
        + " or contains(@data-component, 'Figure')]"
    ),
    XPath("//time|//figure"),
]
AUTHOR_MAX = 120  # trafilatura's len_limit for the author

# The same tests in Python, for `find_author`. Every attribute value either XPath set looks at
# holds one of these words (lower-cased), so only elements with one are candidates. The values
# are read in one linear walk (a union of //@class | //@id … is quadratic in its size).
_ALL_TEXTS = XPath("//@*", smart_strings=False)
_ALL_VALUES = XPath("//@*")  # the same with each value's element
MAX_SPELLINGS = 8  # more spellings of the words than this: not one contains() per spelling
_MARKS = frozenset({"class", "id", "itemprop", "rel", "data-testid", "data-component"})
_AUTHOR_WORDS = (
    "author", "byl", "bbl", "username", "zuozhe", "bianji", "xiaobian", "channel-name",
    "submitted-by", "posted-by", "journalist-name", "screenname", "writer",
)  # fmt: skip


def _candidates(tree: HtmlElement) -> list[HtmlElement]:
    """Elements, in document order, with a `_MARKS` attribute holding an `_AUTHOR_WORDS`
    word. The page's attribute values are searched as one string, then only those holding a
    word found are fetched with their elements (an element for every value costs 1 ms)."""
    joined = "\n".join(_ALL_TEXTS(tree))  # type: ignore[arg-type]
    lowered = joined.lower()
    words: set[str] = set()  # as the page writes them ("Author", "author" …)
    for word in _AUTHOR_WORDS:
        if word not in lowered:  # str.find: far cheaper than one regex of them all
            continue
        if len(lowered) != len(joined):  # (lower() lengthened a letter: İ)
            words.update(re.findall(word, joined, re.IGNORECASE))
            continue
        at = lowered.find(word)
        while at >= 0:
            words.add(joined[at : at + len(word)])
            at = lowered.find(word, at + 1)
    if not words:
        return []
    values: list[Any]
    if len(words) <= MAX_SPELLINGS:
        test = " or ".join(f"contains(., '{w}')" for w in sorted(words))  # words: [A-Za-z-]
        values = tree.xpath(f"//@*[{test}]")
    else:  # a page spelling them every way: each value with its element (linear, ~1 ms)
        every: list[Any] = _ALL_VALUES(tree)  # type: ignore[assignment]
        values = [v for v in every if any(w in v for w in words)]
    return list(dict.fromkeys(v.getparent() for v in values if v.attrname in _MARKS))


def _has(value: str | None, *needles: str) -> bool:
    return value is not None and any(n in value for n in needles)


def _first_test(el: HtmlElement) -> bool:  # (<author> and <rel> elements: the slow path)
    get, cls = el.get, el.get("class")
    return el.tag in ("a", "address", "div", "link", "p", "span", "strong") and (
        get("rel") == "author"
        or get("id") == "author"
        or cls == "author"
        or get("itemprop") == "author name"
        or get("data-testid") in ("AuthorCard", "AuthorURL")
        or _has(cls, "authorname", "author-name", "AuthorName", "authorName")
    )


def _second_test(el: HtmlElement) -> bool:
    get, cls = el.get, el.get("class")
    return el.tag in ("a", "div", "h3", "h4", "p", "span") and (
        cls in ("byline", "username", "byl", "BBL")
        or _has(get("itemprop"), "author")
        or _has(get("id"), "author", "zuozhe", "bianji", "xiaobian")
        or _has(cls, *_BYLINE_CLASSES)
    )


def _third_test(el: HtmlElement) -> bool:
    get = el.get
    return (
        _has(get("data-component"), "Byline")
        or _has(get("itemprop"), "author")
        or _has(get("id"), "author", "Author")
        or _has(get("class"), "author", "Author", "screenname", "writer", "byline", "Byline")
    )


_AUTHOR_TESTS = (_first_test, _second_test, _third_test)


def _discarded(el: HtmlElement) -> bool:
    """In a subtree `_DISCARD_XPATHS` cut (the first is relative: never the root itself)."""
    tag = el.tag
    if tag in ("time", "figure"):
        return True
    if tag not in ("a", "div", "section", "span") or el.getparent() is None:
        return False
    get, ident, cls = el.get, el.get("id"), el.get("class")
    return (
        ident == "comments"
        or cls in ("comments", "title", "date")
        or (ident is not None and ident.startswith("comments"))
        or _has(ident, "comment-list", "commentlist", "ProductReviews")
        or (cls is not None and cls.startswith(("Comments", "comments")))
        or _has(cls, *_DISCARD_CLASSES)
        or _has(get("data-component"), "Figure")
    )


class TrafilaturaFields:
    """trafilatura's ``title`` and ``author`` for ``tree``, each worked out when first read
    (the tree must not change in between)."""

    def __init__(self, tree: HtmlElement) -> None:
        self._tree = tree
        self._meta: Any = None
        self._author: str | None = None
        self._author_done = False

    def _read(self) -> Any:
        """Its meta tags and JSON-LD, as ``extract_metadata`` reads them first."""
        if self._meta is None:
            from trafilatura.metadata import examine_meta, extract_meta_json

            meta = examine_meta(self._tree)
            if meta.author and " " not in meta.author:
                meta.author = None
            # As extract_metadata: any error (JSON nested past the recursion limit, its own
            # bugs) costs only what the JSON-LD would have added.
            with contextlib.suppress(Exception):
                meta = extract_meta_json(self._tree, meta)
            self._meta = meta
        return self._meta

    @property
    def title(self) -> str | None:
        from trafilatura.metadata import extract_title

        return _trimmed(self._read().title or extract_title(self._tree))

    @property
    def author(self) -> str | None:
        if not self._author_done:
            self._author = _trimmed(self._read().author or find_author(self._tree))
            self._author_done = True
        return self._author


def find_author(tree: HtmlElement) -> str | None:
    """trafilatura's ``extract_author``: the first element its author XPaths find, outside
    the subtrees it discards (comments, figures, dates …), with a short text."""
    from trafilatura.json_metadata import normalize_authors

    if tree.getparent() is not None or next(tree.iter("author", "rel"), None) is not None:
        return _find_author_pruned(tree)  # a fragment (absolute paths reach outside it), or
        # elements that match by name, out of document order with the rest: rare either way
    candidates = _candidates(tree)
    for wanted in _AUTHOR_TESTS:
        for el in candidates:
            if not wanted(el) or any(_discarded(a) for a in chain((el,), el.iterancestors())):
                continue
            if any(_discarded(d) for d in el.iterdescendants()):
                return _find_author_pruned(tree)  # its text is the pruned copy's
            content = _trim(" ".join(el.itertext()))
            if content and 2 < len(content) < AUTHOR_MAX:
                return normalize_authors(None, content)
    return None


def _find_author_pruned(tree: HtmlElement) -> str | None:
    """`find_author` the way trafilatura does it: on a copy with the discarded subtrees cut."""
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import extract_metainfo

    pruned = prune_unwanted_nodes(deepcopy(tree), _DISCARD_XPATHS)
    author = extract_metainfo(pruned, _AUTHOR_XPATHS, len_limit=AUTHOR_MAX)
    return normalize_authors(None, author) if author else None


def _trim(text: str) -> str:
    return " ".join(text.split())


def _trimmed(value: str | None) -> str | None:
    """As trafilatura's ``Document.clean_and_trim``."""
    from trafilatura.utils import line_processing

    if not value:
        return value
    return line_processing(unescape(value if len(value) <= 10000 else value[:9999] + "…"))
