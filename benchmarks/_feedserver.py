"""A feed server for the refresh benchmark, run as its own process.

    python benchmarks/_feedserver.py --feeds 200 --items 30 --latency-ms 50 --hosts 20

It generates N RSS 2.0 feeds of M items (each ~2 KB of mixed Korean/English HTML, unique guids,
pubDates), then serves them over a minimal asyncio HTTP/1.1 server (keep-alive, ETag and
Last-Modified → 304, gzip when asked) bound to the same port on 127.0.0.1 … 127.0.0.<hosts>.
Every response waits ``--latency-ms`` first, as a distant server would. When ready it prints one
JSON line to stdout: ``{"port": …, "urls": [...], "bytes": …, "gzip_bytes": …}``.

``GET /_stats`` answers at once with request counters and the server's own CPU time;
``GET /_stats?reset=1`` zeroes the counters after reading them. It runs in a separate process so
its CPU is not charged to (and does not compete inside) the client being measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime

from _feedgen import Doc, make_feed  # run as a script: benchmarks/ is on sys.path

# --- HTTP ------------------------------------------------------------------------------------


@dataclass
class Stats:
    requests: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    body_bytes: int = 0
    connections: int = 0
    hosts: set[str] = field(default_factory=set)  # local addresses that served feeds
    conditional: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    cpu_start: float = field(default_factory=time.process_time)

    def as_dict(self) -> dict[str, object]:
        return {
            "requests": self.requests,
            "by_status": dict(self.by_status),
            "body_bytes": self.body_bytes,
            "connections": self.connections,
            "hosts": len(self.hosts),
            "conditional": self.conditional,
            "max_in_flight": self.max_in_flight,
            "cpu_s": time.process_time() - self.cpu_start,  # server CPU since the last reset
        }


_REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found", 405: "Method Not Allowed"}


def _not_modified(doc: Doc, headers: dict[str, str]) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or doc.etag in tags
    ims = headers.get("if-modified-since")
    if ims:
        try:
            return parsedate_to_datetime(ims) >= doc.last_modified
        except (TypeError, ValueError):
            return False
    return False


class FeedServer:
    def __init__(self, docs: dict[str, Doc], latency: float, use_gzip: bool) -> None:
        self.docs = docs
        self.latency = latency
        self.use_gzip = use_gzip
        self.stats = Stats()

    def respond(self, method: str, target: str, headers: dict[str, str]) -> tuple[int, list, bytes]:
        path, _, query = target.partition("?")
        if path == "/_stats":
            body = json.dumps(self.stats.as_dict()).encode()
            if "reset=1" in query:
                self.stats = Stats()
            return 200, [("Content-Type", "application/json")], body
        if method not in ("GET", "HEAD"):
            return 405, [("Allow", "GET, HEAD")], b""
        doc = self.docs.get(path)
        if doc is None:
            return 404, [("Content-Type", "text/plain")], b"not found\n"
        if "if-none-match" in headers or "if-modified-since" in headers:
            self.stats.conditional += 1
        common = [
            ("ETag", doc.etag),
            ("Last-Modified", format_datetime(doc.last_modified, usegmt=True)),
            ("Cache-Control", "max-age=0"),
            ("Vary", "Accept-Encoding"),
        ]
        if _not_modified(doc, headers):
            return 304, common, b""
        body = doc.body
        hdrs = [("Content-Type", doc.content_type), *common]
        if self.use_gzip and "gzip" in headers.get("accept-encoding", ""):
            body = doc.gzipped
            hdrs.append(("Content-Encoding", "gzip"))
        return 200, hdrs, b"" if method == "HEAD" else body

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        counted = False  # a connection counts once it asks for a feed (not /_stats)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, version = lines[0].split(" ", 2)
                except ValueError:
                    return
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    name, sep, value = line.partition(":")
                    if sep:
                        headers[name.strip().lower()] = value.strip()
                if length := int(headers.get("content-length", "0") or 0):
                    await reader.readexactly(length)  # no request bodies expected; drain them
                conn = headers.get("connection", "").lower()
                keep = conn != "close" if version == "HTTP/1.1" else conn == "keep-alive"

                stats = self.stats
                stats.in_flight += 1
                stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
                try:
                    status, hdrs, body = self.respond(method, target, headers)
                    if not target.startswith("/_stats"):
                        if not counted:
                            stats.connections += 1
                            stats.hosts.add(writer.get_extra_info("sockname")[0])
                            counted = True
                        stats.requests += 1
                        stats.by_status[str(status)] = stats.by_status.get(str(status), 0) + 1
                        stats.body_bytes += len(body)
                        await asyncio.sleep(self.latency)
                finally:
                    stats.in_flight -= 1
                length_hdr = len(body) if status != 304 else None
                out = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}"]
                out += [f"{k}: {v}" for k, v in hdrs]
                if length_hdr is not None:
                    out.append(f"Content-Length: {length_hdr}")
                out.append("Connection: keep-alive" if keep else "Connection: close")
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
                if not keep:
                    return
        except ConnectionError:
            return
        finally:
            writer.close()


def _common_port(hosts: list[str], wanted: int) -> int:
    """A port free on every host address (the kernel's pick on the first one, checked on all)."""
    for _ in range(50):
        socks: list[socket.socket] = []
        try:
            port = wanted
            for host in hosts:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(s)
                s.bind((host, port))
                port = s.getsockname()[1]
            return port
        except OSError:
            if wanted:
                raise
        finally:
            for s in socks:
                s.close()
    raise OSError("no port free on every loopback address")


async def serve(args: argparse.Namespace) -> None:
    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    port = _common_port(hosts, args.port)
    docs: dict[str, Doc] = {}
    urls: list[str] = []
    for i in range(args.feeds):
        base = f"http://{hosts[i % len(hosts)]}:{port}"
        path, doc = make_feed(i, args.items, base, args.item_bytes, args.seed)
        docs[path] = doc
        urls.append(base + path)
    server = FeedServer(docs, args.latency_ms / 1000, not args.no_gzip)
    servers = [
        await asyncio.start_server(server.handle, host, port, backlog=1024, reuse_address=True)
        for host in hosts
    ]
    ready = {
        "port": port,
        "hosts": hosts,
        "urls": urls,
        "bytes": sum(len(d.body) for d in docs.values()),
        "gzip_bytes": sum(len(d.gzipped) for d in docs.values()),
        "items": args.feeds * args.items,
    }
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for s in servers:
        s.close()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--items", type=int, default=30)
    p.add_argument("--item-bytes", type=int, default=2048, help="HTML bytes per item")
    p.add_argument("--latency-ms", type=float, default=50.0)
    p.add_argument("--hosts", type=int, default=20, help="127.0.0.1 … 127.0.0.N (max 254)")
    p.add_argument("--port", type=int, default=0, help="0: pick one free on every host")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-gzip", action="store_true", help="never compress responses")
    args = p.parse_args(argv)
    if not 1 <= args.hosts <= 254:
        p.error("--hosts must be between 1 and 254")
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
