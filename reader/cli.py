"""`sinmun`: parse the command line, build the service, run a command or the app.

Bad input of any kind ends in one line on stderr and a non-zero exit (2 for usage and config
errors), never a traceback; an unexpected crash writes its traceback to a log file in the data
dir and says where.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from reader import __version__

if TYPE_CHECKING:  # loaded for a command; the reader alone starts without it (_app_options)
    import argparse

EXIT_USAGE = 2
APP_OPTIONS = ("--config", "--data-dir")  # all the reader itself takes (see `_app_options`)


def _app_options(argv: Sequence[str]) -> SimpleNamespace | None:
    """`sinmun [--config PATH] [--data-dir PATH]` read without argparse and the parser's
    dozen subcommands (~5 ms of the first frame); None for anything else (a command, --help,
    an abbreviation, a missing value), which the parser reads and reports as it always has."""
    values: dict[str, str | None] = dict.fromkeys(APP_OPTIONS)
    words = list(argv)
    while words:
        name, equals, value = words.pop(0).partition("=")
        if name not in APP_OPTIONS:
            return None
        if not equals:
            if not words or words[0].startswith("-"):
                return None
            value = words.pop(0)
        values[name] = value
    return SimpleNamespace(command=None, config=values["--config"], data_dir=values["--data-dir"])


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            # one line instead of argparse's usage block
            self.exit(EXIT_USAGE, f"{self.prog}: {message} (see `{self.prog} --help`)\n")

    parser = _Parser(
        prog="sinmun",
        description="Sinmun (신문): a terminal news reader with a regional weather bar.",
        epilog="With no command, opens the reader. `sinmun demo` opens it on an offline newsroom.",
    )
    parser.add_argument("--version", action="version", version=f"sinmun {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: platform config dir; env SINMUN_CONFIG)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help="data directory (default: platform data dir; env SINMUN_DATA_DIR)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help="the reader on the built-in offline newsroom")
    demo.add_argument("--serve", action="store_true", help="only serve the newsroom; print its URL")
    demo.add_argument("--port", type=int, default=0, help="port for --serve (default: any free)")

    refresh = commands.add_parser("refresh", help="fetch all feeds")
    refresh.add_argument("--json", action="store_true", help="one JSON object per feed")
    refresh.add_argument(
        "--wait",
        metavar="SECONDS",
        type=_seconds,
        help="how long to wait for a refresh already running before leaving it the feeds "
        "(default 300; 0: do not wait)",
    )

    sync = commands.add_parser("sync", help="sync with the [sync] server (FreshRSS, Miniflux …)")
    sync.add_argument("--json", action="store_true", help="what the sync did, as one object")

    articles = commands.add_parser("articles", help="list stored articles, newest first")
    articles.add_argument("--region", metavar="R", help="only articles about region R")
    articles.add_argument("--search", metavar="Q", help="only articles matching all words of Q")
    articles.add_argument("--feed", metavar="URL", help="only articles of this feed")
    articles.add_argument("--unread", action="store_true", help="only unread articles")
    articles.add_argument("--starred", action="store_true", help="only starred articles")
    articles.add_argument("--limit", metavar="N", type=_positive_int, default=50)
    articles.add_argument("--json", action="store_true", help="a JSON list")

    read = commands.add_parser("read", help="fetch, extract and show one article page")
    read.add_argument("target", metavar="URL|PATH", help="an http(s) URL or a saved HTML file")
    read.add_argument("--json", action="store_true", help="the extracted article as JSON")

    weather = commands.add_parser("weather", help="the weather bar's data")
    weather.add_argument("--json", action="store_true", help="provider, attribution, regions")

    feeds = commands.add_parser("feeds", help="list, add or remove feeds")
    feed_commands = feeds.add_subparsers(
        dest="feeds_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    feeds_list = feed_commands.add_parser("list", help="the subscribed feeds")
    feeds_list.add_argument("--json", action="store_true")
    feeds_add = feed_commands.add_parser("add", help="subscribe to a feed")
    feeds_add.add_argument("url")
    feeds_add.add_argument("--title")
    feeds_remove = feed_commands.add_parser("remove", help="unsubscribe (drops its articles)")
    feeds_remove.add_argument("url")

    mark = commands.add_parser("mark", help="mark articles read/unread or star/unstar them")
    mark.add_argument("ids", metavar="ID", nargs="+", type=_positive_int, help="article ids")
    change = mark.add_mutually_exclusive_group(required=True)
    for flag in ("read", "unread", "star", "unstar"):
        change.add_argument(f"--{flag}", dest="change", action="store_const", const=flag)

    import_ = commands.add_parser("import", help="add feeds from an OPML or newsboat urls file")
    import_.add_argument("file", metavar="FILE")
    commands.add_parser("export", help="print the subscriptions as OPML")
    return parser


def _positive_int(text: str) -> int:
    import argparse  # loaded by the parser that calls this

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _seconds(text: str) -> float:
    import argparse  # loaded by the parser that calls this

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, not {text}")
    return value


class _Terminated(SystemExit):
    """SIGTERM or SIGHUP: end as Ctrl-C does, through every `finally`, without a traceback."""


CLEANUP_SECONDS = 5.0  # after SIGTERM/SIGHUP, how long a command may take to end cleanly


def _end_cleanly_on_signals() -> None:
    """`kill`, a cron or systemd timeout (SIGTERM) or a closed terminal (SIGHUP) would kill a
    command outright: its parse workers told nothing, its message half written. Raised as an
    exception instead, the transaction in progress rolls back, the workers are shut down, and
    the exit status says which signal it was (128 + its number)."""
    import signal
    import threading

    stopping: list[int] = []

    def stop(signum: int, frame: object) -> None:
        code = 128 + signum
        if stopping:  # a second signal: the user means it
            os._exit(code)
        stopping.append(code)
        # The exception lands wherever the main thread is; should the cleanup it starts hang
        # (a worker pool, a thread in a write), the process still ends, with the same status.
        watchdog = threading.Timer(CLEANUP_SECONDS, os._exit, args=(code,))
        watchdog.daemon = True
        watchdog.start()
        raise _Terminated(code)

    default_hook = sys.unraisablehook

    def swallowed(info: sys.UnraisableHookArgs) -> None:
        # Landed where Python cannot raise (an at-fork hook while the pool forks, a __del__):
        # Python would print "Exception ignored" and carry on. There is no cleanup to run
        # from there; end now, as the signal asked.
        if isinstance(info.exc_value, _Terminated):
            os._exit(int(info.exc_value.code or 1))
        default_hook(info)

    sys.unraisablehook = swallowed
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def run() -> None:
    """The `sinmun` program: `main`, then the exit. Once `main` returns, every file, connection
    and worker process is closed and flushed; taking the interpreter apart object by object
    would only add time (~30 ms after a refresh of 6,000 articles), so the process ends at once
    — unless another thread still runs, which gets the usual orderly exit."""
    code = main()
    import threading

    if threading.active_count() > 1:
        raise SystemExit(code)
    from contextlib import suppress

    for stream in (sys.stdout, sys.stderr):
        # None: started without one; OSError, ValueError: a reader that left (`| head`), a
        # closed stream
        with suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args = _app_options(words) or build_parser().parse_args(words)
    if args.command is not None:
        return _run(args)
    # Start-up makes some 200k objects that live as long as the app (modules, widgets,
    # styles), and the cycle collector would walk them again and again on the way (~15 ms of
    # the first frame). The app turns it back on after its first frame (ui/collector.py).
    import gc

    gc.disable()
    try:
        return _run(args)
    finally:
        gc.enable()  # the app did not start, or has ended


def _run(args: argparse.Namespace | SimpleNamespace) -> int:
    from reader.core.config import ConfigError
    from reader.core.paths import data_dir

    directory = data_dir(args.data_dir)
    import logging

    logging.getLogger("reader").addHandler(logging.NullHandler())
    try:
        return _dispatch(args, directory)
    except ConfigError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `sinmun articles | head`: not an error
        return 0
    except Exception as exc:
        known = _known_error(exc)
        if known is not None:
            return _fail(known, 1)
        return _fail(_crash_report(exc, directory), 1)


def _dispatch(args: argparse.Namespace | SimpleNamespace, directory: Path) -> int:
    from reader import commands
    from reader.core.config import load_config
    from reader.core.paths import config_path

    if args.command == "demo" and not args.serve and not _on_a_terminal():
        return _fail(_NO_TERMINAL, EXIT_USAGE)
    if args.command == "demo":
        from reader.demo import run_demo

        return run_demo(serve_only=args.serve, port=args.port)
    path = config_path(args.config)
    config = load_config(path, must_exist=bool(args.config))
    if args.command is None:
        if not _on_a_terminal():  # Textual would wait for keys that never come, spinning
            return _fail(_NO_TERMINAL, EXIT_USAGE)
        return commands.run_app(config, directory)
    assert not isinstance(args, SimpleNamespace)  # _app_options reads the reader's alone
    _end_cleanly_on_signals()  # not in the app: Textual restores the terminal on its own terms
    if args.command == "read":  # needs no database: works on a read-only or broken data dir
        from reader.read_command import run_read

        return run_read(None, args.target, args.json, config=config)
    with commands.open_service(config, directory) as service:
        return commands.run(args, service)


_NO_TERMINAL = (
    "the reader needs a terminal (stdin and stdout are not one); "
    "see `sinmun --help` for the commands that work without"
)


def _on_a_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def _known_error(exc: Exception) -> str | None:
    from reader.core.opml import SubscriptionFileError
    from reader.core.service import ServiceError
    from reader.core.storage import StorageError

    if isinstance(exc, StorageError | ServiceError | SubscriptionFileError):
        return str(exc)
    return None


def _fail(message: str, code: int) -> int:
    from reader.output import error_line

    error_line(f"sinmun: {message}")
    return code


def _crash_report(exc: BaseException, directory: Path) -> str:
    """Write the traceback where the user can find it; return the line to show."""
    import traceback
    from datetime import datetime

    text = "".join(traceback.format_exception(exc))
    for folder in (directory, Path.home()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / "crash.log"
            with log.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {datetime.now().isoformat()} sinmun {__version__}\n{text}\n")
        except OSError:
            continue
        return f"unexpected error: {type(exc).__name__}: {exc} (details in {log})"
    return f"unexpected error: {type(exc).__name__}: {exc}"


if __name__ == "__main__":
    raise SystemExit(main())
