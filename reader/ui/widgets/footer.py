"""The footer, recomposed only when the keys it would show actually change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen


class QuietFooter(Footer):
    """Textual rebuilds the footer whenever a screen's bindings are updated — opening or
    closing the region picker, moving focus — which costs ~20 ms of a filter change's repaint
    even when the same keys come back. Rebuild only when what it shows is different."""

    _shown: tuple[object, ...] | None = None

    def _signature(self, screen: Screen) -> tuple[object, ...]:
        keys = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )
        return (keys, self.show_command_palette, self.compact)

    def bindings_changed(self, screen: Screen) -> None:
        focused = screen.focused
        if focused is not None and any(n.is_modal for n in focused.ancestors if n is not screen):
            # A modal widget (the region picker) has the keys: keep showing the screen's, as
            # under a modal screen, and rebuild nothing on the way in or out.
            return
        if self._bindings_ready and self.is_attached and screen is self.screen:
            shown = self._signature(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)
