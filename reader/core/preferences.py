"""What the app remembers between sessions in the database's meta table: the region filters
chosen lately and the theme picked last (the feed list's own keys are in feed_list.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.text import clean_text

if TYPE_CHECKING:
    from reader.core.storage import Storage

_RECENT_REGIONS = "recent_regions"  # the region picker's recent choices, newest first
_THEME = "ui_theme"  # the theme last picked in the app
RECENT_REGIONS = 8


def with_recent(recent: Sequence[str], region: str) -> list[str]:
    """`recent` (newest first) with `region` moved or added to the front, at most 8 long."""
    return [region, *(r for r in recent if r != region)][:RECENT_REGIONS]


def recent_regions(storage: Storage) -> list[str]:
    """The region filters chosen lately, newest first; what of a damaged entry is usable."""
    try:
        stored = json.loads(storage.get_meta(_RECENT_REGIONS) or "[]")
    except ValueError:
        return []
    if not isinstance(stored, list):
        return []
    return [r for r in stored if isinstance(r, str) and r.strip()][:RECENT_REGIONS]


def remember_region(storage: Storage, region: str) -> list[str]:
    """Put `region` first among the recent choices; returns them (callers serialize calls)."""
    recent = with_recent(recent_regions(storage), region)
    storage.set_meta(_RECENT_REGIONS, json.dumps(recent, ensure_ascii=False))
    return recent


def saved_theme(storage: Storage) -> str | None:
    return storage.get_meta(_THEME)


def save_theme(storage: Storage, name: str) -> None:
    storage.set_meta(_THEME, clean_text(name))
