"""Page text is data: no scripts, no escape sequences, markup-looking text kept literal."""

from __future__ import annotations

import json

from rich.console import Console, Group

from reader.core.extract.render import plain_text, render_article

FORBIDDEN = ("SCRIPT-TEXT", "STYLE-TEXT", "IFRAME-TEXT", "NOSCRIPT-TEXT", "INLINE-SCRIPT")


def test_hostile_page_extracts_clean_data(page) -> None:
    art = page("hostile.html")
    dump = json.dumps(art.to_json(), ensure_ascii=False)
    for marker in FORBIDDEN:
        assert marker not in dump
    for bad in ("\x1b", "\x00", "\u202e", "\u202c", "[31m", "[0m", "[2J", "]52;", "]8;;"):
        assert bad not in dump
    assert art.title == "[bold]Breaking[/] news"
    assert "[bold]x[/]" in art.paragraphs[0]
    assert "[@click=app.quit]click me[/]" in art.paragraphs[0]
    assert art.paragraphs[1].startswith("Second paragraph with an escape clipboard write")


def test_rich_markup_is_never_interpreted_when_rendered(page) -> None:
    art = page("hostile.html")
    console = Console(width=100, record=True, force_terminal=True, color_system="truecolor")
    console.print(Group(*render_article(art, width=100, tz=None)))
    shown = console.export_text()
    assert "[bold]Breaking[/] news" in shown
    assert "[bold]x[/]" in shown
    assert "[@click=app.quit]click me[/]" in shown
    styles = console.export_text(styles=True)
    assert "\x1b]8;" not in styles  # no hyperlink smuggled in through text
    assert "[bold]x[/]" in plain_text(art, None)
