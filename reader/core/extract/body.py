"""The story's blocks from trafilatura's output tree, and its links and images from the DOM.

trafilatura's XML body (``p``, ``head``, ``list/item``, ``quote``, ``table/row/cell``, ``lb``)
becomes ``(kind, text)`` blocks, one per paragraph (a ``<br>`` inside a paragraph starts a new
one: Korean sites often set a whole story in one element split by ``<br>``). Links and images
are read from the page itself, limited to the element that holds the story, which is cheaper
than trafilatura's own link/image output and leaves its body choice untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from reader.core.text import clean_text

from .density import densest_blocks
from .embedded import EmbeddedStory
from .model import Image, Link
from .pictures import size_attr, story_pictures
from .text_key import text_key

BLOCKQUOTE = "quote"
MAX_IMAGES = 50
BLOCK_REACH = 32  # levels a link's block is looked for above it (a walk per link is O(depth))

_BREAK = "\ue000"  # stands for <lb/> while the text is joined (source newlines are spaces)


def _text_lines(el: Any, url: str | None, links: list[Link]) -> list[str]:
    """The element's text split at <lb/> (trafilatura's <br>), links collected on the way."""
    parts: list[str] = []

    def walk(e: Any) -> None:
        if e.text:
            parts.append(e.text)
        for child in e:
            if child.tag == "lb":
                parts.append(_BREAK)
            else:  # <graphic> too: trafilatura sometimes nests the text after an image in it
                walk(child)
                if child.tag == "ref":
                    _add_link(links, element_text_plain(child), child.get("target"), url)
                elif child.tag in ("p", "item", "row", "head", "quote", "list"):
                    parts.append(_BREAK)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return [t for line in "".join(parts).split(_BREAK) if (t := clean_text(line))]


def element_text_plain(el: Any) -> str:
    return clean_text("".join(el.itertext()))


def _add_link(links: list[Link], text: str, href: str | None, url: str | None) -> None:
    if not href or not text:
        return
    href = urljoin(url or "", href.strip())
    if not href.startswith(("http://", "https://", "mailto:")):
        return
    if all(link.href != href for link in links):
        links.append(Link(text, clean_text(href)))


def blocks_from_body(
    body: Any, url: str | None, images: list[Image], links: list[Link]
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for g in body.iter("graphic"):
        if len(images) >= MAX_IMAGES:
            break
        src = g.get("src") or ""
        if src and not src.startswith("data:"):
            src = urljoin(url or "", src.strip())
            if all(i.src != src for i in images):
                alt = clean_text(g.get("alt") or g.get("title") or "")
                w, h = size_attr(g.get("width")), size_attr(g.get("height"))
                images.append(Image(clean_text(src), alt, width=w, height=h))
    if body.text and body.text.strip():
        out.append(("p", clean_text(body.text)))
    for el in body:
        _one_block(el, url, links, out)
        if el.tail and el.tail.strip():  # loose text between blocks is story text too
            out.append(("p", clean_text(el.tail)))
    return out


def _one_block(el: Any, url: str | None, links: list[Link], out: list[tuple[str, str]]) -> None:
    tag = el.tag
    if tag == "graphic":
        return
    if tag == "list":
        for item in el.findall("item"):
            text = " ".join(_text_lines(item, url, links))
            if text:
                out.append(("item", f"• {text}"))
        return
    if tag == "table":
        for row in el.iter("row"):
            cells = [element_text_plain(c) for c in row]
            line = " | ".join(c for c in cells if c)
            if line:
                out.append(("row", line))
        return
    kind = BLOCKQUOTE if tag == "quote" else "p"
    lines = _text_lines(el, url, links)
    if kind == BLOCKQUOTE and lines:
        out.append((kind, " ".join(lines)))
    else:
        out.extend((kind, line) for line in lines)


_LINK_BLOCKS = frozenset(
    {"p", "li", "td", "blockquote", "h2", "h3", "h4", "dd", "figcaption", "div"}
)


# Characters `StoryText` may scan looking for a text in the middle of the story, per page: an
# ordinary page needs a few hundred such looks at a few kB each; a hostile one stops here.
SEARCH_BUDGET = 50_000_000
_KEY = 40  # DOM texts are matched to the story by their first 40 characters


class StoryText:
    """Is a text from the DOM part of the story? A paragraph's start is found by hash lookup;
    any other part by substring search while `SEARCH_BUDGET` lasts (a search per DOM element
    over the whole story would be quadratic on a page of thousands of paragraphs)."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.body = "\n".join(paragraphs)
        starts = list(paragraphs)
        for p in paragraphs:
            if p.startswith("• "):  # list items
                starts.append(p[2:])
            if " | " in p:  # table rows: every cell
                starts.extend(p.split(" | "))
        self._starts = starts
        self._prefixes: dict[int, set[str]] = {}
        self._budget = SEARCH_BUDGET

    def __contains__(self, text: str) -> bool:
        n = len(text)
        if 0 < n <= _KEY:
            prefixes = self._prefixes.get(n)
            if prefixes is None:
                prefixes = self._prefixes[n] = {s[:n] for s in self._starts}
            if text in prefixes:
                return True
        if self._budget <= 0:
            return False
        at = self.body.find(text)
        self._budget -= len(self.body) if at < 0 else at + n  # what the search went through
        return at >= 0


def _key(text: str) -> str:
    """A DOM text's first `_KEY` characters, cleaned (only its start is cleaned: it may be long)."""
    return clean_text(text.lstrip()[: _KEY * 8])[:_KEY]


def story_container(tree: HtmlElement, paragraphs: list[str] | StoryText) -> HtmlElement:
    """The smallest element holding the first and last story paragraphs found in the DOM."""
    story = paragraphs if isinstance(paragraphs, StoryText) else StoryText(paragraphs)
    found = [
        p
        for p in tree.iter("p", "div", "li", "blockquote", "h2", "h3")
        if (p.text and len(p.text.strip()) >= 20 and _key(p.text) in story)
    ]
    if not found:
        return tree
    first, last = found[0], found[-1]
    ancestors = {id(a) for a in first.iterancestors()} | {id(first)}
    node: HtmlElement | None = last
    while node is not None and id(node) not in ancestors:
        node = node.getparent()
    if node is not None and node is first and first is not last:
        node = first.getparent()
    if node is not None and node is first:
        node = first.getparent() if first.getparent() is not None else first
    return node if node is not None else tree


def story_images(
    container: HtmlElement, url: str | None, paragraphs: Sequence[str] = ()
) -> list[Image]:
    """The story's pictures with their captions, sizes and places (pictures.py)."""
    return story_pictures(container, url, paragraphs)


def body_links(tree: HtmlElement, paragraphs: list[str] | StoryText, url: str | None) -> list[Link]:
    """The page's <a href> whose text and surrounding block are part of the story."""
    story = paragraphs if isinstance(paragraphs, StoryText) else StoryText(paragraphs)
    links: list[Link] = []
    if not story.body:
        return links
    in_story: dict[HtmlElement, bool] = {}  # per block: links share their paragraph
    for a in tree.iter("a"):
        href = a.get("href")
        if not href or href.startswith(("#", "javascript:")):
            continue
        text = clean_text(a.text_content())
        if len(text) < 2:
            continue
        block = a.getparent()
        for _ in range(BLOCK_REACH):
            if block is None or block.tag in _LINK_BLOCKS:
                break
            block = block.getparent()
        if block is None or block.tag not in _LINK_BLOCKS:
            continue
        known = in_story.get(block)
        if known is None:
            known = in_story[block] = _key(block.text_content()) in story
        if not known or text not in story:
            continue
        _add_link(links, text, href, url)
        if len(links) >= 200:
            break
    return links


# Below this many characters trafilatura's body may be a teaser, a caption or a label: the page's
# data is looked at (its cost is then spent), and below `SHORT_DOM` its densest block too.
SHORT_BODY = 2_500
SHORT_DOM = 1_500
LONGER = 2.0  # how much longer the data's story must be to replace trafilatura's body
DENSER = 1.5  # ... and the densest block, which holds trafilatura's (measured on the corpora)


def fallback_blocks(
    tree: HtmlElement,
    blocks: list[tuple[str, str]],
    find: Callable[[], EmbeddedStory | None],
    known: int = 0,
) -> tuple[list[tuple[str, str]], EmbeddedStory | None]:
    """The story's blocks: trafilatura's (``blocks``), unless it found nothing or far less than
    the story in the page's data (``find()``, embedded.py: JSON-LD, Fusion, Next.js …) or the
    page's densest text block (density.py). ``known``: the length of a story the page's
    metadata already showed (JSON-LD articleBody), which makes the data worth reading after a
    long body too. Returns the blocks and the embedded story when its text was taken."""
    chars = sum(len(text) for _, text in blocks)
    if chars >= SHORT_BODY and known <= LONGER * chars:
        return blocks, None
    story = find()
    if story is not None and story.chars > LONGER * chars:
        taken = [("p", p) for p in story.paragraphs]
        if story.trusted or (blocks and (chars < 300 or _overlaps(blocks, taken))):
            return taken, story
    if story is not None and story.trusted and len(story.paragraphs) > len(blocks):
        taken = [("p", p) for p in story.paragraphs]  # the same text, paragraphs kept (some
        if text_key(_joined(blocks)) == text_key(_joined(taken)):  # read articleBody as one block)
            return taken, story
    if chars >= SHORT_DOM:
        return blocks, None
    dense = densest_blocks(tree)
    dense_chars = sum(len(text) for _, text in dense)
    if not blocks:  # the data's guess (not beside the page's headline) against the DOM's best
        if story is not None and story.chars > dense_chars:
            return [("p", p) for p in story.paragraphs], story
        return dense, None
    if dense_chars > DENSER * chars and _overlaps(blocks, dense):
        return dense, None
    return blocks, None


def _overlaps(blocks: list[tuple[str, str]], other: list[tuple[str, str]]) -> bool:
    """trafilatura's longest block begins somewhere in the other body (it was a part of it)."""
    longest = text_key(max((text for _, text in blocks), key=len))[:24]
    return bool(longest) and longest in text_key(_joined(other))


def _joined(blocks: list[tuple[str, str]]) -> str:
    return "".join(text for _, text in blocks)
