"""The benchmark's feed server, seen from the client side: start it in its own process, read
its counters, and measure what it can serve on its own (so it is known not to be the bottleneck).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


class ServerProcess:
    """`_feedserver.py` in a child process; ``urls`` and stats helpers once it is ready."""

    def __init__(self, args: argparse.Namespace) -> None:
        cmd = [
            sys.executable,
            str(HERE / "_feedserver.py"),
            f"--feeds={args.feeds}",
            f"--items={args.items}",
            f"--latency-ms={args.latency_ms}",
            f"--hosts={args.hosts}",
            f"--item-bytes={args.item_bytes}",
        ]
        if args.no_gzip:
            cmd.append("--no-gzip")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            self.proc.wait()
            raise SystemExit(f"feed server failed to start (exit {self.proc.returncode})")
        info = json.loads(line)
        self.port: int = info["port"]
        self.urls: list[str] = info["urls"]
        self.bytes: int = info["bytes"]
        self.gzip_bytes: int = info["gzip_bytes"]
        self.items: int = info["items"]
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def stats(self, reset: bool = True) -> dict:
        url = f"http://127.0.0.1:{self.port}/_stats" + ("?reset=1" if reset else "")
        with self._opener.open(url, timeout=10) as resp:
            return json.load(resp)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


async def httpx_rounds(urls: list[str], concurrency: int) -> tuple[float, float, int, int, float]:
    """Fetch every feed (cold) then again with validators: (cold s, 304 s, #200, #304, client
    CPU s). The client's CPU shows where the time over the latency floor goes."""
    import httpx  # only this part needs it

    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    validators: dict[str, str] = {}
    codes: list[int] = []

    async def get(client: httpx.AsyncClient, url: str, conditional: bool) -> None:
        headers = {"If-None-Match": validators[url]} if conditional else {}
        async with sem:
            resp = await client.get(url, headers=headers)
            await resp.aread()
        codes.append(resp.status_code)
        validators[url] = resp.headers.get("etag", "")

    async with httpx.AsyncClient(limits=limits, trust_env=False, timeout=60) as client:
        c0, t0 = time.process_time(), time.perf_counter()
        await asyncio.gather(*(get(client, u, False) for u in urls))
        t1 = time.perf_counter()
        await asyncio.gather(*(get(client, u, True) for u in urls))
        t2 = time.perf_counter()
    return t1 - t0, t2 - t1, codes.count(200), codes.count(304), time.process_time() - c0


async def _raw_round(urls: list[str], concurrency: int, validators: dict[str, str]) -> list[int]:
    """GET every URL over bare asyncio streams (one connection each, no HTTP library), so the
    figure shows what the server itself can do; fills/uses ``validators`` (URL → ETag)."""
    sem = asyncio.Semaphore(concurrency)

    async def get(url: str) -> int:
        parts = urllib.parse.urlsplit(url)
        extra = f"If-None-Match: {validators[url]}\r\n" if url in validators else ""
        request = (
            f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept-Encoding: gzip\r\n"
            f"{extra}Connection: close\r\n\r\n"
        )
        async with sem:
            reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
            writer.write(request.encode())
            data = await reader.read(-1)
            writer.close()
        head = data.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "etag":
                validators[url] = value.strip()
        return int(head[0].split()[1])

    return list(await asyncio.gather(*(get(u) for u in urls)))


async def bare_rounds(urls: list[str], concurrency: int) -> tuple[float, float, bool]:
    validators: dict[str, str] = {}
    t0 = time.perf_counter()
    cold = await _raw_round(urls, concurrency, validators)
    t1 = time.perf_counter()
    warm = await _raw_round(urls, concurrency, validators)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, cold.count(200) == warm.count(304) == len(urls)


@dataclass
class ServerFigures:
    bare_cold: float
    bare_304: float
    httpx_cold: float
    httpx_304: float
    ok: bool


def measure_server(server: ServerProcess, concurrency: int, rounds: int = 3) -> ServerFigures:
    """Medians of ``rounds`` cold+304 rounds, bare sockets and httpx; prints one line each."""
    server.stats(reset=True)
    raw = [asyncio.run(bare_rounds(server.urls, concurrency)) for _ in range(rounds)]
    st = server.stats(reset=True)
    bare_ok = all(r[2] for r in raw)
    bare_cold, bare_304 = statistics.median(r[0] for r in raw), statistics.median(r[1] for r in raw)
    print(
        f"  server only (bare sockets, {concurrency} concurrent): {bare_cold:.2f} s cold, "
        f"{bare_304:.2f} s 304; server CPU {st['cpu_s'] / rounds:.2f} s per cold+304 round"
        + ("" if bare_ok else "  CHECK FAILED"),
        flush=True,
    )
    hx = [asyncio.run(httpx_rounds(server.urls, concurrency)) for _ in range(rounds)]
    st = server.stats(reset=True)
    n = len(server.urls)
    hx_ok = all(h[2] == h[3] == n for h in hx)
    hx_cold, hx_304 = statistics.median(h[0] for h in hx), statistics.median(h[1] for h in hx)
    print(
        f"  server only (httpx, {concurrency} concurrent): {hx_cold:.2f} s cold, "
        f"{hx_304:.2f} s 304; per cold+304 round: server CPU {st['cpu_s'] / rounds:.2f} s, "
        f"httpx client CPU {statistics.median(h[4] for h in hx):.2f} s; "
        f"peak {st['max_in_flight']} in flight, {st['hosts']} hosts"
        + ("" if hx_ok else "  CHECK FAILED"),
        flush=True,
    )
    return ServerFigures(bare_cold, bare_304, hx_cold, hx_304, bare_ok and hx_ok)
