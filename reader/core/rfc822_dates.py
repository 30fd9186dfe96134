"""RFC 822 dates as feeds write them ("Tue, 03 Jun 2008 11:05:30 GMT"), read as feedparser 6.0.14
reads them, without its tour of date handlers: for :mod:`reader.core.fast_feed`.

feedparser's ``_parse_date`` tries its W3C-DTF handler first, which finds no date in these (its
first field is no 4-digit year), then its RFC 822 one, which computes what :func:`rfc822_date`
computes, from the same numbers. A date it cannot place (day 31 of a 30-day month, second 60,
a year past 9999 after the offset) goes on to feedparser's other handlers: None here, and the
caller asks feedparser.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

# Only the canonical spelling: feedparser lower-cases and splits, so any other goes to it.
_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?([0-9]{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) (?:([+-])([0-9]{2})([0-9]{2})|GMT|UT|Z)"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def rfc822_date(value: str) -> time.struct_time | None:
    """feedparser's UTC time tuple for ``value``, or None when feedparser must read it."""
    m = _RFC822.fullmatch(value)
    if m is None:
        return None
    day, month, year, hour, minute, second, sign, tz_hours, tz_minutes = m.groups()
    hours = minutes = 0
    if sign is not None:
        hours, minutes = int(tz_hours), int(tz_minutes)
        if sign == "-":
            hours, minutes = -hours, -minutes
    try:
        stamp = datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second))
        # timedelta(days, seconds, microseconds, milliseconds, minutes, hours), as feedparser
        return (stamp - timedelta(0, 0, 0, 0, minutes, hours)).utctimetuple()
    except (ValueError, OverflowError):
        return None
