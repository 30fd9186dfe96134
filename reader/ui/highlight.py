"""Search matches marked in Rich renderables: the article view's header and bodies.

Where a query matches is `reader.core.search_match.match_spans`; this applies a style to those
spans in every `Text` of a renderable (through groups, paddings and the grids list items are
laid out in), on copies: the renderables handed in are kept as they are, so a body can be
drawn again with another search or none.
"""

from __future__ import annotations

import copy
import dataclasses

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reader.core.search_match import SearchQuery, match_spans


def highlighted_text(text: Text, query: SearchQuery | None, style: Style) -> Text:
    """A copy of `text` with `style` over what the query matches (`text` when nothing)."""
    spans = match_spans(text.plain, query)
    if not spans:
        return text
    marked = text.copy()
    for start, end in spans:
        marked.stylize(style, start, end)
    return marked


def highlighted(body: RenderableType, query: SearchQuery | None, style: Style) -> RenderableType:
    """`body` with the query's matches in `style`, in every Text it is made of."""
    if query is None or not query.words:
        return body
    if isinstance(body, Text):
        return highlighted_text(body, query, style)
    if isinstance(body, Group):
        return Group(*(highlighted(r, query, style) for r in body.renderables), fit=body.fit)
    if isinstance(body, Padding):
        pad = (body.top, body.right, body.bottom, body.left)
        inner = highlighted(body.renderable, query, style)
        return Padding(inner, pad, style=body.style, expand=body.expand)
    if isinstance(body, Table):
        table = copy.copy(body)
        table.columns = [
            dataclasses.replace(c, _cells=[highlighted(x, query, style) for x in c.cells])
            for c in body.columns
        ]
        return table
    rich = getattr(body, "__rich__", None)  # e.g. a RenderedArticle: its blocks as a Group
    if callable(rich):
        return highlighted(rich(), query, style)
    return body
