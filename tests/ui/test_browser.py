"""`o` and the browsers: `[ui] browser`, a text browser in $BROWSER, a graphical one, none.

The commands run for real (small scripts standing in for w3m); only `App.suspend` is replaced,
since the headless test driver has no terminal to hand over: the stand-in records that the
browser ran inside it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Link

from reader.core.config import ConfigError, check_config_text
from reader.core.service import Service
from reader.ui import browser
from reader.ui.browser import Plan, plan_browser
from tests.ui.conftest import make_app, press, settle
from tests.ui.seed import add_article

WIDE = (160, 48)
# Every character a shell would act on: the command must get it as one plain argument.
HOSTILE = "https://evil.test/a;touch${IFS}pwned;$(touch pwned)`touch pwned`'\"&|<>*?"
# Stands in for a browser: writes its arguments, one a line, where the test says.
RECORDER = """import os, sys, pathlib
pathlib.Path(os.environ["BROWSER_ARGV"]).write_text("\\n".join(sys.argv[1:]), encoding="utf-8")
"""


class LinkScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Link("docs", url="https://textual.test/docs")


def _notes(app: App) -> list[str]:
    return [str(note.message) for note in app._notifications]


class Suspends:
    """Stands in for `App.suspend`: records each suspension and whether `seen` (the browser's
    output) was written while the app was suspended."""

    def __init__(self, seen: Path) -> None:
        self.seen = seen
        self.ran_inside: list[bool] = []

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        before = self.seen.exists()
        yield
        self.ran_inside.append(not before and self.seen.exists())


def _script(path: Path, body: str) -> Path:
    path.write_text(f"#!{sys.executable}\n{body}", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BROWSER", raising=False)


async def test_the_configured_browser_runs_with_the_app_suspended(
    tmp_path: Path, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.seed import seed_service

    out = tmp_path / "argv.txt"
    monkeypatch.setenv("BROWSER_ARGV", str(out))
    recorder = _script(tmp_path / "fake-w3m", RECORDER)
    monkeypatch.chdir(tmp_path)  # where an injected `touch pwned` would land
    service = seed_service(tmp_path / "data", browser=f"{recorder} --open=%u -x")
    add_article(service, "http://extra.test/feed", "Hostile link", link=HOSTILE)
    try:
        app = make_app(service)
        async with app.run_test(size=WIDE) as pilot:
            suspends = Suspends(out)
            app.suspend = suspends  # type: ignore[method-assign]
            await settle(pilot)
            await press(pilot, "o")
            assert suspends.ran_inside == [True]  # the browser had the terminal to itself
            assert out.read_text(encoding="utf-8").split("\n") == [f"--open={HOSTILE}", "-x"]
            assert not (tmp_path / "pwned").exists()
            assert not any(note.startswith("Opening") for note in _notes(app))
    finally:
        service.close()


async def test_a_text_browser_in_BROWSER_runs_with_the_app_suspended(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "argv.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _script(bin_dir / "w3m", RECORDER)
    monkeypatch.setenv("BROWSER_ARGV", str(out))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("BROWSER", "w3m")
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        suspends = Suspends(out)
        app.suspend = suspends  # type: ignore[method-assign]
        await settle(pilot)
        await press(pilot, "o")
        assert suspends.ran_inside == [True]
        assert out.read_text(encoding="utf-8") == "https://news.test/k1"


async def test_with_no_browser_at_all_the_link_is_copied(
    service: Service, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser, "system_browser", lambda: None)  # no display, no console one
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        assert app.clipboard == "https://news.test/k1"
        assert "No browser found; link copied (set [ui] browser in the config)" in _notes(app)
        assert not any(note.startswith("Opening") for note in _notes(app))


async def test_a_graphical_browser_opens_beside_the_app(
    service: Service, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    class Graphical(webbrowser.BaseBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr(browser, "system_browser", lambda: Graphical("firefox"))
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        suspends = Suspends(Path("/nonexistent"))
        app.suspend = suspends  # type: ignore[method-assign]
        await settle(pilot)
        await press(pilot, "o")
        assert opened == ["https://news.test/k1"]
        assert suspends.ran_inside == []  # no suspension for a window of its own
        assert "Opening https://news.test/k1" in _notes(app)


async def test_a_link_that_is_not_a_web_address_is_not_opened(service: Service) -> None:
    opened: list[str] = []
    add_article(service, "http://extra.test/feed", "Option", link="-dump_source")
    app = make_app(service, open_url=opened.append)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        assert opened == []
        assert "Not a web link: -dump_source" in _notes(app)


async def test_textual_links_still_reach_textuals_open_url(service: Service) -> None:
    """The app's own opener does not replace `App.open_url`, which Textual's Link and
    Markdown widgets call (with `new_tab`, which a browser function does not take)."""
    ours: list[str] = []
    app = make_app(service, open_url=ours.append)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        textuals: list[tuple[str, bool]] = []
        app._driver.open_url = lambda url, new_tab=True: textuals.append((url, new_tab))  # type: ignore[union-attr,method-assign]
        await app.push_screen(LinkScreen())
        await settle(pilot)
        await pilot.click(Link)
        await settle(pilot)
        assert textuals == [("https://textual.test/docs", True)]
        assert ours == []


def test_the_plan_for_each_kind_of_browser() -> None:
    url = "https://news.test/k1"
    found = {"w3m": "/usr/bin/w3m", "firefox": "/usr/bin/firefox", "lynx": "/usr/bin/lynx"}

    def plan(configured: str | None = None, env: str = "", system=None) -> Plan:
        return plan_browser(
            url,
            configured=configured,
            environ={"BROWSER": env} if env else {},
            which=found.get,
            system=lambda: system,
        )

    assert plan("w3m %u") == Plan("terminal", ("w3m", url))
    assert plan("w3m") == Plan("terminal", ("w3m", url))  # no %u: the URL goes last
    assert plan("firefox --new-tab '%u' &") == Plan("background", ("firefox", "--new-tab", url))
    assert plan("nonesuch %u") == Plan("missing", ("nonesuch", url))
    assert plan(env="nonesuch:lynx -dump %s") == Plan("terminal", ("lynx", "-dump", url))
    console = webbrowser.GenericBrowser("w3m")  # what webbrowser falls back to with no display
    assert plan(system=console) == Plan("terminal", ("w3m", url))
    assert plan(system=None) == Plan("none")
    graphical = webbrowser.BackgroundBrowser("firefox")
    assert plan(env="firefox", system=graphical).kind == "system"


@pytest.mark.parametrize("command", ["w3m '%u", "   &", "w3m\x07 %u"])
def test_a_browser_command_that_cannot_run_is_a_config_error(command: str) -> None:
    text = f'[ui]\nbrowser = "{command}"\n'.replace("\x07", "\\u0007")
    with pytest.raises(ConfigError, match=r"config.toml:2: ui.browser: "):
        check_config_text(Path("config.toml"), text)
    assert check_config_text(Path("c.toml"), '[ui]\nbrowser = "w3m %u"\n').ui.browser == "w3m %u"
