"""The first frame waits for no module it does not draw with: importing the app (and creating
it, which decides how pictures are drawn) loads no parser, HTTP client, extractor or image
library."""

from __future__ import annotations

import subprocess
import sys

LAZY = ("trafilatura", "httpx", "feedparser", "lxml", "PIL", "textual_image", "reader.core.extract")

PROGRAM = """
import sys
from reader.ui.widgets.article_image import detect_graphics
import reader.ui.app
assert detect_graphics({"TERM": "xterm-256color"}) == "halfcell"
print(" ".join(sorted(sys.modules)))
"""


def test_the_app_module_loads_none_of_the_heavy_libraries() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    loaded = [m for m in out if any(m == lazy or m.startswith(lazy + ".") for lazy in LAZY)]
    assert loaded == []
    assert "textual.app" in out  # the check sees what the app does load
