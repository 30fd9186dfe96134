"""A cursor list drawn with Textual's Line API: only the visible rows are ever rendered.

Subclasses say how many rows there are and how to draw one; this class owns the cursor,
scrolling, keys and mouse. Row text is always built as `rich.text.Text` (never markup).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.cells import fit
from reader.core.keymap import DEFAULT_KEYS


def keyed(
    action: str, *, show: bool = False, label: str | None = None, namespace: str = ""
) -> Binding:
    """A binding for one of the remappable actions: its id is the action's name, so one
    `[keys]` entry remaps it wherever it is bound. `namespace` ("screen.") lets a widget
    show a screen action in the footer while it has focus."""
    keys, description = DEFAULT_KEYS[action]
    return Binding(keys, namespace + action, label or description, show=show, id=action)


class LineList(ScrollView, can_focus=True):
    """Rows 0..row_count-1 with a cursor; subclasses implement `render_row`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        keyed("cursor_down"),
        keyed("cursor_up"),
        keyed("top"),
        keyed("bottom"),
        keyed("open", show=True),
        Binding("pagedown", "page_cursor(1)", "Page down", show=False),
        Binding("pageup", "page_cursor(-1)", "Page up", show=False),
        Binding("home", "top", show=False),
        Binding("end", "bottom", show=False),
    ]

    DEFAULT_CSS = """
    LineList { overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._row_count = 0
        self.cursor = 0
        self.empty_hint = ""  # shown on the first line when there are no rows
        self._base: Style | None = None
        self._base_token: Style | None = None
        self._parts: dict[str, tuple[Style, Style]] = {}  # component → (its style, own part)

    # --- model -----------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return self._row_count

    def set_row_count(self, count: int) -> None:
        self._row_count = max(0, count)
        self.virtual_size = Size(self.size.width, self._row_count)
        self.cursor = min(self.cursor, max(0, self._row_count - 1))
        self.refresh()

    def move_cursor(self, index: int, *, center: bool = False) -> None:
        """Put the cursor on row `index` (clamped) and scroll it into view."""
        if self._row_count == 0:
            self.cursor = 0
            return
        index = max(0, min(index, self._row_count - 1))
        old, old_scroll = self.cursor, self.scroll_offset
        changed = index != old
        self.cursor = index
        self.scroll_to_cursor(center=center)
        if self.scroll_offset == old_scroll:
            # Only the two rows whose look changed: a whole-list repaint per key is ~15 KB
            # of terminal output, which is what a key press waits on.
            self.refresh_line(old)
            self.refresh_line(index)
        else:
            self.refresh()
        if changed:
            self.cursor_moved()

    def scroll_to_cursor(self, *, center: bool = False) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            # Hidden (a narrow screen shows another pane): nothing to scroll into view. The
            # list keeps its place, and the resize that shows it again scrolls the cursor in.
            return
        top = int(self.scroll_y)
        if center:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def cursor_moved(self) -> None:
        """Hook for subclasses (e.g. to post a message)."""

    def choose(self, index: int) -> None:
        """Enter / click on a row: subclasses post their message."""

    def render_row(self, index: int, width: int, selected: bool) -> Text:
        raise NotImplementedError

    # --- drawing ---------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._row_count)
        self.scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        base = self.base_style()
        if index >= self._row_count or width <= 0:
            if index == 0 and self._row_count == 0 and self.empty_hint and width > 0:
                hint = fit(" " + self.empty_hint, width)
                return Strip([Segment(hint, base + self.part("line-list--hint"))], width)
            return Strip([Segment(" " * max(0, width), base)], max(0, width))
        selected = index == self.cursor
        cells = self.row_cells(index, width, selected)
        if cells is not None:  # the quick way: (text, style) runs that fill the width exactly
            row = base + self.row_style(selected)
            segments = [Segment(text, row + style) for text, style in cells if text]
            return Strip(Segment.simplify(segments), width)
        text = self.render_row(index, width, selected)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(seg.text, base + seg.style if seg.style else base)
            for seg in text.render(self.app.console)
        ]
        return Strip(Segment.simplify(segments), width)

    def row_cells(self, index: int, width: int, selected: bool) -> list[tuple[str, Style]] | None:
        """A row as (text, style) runs exactly `width` cells long, drawn over the row style —
        the same look as `render_row` without building and rendering a Text (a full repaint
        of a tall list is ~0.5 ms a row that way); None: use `render_row`."""
        return None

    def base_style(self) -> Style:
        """The widget's own style. `rich_style` walks every ancestor on each call (a repaint
        asks once a row), so it is kept for as long as Textual keeps the component styles:
        their cache is cleared on every refresh and style update, and a new object for the
        cursor's style says so."""
        token = self.get_component_rich_style("line-list--cursor")
        if token is not self._base_token or self._base is None:
            self._base_token, self._base = token, self.rich_style
        return self._base

    def row_style(self, selected: bool) -> Style:
        """The cursor row's style (dimmer when the list does not have focus)."""
        if not selected:
            return Style()
        name = "line-list--cursor" if self.has_focus else "line-list--cursor-blurred"
        return self.get_component_rich_style(name)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--cursor",
        "line-list--cursor-blurred",
        "line-list--hint",
    }

    def part(self, name: str) -> Style:
        """A component's own style, without the widget background (so the cursor row's
        background shows through the coloured columns)."""
        full = self.get_component_rich_style(name)
        cached = self._parts.get(name)
        if cached is not None and cached[0] is full:  # Textual caches `full` per style update
            return cached[1]
        part = self._parts[name] = (full, self._own(full))
        return part[1]

    @staticmethod
    def _own(full: Style) -> Style:
        return Style(
            color=full.color,
            bold=full.bold,
            dim=full.dim,
            italic=full.italic,
            underline=full.underline,
            strike=full.strike,
        )

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- keys and mouse --------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_top(self) -> None:
        self.move_cursor(0)

    def action_bottom(self) -> None:
        self.move_cursor(self._row_count - 1)

    def action_page_cursor(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1)
        self.move_cursor(self.cursor + direction * step)

    def action_open(self) -> None:
        if self._row_count:
            self.choose(self.cursor)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = int(self.scroll_y) + offset.y
        if 0 <= index < self._row_count:
            self.move_cursor(index)
            self.choose(index)  # one click opens, like a mail reader
