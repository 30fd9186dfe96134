"""The story's pictures: where they stand among its paragraphs, their captions and sizes.

Captions come from ``<figure><figcaption>``, from an element beside the picture whose class says
caption (``p.caption``, ``.photo_caption``, Naver's ``em.img_desc`` …), or from a Korean caption
element that `story_markup.mend` removes from the story before trafilatura reads it: `keep_caption`
writes its text on the picture first. Sizes come from the ``width``/``height`` attributes.

A picture's place is how many of the article's paragraphs come before it in the page, found in
one walk of the story's element (only when it holds a picture) that matches text nodes to the
paragraphs by their first characters, as `body.StoryText` does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress
from itertools import islice
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from reader.core.text import clean_text

from .model import Image

CAPTION_ATTR = "data-sinmun-caption"  # where `keep_caption` puts a removed caption's text
MAX_IMAGES = 50
MAX_CAPTION = 400
MIN_SIDE = 60  # a width or height attribute below this: an icon, a button or a tracker
_KEY = 40  # text nodes are matched to paragraphs by this many first characters
_MIN_KEY = 8

BAD_IMAGE = re.compile(r"pixel|spacer|blank\.gif|logo|icon|avatar|/ads?/|banner|sprite", re.I)
_SOURCES = ("src", "data-src", "data-original", "data-lazy-src")  # lazy loaders' real source
_CAPTION_CLASS = re.compile(
    r"caption|^(?:img|image|photo|pic|thumb)[_-]?(?:desc|cap|txt|text)$|^thum_figure_txt$", re.I
)
_SIZE = re.compile(r"\s*(\d{1,6})(?:\.\d+)?\s*(?:px)?\s*$", re.I)


def keep_caption(caption: HtmlElement) -> None:
    """``caption`` is about to leave the tree: its text goes on the picture it captions."""
    img = _captioned(caption)
    if img is None or img.get(CAPTION_ATTR):
        return
    text = clean_text(caption.text_content())[:MAX_CAPTION]
    if text:
        with suppress(ValueError):  # lxml refuses what XML cannot hold (clean_text left little)
            img.set(CAPTION_ATTR, text)


def _captioned(caption: HtmlElement) -> HtmlElement | None:
    """The one picture just before the caption, or in the box it shares with it."""
    before = caption.getprevious()
    if before is not None and isinstance(before.tag, str):
        if before.tag == "img":
            return before
        found = list(islice(before.iter("img"), 2))
        if len(found) == 1:
            return found[0]
    box = caption.getparent()
    for _ in range(2):
        if box is None:
            return None
        found = list(islice(box.iter("img"), 2))
        if found:
            return found[0] if len(found) == 1 else None
        box = box.getparent()
    return None


def size_attr(value: str | None) -> int | None:
    """A width/height attribute in pixels ("600", "600px"); None for "100%" or nonsense."""
    match = _SIZE.match(value or "")
    number = int(match.group(1)) if match else 0
    return number if number > 0 else None


def image_source(img: HtmlElement) -> str:
    for name in _SOURCES:
        value = (img.get(name) or "").strip()
        if value and not value.startswith("data:") and not BAD_IMAGE.search(value):
            return value
    return ""


def caption_of(img: HtmlElement) -> str:
    kept = img.get(CAPTION_ATTR)
    if kept:
        return str(kept)
    node: HtmlElement | None = img
    for _ in range(4):  # <figure><a><span><img>: a few wrappers up
        node = node.getparent() if node is not None else None
        if node is None:
            break
        if node.tag == "figure":
            for cap in node.iter("figcaption"):
                return clean_text(cap.text_content())[:MAX_CAPTION]
            break
    node = img
    for _ in range(2):  # <div class="photo"><img></div><p class="caption">…</p>
        if node is None:
            break
        for sibling in islice(node.itersiblings(), 2):
            classes = (sibling.get("class") or "").split() if isinstance(sibling.tag, str) else []
            if any(_CAPTION_CLASS.search(c) for c in classes):
                return clean_text(sibling.text_content())[:MAX_CAPTION]
        node = node.getparent()
    return ""


class _Places:
    """Which paragraph a text node of the page starts (by its first characters)."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.paragraphs = paragraphs
        self._by_length: dict[int, dict[str, int]] = {}

    def index(self, text: str) -> int | None:
        key = clean_text(text.lstrip()[: _KEY * 8])[:_KEY]
        if len(key) < _MIN_KEY:
            return None
        starts = self._by_length.get(len(key))
        if starts is None:
            starts = self._by_length[len(key)] = {}
            for i, p in enumerate(self.paragraphs):
                starts.setdefault(p[: len(key)], i)
        return starts.get(key)


def story_pictures(
    container: HtmlElement, url: str | None, paragraphs: Sequence[str] = ()
) -> list[Image]:
    """The pictures inside the story's element, in page order, with caption, size and place."""
    if next(container.iter("img"), None) is None:
        return []  # most pages' story has none: no walk
    places = _Places(paragraphs)
    images: list[Image] = []
    seen, matched = 0, False
    for event, el in etree.iterwalk(container, events=("start", "end")):
        if event == "start":
            if el.tag == "img" and len(images) < MAX_IMAGES:
                _add(images, el, url, seen)
            text = el.text if isinstance(el.tag, str) else None
        else:
            text = el.tail if el is not container else None
        if text and len(text) >= _MIN_KEY and paragraphs:
            at = places.index(text)
            if at is not None and at + 1 > seen:
                seen, matched = at + 1, True
    if not matched and images:  # no paragraph found in the page: the first one leads
        images = [_placed(img, 0 if i == 0 else None) for i, img in enumerate(images)]
    return images


def _placed(img: Image, after: int | None) -> Image:
    return Image(img.src, img.alt, img.caption, img.width, img.height, after)


def _add(images: list[Image], img: Any, url: str | None, seen: int) -> None:
    src = image_source(img)
    if not src:
        return
    width, height = size_attr(img.get("width")), size_attr(img.get("height"))
    if any(side is not None and side < MIN_SIDE for side in (width, height)):
        return
    src = clean_text(urljoin(url or "", src))
    web = src.startswith(("http://", "https://")) or not url
    if web and all(i.src != src for i in images):
        alt = clean_text(img.get("alt") or "")
        images.append(Image(src, alt, caption_of(img), width, height, seen))
