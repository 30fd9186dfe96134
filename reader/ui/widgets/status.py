"""The refresh progress line."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.core.models import RefreshProgress
from reader.core.text import clean_text


class RefreshStatus(Static):
    """One line while a refresh runs: "Refreshing 12/40 feeds · 1 failed", and near the end
    "· waiting for …" the feeds still running."""

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
        if progress.waiting:
            text.append(" · waiting for " + ", ".join(map(clean_text, progress.waiting)))
        self.update(text)

    def stop(self) -> None:
        self.remove_class("-running")
