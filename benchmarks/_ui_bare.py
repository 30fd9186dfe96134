"""The floor for startup.py: a bare Textual app that paints one line and quits on `q`."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

MARKER = "BARE-FIRST-FRAME"


class Bare(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit")]

    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    Bare().run()
