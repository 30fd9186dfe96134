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
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from reader.core.models import Article
from reader.core.url_safety import display_url
from reader.ui.browser import Plan, is_web_url, plan_browser
from reader.ui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from reader.core.service import Service

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


class LinksMixin(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(d, f"link_key('{d}')", f"Open link {d}", show=False, id=f"link-{d}")
            for d in DIGITS
        ),
        # Enter ends a number that could go on; only then (check_action), before the list's
        # own enter.
        Binding("enter", "link_enter", show=False, priority=True, id="link-enter"),
    ]

    service: Service
    narrow: bool
    _link_digits: str = ""  # a number being typed
    _link_copy: bool = False  # the last key copied the article's link: a number copies one

    def active_pane(self) -> str:
        raise NotImplementedError  # the screen's

    def current_article(self) -> Article | None:
        raise NotImplementedError  # the screen's

    # --- the article's own link ----------------------------------------------------------
    def action_open_browser(self) -> None:
        article = self.current_article()
        if article is None or not article.link:
            self.notify("This article has no link", severity="warning")
            return
        self.open_in_browser(article.link)

    def action_copy_link(self) -> None:
        article = self.current_article()
        numbered = bool(self.visible_links())
        if article is None or not article.link:
            self._link_copy = numbered
            more = ": type a link's number to copy that link" if numbered else ""
            self.notify(f"This article has no link{more}", severity="warning")
            return
        self.app.copy_to_clipboard(article.link)
        self._link_copy = numbered
        more = " (or type a link's number to copy that link)" if numbered else ""
        self.notify(f"Copied {display_url(article.link)}{more}")

    # --- numbered links ------------------------------------------------------------------
    def visible_links(self) -> list[str]:
        """The numbered links of the article on screen (none when narrow shows a list)."""
        view = self.query_one(ArticleView)
        if view.article is None or (self.narrow and self.active_pane() != "article-pane"):
            return []
        return view.links

    def key_seen(self, key: str) -> None:
        """Every key, before it is handled: anything but a digit (or the enter that ends a
        number) cancels a number being typed and `y`'s offer."""
        if key not in DIGITS and not (key == "enter" and self._link_digits):
            self.reset_link_keys()

    def reset_link_keys(self) -> None:
        self._link_digits, self._link_copy = "", False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "link_enter":
            return bool(self._link_digits) and not isinstance(self.focused, Input)
        if action == "footer_link":  # the footer has room for it only when wide
            return not self.narrow and bool(self.visible_links())
        return super().check_action(action, parameters)

    def action_footer_link(self, digit: str) -> None:
        self.action_link_key(digit)

    def action_link_key(self, digit: str) -> None:
        links = self.visible_links()
        if not links:
            self.notify("No numbered links here: open an article that has some")
            self.reset_link_keys()
            return
        typed = self._link_digits + digit
        if typed == "0":  # the key after 9
            typed = "10"
        number = int(typed)
        if not 1 <= number <= len(links):
            self.notify(f"No link {number}: this article has {len(links)}", severity="warning")
            self.reset_link_keys()
            return
        if number * 10 <= len(links):  # a longer number could follow
            self._link_digits = typed
            verb = "copy" if self._link_copy else "open"
            self.notify(f"Link {typed}…: enter to {verb} it, or the next digit", timeout=3)
            return
        self.use_link(links[number - 1], number)

    def action_link_enter(self) -> None:
        links, typed = self.visible_links(), self._link_digits
        if typed and int(typed) <= len(links):
            self.use_link(links[int(typed) - 1], int(typed))

    def use_link(self, url: str, number: int) -> None:
        copy = self._link_copy
        self.reset_link_keys()
        if copy:
            self.app.copy_to_clipboard(url)
            self.notify(f"Copied link {number}: {display_url(url)}")
        else:
            self.open_in_browser(url)

    # --- browsers ------------------------------------------------------------------------
    def open_in_browser(self, url: str) -> None:
        if not is_web_url(url):
            self.notify(f"Not a web link: {display_url(url)}", severity="warning")
            return
        opener: Callable[[str], object] | None = getattr(self.app, "url_opener", None)
        if opener is not None:  # given to the app (tests, embedding): it decides everything
            self.run_worker(
                partial(opener, url), thread=True, exit_on_error=False, name="Opening browser"
            )
            self.notify(f"Opening {display_url(url)}")
            return
        self.find_browser(url)

    @work(thread=True, group="browser", exit_on_error=False, name="Finding a browser")
    def find_browser(self, url: str) -> None:
        # webbrowser's first look runs `xdg-settings` (tens of ms): off the app's loop.
        configured = self.service.config.ui.browser
        plan = plan_browser(url, configured=configured, environ=os.environ)
        self.app.call_from_thread(self.launch, plan, url)

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
            self.system_open(plan.opener, url)
            self.notify(f"Opening {shown}")
        elif plan.kind == "missing":
            self.copy_instead(url, f"Browser {plan.program} not found")
        else:
            self.copy_instead(url, "No browser found", hint=" (set [ui] browser in the config)")

    def run_terminal_browser(self, plan: Plan, url: str) -> None:
        try:
            with self.app.suspend():
                status = run_in_terminal(plan.argv)
        except SuspendNotSupported:
            self.copy_instead(url, f"{plan.program} cannot have this terminal")
            return
        except OSError as exc:
            self.copy_instead(url, f"{plan.program} could not start ({exc.strerror or exc})")
            return
        if status:
            self.notify(f"{plan.program} exited with status {status}", severity="warning")

    @work(thread=True, group="browser", exit_on_error=False, name="Opening browser")
    def system_open(self, opener: Callable[[str], object], url: str) -> None:
        if opener(url) is False:
            self.app.call_from_thread(self.copy_instead, url, "The browser did not start")

    def copy_instead(self, url: str, why: str, hint: str = "") -> None:
        self.app.copy_to_clipboard(url)
        self.notify(f"{why}; link copied{hint}", severity="warning")
