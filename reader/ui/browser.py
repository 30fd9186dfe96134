"""Which browser opens a link, and how: the plan only (the screen runs it, see links.py).

A text browser (w3m, lynx …) needs the terminal the app is drawing on: it runs with the app
suspended, in the foreground. A graphical one runs beside the app. Commands are argument
lists, never shell lines, so nothing in a URL is ever read by a shell.

The order: `[ui] browser` (newsboat's form, "w3m %u"; a final `&` runs it beside the app),
then $BROWSER (its first entry found on the PATH: a known text browser runs in the terminal,
anything else is left to Python's `webbrowser`, which honours $BROWSER), then whatever
`webbrowser` finds (a console browser it falls back to is run in the terminal too). When none
is found there is no browser at all: the caller copies the link instead.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # loaded when a link is first opened, not at start-up
    import webbrowser

# Programs that draw in the terminal they are started from (basename of the command).
TERMINAL_BROWSERS = frozenset(
    {
        "w3m",
        "w3mmee",
        "lynx",
        "links",
        "links2",
        "elinks",
        "browsh",
        "carbonyl",
        "cha",  # Chawan
        "netrik",
        "retawq",
        "edbrowse",
        "www-browser",  # Debian's alternative: a text browser
    }
)
WEB_SCHEMES = ("http://", "https://")

PlanKind = Literal["terminal", "background", "system", "missing", "none"]


@dataclass(frozen=True, slots=True)
class Plan:
    """terminal: run `argv` in the foreground, the app suspended; background: start `argv`
    beside the app; system: call `opener(url)` (a `webbrowser` controller, in a thread);
    missing: the configured program is not installed; none: no browser at all."""

    kind: PlanKind
    argv: tuple[str, ...] = ()
    opener: Callable[[str], object] | None = None

    @property
    def program(self) -> str:
        return os.path.basename(self.argv[0]) if self.argv else ""


def is_web_url(url: str) -> bool:
    """Only web links are handed to a browser: a link such as "-dump" or "file:///…" from a
    feed must not become a browser option or a local file."""
    return url.strip().lower().startswith(WEB_SCHEMES) and not any(
        ord(ch) < 0x20 or ch == "\x7f" for ch in url
    )


def with_url(words: list[str], url: str, placeholder: str) -> tuple[str, ...]:
    """The command's words with `placeholder` replaced by the URL (one argument, whatever it
    holds); with no placeholder the URL goes last."""
    if any(placeholder in word for word in words[1:]):
        return (words[0], *(word.replace(placeholder, url) for word in words[1:]))
    return (*words, url)


def system_browser() -> webbrowser.BaseBrowser | None:
    """What `webbrowser.open` would use first, or None when it finds nothing."""
    import webbrowser

    try:
        return webbrowser.get()
    except webbrowser.Error:
        return None


def plan_browser(
    url: str,
    *,
    configured: str | None,
    environ: Mapping[str, str],
    which: Callable[[str], str | None] = shutil.which,
    system: Callable[[], webbrowser.BaseBrowser | None] | None = None,
) -> Plan:
    if configured:
        command = configured.strip()
        beside = command.endswith("&")
        words = shlex.split(command.removesuffix("&"))  # validated when the config loaded
        argv = with_url(words, url, "%u")
        if which(words[0]) is None:
            return Plan("missing", argv)
        return Plan("background" if beside else "terminal", argv)
    for entry in environ.get("BROWSER", "").split(os.pathsep):
        try:
            words = shlex.split(entry)
        except ValueError:
            continue
        if not words or which(words[0]) is None:
            continue
        if os.path.basename(words[0]) in TERMINAL_BROWSERS:
            return Plan("terminal", with_url(words, url, "%s"))
        break  # a graphical one: webbrowser runs $BROWSER's entries itself
    controller = (system or system_browser)()
    if controller is None:
        return Plan("none")
    import webbrowser

    name = getattr(controller, "name", "")
    if isinstance(controller, webbrowser.GenericBrowser) and (
        os.path.basename(name) in TERMINAL_BROWSERS
    ):
        args = [arg.replace("%s", url) for arg in getattr(controller, "args", ["%s"])]
        return Plan("terminal" if which(name) else "missing", (name, *args))
    return Plan("system", opener=controller.open)
