"""Parsed stylesheets kept from one start to the next.

Textual parses every stylesheet (the app's and each widget's default CSS) on every start:
~10 ms of the first frame, for the same text with the same theme colours each time. The parsed
rules are kept in one pickle in the data dir, valid only for the same Textual, Python and theme
variables; a missing, stale or unreadable file only means parsing as usual, and what was parsed
is written back after the first frame.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.css.stylesheet import Stylesheet

FILE_NAME = "styles.cache"

_Key = tuple[Any, ...]


def _version() -> tuple[object, ...]:
    """Which Textual and Python made the rules (the files' times change with an upgrade;
    asking importlib.metadata for the version would cost more than the cache saves)."""
    import textual

    package = Path(textual.__file__).parent
    files = ("__init__.py", "css/parse.py", "css/model.py", "css/styles.py", "css/types.py")
    stamps = []
    for name in files:
        try:
            stat = (package / name).stat()
        except OSError:
            return ()  # never matches a file's header: no cache
        stamps.append((name, stat.st_mtime_ns, stat.st_size))
    return (str(package), *stamps, sys.version)


def _own_private_file(fd: int) -> bool:
    """Written by this user and writable by no one else (what `save` creates)."""
    stat = os.fstat(fd)
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


class StyleCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.rules: dict[_Key, Any] = {}
        self.header: tuple[Any, ...] = ()
        self.fresh = False  # parsed something the file did not have

    def install(self, stylesheet: Stylesheet) -> None:
        """Serve `stylesheet`'s parses from the file (read now) and remember new ones. Call
        after its variables are set: a later change of theme parses in a new Stylesheet."""
        version = _version()
        if not version:
            return
        self.header = (*version, tuple(sorted(stylesheet._variables.items())))
        try:
            with self.path.open("rb") as file:
                if not _own_private_file(file.fileno()):
                    raise PermissionError(self.path)  # a pickle runs code: only our own file
                header, rules = pickle.load(file)
            if header == self.header and isinstance(rules, dict):
                self.rules = rules
        except Exception:  # no file yet, or one from another version: parse as usual
            self.rules = {}
        parse: Callable[..., Any] = stylesheet._parse_rules

        def cached(
            css: str,
            read_from: Any,
            is_default_rules: bool = False,
            tie_breaker: int = 0,
            scope: str = "",
        ) -> Any:
            key = (css, read_from, is_default_rules, tie_breaker, scope)
            rules = self.rules.get(key)
            if rules is None:
                rules = parse(css, read_from, is_default_rules, tie_breaker, scope)
                if not any(rule.errors for rule in rules):
                    self.rules[key], self.fresh = rules, True
            return rules

        stylesheet._parse_rules = cached  # type: ignore[method-assign]

    def save(self) -> None:
        """Write the rules back if something new was parsed (atomically; errors ignored)."""
        if not self.fresh:
            return
        self.fresh = False
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(fd, "wb") as file:
                pickle.dump((self.header, self.rules), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except Exception:  # a read-only data dir, a full disk: the next start parses again
            temporary.unlink(missing_ok=True)
