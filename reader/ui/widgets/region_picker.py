"""The region picker (`f`): the weather bar's cities, recent choices, or any text.

Typing narrows the list (a name, label or alias: "Gwangju" finds 광주) and always offers the
typed text itself as a free-text filter. Enter picks the highlighted choice, esc cancels; the
callback given to `open` gets what to filter by — a region's name, free text, "" to clear the
filter — or None (cancelled). With a filter on, it also offers to make that filter the one the
app opens with (or, when it already is, to stop): a `DefaultChosen` message, the filter as is.

It is a box floating over the main screen on a layer of its own, not a screen: closing a
screen repaints the whole terminal (~20 ms at 160×48, on top of the filtered list), while
hiding this repaints only the cells it covered, in the same frame as the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.errors import NoWidget
from textual.geometry import Region as Cells
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.regions import Region, find_region

CLEAR = "clear"
SAVE_DEFAULT = "default:save"
DROP_DEFAULT = "default:drop"
TITLE = "Filter by region"


def _fold(word: str) -> str:
    return " ".join(word.split()).casefold()


def _matches(region: Region, typed: str) -> bool:
    return any(_fold(word).startswith(typed) for word in region.words)


class RegionPicker(Vertical):
    class DefaultChosen(Message):
        """Open the app with this region filter from now on (None: with none)."""

        def __init__(self, region: str | None) -> None:
            super().__init__()
            self.region = region

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=True),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, *, cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor_blink = cursor_blink
        self.regions: list[Region] = []
        self.recent: list[str] = []
        self.current: str | None = None
        self.default: str | None = None  # the filter the app opens with (config)
        self.values: dict[str, str] = {}  # option id -> what picking it filters by
        self.origin: Widget | None = None  # focused before it opened; gets the focus back
        self._on_close: Callable[[str | None], None] | None = None

    @property
    def is_modal(self) -> bool:
        """While it has focus, keys stop here as on a modal screen: the main screen's own
        keys (j, tab, r…) must not act on the panes beneath it."""
        return True

    @property
    def is_open(self) -> bool:
        return self.styles.visibility == "visible"

    def _show(self, shown: bool) -> None:
        # An inline style, not a class: a class change restyles the whole box and its options
        # from the stylesheet (~3 ms, on the way to the filtered list). Hidden, it keeps its
        # place in the layout: taking it out would renumber the panes' paint order, and so
        # repaint everything under it.
        self.styles.visibility = "visible" if shown else "hidden"

    def compose(self) -> ComposeResult:
        yield Static(Text(TITLE, style="bold"), id="region-title")
        field = Input(placeholder="광주, Gwangju, any place…", id="region-input")
        field.cursor_blink = self.cursor_blink
        yield field
        yield OptionList(id="region-options")
        yield Static(Text("enter picks · ↑↓ move · esc cancels", style="dim"), id="region-hint")

    # --- opening and closing ---------------------------------------------------------------
    def open(
        self,
        regions: Sequence[Region],
        recent: Sequence[str],
        current: str | None,
        on_close: Callable[[str | None], None],
        default: str | None = None,
    ) -> None:
        """Show the choices for an empty field and take the focus."""
        self.regions, self.recent, self.current = list(regions), list(recent), current
        self.default = default
        self._on_close = on_close
        if not self.is_open:
            self.return_focus()
            self.origin = self.screen.focused
        field = self.query_one("#region-input", Input)
        with field.prevent(Input.Changed):  # the list is filled just below
            field.value = ""
        self.fill("")
        self._show(True)
        self.screen.set_focus(field)

    def close(self, value: str | None) -> None:
        """Report `value` and hide: the list the value asks for shows in the frame that hides
        this box. The focus goes back right after that frame (see `return_focus`)."""
        if not self.is_open:
            return
        on_close, self._on_close = self._on_close, None
        try:
            # The value first: Textual paints a widget once the widget's own task has told the
            # screen it changed. When the list and its header ask before anything wakes the
            # screen, they are in its next frame; after, the header can miss it and wait a
            # frame or two (17–33 ms).
            if on_close is not None:
                on_close(value)
        finally:
            self.repaint_edges()
            self._show(False)
            # Moving the focus restyles the field and the widget that gets it (~5 ms): after
            # the frame, not before it. A key that comes sooner takes it back first (the app
            # calls `return_focus` before it handles any key).
            self.call_after_refresh(self.return_focus)

    def return_focus(self) -> None:
        """Once closed, give the focus back to where it was when the box opened — unless a
        click moved it elsewhere meanwhile."""
        if self.is_open or self.origin is None:
            return
        origin, self.origin = self.origin, None
        # Hiding the box may already have taken the focus from its field (to nowhere).
        if self.has_focus_within or self.screen.focused is None:
            self.screen.set_focus(origin if origin.is_attached else None)

    def repaint_edges(self) -> None:
        """Before the box shrinks or hides: redraw the rows it covers in the widgets at its
        left and right edges, whole. Textual redraws just the cells the box leaves, which cuts
        a wide (Hangul) character crossing its edge in half, and the half outside stays blank.
        """
        box = self.region
        rows: dict[Widget, list[int]] = {}
        for y in range(box.y, box.bottom):
            for x in (box.x - 1, box.right):
                try:
                    widget, _ = self.screen.get_widget_at(x, y)
                except NoWidget:
                    continue
                if widget is not self and self not in widget.ancestors:
                    rows.setdefault(widget, []).append(y)
        for widget, ys in rows.items():
            region, offset = widget.region, widget.content_offset
            top = min(ys) - region.y  # refresh takes regions relative to the content
            widget.refresh(Cells(-offset.x, top - offset.y, region.width, max(ys) - min(ys) + 1))

    # --- the choices -----------------------------------------------------------------------
    def choices(self, typed: str) -> list[tuple[str, Text, str]]:
        """(option id, prompt, value) for what is typed so far, best first."""
        key = _fold(typed)
        out: list[tuple[str, Text, str]] = []
        exact = find_region(self.regions, typed) if key else None
        if not key and self.current:
            out.append((CLEAR, Text.assemble("× Clear the filter (", self.current, ")"), ""))
            if self.current != self.default:
                prompt = Text.assemble("★ Always open with ", self.current, ("  saves it", "dim"))
                out.append((SAVE_DEFAULT, prompt, self.current))
        if not key and self.default and self.current == self.default:
            prompt = Text.assemble("☆ Stop opening with ", self.default, ("  saves it", "dim"))
            out.append((DROP_DEFAULT, prompt, ""))
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
        if self.is_open and len(choices) != options.option_count:
            self.repaint_edges()  # the box's height follows the number of choices
        self.values = {option_id: value for option_id, _, value in choices}
        options.clear_options()
        options.add_options([Option(prompt, id=option_id) for option_id, prompt, _ in choices])
        options.highlighted = 0 if choices else None

    # --- input -----------------------------------------------------------------------------
    @on(Input.Changed, "#region-input")
    def typed(self, event: Input.Changed) -> None:
        event.stop()
        self.fill(event.value)

    @on(Input.Submitted, "#region-input")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#region-options", OptionList)
        if options.highlighted is not None:
            self.pick(options.get_option_at_index(options.highlighted).id)
        elif event.value.strip():
            self.close(" ".join(event.value.split()))

    @on(OptionList.OptionSelected, "#region-options")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick(event.option.id)

    def pick(self, option_id: str | None) -> None:
        if option_id in (SAVE_DEFAULT, DROP_DEFAULT):
            self.post_message(self.DefaultChosen(self.values[option_id] or None))
            self.close(None)  # the filter itself stays as it is
        elif option_id is not None and option_id in self.values:
            self.close(self.values[option_id])

    def action_move(self, step: int) -> None:
        options = self.query_one("#region-options", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = (current + step) % options.option_count

    def action_cancel(self) -> None:
        self.close(None)
