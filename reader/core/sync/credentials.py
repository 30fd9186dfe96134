"""The sync's secrets: the password, asked for at most once per run, and the server's auth
token, cached in the data dir (mode 0600) so most runs never need the password at all.

Neither is ever printed, logged or written to the database; errors name the source of a
password ("password_command failed"), never its value.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
import threading
from pathlib import Path

from reader.core.settings import SyncConfig
from reader.core.sync.model import SyncAuthError, SyncError

PASSWORD_ENV = "SINMUN_SYNC_PASSWORD"
TOKEN_FILE = "sync-token.json"
COMMAND_TIMEOUT = 60.0  # seconds: `pass` may ask for a GPG passphrase first


class PasswordSource:
    """The configured password: `password`, else `password_command`'s first output line, else
    env SINMUN_SYNC_PASSWORD. The command runs (without a shell) the first time a password is
    needed, and never again in this process."""

    def __init__(self, config: SyncConfig) -> None:
        self._config = config
        self._lock = threading.Lock()
        self._value: str | None = None

    def __repr__(self) -> str:
        return "PasswordSource(<hidden>)"

    def get(self) -> str:
        with self._lock:
            if self._value is None:
                self._value = self._read()
            return self._value

    def _read(self) -> str:
        if self._config.password is not None:
            return self._config.password
        if self._config.password_command is not None:
            return _run(self._config.password_command)
        from_env = os.environ.get(PASSWORD_ENV)
        if from_env:
            return from_env
        raise SyncAuthError(
            f"no password for {self._config.username}: set password or password_command under "
            f"[sync], or env {PASSWORD_ENV}"
        )


def _run(command: str) -> str:
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise SyncError(f"password_command cannot be read as a command ({exc})") from None
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise SyncError(f"password_command failed ({reason})") from None
    if done.returncode != 0:
        raise SyncError(f"password_command failed (exit status {done.returncode})")
    first = done.stdout.decode("utf-8", "replace").splitlines()[:1]
    if not first or not first[0]:
        raise SyncError("password_command printed no password")
    return first[0]


class TokenCache:
    """The auth token of one server and user, in `sync-token.json` in the data dir (0600)."""

    def __init__(self, data_dir: Path, url: str, username: str) -> None:
        self.path = data_dir / TOKEN_FILE
        self._owner = [url, username]  # a token of another server or user is not ours

    def __repr__(self) -> str:
        return f"TokenCache({self.path})"

    def load(self) -> str | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("for") != self._owner:
            return None
        token = data.get("auth")
        return token if isinstance(token, str) and token else None

    def save(self, token: str) -> None:
        """Written to a new 0600 file then moved over the old one: never readable by others,
        not even for a moment, and never half written."""
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        data = json.dumps({"for": self._owner, "auth": token}).encode()
        try:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
            # Not fatal: the next run logs in again.

    def clear(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()
