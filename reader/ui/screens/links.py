"""Links out of the reader: `o` opens the article in a browser, `y` copies its link, and the
article's numbered links open with their number.

Numbers: `1`–`9` open links 1–9 and `0` link 10, at once. When an article has more than ten,
a digit that could begin a longer number waits for the next digit (or enter): with 12 links,
`1` `2` opens link 12, `1` enter opens link 1. `y` followed by a number copies that link
instead (`y` alone still copies the article's own link). Any other key cancels a number.

Browsers: see reader.ui.browser for which one. A text browser runs on the app's thread inside
`App.suspend()`: the loop stops painting while it owns the terminal (Textual's documented
way), and the app repaints when it exits.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.widgets import Input

from reader.core.url_safety import display_url
from reader.ui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from reader.ui.browser import Plan
    from reader.ui.screens.main import MainScreen

DIGITS = tuple("1234567890")


def run_in_terminal(argv: tuple[str, ...]) -> int:
    """Run `argv` in the foreground on this terminal; its exit status. Ctrl+C belongs to it:
    the app only notes the signal meanwhile (a handler, not SIG_IGN, so that the child gets
    the default action back on exec)."""
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: None) if main else None
    try:
        return subprocess.run(list(argv), check=False).returncode
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def start_beside(argv: tuple[str, ...]) -> None:
    """Start a graphical browser beside the app: in its own session, away from the terminal
    (whatever it prints would land on the app's screen)."""
    child = subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    threading.Thread(target=child.wait, daemon=True).start()  # reaped when it exits


LINK_BINDINGS: list[BindingType] = [
    *(Binding(d, f"link_key('{d}')", f"Open link {d}", show=False, id=f"link-{d}") for d in DIGITS),
    # Enter ends a number that could go on; only then (see `Links.check`), before the list's
    # own enter.
    Binding("enter", "link_enter", show=False, priority=True, id="link-enter"),
]


class Links:
    """The open article's links: its own (`o`, `y`) and its numbered ones, by their digits.
    The screen's link actions come here."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.digits = ""  # a number being typed
        self.copy = False  # the last key copied the article's link: a number copies one

    def notify(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        self.screen.notify(message, severity=severity, timeout=timeout)

    # --- the article's own link ----------------------------------------------------------
    def open_article_link(self) -> None:
        article = self.screen.current_article()
        if article is None or not article.link:
            self.notify("This article has no link", severity="warning")
            return
        self.open_in_browser(article.link)

    def copy_article_link(self) -> None:
        article = self.screen.current_article()
        numbered = bool(self.visible())
        if article is None or not article.link:
            self.copy = numbered
            more = ": type a link's number to copy that link" if numbered else ""
            self.notify(f"This article has no link{more}", severity="warning")
            return
        self.screen.app.copy_to_clipboard(article.link)
        self.copy = numbered
        more = " (or type a link's number to copy that link)" if numbered else ""
        self.notify(f"Copied {display_url(article.link)}{more}")

    # --- numbered links ------------------------------------------------------------------
    def visible(self) -> list[str]:
        """The numbered links of the article on screen (none when narrow shows a list)."""
        screen = self.screen
        view = screen.query_one(ArticleView)
        if view.article is None or (
            screen.panes.narrow and screen.panes.active() != "article-pane"
        ):
            return []
        return view.links

    def key_seen(self, key: str) -> None:
        """Every key, before it is handled: anything but a digit (or the enter that ends a
        number) cancels a number being typed and `y`'s offer."""
        if key not in DIGITS and not (key == "enter" and self.digits):
            self.reset()

    def reset(self) -> None:
        self.digits, self.copy = "", False

    def check(self, action: str) -> bool | None:
        """The screen's `check_action` for the link actions (None: not one of them)."""
        if action == "link_enter":
            return bool(self.digits) and not isinstance(self.screen.focused, Input)
        if action == "footer_link":  # the footer has room for it only when wide
            return not self.screen.panes.narrow and bool(self.visible())
        return None

    def digit(self, digit: str) -> None:
        links = self.visible()
        if not links:
            self.notify("No numbered links here: open an article that has some")
            self.reset()
            return
        typed = self.digits + digit
        if typed == "0":  # the key after 9
            typed = "10"
        number = int(typed)
        if not 1 <= number <= len(links):
            self.notify(f"No link {number}: this article has {len(links)}", severity="warning")
            self.reset()
            return
        if number * 10 <= len(links):  # a longer number could follow
            self.digits = typed
            verb = "copy" if self.copy else "open"
            self.notify(f"Link {typed}…: enter to {verb} it, or the next digit", timeout=3)
            return
        self.use(links[number - 1], number)

    def enter(self) -> None:
        links, typed = self.visible(), self.digits
        if typed and int(typed) <= len(links):
            self.use(links[int(typed) - 1], int(typed))

    def use(self, url: str, number: int) -> None:
        copy = self.copy
        self.reset()
        if copy:
            self.screen.app.copy_to_clipboard(url)
            self.notify(f"Copied link {number}: {display_url(url)}")
        else:
            self.open_in_browser(url)

    # --- browsers ------------------------------------------------------------------------
    def open_in_browser(self, url: str) -> None:
        from reader.ui.browser import is_web_url  # with the first link opened, not at start

        if not is_web_url(url):
            self.notify(f"Not a web link: {display_url(url)}", severity="warning")
            return
        screen = self.screen
        opener: Callable[[str], object] | None = getattr(screen.app, "url_opener", None)
        if opener is not None:  # given to the app (tests, embedding): it decides everything
            screen.run_worker(
                partial(opener, url), thread=True, exit_on_error=False, name="Opening browser"
            )
            self.notify(f"Opening {display_url(url)}")
            return
        # webbrowser's first look runs `xdg-settings` (tens of ms): off the app's loop.
        screen.run_worker(
            partial(self.find_browser, url),
            thread=True,
            group="browser",
            exit_on_error=False,
            name="Finding a browser",
        )

    def find_browser(self, url: str) -> None:
        """(In a thread worker.)"""
        from reader.ui.browser import plan_browser

        configured = self.screen.service.config.ui.browser
        plan = plan_browser(url, configured=configured, environ=os.environ)
        self.screen.app.call_from_thread(self.launch, plan, url)

    def launch(self, plan: Plan, url: str) -> None:
        shown = display_url(url)
        if plan.kind == "terminal":
            self.run_terminal_browser(plan, url)
        elif plan.kind == "background":
            try:
                start_beside(plan.argv)
            except OSError as exc:
                self.copy_instead(url, f"{plan.program} could not start ({exc.strerror or exc})")
                return
            self.notify(f"Opening {shown} in {plan.program}")
        elif plan.kind == "system" and plan.opener is not None:
            self.screen.run_worker(
                partial(self.system_open, plan.opener, url),
                thread=True,
                group="browser",
                exit_on_error=False,
                name="Opening browser",
            )
            self.notify(f"Opening {shown}")
        elif plan.kind == "missing":
            self.copy_instead(url, f"Browser {plan.program} not found")
        else:
            self.copy_instead(url, "No browser found", hint=" (set [ui] browser in the config)")

    def run_terminal_browser(self, plan: Plan, url: str) -> None:
        try:
            with self.screen.app.suspend():
                status = run_in_terminal(plan.argv)
        except SuspendNotSupported:
            self.copy_instead(url, f"{plan.program} cannot have this terminal")
            return
        except OSError as exc:
            self.copy_instead(url, f"{plan.program} could not start ({exc.strerror or exc})")
            return
        if status:
            self.notify(f"{plan.program} exited with status {status}", severity="warning")

    def system_open(self, opener: Callable[[str], object], url: str) -> None:
        """(In a thread worker.)"""
        if opener(url) is False:
            self.screen.app.call_from_thread(self.copy_instead, url, "The browser did not start")

    def copy_instead(self, url: str, why: str, hint: str = "") -> None:
        self.screen.app.copy_to_clipboard(url)
        self.notify(f"{why}; link copied{hint}", severity="warning")
