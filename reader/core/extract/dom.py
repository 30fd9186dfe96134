"""An article page parsed within a budget: hostile pages cost bounded time, ordinary ones nothing.

Two steps bound the work. libxml2 stops at its own resource limits (nesting deeper than 256,
one token over 10 MB) and keeps only what came before, so such a page is *tamed* — nesting past
`MAX_DEPTH` flattened, as browsers do (Blink past 512) — and parsed again without those limits
(huge_tree keeps a giant token whole). Then a tree over `MAX_NODES` elements, `MAX_TEXT`
characters or `MAX_PARAGRAPH_TEXTS` text nodes in paragraphs is *fitted*: non-text subtrees
(scripts, styles, SVG …) go, and if that is not enough the document is cut in document order
where the budget runs out, as if the page ended there. trafilatura costs ~10 µs per element in
its fast mode; its fallbacks (readability, jusText) grow quadratically with runs of short blocks
(a 100×100 table took 7 s), so pages over `FULL_CASCADE_NODES` elements (or
`FULL_CASCADE_CHARS` of HTML) get the fast mode only.
"""

from __future__ import annotations

import contextlib
import re
import threading

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, fromstring

# Characters of HTML parsed at all: above the 8 MiB fetch cap (http.py), so only a local file
# (`sinmun read FILE`) is ever cut here.
MAX_HTML_CHARS = 10_000_000
MAX_DEPTH = 200  # elements nested deeper are flattened into their ancestor at this depth
MAX_NODES = 30_000  # elements handed to trafilatura (0.3–1.2 s in its fast mode here)
MAX_TEXT = 1_000_000  # characters of text handed to trafilatura
# Text nodes inside <p> handed to trafilatura: libxml2 evaluates its "//p//text()" in time
# quadratic in them (58k: 6.7 s, and trafilatura asks several times; 10k: ~0.2 s). The
# corpora's pages have at most ~7,700, most under 1,000.
MAX_PARAGRAPH_TEXTS = 10_000
# Above this many elements trafilatura runs without its quadratic fallbacks. The corpora's
# 99th percentile is ~2,800 elements; a 2,500-cell table costs ~0.6 s with them.
FULL_CASCADE_NODES = 3_000
# Nor pages of more HTML than this: trafilatura's date search (htmldate) runs its patterns over
# the serialised page, ~0.35 s per MB (a 7 MB attribute value cost 1.2 s). The corpora's largest
# page is 1.6 MB.
FULL_CASCADE_CHARS = 2_000_000
# Subtrees that never hold story text, dropped first when a tree is over the budget.
_JUNK = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "datalist", "audio", "video",
)  # fmt: skip
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
})  # fmt: skip
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noembed", "noframes"})
# Elements whose end tag may be left out (an unclosed <p> must not count as nesting).
_OPTIONAL_END = frozenset({
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc",
})  # fmt: skip
_FLAT = _VOID | _RAW_TEXT | _OPTIONAL_END
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")

_local = threading.local()  # parsers are per thread: each keeps the error log of its last run


def _parser(huge: bool) -> HTMLParser:
    name = "huge" if huge else "plain"
    parser = getattr(_local, name, None)
    if parser is None:
        # trafilatura's own settings (its load_html), plus huge_tree for tamed pages.
        parser = HTMLParser(
            collect_ids=False,
            default_doctype=False,  # type: ignore[call-arg]  # lxml-stubs 0.5 lacks it
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            huge_tree=huge,
        )
        setattr(_local, name, parser)
    return parser


def parse_tree(html: str) -> HtmlElement | None:
    """The page's tree as trafilatura's `load_html` builds it, complete even when libxml2 would
    stop early (see the module's docstring); None when it is not HTML."""
    from trafilatura.utils import is_dubious_html

    html = _XML_DECL.sub("", html, count=1)  # lxml refuses str with an encoding declaration
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair(html, beginning)
    tree, stopped = _parse(html, huge=False)
    if stopped:
        tree, _ = _parse(tame(html), huge=True)
    if tree is None or (dubious and len(tree) < 2):
        return None
    return tree


# What trafilatura.utils.INVALID_XML_CHARS matches (tests/core/extract/test_dom.py checks).
INVALID_XML = "".join(
    map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
)


def repair(html: str, beginning: str) -> str:
    """trafilatura's ``repair_faulty_html``, whose pass removing characters XML cannot hold is
    run only on a page that has one: a search per character is a third of the regex's cost
    (0.6 ms on an average page), and pages rarely have any."""
    from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS

    if any(c in html for c in INVALID_XML):
        html = INVALID_XML_CHARS.sub("", html)
    if "doctype" in beginning:  # the rest as trafilatura 2.x has it
        firstline, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:  # a self-closing <html/> in the first lines
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    return html


def _parse(html: str, *, huge: bool) -> tuple[HtmlElement | None, bool]:
    """(tree, whether libxml2 stopped at a fatal error such as a resource limit)."""
    parser = _parser(huge)
    tree: HtmlElement | None = None
    with contextlib.suppress(ValueError):  # "Unicode strings with encoding declaration …"
        tree = _from(html, parser)
    if tree is None or len(tree) < 1:  # as load_html: the same text as bytes
        tree = _from(html.encode("utf-8", "surrogatepass"), parser)
    return tree, any(e.level == etree.ErrorLevels.FATAL for e in parser.error_log)


def _from(html: str | bytes, parser: HTMLParser) -> HtmlElement | None:
    try:
        return fromstring(html, parser=parser)
    except etree.LxmlError:  # an empty document
        return None


def tame(html: str) -> str:
    """``html`` with nesting deeper than `MAX_DEPTH` flattened: the extra start and end tags
    are dropped, their content kept.

    One pass of `str.find`, never a regex that could rescan: a ``<`` without ``>`` ends it.
    Depth is counted the simple way (void elements, ``<x/>`` and elements whose end tag is
    optional do not nest; raw-text elements are skipped whole): enough to flatten by.
    """
    out: list[str] = []
    copied = at = depth = 0
    while (lt := html.find("<", at)) >= 0:
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            at = len(html) if end < 0 else end + 3
            continue
        m = _TAG_START.match(html, lt)
        if m is None:
            at = lt + 1
            continue
        gt = html.find(">", m.end())
        if gt < 0:
            break
        closing, name = m.group(1), m.group(2).lower()
        keep = True
        if name not in _FLAT and html[gt - 1] != "/":
            if closing:
                keep = depth <= MAX_DEPTH
                depth = max(0, depth - 1)
            else:
                depth += 1
                keep = depth <= MAX_DEPTH
        if not keep:
            out.append(html[copied:lt])
            copied = gt + 1
        at = gt + 1
        if name in _RAW_TEXT and not closing:  # its text is not markup: on to its end tag
            end_tag = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(html, at)
            at = len(html) if end_tag is None else end_tag.start()
    out.append(html[copied:])
    return "".join(out)


def _over(tree: HtmlElement, html_chars: int) -> tuple[int, bool]:
    """(elements in the tree, whether it is over the budget); C-speed XPath, a few ms. A count
    that cannot be over is skipped (half the cost on an ordinary page): the text is never
    longer than the HTML it came from, and as libxml2 merges adjacent text an element has at
    most a text and its children's tails, so a tree of n elements holds at most 2n+1 texts."""
    nodes = int(tree.xpath("count(//*)"))
    over = (
        nodes > MAX_NODES
        or (not 0 < html_chars <= MAX_TEXT and tree.xpath("string-length(/)") > MAX_TEXT)
        or (
            2 * nodes + 1 > MAX_PARAGRAPH_TEXTS
            and tree.xpath("count(//text()[ancestor::p])") > MAX_PARAGRAPH_TEXTS
        )
    )
    return nodes, bool(over)


def fit(tree: HtmlElement, html_chars: int = 0) -> bool:
    """Cut ``tree`` (parsed from ``html_chars`` characters; 0: not known) down to the budget in
    place (see the module's docstring); True for a large page, one for trafilatura's fast
    mode. Run after the page's metadata is read."""
    nodes, over = _over(tree, html_chars)
    if over:
        _drop_junk(tree)
        nodes, over = _over(tree, html_chars)
        if over:
            body = tree.find("body")  # the budget is for the story's side: <head> is read apart
            _truncate(tree if body is None else body)
    return over or nodes > FULL_CASCADE_NODES or html_chars > FULL_CASCADE_CHARS


def _drop_junk(tree: HtmlElement) -> None:
    """Remove the subtrees that never hold story text (their tails stay); JSON-LD stays for
    trafilatura's metadata."""
    for el in list(tree.iter(*_JUNK)):
        if el.tag != "script" or (el.get("type") or "").strip().lower() != "application/ld+json":
            el.drop_tree()


def _truncate(root: HtmlElement) -> None:
    """Keep the document up to where a budget runs out; the rest goes."""
    nodes = chars = in_p = p_texts = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            nodes += 1
            in_p += el.tag == "p"
            attr = "text"
        else:
            in_p -= el.tag == "p"
            attr = "tail"  # the tail follows the element's content in document order
        full = nodes >= MAX_NODES
        value = getattr(el, attr)
        if value:
            room = MAX_TEXT - chars
            if len(value) > room:
                setattr(el, attr, value[:room])
                full = True
            chars += min(len(value), room)
            p_texts += in_p > 0
            full = full or p_texts >= MAX_PARAGRAPH_TEXTS
        if full:
            _cut_after(el, children=event == "start")
            break


def _cut_after(el: HtmlElement, *, children: bool) -> None:
    """Remove what follows in document order: ``el``'s children and tail (when ``children``,
    i.e. cut just after its own text), then what follows ``el`` and each of its ancestors."""
    if children:
        for child in list(el):
            el.remove(child)
        el.tail = None
    node: HtmlElement | None = el
    while node is not None:
        parent = node.getparent()
        if parent is not None:
            while (sibling := node.getnext()) is not None:
                parent.remove(sibling)
        node = parent
