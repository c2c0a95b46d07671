"""Time zones: the common ones offered as buttons, and parsing what people type.

A zone is stored as a string: an IANA name ("Europe/Moscow") or a fixed offset written
"UTC+05:30" for people who give an offset rather than a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@dataclass(frozen=True, slots=True)
class CommonZone:
    zone: str
    label_key: str  # i18n key of the city name


COMMON_ZONES: tuple[CommonZone, ...] = (
    CommonZone("Europe/Kaliningrad", "tz-kaliningrad"),
    CommonZone("Europe/Moscow", "tz-moscow"),
    CommonZone("Europe/Samara", "tz-samara"),
    CommonZone("Asia/Yekaterinburg", "tz-yekaterinburg"),
    CommonZone("Asia/Omsk", "tz-omsk"),
    CommonZone("Asia/Novosibirsk", "tz-novosibirsk"),
    CommonZone("Asia/Krasnoyarsk", "tz-krasnoyarsk"),
    CommonZone("Asia/Irkutsk", "tz-irkutsk"),
    CommonZone("Asia/Vladivostok", "tz-vladivostok"),
    CommonZone("Europe/Minsk", "tz-minsk"),
    CommonZone("Asia/Almaty", "tz-almaty"),
    CommonZone("Asia/Tashkent", "tz-tashkent"),
    CommonZone("Asia/Dubai", "tz-dubai"),
    CommonZone("Europe/Berlin", "tz-berlin"),
    CommonZone("Europe/London", "tz-london"),
    CommonZone("America/New_York", "tz-new-york"),
)

# Names people type instead of an IANA id. Lower-case keys.
_ALIASES: dict[str, str] = {
    "москва": "Europe/Moscow",
    "мск": "Europe/Moscow",
    "msk": "Europe/Moscow",
    "moscow": "Europe/Moscow",
    "санкт-петербург": "Europe/Moscow",
    "питер": "Europe/Moscow",
    "спб": "Europe/Moscow",
    "калининград": "Europe/Kaliningrad",
    "самара": "Europe/Samara",
    "екатеринбург": "Asia/Yekaterinburg",
    "екб": "Asia/Yekaterinburg",
    "омск": "Asia/Omsk",
    "новосибирск": "Asia/Novosibirsk",
    "красноярск": "Asia/Krasnoyarsk",
    "иркутск": "Asia/Irkutsk",
    "владивосток": "Asia/Vladivostok",
    "минск": "Europe/Minsk",
    "алматы": "Asia/Almaty",
    "астана": "Asia/Almaty",
    "ташкент": "Asia/Tashkent",
    "дубай": "Asia/Dubai",
    "берлин": "Europe/Berlin",
    "лондон": "Europe/London",
    "london": "Europe/London",
    "нью-йорк": "America/New_York",
    "new york": "America/New_York",
    "utc": "UTC",
    "gmt": "UTC",
}

_OFFSET_RE = re.compile(
    r"^(?:utc|gmt)?\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?:[:.\s]?(?P<minutes>\d{2}))?$",
    re.IGNORECASE,
)
_MAX_OFFSET = timedelta(hours=14)


class InvalidTimezone(ValueError):
    """The typed text is not a time zone we can use."""


@lru_cache(maxsize=1)
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def _format_offset(offset: timedelta) -> str:
    total = int(offset.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def parse_timezone(text: str) -> str:
    """Turn what a person typed into a stored zone string, or raise InvalidTimezone."""
    cleaned = " ".join(text.strip().split())
    if not cleaned or len(cleaned) > 64:
        raise InvalidTimezone(text)
    lowered = cleaned.lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    by_name = _zones_by_lower_name()
    candidate = lowered.replace(" ", "_")
    if candidate in by_name:
        return by_name[candidate]
    match = _OFFSET_RE.match(cleaned)
    if match:
        hours = int(match["hours"])
        minutes = int(match["minutes"] or 0)
        if minutes >= 60:
            raise InvalidTimezone(text)
        offset = timedelta(hours=hours, minutes=minutes)
        if match["sign"] in "-−":
            offset = -offset
        if abs(offset) > _MAX_OFFSET:
            raise InvalidTimezone(text)
        return _format_offset(offset)
    raise InvalidTimezone(text)


def resolve_timezone(zone: str) -> tzinfo:
    """The tzinfo for a stored zone string."""
    if zone.startswith("UTC") and len(zone) == 9:
        sign = 1 if zone[3] == "+" else -1
        hours, minutes = int(zone[4:6]), int(zone[7:9])
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidTimezone(zone) from exc


def utc_offset_label(zone: str, now: datetime | None = None) -> str:
    """The zone's current offset as people write it: "UTC+3", "UTC+5:45", "UTC−5"."""
    moment = now or datetime.now(UTC)
    offset = moment.astimezone(resolve_timezone(zone)).utcoffset() or timedelta(0)
    total = int(offset.total_seconds()) // 60
    sign = "+" if total >= 0 else "−"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")
