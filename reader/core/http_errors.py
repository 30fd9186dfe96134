"""What a failed fetch tells the user: one short, printable line per failure.

Kept apart from the client in `reader.core.http` because it is pure: an exception or a status in,
a reason (and whether another try may help) out. `FetchError` itself stays with the client.
"""

from __future__ import annotations

import socket
import ssl

import httpx

from reader.core.text import printable

__all__ = ["MiB", "failure_reason", "format_seconds", "format_size", "printable", "show_url"]

MiB = 1024 * 1024


def format_size(n: int) -> str:
    """1048576 → "1 MiB", 1536 → "1.5 KiB", 900 → "900 bytes"."""
    for unit, size in (("GiB", 1024 * MiB), ("MiB", MiB), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def format_seconds(s: float) -> str:
    return f"{s:g}"


def show_url(url: httpx.URL) -> str:
    return printable(str(url.copy_with(username=None, password=None)))


def status_reason(status: int) -> str:
    if status == 429:
        return "rate limited (HTTP 429)"
    phrase = httpx.codes.get_reason_phrase(status)
    return f"HTTP {status} {phrase}" if phrase else f"HTTP {status}"


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception, its causes and any group members (anyio wraps refused connects)."""
    out: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(out) < 32:
        e = todo.pop(0)
        if any(e is seen for seen in out):
            continue
        out.append(e)
        if isinstance(e, BaseExceptionGroup):
            todo.extend(e.exceptions)
        for nxt in (e.__cause__, e.__context__):
            if nxt is not None:
                todo.append(nxt)
    return out


def _connect_reason(exc: BaseException, url: httpx.URL) -> tuple[str, bool]:
    """(reason, worth retrying) for a failure to connect."""
    causes = _causes(exc)
    for e in causes:
        if isinstance(e, socket.gaierror):
            # EAI_AGAIN is a flaky resolver; "no such name" will not change in a second.
            return f"could not resolve host {printable(url.host, 60)}", e.errno == socket.EAI_AGAIN
        if isinstance(e, ssl.SSLCertVerificationError):
            return f"TLS certificate not trusted: {printable(e.verify_message or str(e))}", False
        if isinstance(e, ssl.SSLError):
            return f"TLS error: {printable(e.reason or str(e))}", False
    for e in causes:
        if isinstance(e, ConnectionRefusedError):
            return "connection refused", True
        if isinstance(e, ConnectionResetError):
            return "connection reset", True
        if isinstance(e, OSError) and e.strerror:
            return f"could not connect: {printable(e.strerror.lower())}", True
    return f"could not connect: {printable(str(exc) or type(exc).__name__)}", True


def failure_reason(exc: Exception, url: httpx.URL, encoding: str) -> tuple[str, bool]:
    """(reason, worth retrying) for an httpx/OS exception from one request/response."""
    if isinstance(exc, httpx.ConnectTimeout):
        return "connection timed out", False
    if isinstance(exc, httpx.ReadTimeout):
        return "read timed out", False
    if isinstance(exc, httpx.WriteTimeout):
        return "write timed out", False
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection", False
    if isinstance(exc, httpx.ConnectError):
        return _connect_reason(exc, url)
    if isinstance(exc, httpx.DecodingError):
        return f"could not decode the {encoding or 'compressed'} body (corrupt data)", False
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc)
        if "without sending complete message body" in text:
            return "connection closed before the whole body arrived", True
        if "disconnected" in text:
            return "server closed the connection", True
        return f"bad HTTP response: {printable(text, 60)}", False
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.CloseError):
        return "connection reset", True
    if isinstance(exc, httpx.ProxyError):
        return f"proxy error: {printable(str(exc), 60)}", False
    if isinstance(exc, httpx.LocalProtocolError | httpx.InvalidURL):
        return f"malformed request: {printable(str(exc), 60)}", False
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"unsupported URL scheme '{printable(url.scheme, 20)}'", False
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return "connection reset", True
    detail = printable(str(exc), 60) or type(exc).__name__
    return f"network error: {detail}", False
