"""`sinmun demo`: the reader on the built-in offline newsroom, in a throwaway data dir."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from reader.core.settings import Config, WeatherConfig

# Closing the terminal (SIGHUP) or `kill` (SIGTERM) would end the demo outright, leaving its
# throwaway folder behind.
_ENDINGS = ("SIGHUP", "SIGTERM")


def demo_config(newsroom) -> Config:
    """A config that points every network use at the newsroom."""
    base = newsroom.base_url
    # One root serves every weather service: data.go.kr's (grid forecasts, warnings) follow
    # kma_base_url and the air quality follows base_url. The key shows the warnings too.
    weather = WeatherConfig(base_url=base, kma_base_url=base, kma_key="demo-key")
    return replace(Config.default(), feeds=tuple(newsroom.feed_specs()), weather=weather)


def run_demo(*, serve_only: bool = False, port: int = 0) -> int:
    from reader.newsroom import Newsroom

    if serve_only:
        with Newsroom(port=port) as newsroom:
            print(f"Sinmun newsroom serving at {newsroom.base_url}/", flush=True)
            for spec in newsroom.feed_specs():
                print(f"  {spec.url}  {spec.title or ''}", flush=True)
            print("Press Ctrl-C to stop.", file=sys.stderr, flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                newsroom.serve_forever()
        return 0

    from reader.commands import run_app

    with (
        Newsroom() as newsroom,
        tempfile.TemporaryDirectory(prefix="sinmun-demo-", ignore_cleanup_errors=True) as tmp,
        _removed_when_ended(Path(tmp)),
    ):
        # Saved settings go to a throwaway config too: the demo never edits the user's.
        config = replace(demo_config(newsroom), path=Path(tmp) / "config.toml")
        return run_app(config, Path(tmp))


class _Ended(SystemExit):
    """SIGHUP or SIGTERM: the demo unwinds as on `q` (exit status 128 + the signal)."""


@contextlib.contextmanager
def _removed_when_ended(folder: Path) -> Iterator[None]:
    """While the demo runs, SIGHUP and SIGTERM remove `folder` at once, then end the demo
    through every `finally` (the newsroom stops, the terminal is given back)."""
    owner = os.getpid()

    def end(signum: int, frame: object) -> None:
        if os.getpid() != owner:  # a forked parse worker: die as it would have
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        # First, while nothing can stop it: unwinding a Textual app on a terminal that is
        # gone is best effort, and the folder is what must not stay behind.
        shutil.rmtree(folder, ignore_errors=True)
        raise _Ended(128 + signum)

    wanted = [getattr(signal, name) for name in _ENDINGS if hasattr(signal, name)]
    before = {signum: signal.signal(signum, end) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
