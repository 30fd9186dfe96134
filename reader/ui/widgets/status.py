"""Small status widgets: the weather bar's slot and the refresh progress line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.text import Text
from textual.widgets import Static

from reader.core.models import RefreshProgress
from reader.ui.timefmt import local


class WeatherSlot(Static):
    """Top bar placeholder until the weather issue fills it: app name and today's date."""

    def __init__(self, *, clock: Callable[[], datetime], tz: tzinfo | None) -> None:
        super().__init__(id="weather-bar")
        self.clock = clock
        self.tz = tz

    def on_mount(self) -> None:
        today = local(self.clock(), self.tz)
        text = Text(" 신문 Sinmun", style="bold")
        text.append(f"  ·  {today:%Y-%m-%d (%a)}", style="dim")
        self.update(text)


class RefreshStatus(Static):
    """One line while a refresh runs: "Refreshing 12/40 feeds · 1 failed"."""

    def __init__(self) -> None:
        super().__init__(id="refresh-status")

    def start(self, total: int | None = None) -> None:
        self.add_class("-running")
        label = f"Refreshing {total} feeds…" if total else "Refreshing feeds…"
        self.update(Text("⟳ " + label))

    def progress(self, progress: RefreshProgress) -> None:
        text = Text(f"⟳ Refreshing {progress.done}/{progress.total} feeds")
        if progress.failed:
            text.append(f" · {progress.failed} failed", style="bold")
        self.update(text)

    def stop(self) -> None:
        self.remove_class("-running")
