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
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.domain.timezones import resolve_timezone

ISO_WEEKDAYS = frozenset(range(1, 8))


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; pass an aware datetime")


def _wall_time_to_utc(day: date, local_time: time, tz: tzinfo) -> datetime:
    """The UTC instant of ``local_time`` on ``day`` in ``tz`` under the module's DST rules.

    With ``fold=0`` zoneinfo already does both: an ambiguous time resolves to its first
    occurrence, a nonexistent one uses the offset from before the gap (i.e. shifts forward).
    """
    return datetime.combine(day, local_time.replace(fold=0), tzinfo=tz).astimezone(UTC)


def next_occurrence(after: datetime, local_time: time, zone: str, days: frozenset[int]) -> datetime:
    """The first UTC instant strictly after ``after`` when it is ``local_time`` in ``zone``
    on a day whose ISO weekday (1 = Monday … 7 = Sunday) is in ``days``."""
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
    for offset in range(10):
        day = start + timedelta(days=offset)
        if day.isoweekday() not in days:
            continue
        candidate = _wall_time_to_utc(day, local_time, tz)
        if candidate > after_utc:
            return candidate
    raise AssertionError("unreachable: every allowed weekday recurs within a week")


def weekly_occurrence(after: datetime, weekday: int, local_time: time, zone: str) -> datetime:
    """The next ``local_time`` on ISO ``weekday`` in ``zone``, e.g. the Friday 16:00 survey."""
    if weekday not in ISO_WEEKDAYS:
        raise ValueError(f"weekday {weekday} is not an ISO weekday 1..7")
    return next_occurrence(after, local_time, zone, frozenset({weekday}))


def local_date_of(moment: datetime, zone: str) -> date:
    """The calendar date in ``zone`` at the aware instant ``moment``."""
    _require_aware(moment)
    return moment.astimezone(resolve_timezone(zone)).date()


def monday_of(day: date) -> date:
    """The Monday starting the ISO week of ``day``, the key for weekly surveys and reports."""
    return day - timedelta(days=day.weekday())
