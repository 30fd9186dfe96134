"""An `ExtractedArticle` set for the terminal: Rich renderables (and a plain-text twin).

Headline with the outlet as a badge, deck, byline line (name · role · email · time in the
user's zone), paragraphs at a reading width (≤ 80 columns, centred on wide terminals), quoted
speech in its own style, pull-quotes (block quotes) indented with their speaker, links numbered
inline and listed at the end (by the host they lead to: userinfo is left out), images listed with
their alt text and caption — or, given a ``picture`` function (the app's), drawn in place: the
lead picture under the deck and byline, the others after the paragraph they follow. Every piece
of page text goes into `rich.text.Text` via ``append``: Rich markup in it is never interpreted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from reader.core.text import clean_text
from reader.core.url_safety import display_url

from .model import ExtractedArticle, Image, Quote

# The app's picture at a column width (or its stand-in); None: leave the picture out.
PictureFn = Callable[[Image, int], RenderableType | None]

MAX_COLUMNS = 80
STYLES = {
    "outlet": "bold reverse",
    "title": "bold",
    "deck": "italic",
    "byline": "dim",
    "quote": "italic cyan",
    "pull": "italic cyan",
    "speaker": "dim",
    "link_no": "dim blue",
    "heading": "bold underline",
    "image": "dim",
    "caption": "italic",
    "credit": "dim",
}


def long_time(moment: datetime | None, tz: tzinfo | None) -> str:
    """ "2026-11-24 11:02 KST" in ``tz`` (None: the machine's zone)."""
    if moment is None:
        return ""
    here = moment.astimezone(tz)
    return f"{here:%Y-%m-%d %H:%M} {here.tzname() or ''}".rstrip()


def byline_line(article: ExtractedArticle, tz: tzinfo | None) -> str:
    parts: list[str] = []
    if article.byline:
        parts += [p for p in (article.byline.name, article.byline.role, article.byline.email) if p]
    when = long_time(article.published, tz)
    if when:
        parts.append(when)
    return " · ".join(clean_text(p) for p in parts)


def _pull_quote(paragraph: str, quotes: list[Quote]) -> Quote | None:
    for q in quotes:
        whole = q.text == paragraph or (q.speaker and paragraph.startswith(q.text))
        if whole and len(q.text) >= len(paragraph) * 0.8:
            return q
    return None


def _paragraph(text: str, quotes: list[Quote], links: list[tuple[int, str]]) -> Text:
    out = Text(text)
    for q in quotes:
        start = text.find(q.text)
        if start >= 0 and q.text:
            out.stylize(STYLES["quote"], start, start + len(q.text))
    # Link numbers go after the first occurrence of each link's text, last first so that
    # earlier offsets stay valid.
    marks = sorted(
        ((text.find(label) + len(label), n) for n, label in links if label and label in text),
        reverse=True,
    )
    for at, n in marks:
        out = out[:at] + Text(f"[{n}]", STYLES["link_no"]) + out[at:]
    return out


def caption_text(image: Image) -> Text | None:
    """The caption under a picture, its credit ("사진=연합뉴스") set apart as a credit."""
    from reader.core.images.captions import split_credit

    words, credit = split_credit(clean_text(image.caption))
    if not words and not credit:
        return None
    text = Text(words, STYLES["caption"])
    if credit:
        text.append(("  " if words else "") + credit, STYLES["credit"])
    return text


def render_article(
    article: ExtractedArticle,
    *,
    width: int,
    tz: tzinfo | None,
    headline: bool = True,
    picture: PictureFn | None = None,
) -> list[RenderableType]:
    """Renderables for the article view and `sinmun read` on a terminal (wrap in a Group).

    ``headline=False`` leaves out the outlet/headline line, for a view that already shows it.
    ``picture``: pictures drawn in place (see the module's docstring) instead of listed.
    """
    column = max(20, min(width, MAX_COLUMNS))
    left = max(0, (width - column) // 2)
    right = max(0, width - column - left)

    def fit(r: RenderableType, top: int = 0) -> RenderableType:
        return Padding(r, (top, right, 0, left))

    head = Text()
    if article.outlet:
        head.append(f" {clean_text(article.outlet)} ", STYLES["outlet"])
        head.append(" ")
    head.append(clean_text(article.title) or "(untitled)", STYLES["title"])
    out: list[RenderableType] = [fit(head)] if headline else []
    for line in article.deck:
        out.append(fit(Text(clean_text(line), STYLES["deck"])))
    meta = byline_line(article, tz)
    if meta:
        out.append(fit(Text(meta, STYLES["byline"]), top=1 if article.deck else 0))
    count = len(article.paragraphs)
    placed: dict[int, list[Image]] = {}  # after how many paragraphs → pictures
    for img in article.images if picture is not None else ():
        after = img.after_paragraph
        placed.setdefault(count if after is None or after > count else after, []).append(img)

    def pictures_after(n: int) -> None:
        for img in placed.get(n, ()):
            drawn = picture(img, column) if picture is not None else None
            if drawn is not None:
                caption = caption_text(img)
                out.append(fit(Group(drawn, caption) if caption else drawn, top=1))

    pictures_after(0)
    numbered = [(n, clean_text(link.text)) for n, link in enumerate(article.links, 1)]
    pending = list(numbered)
    for index, para in enumerate(article.paragraphs, 1):
        para = clean_text(para)
        pull = _pull_quote(para, article.quotes)
        if pull is not None:
            block = Text("│ ", STYLES["speaker"]) + Text(clean_text(pull.text), STYLES["pull"])
            if pull.speaker:
                block.append(f"\n  — {clean_text(pull.speaker)}", STYLES["speaker"])
            out.append(Padding(block, (1, right, 0, left + 4)))
        else:
            here = [(n, label) for n, label in pending if label and label in para]
            pending = [p for p in pending if p not in here]
            out.append(fit(_paragraph(para, article.quotes, here), top=1))
        if placed:
            pictures_after(index)
    if article.images and picture is None:
        lines = Text()
        for i, img in enumerate(article.images):
            if i:
                lines.append("\n")
            lines.append(f"[image: {clean_text(img.alt) or 'no description'}] ", STYLES["image"])
            lines.append(clean_text(img.src), STYLES["image"])
            caption = caption_text(img)
            if caption is not None:
                lines.append("\n  ")
                lines.append_text(caption)
        out.append(fit(Text("Images", STYLES["heading"]), top=1))
        out.append(fit(lines))
    if numbered:
        lines = Text()
        for i, (n, label) in enumerate(numbered):
            if i:
                lines.append("\n")
            lines.append(f"[{n}] ", STYLES["link_no"])
            lines.append(f"{label} — {clean_text(display_url(article.links[n - 1].href))}")
        out.append(fit(Text("Links", STYLES["heading"]), top=1))
        out.append(fit(lines))
    return out


def plain_text(article: ExtractedArticle, tz: tzinfo | None) -> str:
    """The article as plain text (`sinmun read` when piped): no styles, no escapes."""
    title = clean_text(article.title)
    lines = [f"({clean_text(article.outlet)}) {title}" if article.outlet else title]
    lines += [clean_text(d) for d in article.deck]
    meta = byline_line(article, tz)
    if meta:
        lines.append(meta)
    blocks = ["\n".join(lines)]
    for para in article.paragraphs:
        pull = _pull_quote(para, article.quotes)
        if pull is not None and pull.speaker:
            blocks.append(f"    “{clean_text(pull.text)}”\n      — {clean_text(pull.speaker)}")
        else:
            blocks.append(clean_text(para))
    if article.images:
        blocks.append(
            "\n".join(
                f"[image: {clean_text(i.alt) or 'no description'}] {clean_text(i.src)}"
                + (f"\n  {clean_text(i.caption)}" if clean_text(i.caption) else "")
                for i in article.images
            )
        )
    if article.links:
        blocks.append(
            "\n".join(
                f"[{n}] {clean_text(x.text)} — {clean_text(display_url(x.href))}"
                for n, x in enumerate(article.links, 1)
            )
        )
    return "\n\n".join(blocks) + "\n"
