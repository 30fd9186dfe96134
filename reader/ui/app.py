"""The Textual app and its one factory, used by `sinmun`, `sinmun demo` and the tests."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import App
from textual.theme import Theme

from reader import __version__
from reader.core.storage import StorageError
from reader.core.text import clean_text
from reader.ui.background import quick_switches
from reader.ui.collector import QuietCollector
from reader.ui.commands import SinmunCommands
from reader.ui.css_cache import FILE_NAME as STYLE_CACHE
from reader.ui.css_cache import StyleCache
from reader.ui.screens.main import MainScreen
from reader.ui.styles_path import stylesheets
from reader.ui.theme import DEFAULT_THEME, THEMES, store_theme, stored_theme
from reader.ui.threads import DaemonThreadPool
from reader.ui.widgets.article_image import Graphics, detect_graphics

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from reader.core.service import Service


def write_crash_log(path: Path, error: BaseException | None) -> None:
    import traceback

    text = "".join(traceback.format_exception(error)) if error else "unknown error\n"
    with path.open("a", encoding="utf-8") as log:
        log.write(f"--- {datetime.now().isoformat()} sinmun {__version__}\n{text}\n")


class SinmunApp(App[None]):
    TITLE = "Sinmun"
    crash_message: str | None = None
    _theme_kept: str = DEFAULT_THEME  # the theme saved (or started with): no save for it
    CSS_PATH: ClassVar = stylesheets()
    COMMANDS: ClassVar = App.COMMANDS | {SinmunCommands}

    def __init__(
        self,
        service: Service,
        *,
        clock: Callable[[], datetime],
        tz: tzinfo | None,
        open_url: Callable[[str], object] | None,
        cursor_blink: bool,
    ) -> None:
        super().__init__()
        self.service = service
        self.clock = clock
        self.tz = tz
        # Not `open_url`: that is Textual's (its Link and Markdown widgets call it).
        self.url_opener = open_url
        self.cursor_blink = cursor_blink
        # Before Textual takes the terminal: textual-image asks it what it can draw, once
        # (with pictures off in the config it is never asked, and `i` cannot show them).
        self.graphics: Graphics | None = None
        if service.config.ui.images != "off":
            self.graphics = detect_graphics()
        self.collector = QuietCollector()
        self.style_cache = StyleCache(service.data_dir / STYLE_CACHE)
        self._start_up = ExitStack()  # what lasts until the first frame
        for theme in THEMES:
            self.register_theme(theme)
        # Decided before the first compose: a theme set later restyles every widget again.
        self._unknown_theme: str | None = None
        self._start_in(self._starting_theme())
        self._theme_kept = self.theme
        self.set_keymap(dict(service.config.keys))

    def _starting_theme(self) -> str:
        wanted = self.service.config.ui.theme
        if wanted:
            if wanted in self.available_themes:
                return wanted
            self._unknown_theme = wanted  # said once the app runs (on_mount)
            return DEFAULT_THEME
        try:  # one row, read before the first frame so that it comes in the right colours
            saved = stored_theme(self.service)
        except StorageError:
            saved = None
        return saved if saved in self.available_themes else DEFAULT_THEME

    def _start_in(self, name: str) -> None:
        """Set the theme before the app runs, without Textual's watcher: the watcher queues a
        second parse of every stylesheet and a restyle of every widget for the first frame
        (~10 ms), where the first parse already uses this theme's colours. What else it does
        (the app's theme classes, the ANSI colour filter) is done here."""
        self.set_reactive(SinmunApp.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())  # nothing is parsed yet
        self.style_cache.install(self.stylesheet)
        theme = self.current_theme
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        classes |= {f"-theme-{theme.name}": True, "-dark-mode": theme.dark}
        classes["-light-mode"] = not theme.dark
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    def get_default_screen(self) -> MainScreen:
        # The main screen is the app's first screen, composed and laid out once: pushed from
        # on_mount instead, it came after a first layout of an empty screen and was painted
        # twice before the first frame.
        return MainScreen(self.service, clock=self.clock, tz=self.tz)

    def on_load(self) -> None:
        # Quitting must not wait for a long call in a thread (an extraction, a hung DNS lookup):
        # the loop's executor becomes one of daemon threads with a short grace (threads.py).
        asyncio.get_running_loop().set_default_executor(DaemonThreadPool())
        # Until the first frame, the GIL changes hands quickly: the frame is written out by
        # Textual's writer thread, which would wait up to 5 ms for the loop's next piece of
        # start-up work to let go.
        self._start_up.enter_context(quick_switches())

    def on_mount(self) -> None:
        if self._unknown_theme is not None:
            self.notify(
                f"Unknown theme {self._unknown_theme!r}; using {DEFAULT_THEME}",
                severity="warning",
                markup=False,
            )
        self.theme_changed_signal.subscribe(self, self.theme_changed)

    def theme_changed(self, theme: Theme) -> None:
        """A theme picked in the command palette is kept for the next start."""
        name = self.theme  # not `theme`: a signal from the start-up's switch can come late
        if name == self._theme_kept:
            return
        self._theme_kept = name
        configured = self.service.config.ui.theme
        if configured and configured != name:
            self.notify(
                f'{name} until you quit: [ui] theme = "{configured}" in the config wins at start',
                markup=False,
            )
        self.run_worker(self.keep_theme(name), exclusive=True, group="theme", exit_on_error=False)

    async def keep_theme(self, name: str) -> None:
        try:
            await asyncio.to_thread(store_theme, self.service, name)
        except StorageError as exc:
            self.notify(f"The theme could not be saved: {exc}", severity="warning", markup=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, whoever raises it, may quote feed or server text: cleaned here,
        the one place all of them pass."""
        super().notify(
            clean_text(str(message), multiline=True),
            title=clean_text(str(title)),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def on_unmount(self) -> None:
        self._start_up.close()  # quit before the first frame
        self.style_cache.save()  # and what was parsed since
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()  # full collections wait for a pause in the input
            if isinstance(event, events.Key) and isinstance(self.screen, MainScreen):
                self.screen.return_focus()  # a key just after the region picker closed
                self.screen.key_seen(event.key)  # a link number goes on, or stops here
        await super().on_event(event)

    @property
    def crash_log(self) -> Path:
        """Where an unexpected error's traceback goes: beside the database."""
        return self.service.data_dir / "crash.log"

    def _fatal_error(self) -> None:
        # Textual would print a long traceback (with locals) on the restored terminal; keep it
        # in a file and tell the user in one line where it is.
        error = self._exception
        message = f"sinmun: unexpected error: {type(error).__name__}: {error}"
        try:
            write_crash_log(self.crash_log, error)
            message += f" (details in {self.crash_log})"
        except OSError:
            return super()._fatal_error()
        self.bell()
        self.crash_message = message
        self._exit_renderables.append(Text(message, style="bold red"))
        self._close_messages_no_wait()

    def first_frame(self) -> None:
        """Called once, after the first article list is painted: the end of start-up.

        With $SINMUN_FIRST_FRAME_FILE set, writes the wall-clock time (Unix seconds) there, so
        a benchmark can time start-up from outside without patching the app.
        """
        self._start_up.close()
        self.style_cache.save()
        self.collector.start(self)  # the collector back on (cli.py), start-up's objects frozen
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
    times are shown in (default: the machine's); `open_url` opens a link in a thread instead
    of the browser `[ui] browser`, $BROWSER or the system names (reader.ui.browser);
    `cursor_blink=False` freezes the input cursor for snapshots.
    """
    return SinmunApp(
        service,
        clock=clock or service.now,
        tz=tz,
        open_url=open_url,
        cursor_blink=cursor_blink,
    )
