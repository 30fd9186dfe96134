"""Feed HTML → styled Rich text for the article view (no Textual here: it is core).

Feed HTML is untrusted data. Everything that reaches the screen is built as `rich.text.Text`
from plain strings (Rich markup in the input is never interpreted), control characters and
terminal escape sequences are stripped, and script/style/iframe contents are dropped. Links are
numbered inline ("text[1]") and listed at the end; images are shown as "[image: alt]" lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from reader.core.text import clean_text, strip_escapes
from reader.core.url_safety import display_url

_SPACES = re.compile(r"[ \t\r\n\f\v]+")

DROPPED = frozenset(
    {"script", "style", "iframe", "noscript", "template", "svg", "object", "embed", "head",
     "select", "canvas", "math", "frameset", "frame"}
)  # fmt: skip
BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure",
     "figcaption", "table", "tr", "dl", "dt", "dd", "address", "center", "details", "summary",
     "h1", "h2", "h3", "h4", "h5", "h6", "pre", "li", "ul", "ol", "blockquote", "form"}
)  # fmt: skip
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"})
INLINE_STYLES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "cite": "italic",
    "u": "underline", "ins": "underline", "s": "strike", "del": "strike", "strike": "strike",
    "code": "bold cyan", "kbd": "bold cyan", "tt": "cyan", "mark": "reverse", "small": "dim",
}  # fmt: skip
HEADING_STYLES = {"h1": "bold underline", "h2": "bold underline", "h3": "bold"}
LINK_STYLE = "underline"
MARK_STYLE = "dim"
QUOTE_STYLE = "italic"
LINK_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


@dataclass(slots=True)
class Block:
    """One rendered block: a paragraph, heading, list item, quote line group, pre, image."""

    kind: str  # "p", "h1".."h6", "li", "pre", "image", "hr"
    text: Text
    indent: int = 0  # cells of left indent (nesting of lists and blockquotes)
    bullet: str = ""  # "• " or "3. " for list items
    quote: bool = False


@dataclass(slots=True)
class RenderedArticle:
    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt)

    @property
    def renderables(self) -> list[RenderableType]:
        """Blocks separated by blank lines, then the numbered link list."""
        out: list[RenderableType] = []
        previous = ""
        for block in self.blocks:
            if out and not (block.kind == previous == "li"):  # list items sit tight
                out.append(Text(""))
            out.append(_block_renderable(block))
            previous = block.kind
        if self.links:
            out += [Text(""), Text("Links", style="bold")]
            for number, url in enumerate(self.links, 1):
                line = Text(f"[{number}] ", style=MARK_STYLE)
                line.append(clean_text(display_url(url)))
                out.append(line)
        return out

    def __rich__(self) -> Group:
        return Group(*self.renderables)

    @property
    def plain(self) -> str:
        """The text as a reader sees it, for tests and search (no styles)."""
        parts = [" " * b.indent + b.bullet + b.text.plain for b in self.blocks]
        if self.links:
            shown = (clean_text(display_url(u)) for u in self.links)
            parts.append("Links\n" + "\n".join(f"[{n}] {u}" for n, u in enumerate(shown, 1)))
        return "\n\n".join(parts)


def _block_renderable(block: Block) -> RenderableType:
    body: RenderableType = block.text
    if block.bullet:  # a grid gives the hanging indent: wrapped lines align with the text
        grid = Table.grid(padding=0)
        grid.add_column(width=len(block.bullet), no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(block.bullet, style=MARK_STYLE), block.text)
        body = grid
    return Padding(body, (0, 0, 0, block.indent)) if block.indent else body


def render_html(
    html: str, *, width: int | None = None, base_url: str | None = None
) -> RenderedArticle:
    """Render untrusted feed HTML (or plain text) as styled blocks."""
    parser = _Renderer(width=width or 60, base_url=base_url)
    parser.feed(html or "")
    parser.close()
    return parser.result


class _Renderer(HTMLParser):
    def __init__(self, *, width: int, base_url: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.result = RenderedArticle()
        self.width = width
        self.base_url = base_url
        self.dropping: list[str] = []  # open dropped elements (their text is discarded)
        self.styles: list[tuple[str, str]] = []  # open inline elements and their styles
        self.lists: list[list[int]] = []  # per open list: [counter] (-1 for bullets)
        self.quote_depth = 0
        self.pre_depth = 0
        self.block_kind = "p"
        self.bullet = ""
        self.text = Text()
        self.links: dict[str, int] = {}
        self.anchor: str | None = None  # href of the open <a>, if it is a link we number

    # --- blocks ----------------------------------------------------------------------------
    def indent(self) -> int:
        return 4 * self.quote_depth + 2 * max(0, len(self.lists) - 1)

    def flush(self, next_kind: str = "p") -> None:
        text = self.text
        if self.pre_depth == 0:
            text.rstrip()
        if text.plain.strip():
            self.result.blocks.append(
                Block(
                    self.block_kind,
                    text,
                    indent=self.indent(),
                    bullet=self.bullet,
                    quote=self.quote_depth > 0,
                )
            )
        self.text = Text(style=QUOTE_STYLE if self.quote_depth else "")
        self.block_kind = next_kind
        self.bullet = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            if tag not in VOID:
                self.dropping.append(tag)
            return
        if self.dropping:
            return
        attr = {name: strip_escapes(value or "") for name, value in attrs}
        if tag in BLOCKS:
            self.start_block(tag, attr)
        elif tag == "br":
            self.text.append("\n")
        elif tag == "hr":
            self.flush()
            self.result.blocks.append(Block("hr", Text("─" * min(self.width, 40), MARK_STYLE)))
        elif tag == "img":
            self.image(attr)
        elif tag == "a":
            self.open_link(attr.get("href", ""))
        elif tag in INLINE_STYLES:
            self.styles.append((tag, INLINE_STYLES[tag]))
        elif tag in ("td", "th") and self.text.plain and not self.text.plain.endswith((" ", "\n")):
            self.text.append("  ")  # cells of a row read left to right

    def start_block(self, tag: str, attr: dict[str, str]) -> None:
        if tag in ("ul", "ol"):
            self.flush()
            start = attr.get("start", "1")
            self.lists.append([int(start) if start.isdigit() else 1] if tag == "ol" else [-1])
            return
        if tag == "blockquote":
            self.flush()
            self.quote_depth += 1
            self.text = Text(style=QUOTE_STYLE)
            return
        self.flush(tag if tag in HEADING_STYLES or (tag[:1] == "h" and tag[1:].isdigit()) else "p")
        if tag == "pre":
            self.pre_depth += 1
            self.block_kind = "pre"
        elif tag == "li":
            counter = self.lists[-1] if self.lists else [-1]
            if counter[0] < 0:
                self.bullet = "• " if len(self.lists) < 2 else "◦ "
            else:
                self.bullet = f"{counter[0]}. "
                counter[0] += 1
            self.block_kind = "li"
        if self.block_kind in HEADING_STYLES or self.block_kind[:1] == "h":
            self.text = Text(style=HEADING_STYLES.get(self.block_kind, "bold"))

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag in self.dropping:
                while self.dropping and self.dropping.pop() != tag:
                    pass
            return
        if tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag == "blockquote":
            self.flush()
            self.quote_depth = max(0, self.quote_depth - 1)
            self.text = Text(style=QUOTE_STYLE if self.quote_depth else "")
        elif tag in BLOCKS:
            self.flush()
            if tag == "pre":
                self.pre_depth = max(0, self.pre_depth - 1)
        elif tag == "a":
            self.close_link()
        elif tag in INLINE_STYLES:
            for index in range(len(self.styles) - 1, -1, -1):
                if self.styles[index][0] == tag:
                    del self.styles[index]
                    break

    def close(self) -> None:
        super().close()
        self.close_link()
        self.flush()

    # --- inline ----------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        data = strip_escapes(data)
        if self.pre_depth == 0:
            data = _SPACES.sub(" ", data)
            if not self.text.plain or self.text.plain.endswith(("\n", " ")):
                data = data.lstrip(" ")
        if not data:
            return
        style = " ".join(style for _, style in self.styles)
        if self.anchor is not None:
            style = f"{style} {LINK_STYLE}".strip()
        self.text.append(data, style or None)

    def open_link(self, href: str) -> None:
        self.close_link()
        href = href.strip()
        if self.base_url and href and "://" not in href and not href.startswith("mailto:"):
            href = urljoin(self.base_url, href)
        self.anchor = href if href.lower().startswith(LINK_SCHEMES) else None

    def close_link(self) -> None:
        if self.anchor is None:
            return
        href, self.anchor = self.anchor, None
        number = self.links.get(href)
        if number is None:
            self.result.links.append(href)
            number = self.links[href] = len(self.result.links)
        self.text.append(f"[{number}]", MARK_STYLE)

    def image(self, attr: dict[str, str]) -> None:
        alt = _SPACES.sub(" ", attr.get("alt", "")).strip()
        src = attr.get("src", "").strip()
        if self.base_url and src:
            src = urljoin(self.base_url, src)
        self.result.images.append((src, alt))
        kind = self.block_kind
        self.flush()
        label = f"[image: {alt}]" if alt else "[image]"
        self.result.blocks.append(Block("image", Text(label, MARK_STYLE), indent=self.indent()))
        self.block_kind = kind
