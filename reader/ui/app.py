"""The Textual app and its one factory, used by `sinmun`, `sinmun demo` and the tests."""

from __future__ import annotations

import os
import time
import webbrowser
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual.app import App

from reader.ui.commands import SinmunCommands
from reader.ui.screens.main import MainScreen
from reader.ui.styles_path import stylesheets
from reader.ui.theme import DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from reader.core.service import Service


class SinmunApp(App[None]):
    TITLE = "Sinmun"
    CSS_PATH: ClassVar = stylesheets()
    COMMANDS: ClassVar = App.COMMANDS | {SinmunCommands}

    def __init__(
        self,
        service: Service,
        *,
        clock: Callable[[], datetime],
        tz: tzinfo | None,
        open_url: Callable[[str], object],
        cursor_blink: bool,
    ) -> None:
        super().__init__()
        self.service = service
        self.clock = clock
        self.tz = tz
        self.open_url = open_url
        self.cursor_blink = cursor_blink
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        self.set_keymap(dict(service.config.keys))

    def on_mount(self) -> None:
        wanted = self.service.config.ui.theme
        if wanted:
            if wanted in self.available_themes:
                self.theme = wanted
            else:
                self.notify(
                    f"Unknown theme {wanted!r}; using {DEFAULT_THEME}",
                    severity="warning",
                    markup=False,
                )
        self.push_screen(
            MainScreen(self.service, clock=self.clock, tz=self.tz, open_url=self.open_url)
        )

    def first_frame(self) -> None:
        """Called once, after the first article list is painted: the end of start-up.

        With $SINMUN_FIRST_FRAME_FILE set, writes the wall-clock time (Unix seconds) there, so
        a benchmark can time start-up from outside without patching the app.
        """
        path = os.environ.get("SINMUN_FIRST_FRAME_FILE")
        if path:
            try:
                with open(path, "w", encoding="utf-8") as out:
                    out.write(f"{time.time():.6f}\n")
            except OSError:
                pass  # a benchmark aid: never a reason to disturb the app


def create_app(
    service: Service,
    *,
    clock: Callable[[], datetime] | None = None,
    tz: tzinfo | None = None,
    open_url: Callable[[str], object] | None = None,
    cursor_blink: bool = True,
) -> SinmunApp:
    """The reader over `service`.

    `clock` (default: the service's) decides what "today" is in the list; `tz` is the zone
    times are shown in (default: the machine's); `open_url` opens a link (default: the web
    browser); `cursor_blink=False` freezes the input cursor for snapshots.
    """
    return SinmunApp(
        service,
        clock=clock or service.now,
        tz=tz,
        open_url=open_url or webbrowser.open,
        cursor_blink=cursor_blink,
    )
