"""Robustness against feedparser's own test suite, refreshed by `sinmun` in one process.

    python benchmarks/robustness.py ../shared/corpus/feedparser     (or its parent folder)

Every file under wellformed/, illformed/, encoding/, entities/ and json/ is served from a local
HTTP server with the headers its ``Header:`` comment lines name (``application/xml`` when none
is named, ``application/json`` for .json), all of them go into one config, and one
``sinmun refresh --json`` fetches them. Printed: feeds stored, feeds reported with a reason,
crashes (internal errors, tracebacks, a failed exit: must be 0), and for the encoding cases how
many decoded to the text their ``Expect:`` line names.

How an encoding case is judged (feedparser's result object is not what Sinmun stores):
- The ``Expect:`` expression is split at its top-level ``and``s. Conjuncts about the text
  (``feed['title']``, ``entries[0]['description']`` …) are evaluated against the stored feed
  title and the first stored entry (title; description/summary match either the stored summary
  or the stored HTML content). Conjuncts about feedparser internals (``bozo``,
  ``bozo_exception``, ``encoding``, ``version``, ``headers``) are set aside.
- A conjunct ``encoding == 'X'`` is turned into a text check: the file's own ``<title>`` text,
  decoded with X, must equal the stored feed title (whitespace collapsed, entities decoded).
- A case with nothing left to check (e.g. ``not bozo`` on a feed without text) counts as decoded
  when the feed was stored. Every miss is listed with its expression and what was stored.
"""

from __future__ import annotations

import argparse
import ast
import html
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SUITES = ("wellformed", "illformed", "encoding", "entities", "json")
INTERNALS = {"bozo", "bozo_exception", "encoding", "version", "headers", "feedparser", "status"}


@dataclass
class Case:
    path: Path
    rel: str
    body: bytes
    headers: list[tuple[str, str]]
    description: str = ""
    expect: str = ""
    url: str = ""
    result: dict[str, Any] = field(default_factory=dict)


# --- reading the corpus ---------------------------------------------------------------------------
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_NULS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)


def _comment_text(body: bytes) -> str:
    """The file's text as far as its leading comment needs (UTF-16/32 files included)."""
    head = body[:8192]
    for mark, codec in _BOMS:
        if head.startswith(mark):
            return head[len(mark) :].decode(codec, "replace")
    for mark, codec in _NULS:
        if head.startswith(mark):
            return head.decode(codec, "replace")
    return head.decode("utf-8", "replace")


def load_cases(corpus: Path) -> list[Case]:
    if not (corpus / "wellformed").is_dir() and (corpus / "feedparser").is_dir():
        corpus = corpus / "feedparser"
    cases = []
    for suite in SUITES:
        for path in sorted((corpus / suite).rglob("*")):
            if not path.is_file():
                continue
            body = path.read_bytes()
            text = _comment_text(body)
            if path.suffix == ".json":  # the test comment lives in a "__TEST__" string
                text = text.replace("Expect:", "\nExpect:").replace("-->", "\n")
            case = Case(path, str(path.relative_to(corpus)), body, [])
            for line in text.splitlines():
                line = line.strip().strip('",')
                if m := re.match(r"Header:\s*([^:]+?)\s*:\s*(.*)$", line):
                    case.headers.append((m.group(1), m.group(2)))
                elif line.startswith("Description:"):
                    case.description = line.partition(":")[2].strip()
                elif line.startswith("Expect:"):
                    case.expect = line.partition(":")[2].strip()
            if not any(k.lower() == "content-type" for k, _ in case.headers):
                default = "application/json" if path.suffix == ".json" else "application/xml"
                case.headers.append(("Content-Type", default))
            cases.append(case)
    return cases


# --- serving --------------------------------------------------------------------------------------
def serve(cases: list[Case]) -> ThreadingHTTPServer:
    by_path = {"/" + c.rel: c for c in cases}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            case = by_path.get(self.path)
            if case is None:
                self.send_error(404)
                return
            self.send_response(200)
            for name, value in case.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(case.body)))
            self.end_headers()
            self.wfile.write(case.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    for c in cases:
        c.url = f"http://127.0.0.1:{port}/{c.rel}"
    return server


# --- judging the encoding cases -------------------------------------------------------------------
class Text(str):
    """A stored field that equals any of its acceptable renderings."""

    alternatives: tuple[str, ...] = ()

    def __new__(cls, value: str, *alternatives: str) -> Text:
        obj = super().__new__(cls, value)
        obj.alternatives = tuple(a for a in alternatives if a is not None)
        return obj

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return False
        want = " ".join(other.split())
        return any(" ".join(v.split()) == want for v in (str(self), *self.alternatives))

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__


class Record(dict):
    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _conjuncts(expr: str) -> list[ast.expr]:
    tree = ast.parse(expr, mode="eval").body
    if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And):
        return list(tree.values)
    return [tree]


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


_TITLE = re.compile(r"<(?:\w+:)?title\b[^>]*>(.*?)</(?:\w+:)?title>", re.DOTALL | re.IGNORECASE)


def _file_title(case: Case, encoding: str) -> str | None:
    try:
        text = case.body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    m = _TITLE.search(text)
    if m is None:
        return None
    value = re.sub(r"<!\[CDATA\[(.*?)\]\]>", r"\1", m.group(1), flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", value)).split())


def judge(case: Case, feed: Record | None, entries: list[Record]) -> tuple[bool, str]:
    """(decoded as expected, why not)."""
    if case.result.get("status") == "error":
        return False, f"not stored: {case.result.get('error')}"
    try:
        parts = _conjuncts(case.expect)
    except SyntaxError:
        return False, f"unreadable Expect: {case.expect}"
    namespace = {"feed": feed or Record(), "entries": entries, "ord": ord, "len": len}
    checked = 0
    for part in parts:
        names = _names(part)
        source = ast.unparse(part)
        if names & {"encoding"} and isinstance(part, ast.Compare):
            target = part.comparators[0]
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                title = _file_title(case, target.value)
                if title:
                    checked += 1
                    stored = (feed or {}).get("title") or ""
                    if " ".join(stored.split()) != title:
                        return False, f"title {stored!r}, decoded as {target.value}: {title!r}"
            continue
        if names & INTERNALS or not names:
            continue
        checked += 1
        try:
            ok = bool(eval(compile(ast.Expression(part), "<expect>", "eval"), {}, namespace))
        except Exception as exc:  # IndexError/KeyError: the stored feed lacks the field
            return False, f"{source}: {type(exc).__name__} {exc} (stored {_show(feed, entries)})"
        if not ok:
            return False, f"{source} is false (stored {_show(feed, entries)})"
    return True, "" if checked else "(nothing to compare: stored)"


def _show(feed: Record | None, entries: list[Record]) -> str:
    first = dict(entries[0]) if entries else {}
    return json.dumps({"feed": dict(feed or {}), "entry": first}, ensure_ascii=True)[:240]


def stored_text(db: Path, cases: list[Case]) -> dict[str, tuple[Record | None, list[Record]]]:
    conn = sqlite3.connect(db)
    out: dict[str, tuple[Record | None, list[Record]]] = {}
    try:
        feeds = {
            url: (fid, title)
            for fid, url, title in conn.execute("SELECT id, url, title FROM feeds")
        }
        for case in cases:
            if case.url not in feeds:
                out[case.url] = (None, [])
                continue
            fid, title = feeds[case.url]
            entries = []
            for t, summary, content in conn.execute(
                "SELECT title, summary, content FROM articles WHERE feed_id = ? ORDER BY id",
                (fid,),
            ):
                desc = Text(summary, content, html.unescape(content))
                entries.append(Record(title=Text(t), description=desc, summary=desc, content=desc))
            out[case.url] = (Record(title=Text(title or "")), entries)
    finally:
        conn.close()
    return out


# --- main -----------------------------------------------------------------------------------------
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpus", type=Path, help="the feedparser corpus folder (or its parent)")
    ap.add_argument("--keep", type=Path, help="use this data dir (kept) instead of a temp one")
    args = ap.parse_args()
    cases = load_cases(args.corpus)
    if not cases:
        print(f"no feedparser test files under {args.corpus}", file=sys.stderr)
        return 2
    server = serve(cases)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.keep or Path(tmp) / "data"
        config = Path(tmp) / "config.toml"
        config.write_text(
            "".join(f'[[feeds]]\nurl = "{c.url}"\n\n' for c in cases), encoding="utf-8"
        )
        started = time.monotonic()
        command = ["--config", str(config), "--data-dir", str(data), "refresh", "--json"]
        proc = subprocess.run(
            [sys.executable, "-m", "reader", *command],
            cwd=ROOT,
            capture_output=True,
        )
        elapsed = time.monotonic() - started
        server.shutdown()
        try:
            results = {r["url"]: r for r in json.loads(proc.stdout)}
        except ValueError:
            results = {}
        for c in cases:
            c.result = results.get(c.url, {})
        texts = stored_text(data / "sinmun.db", cases) if results else {}

    stderr = proc.stderr.decode("utf-8", "replace")
    stored = [c for c in cases if c.result.get("status") in ("ok", "not_modified")]
    reported = [c for c in cases if c.result.get("status") == "error" and c.result.get("error")]
    internal = [c for c in cases if (c.result.get("error") or "").startswith("internal error")]
    missing = [c for c in cases if not c.result]
    tracebacks = stderr.count("Traceback")
    crashes = len(internal) + tracebacks + len(missing) + (proc.returncode not in (0, 1))

    print(f"sinmun refresh --json over {len(cases)} feedparser files: {elapsed:.1f} s")
    print(f"  feeds stored:                 {len(stored)}")
    print(f"  feeds reported with a reason: {len(reported)}")
    print(
        f"  crashes:                      {crashes} (internal errors {len(internal)}, "
        f"tracebacks {tracebacks}, feeds missing from the output {len(missing)}, "
        f"exit status {proc.returncode})"
    )
    for suite in SUITES:
        part = [c for c in cases if c.rel.startswith(suite + "/")]
        ok = sum(c in stored for c in part)
        print(f"    {suite:<11} {ok:>5} stored / {len(part):>5}")
    reasons: dict[str, int] = {}
    for c in reported:
        key = re.sub(r"line \d+, column \d+", "line N, column N", c.result["error"])[:70]
        reasons[key] = reasons.get(key, 0) + 1
    print("  most common reasons:")
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:12]:
        print(f"    {n:>5}  {reason}")
    for c in internal[:20]:
        print(f"  INTERNAL {c.rel}: {c.result['error']}")

    enc = [c for c in cases if c.rel.startswith("encoding/")]
    verdicts = [(c, *judge(c, *texts.get(c.url, (None, [])))) for c in enc]
    good = [v for v in verdicts if v[1]]
    compared = [v for v in good if v[2] == ""]
    print(
        f"  encoding cases decoded as Expect names: {len(good)} / {len(enc)} "
        f"({len(compared)} compared on text, {len(good) - len(compared)} with no text to compare)"
    )
    for c, ok, why in verdicts:
        if not ok:
            print(f"    MISS {c.rel}\n         Expect: {c.expect}\n         {why}")
    if tracebacks:
        print("  stderr (first traceback):")
        start = stderr.find("Traceback")
        print("    " + stderr[start : start + 1500].replace("\n", "\n    "))
    return 0 if crashes == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
