"""The page's densest text block: the story when trafilatura finds none.

One walk over the (budgeted, dom.fit) tree collects text lines — a block element's text split at
``<br>`` and at nested blocks — with the characters inside links, skipping what never holds a
story (navigation, footers, asides, forms, scripts, and elements whose class or id says menu,
share, related, comment, ad …). Lines of sentence length credit their block and its ancestors as
readability does (a paragraph its parent fully and its grandparent half; a block of
``<br>``-split lines itself); a block's score is then discounted by the share of its text in
links. The best block's lines, in document order, minus link lists, are the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from reader.core.text import clean_text

_SKIP = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "nav", "footer", "aside", "form",
    "button", "select", "option", "textarea", "iframe", "object", "embed", "figcaption", "label",
    "head", "title", "audio", "video", "canvas", "dialog", "menu",
})  # fmt: skip
_PARAGRAPHS = frozenset({"p", "li", "blockquote", "pre", "dd", "dt", "h2", "h3", "h4", "h5", "h6"})
_CONTAINERS = frozenset({
    "div", "section", "article", "main", "td", "th", "body", "center", "ul", "ol", "dl",
    "table", "tbody", "tr", "figure", "h1", "header",
})  # fmt: skip
_BLOCKS = _PARAGRAPHS | _CONTAINERS
# Class/id words of page furniture (matched as whole words of the attribute value).
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navi|navbar|gnb|lnb|snb|menu|breadcrumbs?|footer|foot|sidebar|aside|"
    r"share|sns|social|comments?|reply|related|relation|recommend|popular|ranking|rank|"
    r"most|banner|ads?|advert|advertisement|promo|sponsor|subscribe|newsletter|login|"
    r"copyright|tags?|keywords?|modal|popup|toolbar|skip|hidden|sr-only|blind|cookies?|"
    r"consent|gdpr|cmp)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
# ... unless they also say story (readability's rule: "content-with-sidebar" is a wrapper).
_STORY = re.compile(r"article|body|content|main|story|text|news|view|post|entry|column|read", re.I)
_NEVER_FURNITURE = frozenset({"body", "html", "main", "article"})
ENOUGH = 300  # characters of a story found with class/id furniture skipped; else tags only
SIBLING_SHARE = 0.2
MIN_LINE = 20  # characters of a line that counts as a sentence
MAX_LINK_SHARE = 0.5  # a line more link than this is navigation


@dataclass(slots=True)
class _Block:
    tag: str
    parent: int  # index of the enclosing block, -1 at the top
    last: int = 0  # index of its last descendant block
    chars: int = 0  # text in its subtree (after the walk)
    links: int = 0  # of which inside links
    score: float = 0.0


@dataclass(slots=True)
class _Walk:
    blocks: list[_Block] = field(default_factory=list)
    lines: list[tuple[int, str, int]] = field(default_factory=list)  # (block, text, link chars)
    run: list[str] = field(default_factory=list)
    run_links: int = 0

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.run.append(text)
            if in_link:
                self.run_links += len(text)

    def flush(self, block: int) -> None:
        if self.run:
            text = " ".join("".join(self.run).split())
            if text and block >= 0:
                self.lines.append((block, text, min(self.run_links, len(text))))
            self.run.clear()
        self.run_links = 0


def densest_blocks(tree: HtmlElement) -> list[tuple[str, str]]:
    """The lines of the page's densest text block as ``("p", text)`` blocks; the page's
    non-navigation lines when no block holds a sentence; [] for a page without text."""
    body = tree.find("body")
    root = tree if body is None else body
    found = _densest(_walk(root, marks=True))
    if sum(len(text) for _, text in found) < ENOUGH:  # a wrapper named "…-sidebar", "nav-…"
        found = _densest(_walk(root, marks=False))  # hid the story: by tags alone
    return found


def _densest(walk: _Walk) -> list[tuple[str, str]]:
    if not walk.lines:
        return []
    blocks = walk.blocks
    for index, text, links in walk.lines:
        block = blocks[index]
        block.chars += len(text)
        block.links += links
        if len(text) < MIN_LINE or links > len(text) * MAX_LINK_SHARE:
            continue
        weight = len(text) - links + min(text.count(",") + text.count("."), 10)
        if block.tag in _PARAGRAPHS:  # a paragraph credits its container
            credit = [(block.parent, 1.0), (_up(blocks, block.parent), 0.5)]
        else:  # text set directly in a container (<br>-split): the container itself
            credit = [(index, 1.0), (block.parent, 0.5)]
        for target, share in credit:
            if target >= 0:
                blocks[target].score += weight * share
    for i in range(len(blocks) - 1, 0, -1):  # subtree totals: children come after parents
        parent = blocks[i].parent
        if parent >= 0:
            blocks[parent].chars += blocks[i].chars
            blocks[parent].links += blocks[i].links
    best = max(range(len(blocks)), key=lambda i: _final(blocks[i]), default=-1)
    if best < 0 or blocks[best].score <= 0:
        spans = [(0, len(blocks) - 1)]
    else:  # with its siblings that score a fifth of it (a story split over <section>s)
        parent, bar = blocks[best].parent, _final(blocks[best]) * SIBLING_SHARE
        spans = [
            (i, block.last)
            for i, block in enumerate(blocks)
            if i == best or (parent >= 0 and block.parent == parent and _final(block) >= bar)
        ]
    kept = []
    span = 0
    for index, text, links in walk.lines:
        while span < len(spans) and index > spans[span][1]:
            span += 1
        if span == len(spans):
            break
        if index >= spans[span][0] and links <= len(text) * MAX_LINK_SHARE:
            kept.append(("p", clean_text(text)))
    return kept


def _up(blocks: list[_Block], index: int) -> int:
    return blocks[index].parent if index >= 0 else -1


def _final(block: _Block) -> float:
    share = block.links / block.chars if block.chars else 1.0
    return block.score * (1.0 - share)


def _walk(root: HtmlElement, *, marks: bool) -> _Walk:
    """Lines of text by block, in document order (see the module's docstring)."""
    walk = _Walk()
    stack: list[int] = []  # open blocks
    skipping = 0  # depth inside skipped subtrees
    links = 0  # depth inside <a>
    opened: list[tuple[bool, bool, bool]] = []  # per open element: (block, skipped, link)
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            skip = skipping > 0 or tag in _SKIP or not tag or (marks and _furniture(el))
            block = not skip and tag in _BLOCKS
            link = tag == "a"
            opened.append((block, skip and skipping == 0, link))
            if skip:
                skipping += 1
                continue
            if block or tag == "br":
                walk.flush(stack[-1] if stack else -1)
            if block:
                walk.blocks.append(_Block(tag, stack[-1] if stack else -1))
                stack.append(len(walk.blocks) - 1)
            links += link
            walk.add(el.text, links > 0)
        else:
            block, skip_root, link = opened.pop()
            if skipping:
                skipping -= 1
                if not skip_root:
                    continue
            else:
                links -= link
                if block:
                    walk.flush(stack[-1])
                    walk.blocks[stack[-1]].last = len(walk.blocks) - 1
                    stack.pop()
            walk.add(el.tail, links > 0)
    walk.flush(stack[-1] if stack else -1)
    return walk


def _furniture(el: HtmlElement) -> bool:
    if el.tag in _NEVER_FURNITURE:
        return False
    if el.get("aria-hidden") == "true":
        return True
    if el.get("hidden") is not None:  # but React's streamed segments, shown once moved in place
        return not (el.get("id") or "").startswith("S:")
    marks = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(marks) and _FURNITURE.search(marks) is not None and not _STORY.search(marks)
