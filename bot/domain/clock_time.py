"""Parsing a time of day as people type it: "9", "9:30", "09.30", "18 00", "9:30 am"."""

from __future__ import annotations

import re
from datetime import time

_TIME_RE = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[:.\-h ]\s*(?P<minute>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$",
    re.IGNORECASE,
)


class InvalidTime(ValueError):
    """The typed text is not a time of day."""


def parse_time_of_day(text: str) -> time:
    match = _TIME_RE.match(text.strip())
    if not match:
        raise InvalidTime(text)
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise InvalidTime(text)
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise InvalidTime(text)
    return time(hour, minute)


def minutes_of_day(value: time) -> int:
    return value.hour * 60 + value.minute


def time_from_minutes(minutes: int) -> time:
    if not 0 <= minutes < 24 * 60:
        raise InvalidTime(str(minutes))
    return time(minutes // 60, minutes % 60)
