"""Putting changed widgets in the screen's next frame.

Textual hears of a widget's `refresh()` only when that widget's own message task next runs
idle, and then tells the screen; the screen paints as soon as the first of these arrives.
When a key changes several widgets and one of them is quicker to tell (the region picker that
hides itself, in the handler's own task), the screen paints a frame without the others, and
its frame timer then holds the next one back for 17–33 ms: the filtered list showed ~40 ms
after the picker had gone. `tell_screen_now` hands the changes over at once, so they all land
in the same frame.
"""

from __future__ import annotations

from textual.widget import Widget


def tell_screen_now(*widgets: Widget) -> None:
    """Tell the screen now what these widgets' `refresh()` calls asked for (their repaint,
    their layout), instead of when their tasks next run idle."""
    for widget in widgets:
        # Textual's own idle step (private: when it is gone, the change just waits for idle).
        check = getattr(widget, "_check_refresh", None)
        if callable(check) and widget.is_attached:
            check()
