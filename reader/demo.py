"""`sinmun demo`: the reader on the built-in offline newsroom, in a throwaway data dir."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from reader.core.config import Config, WeatherConfig


def demo_config(newsroom) -> Config:
    """A config that points every network use at the newsroom."""
    base = newsroom.base_url
    weather = WeatherConfig(base_url=base, kma_base_url=base, kma_data_url=base, kma_key="demo-key")
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

    with Newsroom() as newsroom, tempfile.TemporaryDirectory(prefix="sinmun-demo-") as tmp:
        # Saved settings go to a throwaway config too: the demo never edits the user's.
        config = replace(demo_config(newsroom), path=Path(tmp) / "config.toml")
        return run_app(config, Path(tmp))
