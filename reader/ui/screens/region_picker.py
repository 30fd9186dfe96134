"""The region picker (`f`): the weather bar's cities, recent choices, or any text.

Typing narrows the list (a name, label or alias: "Gwangju" finds 광주) and always offers the
typed text itself as a free-text filter. Enter picks the highlighted choice. The screen returns
what to filter by — a region's name, free text, "" to clear the filter — or None (esc).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.regions import Region, find_region

CLEAR = "clear"


def _fold(word: str) -> str:
    return " ".join(word.split()).casefold()


def _matches(region: Region, typed: str) -> bool:
    return any(_fold(word).startswith(typed) for word in region.words)


class RegionPicker(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=True),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(
        self,
        regions: Sequence[Region],
        recent: Sequence[str] = (),
        current: str | None = None,
        *,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.regions = list(regions)
        self.recent = list(recent)
        self.current = current
        self.cursor_blink = cursor_blink
        self.values: dict[str, str] = {}  # option id -> what picking it filters by

    def compose(self) -> ComposeResult:
        with Vertical(id="region-box"):
            yield Static(Text("Filter by region", style="bold"), id="region-title")
            field = Input(placeholder="광주, Gwangju, any place…", id="region-input")
            field.cursor_blink = self.cursor_blink
            yield field
            yield OptionList(id="region-options")
            yield Static(Text("enter picks · ↑↓ move · esc cancels", style="dim"), id="region-hint")

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#region-input", Input).focus()

    # --- the choices -----------------------------------------------------------------------
    def choices(self, typed: str) -> list[tuple[str, Text, str]]:
        """(option id, prompt, value) for what is typed so far, best first."""
        key = _fold(typed)
        out: list[tuple[str, Text, str]] = []
        exact = find_region(self.regions, typed) if key else None
        if not key and self.current:
            out.append((CLEAR, Text.assemble("× Clear the filter (", self.current, ")"), ""))
        cities = [r for r in self.regions if not key or _matches(r, key)]
        if exact is not None:
            cities = [exact, *(r for r in cities if r is not exact)]
        for region in cities:
            prompt = Text(region.label)
            others = [w for w in region.words if w != region.label]
            if others:
                prompt.append("  " + ", ".join(others[:3]), "dim")
            if region.name in self.recent:
                prompt.append("  recent", "italic dim")
            out.append((f"region:{region.name}", prompt, region.name))
        city_names = {r.name for r in self.regions}
        for word in self.recent:
            if word not in city_names and (not key or _fold(word).startswith(key)):
                out.append((f"recent:{word}", Text.assemble(word, ("  recent", "dim")), word))
        if key and exact is None:
            text = " ".join(typed.split())
            prompt = Text.assemble("Any article mentioning “", text, "”")
            out.append((f"text:{text}", prompt, text))
        return out

    def fill(self, typed: str) -> None:
        options = self.query_one("#region-options", OptionList)
        choices = self.choices(typed)
        self.values = {option_id: value for option_id, _, value in choices}
        options.clear_options()
        options.add_options([Option(prompt, id=option_id) for option_id, prompt, _ in choices])
        options.highlighted = 0 if choices else None

    # --- input -----------------------------------------------------------------------------
    @on(Input.Changed, "#region-input")
    def typed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#region-input")
    def submitted(self, event: Input.Submitted) -> None:
        options = self.query_one("#region-options", OptionList)
        if options.highlighted is not None:
            self.pick(options.get_option_at_index(options.highlighted).id)
        elif event.value.strip():
            self.dismiss(" ".join(event.value.split()))

    @on(OptionList.OptionSelected, "#region-options")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.pick(event.option.id)

    def pick(self, option_id: str | None) -> None:
        if option_id is not None and option_id in self.values:
            self.dismiss(self.values[option_id])

    def action_move(self, step: int) -> None:
        options = self.query_one("#region-options", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = (current + step) % options.option_count

    def action_cancel(self) -> None:
        self.dismiss(None)
