"""`/pause N` (days) or `/pause 31.12` / `/pause 2026-12-31` (until a date, inclusive)."""

from __future__ import annotations

import re
from datetime import date, timedelta

MAX_PAUSE_DAYS = 90
_DAYS = re.compile(r"^\d{1,3}$")
_DOTTED = re.compile(r"^(?P<d>\d{1,2})[./](?P<m>\d{1,2})(?:[./](?P<y>\d{2,4}))?$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")


class InvalidPause(ValueError):
    pass


def parse_pause(text: str, today: date) -> date:
    """The last paused day. Days count from today: "/pause 1" pauses today only."""
    value = text.strip()
    if _DAYS.match(value):
        days = int(value)
        if not 1 <= days <= MAX_PAUSE_DAYS:
            raise InvalidPause(text)
        return today + timedelta(days=days - 1)
    match = _DOTTED.match(value) or _ISO.match(value)
    if not match:
        raise InvalidPause(text)
    year_text = match["y"]
    year = int(year_text) if year_text else today.year
    if year_text and len(year_text) == 2:
        year += 2000
    try:
        until = date(year, int(match["m"]), int(match["d"]))
    except ValueError as exc:
        raise InvalidPause(text) from exc
    if not year_text and until < today:
        until = until.replace(year=today.year + 1)  # "31.01" typed in December means next year
    if not today <= until <= today + timedelta(days=MAX_PAUSE_DAYS):
        raise InvalidPause(text)
    return until
