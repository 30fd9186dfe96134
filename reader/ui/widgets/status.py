"""The refresh progress line; with [sync], the sync's state once a refresh has ended."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from reader.core.models import RefreshProgress
from reader.core.text import clean_text

if TYPE_CHECKING:  # the sync loads with the first refresh that syncs
    from reader.core.sync.model import SyncStatus

PROGRESS_EVERY = 0.1  # seconds between repaints of the line while a refresh runs


class RefreshStatus(Static):
    """One line while a refresh runs: "Refreshing 12/40 feeds · 1 failed", and near the end
    "· waiting for …" the feeds still running."""

    def __init__(self) -> None:
        super().__init__(id="refresh-status")
        self.latest: RefreshProgress | None = None  # set by the refresh's thread (`report`)
        self._shown: RefreshProgress | None = None
        self._timer: Timer | None = None
        self.synced: SyncStatus | None = None  # set by the refresh's thread, shown by stop()

    def start(self, total: int | None = None) -> None:
        self.add_class("-running")
        label = f"Refreshing {total} feeds…" if total else "Refreshing feeds…"
        self.update(Text("⟳ " + label))
        self.latest = None
        if self._timer is not None:
            self._timer.stop()
        # Progress is polled, not pushed: 200 feeds finishing in bursts would otherwise queue
        # a repaint each on the app's loop.
        self._timer = self.set_interval(PROGRESS_EVERY, self._show_latest)

    def report(self, progress: RefreshProgress | SyncStatus) -> None:
        """The refresh's progress callback (on its own thread): kept for the next repaint;
        the sync's state, at the end, kept for `stop`."""
        if isinstance(progress, RefreshProgress):
            self.latest = progress
        else:
            self.synced = progress

    def _show_latest(self) -> None:
        latest = self.latest
        if latest is not None and latest is not self._shown:
            self._shown = latest
            self.progress(latest)

    def progress(self, progress: RefreshProgress) -> None:
        text = Text(f"⟳ Refreshing {progress.done}/{progress.total} feeds")
        if progress.failed:
            text.append(f" · {progress.failed} failed", style="bold")
        if progress.waiting:
            text.append(" · waiting for " + ", ".join(map(clean_text, progress.waiting)))
        self.update(text)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.remove_class("-running")
        if self.synced is not None:  # "synced 14:02 · 3 changes waiting" stays on the line
            self.update(Text("⇅ " + clean_text(self.synced.describe())))
            self.styles.display = "block"
