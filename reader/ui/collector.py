"""Python's cycle collector, kept off the path of key presses.

Textual leaves much of what it draws in reference cycles (a cached `Strip` keeps itself in its
own crop cache), so the collector runs every few ms while the screen changes, and by Python's
defaults it walks every object the app holds once every few keys: a pause of 30–80 ms (at 100k
articles), on whatever key it lands. So once start-up is done, what is alive then (modules,
styles, widgets) is frozen out of later collections, and full collections wait until no key or
click has come for a second — or, if the user never pauses, until three times as many smaller
ones have run as Python waits for (a longer pause, far less often). Before that, `sinmun`
keeps the collector off altogether: start-up makes mostly objects that live as long as the app.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from textual.app import App

IDLE_SECONDS = 1.0  # no input for this long: a full collection will not delay a key
CHECK_SECONDS = 2.0
FULL_AFTER = 30  # middle-generation collections between full ones without a pause (Python: 10)


class QuietCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last_input = clock()
        self.started = False
        self._threshold = gc.get_threshold()

    def start(self, app: App[Any]) -> None:
        """Freeze what start-up made and move full collections to idle moments (once)."""
        if self.started:
            return
        self.started = True
        gc.freeze()
        gc.enable()  # `sinmun` keeps it off until the first frame (cli.py)
        self._threshold = gc.get_threshold()
        young, middle, _ = self._threshold
        gc.set_threshold(young, middle, FULL_AFTER)
        app.set_interval(CHECK_SECONDS, self.collect_if_idle, name="idle collection")

    def stop(self) -> None:
        """Python's own settings back (the app is done; tests run many apps in one process)."""
        if self.started:
            self.started = False
            gc.set_threshold(*self._threshold)
            gc.unfreeze()

    def input_seen(self) -> None:
        self.last_input = self.clock()

    def collect_if_idle(self) -> bool:
        """A full collection if there is anything to collect and the user is not typing;
        whether it ran."""
        if gc.get_count()[2] == 0 or self.clock() - self.last_input < IDLE_SECONDS:
            return False
        gc.collect()
        return True
