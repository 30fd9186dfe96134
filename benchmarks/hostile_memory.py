"""Peak memory and time of every hostile case, as a user meets it: `sinmun refresh --json` on a
hostile feed and `sinmun read URL` on a hostile page, each a fresh process under the tests'
address-space limit, served from a loopback server.

    python benchmarks/hostile_memory.py            (from a checkout with the test extras)

The payloads are the test suite's own generators (compression bombs, XML entity attacks, page
shapes that made extraction superlinear, the escape catalogue). Printed per case: what the
user was told (or how much was stored), wall time, and the peak RSS of the process with the
children it waited for (`os.wait4`). The budget is 400 MB; every case must stay under it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core import bombs, xml_attacks  # noqa: E402
from tests.memory import MAX_RSS, MiB, run_bounded  # noqa: E402
from tests.robustness import hostile_server, test_extraction_budget  # noqa: E402

RSS_HEADERS = {"Content-Type": "application/rss+xml; charset=utf-8"}
HTML_HEADERS = {"Content-Type": "text/html; charset=utf-8"}


def cases() -> dict[str, tuple[str, bytes, dict[str, str]]]:
    """name → (command, body, headers): "refresh" serves it as a feed, "read" as a page."""
    out: dict[str, tuple[str, bytes, dict[str, str]]] = {}
    for name, coding, body in (
        ("brotli bomb 4 GiB", "br", bombs.zeros_brotli(256)),
        ("gzip bomb 1 GiB", "gzip", bombs.zeros_gzip(1024)),
        ("deflate bomb 1 GiB", "deflate", bombs.zeros_deflate(1024)),
    ):
        out[f"feed: {name}"] = ("refresh", body, {**RSS_HEADERS, "Content-Encoding": coding})
        out[f"page: {name}"] = ("read", body, {**HTML_HEADERS, "Content-Encoding": coding})
    import gzip

    stacked = gzip.compress(gzip.compress(b"\0" * (256 * MiB)))
    out["feed: gzip, gzip 256 MiB"] = (
        "refresh",
        stacked,
        {**RSS_HEADERS, "Content-Encoding": "gzip, gzip"},
    )
    for name, make in xml_attacks.ATTACKS.items():
        out[f"feed: entities {name}"] = ("refresh", make(), RSS_HEADERS)
    out["feed: escape catalogue"] = ("refresh", hostile_server.rss("http://127.0.0.1"), RSS_HEADERS)
    out["feed: 10,000 entries"] = (
        "refresh",
        xml_attacks.rss(
            "", "".join(xml_attacks.item(f"d{i}", guid=f"g{i}") for i in range(10_000))
        ).encode(),
        RSS_HEADERS,
    )
    for make in test_extraction_budget.PAGES:
        out[f"page: {make.__name__.replace('_', ' ')}"] = ("read", make().encode(), HTML_HEADERS)
    return out


class Server:
    def __init__(self, routes: dict[str, tuple[bytes, dict[str, str]]]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body, headers = routes.get(self.path, (b"", {}))
                self.send_response(200 if body else 404)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with suppress(OSError):  # the client stopped reading at its cap, as it should
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()


def outcome(command: str, out: bytes, err: bytes) -> str:
    if command == "refresh":
        try:
            (result,) = json.loads(out)
        except ValueError:
            return err.decode("utf-8", "replace").strip()[:70]
        if result["status"] == "error":
            return result["error"][:70]
        return f"stored, {result['new']} new" + (
            f" ({result['warning'][:40]})" if result.get("warning") else ""
        )
    if out:
        text = out.decode("utf-8", "replace")
        return f"read: {len(text):,} characters, {text.count(chr(10)) + 1:,} lines"
    return err.decode("utf-8", "replace").strip().removeprefix("sinmun read: ")[:70]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="run the cases whose name contains this")
    args = parser.parse_args()
    chosen = {k: v for k, v in cases().items() if not args.only or args.only in k}
    routes = {f"/{i}": (body, headers) for i, (_, body, headers) in enumerate(chosen.values())}
    server = Server(routes)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    worst = 0
    print(f"{'case':44} {'peak RSS':>9} {'time':>7}  what the user sees")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, (command, _, _)) in enumerate(chosen.items()):
            url = f"{server.base}/{i}"
            home = Path(tmp) / str(i)
            config = home / "config.toml"
            home.mkdir()
            config.write_text(f'[[feeds]]\nurl = "{url}"\n', encoding="utf-8")
            argv = [
                sys.executable,
                "-m",
                "reader",
                "--config",
                str(config),
                "--data-dir",
                str(home / "d"),
            ]
            argv += ["refresh", "--json"] if command == "refresh" else ["read", url]
            started = time.monotonic()
            try:
                _, out, err, peak = run_bounded(
                    argv, timeout=120, cwd=ROOT, env=env, max_rss=1 << 62
                )
            except AssertionError as exc:
                print(f"{name:44} {'—':>9} {'—':>7}  FAILED: {exc}")
                worst = 1 << 62
                continue
            seconds = time.monotonic() - started
            worst = max(worst, peak)
            print(f"{name:44} {peak / MiB:6.0f} MB {seconds:6.2f}s  {outcome(command, out, err)}")
    verdict = "within" if worst < MAX_RSS else "OVER"
    print(f"\nworst peak RSS {worst / MiB:.0f} MB: {verdict} the {MAX_RSS // MiB} MB budget")
    return 0 if worst < MAX_RSS else 1


if __name__ == "__main__":
    raise SystemExit(main())
