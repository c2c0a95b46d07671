"""When a per-user reminder is next due, as a UTC instant, correct across daylight saving.

A reminder is set in the person's wall-clock time ("09:00 on working days"), but stored and
fired in UTC, so each occurrence is computed from the local calendar, never by adding 24 hours
to the previous one. Two wall times need a rule:

* a time that doesn't exist (spring-forward gap, 02:30 in New York on 2026-03-08) fires
  shifted forward by the length of the gap — 03:30 local, the same instant as 02:30 read with
  the offset before the change. This is RFC 5545's rule for recurring events and what PEP 495
  gives for ``fold=0``; it also keeps the reminder exactly 24 hours after the previous one;
* a time that happens twice (fall-back, 01:30 in New York on 2026-11-01) fires once, at the
  first occurrence (``fold=0``, still on summer time).

The weekday that must be allowed is the weekday of the local date the reminder was meant for.

**Work calendar.** A working day is decided by the country's official calendar and the
person's own working weekdays together (:func:`is_working_day`): public holidays and the days
off they are moved to are off for everyone; a weekend day the government turned into a working
day (Saturday 1 November 2025 in Russia) is a working day for anyone who works the standard
Monday–Friday week the transfer was made for; every other day is working when its weekday is
one of the person's. The calendar comes from the maintained ``holidays`` package (its RU
calendar follows the government's yearly decree, transfers included), never a hand-kept list.
``None`` means no country calendar: weekdays alone decide.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache

from bot.domain.timezones import resolve_timezone

ISO_WEEKDAYS = frozenset(range(1, 8))
FIVE_DAY_WEEK = frozenset({1, 2, 3, 4, 5})


class WorkCalendar(StrEnum):
    """The country calendars a person can follow; NONE = weekdays only."""

    RU = "RU"
    BY = "BY"
    KZ = "KZ"
    UZ = "UZ"
    NONE = "none"


DEFAULT_WORK_CALENDAR = WorkCalendar.RU


def calendar_country(value: str | None) -> str | None:
    """The ``holidays`` country code of a stored choice; None for "none" or anything unknown."""
    try:
        chosen = WorkCalendar(value) if value is not None else DEFAULT_WORK_CALENDAR
    except ValueError:
        return None
    return None if chosen == WorkCalendar.NONE else chosen.value


@lru_cache(maxsize=64)
def _official_year(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, weekend days made working) of ``country`` in ``year``."""
    import holidays  # lazy: the package builds its calendars on first use

    calendar = holidays.country_holidays(country, years=year)
    days_off = frozenset(calendar.keys())
    made_working = frozenset(getattr(calendar, "weekend_workdays", ()))
    return days_off, made_working


def is_public_holiday(day: date, country: str | None) -> bool:
    """True when ``day`` is off by ``country``'s official calendar (holiday or moved day off)."""
    return country is not None and day in _official_year(country, day.year)[0]


def is_working_day(day: date, weekdays: frozenset[int], country: str | None) -> bool:
    """Whether ``day`` is a working day for someone working ``weekdays`` under ``country``'s
    calendar; see the module docstring."""
    if country is not None:
        days_off, made_working = _official_year(country, day.year)
        if day in days_off:
            return False
        if day in made_working:
            return weekdays >= FIVE_DAY_WEEK
    return day.isoweekday() in weekdays


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; pass an aware datetime")


def _wall_time_to_utc(day: date, local_time: time, tz: tzinfo) -> datetime:
    """The UTC instant of ``local_time`` on ``day`` in ``tz`` under the module's DST rules.

    With ``fold=0`` zoneinfo already does both: an ambiguous time resolves to its first
    occurrence, a nonexistent one uses the offset from before the gap (i.e. shifts forward).
    """
    return datetime.combine(day, local_time.replace(fold=0), tzinfo=tz).astimezone(UTC)


# The longest run of days off a country calendar makes (Russia's New Year: 1–11 January) plus
# a week; a schedule finds its next working day well within this.
_CALENDAR_HORIZON_DAYS = 40


def next_occurrence(
    after: datetime,
    local_time: time,
    zone: str,
    days: frozenset[int],
    country: str | None = None,
) -> datetime:
    """The first UTC instant strictly after ``after`` when it is ``local_time`` in ``zone``
    on a working day: ISO weekday (1 = Monday … 7 = Sunday) in ``days``, under ``country``'s
    calendar when one is given (:func:`is_working_day`)."""
    _require_aware(after)
    if not days:
        raise ValueError("no days to schedule on")
    if not days <= ISO_WEEKDAYS:
        raise ValueError(f"days {sorted(days)} must be ISO weekdays 1..7")
    if local_time.tzinfo is not None:
        raise ValueError("local_time must be a naive wall-clock time")
    tz = resolve_timezone(zone)
    after_utc = after.astimezone(UTC)
    # Start a day early: a gap shift can push yesterday's occurrence past local midnight.
    # Eight more days always include every weekday once after ``after``.
    start = after_utc.astimezone(tz).date() - timedelta(days=1)
    horizon = 10 if country is None else _CALENDAR_HORIZON_DAYS
    for offset in range(horizon):
        day = start + timedelta(days=offset)
        if not is_working_day(day, days, country):
            continue
        candidate = _wall_time_to_utc(day, local_time, tz)
        if candidate > after_utc:
            return candidate
    if country is not None:  # a calendar with no working day for weeks: weekdays alone
        return next_occurrence(after, local_time, zone, days)
    raise AssertionError("unreachable: every allowed weekday recurs within a week")


def weekly_occurrence(after: datetime, weekday: int, local_time: time, zone: str) -> datetime:
    """The next ``local_time`` on ISO ``weekday`` in ``zone``, e.g. the Friday 16:00 survey."""
    if weekday not in ISO_WEEKDAYS:
        raise ValueError(f"weekday {weekday} is not an ISO weekday 1..7")
    return next_occurrence(after, local_time, zone, frozenset({weekday}))


def last_working_day_occurrence(
    after: datetime, local_time: time, zone: str, days: frozenset[int], country: str | None
) -> datetime:
    """The next ``local_time`` on the last working day of an ISO week (the Friday survey; the
    Thursday before a Friday holiday). A week with no working day is skipped."""
    _require_aware(after)
    if not days:
        raise ValueError("no days to schedule on")
    tz = resolve_timezone(zone)
    after_utc = after.astimezone(UTC)
    monday = monday_of(after_utc.astimezone(tz).date()) - timedelta(weeks=1)
    for _ in range(_CALENDAR_HORIZON_DAYS):
        week = [monday + timedelta(days=offset) for offset in range(7)]
        working = [day for day in week if is_working_day(day, days, country)]
        if working:
            candidate = _wall_time_to_utc(working[-1], local_time, tz)
            if candidate > after_utc:
                return candidate
        monday += timedelta(weeks=1)
    raise AssertionError("unreachable: a schedule with working days has one within weeks")


def local_date_of(moment: datetime, zone: str) -> date:
    """The calendar date in ``zone`` at the aware instant ``moment``."""
    _require_aware(moment)
    return moment.astimezone(resolve_timezone(zone)).date()


def monday_of(day: date) -> date:
    """The Monday starting the ISO week of ``day``, the key for weekly surveys and reports."""
    return day - timedelta(days=day.weekday())
