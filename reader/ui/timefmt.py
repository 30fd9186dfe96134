"""How times read in the UI: in the user's zone, relative to an injectable clock."""

from __future__ import annotations

from datetime import datetime, tzinfo


def local(moment: datetime, tz: tzinfo | None) -> datetime:
    """`moment` in `tz` (None: the machine's local zone)."""
    return moment.astimezone(tz)


def list_time(moment: datetime | None, now: datetime, tz: tzinfo | None) -> str:
    """Five cells: today's "HH:MM", this year's "MM-DD", older years' "YYYY"."""
    if moment is None:
        return "     "
    here, today = local(moment, tz), local(now, tz)
    if here.date() == today.date():
        return here.strftime("%H:%M")
    if here.year == today.year:
        return here.strftime("%m-%d")
    return here.strftime("%Y ")


def long_time(moment: datetime | None, tz: tzinfo | None) -> str:
    """ "2026-11-24 11:02 KST" for the article view."""
    if moment is None:
        return ""
    here = local(moment, tz)
    zone = here.tzname() or ""
    return f"{here:%Y-%m-%d %H:%M} {zone}".rstrip()
