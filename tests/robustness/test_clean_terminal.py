"""The terminal stays clean: every string a hostile server can plant (feed fields, a parser's
complaint about an XML declaration, a Content-Type, a redirect Location, weather reasons and
values, subscription files) is rendered in every place Sinmun shows text — the app's feed list,
article list, article view, status line, notifications and command palette, and every CLI
output, text and JSON, stdout and stderr — and no escape, C0/C1 control or bidi control
arrives there. NaN and infinities never reach JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.models import ArticleQuery
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.status import RefreshStatus
from tests.robustness.conftest import Run, open_service, sinmun, unsafe, write_config
from tests.robustness.hostile_server import BIDI, HOSTILE, HostileServer, hostile
from tests.ui.conftest import make_app, press, screen_lines, settle


def check_run(run: Run, *, exit_codes: tuple[int, ...] = (0,)) -> None:
    assert run.code in exit_codes, (run.code, run.error)
    assert b"Traceback" not in run.err and b"Traceback" not in run.out
    out, err = run.out.decode("utf-8", "replace"), run.error
    assert unsafe(out) == [] and unsafe(err) == [], (unsafe(out), unsafe(err))


def check_json(run: Run) -> object:
    check_run(run)
    # Strict JSON: NaN/Infinity are not JSON, whatever Python's json accepts.
    data = json.loads(run.out, parse_constant=lambda c: pytest.fail(f"{c} in JSON output"))
    assert unsafe(json.dumps(data, ensure_ascii=False)) == []
    return data


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    srv = HostileServer()
    srv.serve_catalogue()
    with srv.running():
        yield srv


def feed_urls(server: HostileServer) -> list[str]:
    return [server.url(p) for p in ("/feed.xml", "/utf16.xml", "/ctype", "/redirect")]


class Cli:
    def __init__(self, server: HostileServer, base: Path) -> None:
        weather = f'\n[weather]\nbase_url = "{server.base}"\n'
        self.config = write_config(base / "config.toml", feed_urls(server), weather)
        self.data = base / "data"

    def __call__(self, *args: str) -> Run:
        return sinmun("--config", str(self.config), "--data-dir", str(self.data), *args)


@pytest.fixture(scope="module")
def cli(server: HostileServer, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    cli = Cli(server, tmp_path_factory.mktemp("clean"))
    check_run(cli("refresh"))  # plain summary: warnings and failures, with their reasons
    return cli


def test_refresh_reports_every_failure_cleanly(cli: Cli, server: HostileServer) -> None:
    results = check_json(cli("refresh", "--json"))
    assert isinstance(results, list)
    status = {r["url"]: r["status"] for r in results}
    assert status[server.url("/feed.xml")] in ("ok", "not_modified")
    assert status[server.url("/ctype")] == status[server.url("/redirect")] == "error"
    # The parser's complaint about the declared encoding is kept, cleaned, not dropped.
    utf16 = next(r for r in results if r["url"] == server.url("/utf16.xml"))
    assert utf16["status"] in ("ok", "not_modified", "error")


@pytest.mark.parametrize(
    "args",
    [
        ("articles",),
        ("articles", "--json"),
        ("feeds", "list"),
        ("feeds", "list", "--json"),
        ("export",),
    ],
    ids=" ".join,
)
def test_read_side_commands_print_clean_text(cli: Cli, args: tuple[str, ...]) -> None:
    run = cli(*args)
    if "--json" in args:
        data = check_json(run)
        assert data, "the hostile feed's articles and feeds are listed"
    else:
        check_run(run)
        assert "Item0" in run.text or "Channel" in run.text or "<opml" in run.text


def test_feed_errors_are_listed_clean(cli: Cli, server: HostileServer) -> None:
    feeds = check_json(cli("feeds", "list", "--json"))
    assert isinstance(feeds, list)
    errors = {f["url"]: f["last_error"] for f in feeds}
    assert errors[server.url("/redirect")]  # the reason is kept, only cleaned
    assert "ftp://x/" in errors[server.url("/redirect")]


@pytest.mark.parametrize("as_json", [False, True])
def test_read_of_a_hostile_page_and_a_hostile_content_type(
    cli: Cli, server: HostileServer, as_json: bool
) -> None:
    flag = ("--json",) if as_json else ()
    good = cli("read", server.url("/page0.html"), *flag)
    if as_json:
        article = check_json(good)
        assert isinstance(article, dict) and "Page0" in article["title"]
    else:
        check_run(good)
        assert "Paragraph1" in good.text
    bad = cli("read", server.url("/page-ctype.html"), *flag)
    check_run(bad, exit_codes=(1,))
    assert bad.err.count(b"\n") == 1


@pytest.mark.parametrize("broken", [False, True])
@pytest.mark.parametrize("as_json", [False, True])
def test_weather_values_and_reasons(
    server: HostileServer, tmp_path: Path, broken: bool, as_json: bool
) -> None:
    base = server.url("/broken") if broken else server.base
    config = tmp_path / "c.toml"
    config.write_text(f'[weather]\nbase_url = "{base}"\n', encoding="utf-8")
    flag = ("--json",) if as_json else ()
    run = sinmun("--config", str(config), "--data-dir", str(tmp_path / "d"), "weather", *flag)
    check_run(run, exit_codes=(1,) if broken else (0,))
    if as_json:
        data = json.loads(run.out, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
        temps = [r["temperature"] for r in data["regions"]]
        assert all(t is None or -100 <= t <= 100 for t in temps)
        if not broken:
            assert 12.5 in temps and None in temps


SUBSCRIPTIONS = f"""# hostile titles and tags
http://127.0.0.1:9/a.xml "~{hostile("UrlsTitle")}" "{hostile("UrlsTag")}"
http://127.0.0.1:9/b\x1b]52;c;eA==\x07.xml
"""


def opml(title: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>x</title></head><body>
<outline text="{title}" title="{title}" xmlUrl="http://127.0.0.1:9/opml.xml" category="{title}"/>
</body></opml>
"""


# XML attributes cannot hold ESC or C0 characters, but C1 and bidi they can.
OPML_TITLE = f"OpmlTitle \x9b2J\x9d0;t\x9c\x85 {BIDI} end"


@pytest.mark.parametrize(
    "name,data",
    [
        ("urls", SUBSCRIPTIONS.encode("utf-8")),
        ("opml-utf8-bom", b"\xef\xbb\xbf" + opml(OPML_TITLE).encode("utf-8")),
        ("opml-utf16", opml(OPML_TITLE).replace("UTF-8", "UTF-16").encode("utf-16")),
    ],
)
def test_imported_lists_are_cleaned_and_export_reimports(
    tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    home = ("--data-dir", str(tmp_path / "d"), "--config", str(config))
    imported = sinmun(*home, "import", str(path))
    check_run(imported)
    assert "1 feeds found, 1 added" in imported.text  # the URL with an escape is refused
    listed = sinmun(*home, "feeds", "list")
    check_run(listed)
    assert ("UrlsTitle" if name == "urls" else "OpmlTitle") in listed.text
    exported = sinmun(*home, "export")
    check_run(exported)
    again = tmp_path / "again.opml"
    again.write_bytes(exported.out)
    reimported = sinmun("--data-dir", str(tmp_path / "d2"), *home[2:], "import", str(again))
    check_run(reimported)
    listed_json = json.loads(sinmun(*home, "feeds", "list", "--json").out)
    found = re.search(r"(\d+) feeds found", reimported.text)
    assert found and int(found.group(1)) == len(listed_json)  # the export reads back whole
    ours = next(f for f in listed_json if f["url"].startswith("http://127.0.0.1:9/"))
    assert ours["tags"] and unsafe(" ".join(ours["tags"])) == []


# --- the app --------------------------------------------------------------------------------
def assert_screen_clean(app: object, where: str) -> str:
    text = "\n".join(screen_lines(app))  # type: ignore[arg-type]
    assert unsafe(text) == [], f"{where}: {unsafe(text)}\n{text}"
    return text


async def test_every_pane_of_the_app_stays_clean(server: HostileServer, tmp_path: Path) -> None:
    urls = [*feed_urls(server), server.url("/held.xml")]
    service = open_service(tmp_path / "data", urls, weather_base=server.base)
    try:
        server.release.set()
        await service.refresh()  # every feed known once: hostile titles and errors stored
        assert service.count(ArticleQuery()) >= 3
        server.release.clear()
        server.waiting.clear()
        app = make_app(service)
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MainScreen)
            # The status line while a refresh waits for the held feed (named by its title).
            await pilot.press("r")
            for _ in range(200):
                await pilot.pause(0.02)
                status = str(screen.query_one(RefreshStatus).render())
                if server.waiting.is_set() and "waiting for" in status:
                    break
            text = assert_screen_clean(app, "status line")
            assert "waiting for" in text and "Channel" in text
            server.release.set()
            await settle(pilot)
            assert_screen_clean(app, "refresh notification")
            # Article list and view: open the newest article (summary, then its full page).
            await press(pilot, "enter")
            text = assert_screen_clean(app, "article view")
            assert "Item" in text
            # Notifications: each feed's last error.
            for feed in service.feeds():
                screen.go_to_feed(feed.id)
                await settle(pilot)
                await press(pilot, "e")
                assert_screen_clean(app, f"last error of {feed.url}")
            # Command palette: every feed by its (hostile) title.
            await press(pilot, "ctrl+p")
            for char in "Channel":
                await pilot.press(char)
            await settle(pilot)
            await pilot.pause(0.2)
            text = assert_screen_clean(app, "command palette")
            assert "Channel" in text
    finally:
        server.release.set()
        service.close()


def test_the_catalogue_is_hostile() -> None:
    """The checks above would see the catalogue: it holds what they look for."""
    assert unsafe(HOSTILE) and unsafe(json.dumps(HOSTILE))


def test_feeds_add_and_remove_print_clean_lines(server: HostileServer, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    home = ("--config", str(config), "--data-dir", str(tmp_path / "d"))
    added = sinmun(*home, "feeds", "add", server.url("/feed.xml"))
    check_run(added)
    assert "Channel" in added.text  # the feed's own (hostile) title, cleaned
    refused = sinmun(*home, "feeds", "add", server.url("/ctype"))
    check_run(refused, exit_codes=(1,))
    check_run(sinmun(*home, "feeds", "remove", server.url("/feed.xml")))
