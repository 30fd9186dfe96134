"""The help screen: every key, generated from the bindings (with `[keys]` remaps applied)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core.keymap import DEFAULT_KEYS


def binding_sources() -> list[tuple[str, list[BindingType]]]:
    from reader.ui.screens.main import MainScreen
    from reader.ui.widgets.article_view import ArticleView
    from reader.ui.widgets.line_list import LineList

    return [
        ("Lists", LineList.BINDINGS),
        ("Everywhere", MainScreen.BINDINGS),
        ("Article", ArticleView.BINDINGS),  # repeats of the above, for the footer
    ]


def help_rows(keymap: Mapping[str, str], key_display) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with an action, each action once."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _, bindings in binding_sources():
        for binding in bindings:
            if not isinstance(binding, Binding) or (binding.id or binding.action) in seen:
                continue
            if (binding.id or "").startswith("link-"):
                continue  # the digits: one row for all of them, below
            seen.add(binding.id or binding.action)
            keys = keymap.get(binding.id or "", binding.key) if binding.id else binding.key
            labels = [key_display(replace(binding, key=key.strip())) for key in keys.split(",")]
            description = DEFAULT_KEYS.get(binding.id or "", ("", binding.description))[1]
            rows.append((" ".join(labels), description or binding.description))
    copy = keymap.get("copy_link", DEFAULT_KEYS["copy_link"][0]).split(",")[0]
    rows.append(("1 … 9, 0", "Open link [1] … [10] of the article"))
    rows.append((f"{copy} 1 … 9, 0", "Copy link [1] … [10]"))
    rows.append(("ctrl+p", "Command palette (actions, go to feed, theme)"))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=True),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, description in help_rows(self.app._keymap, self.app.get_key_display):
            table.add_row(Text(keys), Text(description))
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(table, id="help-table")
            yield Static(Text("esc, q or ? closes this screen", style="dim"), id="help-hint")
