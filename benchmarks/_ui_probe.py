"""`sinmun` with a first-frame probe, for profiling startup (startup.py --profile).

    python benchmarks/_ui_probe.py OUT.json [--exit] -- [sinmun arguments]

Runs the real CLI in this process, hooked into the app's own first-frame hook
(`SinmunApp.first_frame`, called once after the first article list is painted): it writes to
OUT.json the seconds since the interpreter started, the list's rows and the modules loaded by
then, and with --exit quits the app. Under a profiler this shows what the first frame costs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _started() -> float:
    """Seconds since this process started (from /proc; the probe's own start otherwise)."""
    try:
        with open("/proc/self/stat") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        import os

        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def main() -> int:
    out = Path(sys.argv[1])
    rest = sys.argv[2:]
    quit_after = "--exit" in rest[: rest.index("--")] if "--" in rest else False
    argv = rest[rest.index("--") + 1 :] if "--" in rest else rest
    t0 = time.perf_counter() - _started()

    from reader.ui.app import SinmunApp
    from reader.ui.widgets.article_list import ArticleList

    original = SinmunApp.first_frame

    def first_frame(self: SinmunApp) -> None:
        original(self)
        report = {
            "seconds": time.perf_counter() - t0,
            "rows": self.screen.query_one(ArticleList).row_count,
            "modules": sorted(sys.modules),
        }
        out.write_text(json.dumps(report), encoding="utf-8")
        if quit_after:
            self.exit()

    SinmunApp.first_frame = first_frame  # type: ignore[method-assign]
    from reader.cli import main as sinmun

    return sinmun(argv)


if __name__ == "__main__":
    raise SystemExit(main())
