"""Markup mended before trafilatura reads the page: what it otherwise drops or takes as story.

Korean CMSs set stories in ways trafilatura misreads:

- the first paragraph as bare text after a photo box (매일경제: ``<div class="thumb_area">
  <figure>…</figure></div>첫 문단…<br><br>…``): the box's tail is lost with it, so the text
  is wrapped in its own ``<p>``;
- in-body subheadings (중간제목) as a text-only ``<div>`` between paragraphs (``div.border_org``):
  dropped as a stray block, so the ``<div>`` becomes an ``<h3>``;
- pull-quote boxes (한국일보 ``div.module-quote``: a ``<blockquote>`` and the speaker's line)
  and photo captions outside ``<figcaption>`` (Naver ``em.img_desc``): read as story, so they
  are removed (their tail text stays). Korean ones only: Korean papers print them as page
  furniture beside the story, while English pages' pull quotes and table captions are read as
  part of the text (the international references keep them);
- dialogs, layers, popups, tooltips and settings panels shown on demand (Daum's summary,
  font-size and translation layers inside the article): read as story, so they are removed
  first (layers.py).

Each step looks only at the few elements it concerns (figures, leaf ``<div>``s before a
``<p>``, elements whose class says caption or pull quote), found by one XPath each.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .layers import drop_layers
from .pictures import keep_caption

MIN_TAIL = 20  # characters of bare text after a photo box that make a paragraph
MAX_SUBHEAD = 80  # a subheading is a short line
MAX_CAPTION = 400  # a caption element longer than this may be the story itself
MAX_PULL_QUOTE = 600

# Class words of pull-quote boxes and photo captions (whole class tokens).
_PULL_QUOTE = re.compile(
    r"^(?:pull-?quote|module-quote|quote-?box|quotebox|pq|article-quote|quote_area|bq_box)$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"caption|^(?:img|image|photo|pic|thumb)[_-]?(?:desc|cap|txt|text)$|^thum_figure_txt$",
    re.IGNORECASE,  # "caption" anywhere: CSS-module names ("ArticleDetailContent_imageCaption__x")
)
_HANGUL = re.compile(r"[가-힣]")
_SENTENCE_END = re.compile(r"[.!?。][\"'”’」』)\]]*\s*$")
_CANDIDATES = (
    "//*[@class][contains(@class, 'quote') or contains(@class, 'desc') or contains(@class, 'cap')"
    " or contains(@class, 'Cap')"
    " or contains(@class, 'pq') or contains(@class, 'bq_') or contains(@class, 'figure_txt')]"
)
_SUBHEADS = "//div[not(*)][following-sibling::*[1][self::p]]"


def mend(tree: HtmlElement) -> None:
    """Mend ``tree`` in place (see the module's docstring)."""
    drop_layers(tree)
    _wrap_figure_tails(tree)
    _subheads(tree)
    for el in tree.xpath(_CANDIDATES):
        classes = (el.get("class") or "").split()
        if any(_PULL_QUOTE.match(c) for c in classes):
            limit = MAX_PULL_QUOTE
        elif any(_CAPTION.search(c) for c in classes) and el.tag not in ("figcaption", "body"):
            limit = MAX_CAPTION
        else:
            continue
        text = el.text_content()
        if el.getparent() is not None and len(text) <= limit and _HANGUL.search(text):
            if limit == MAX_CAPTION:
                keep_caption(el)  # the picture keeps it (pictures.py)
            el.drop_tree()  # lxml keeps the tail text


def _wrap_figure_tails(tree: HtmlElement) -> None:
    for fig in tree.iter("figure"):
        box = fig
        for _ in range(3):  # up through wrappers that hold only the figure
            parent = box.getparent()
            if parent is None or len(parent) != 1 or (parent.text or "").strip():
                break
            if parent.tag not in ("div", "span", "p"):
                break
            box = parent
        tail = box.tail or ""
        if len(tail.strip()) >= MIN_TAIL and box.getparent() is not None:
            p = box.makeelement("p", {})
            p.text, box.tail = tail, None
            box.addnext(p)


def _subheads(tree: HtmlElement) -> None:
    for div in tree.xpath(_SUBHEADS):
        text = " ".join((div.text or "").split())
        parent = div.getparent()
        if not 2 <= len(text) <= MAX_SUBHEAD or _SENTENCE_END.search(text) or parent is None:
            continue
        if sum(1 for c in parent if c.tag == "p") >= 3:  # amid the story's paragraphs
            div.tag = "h3"
