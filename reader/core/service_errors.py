"""The service's user-facing failures (one line each); `reader.core.service` exports them."""

from __future__ import annotations

from reader.core.text import CleanError


class ServiceError(CleanError):
    """A user-facing failure of a service operation (one line)."""


class RefreshBusy(ServiceError):
    """Another refresh of the same data dir runs (in another process, or this one)."""

    def __init__(self, pid: int | None) -> None:
        by = f" (process {pid})" if pid else ""
        super().__init__(f"a refresh is already running{by}")
        self.pid = pid
