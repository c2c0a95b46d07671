"""Next reminder instants in UTC, across daylight-saving changes.

2026 transitions used below:
America/New_York — 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
Europe/London — 2026-03-29 01:00 GMT → 02:00 BST; 2026-10-25 02:00 BST → 01:00 GMT.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.domain.schedule import local_date_of, monday_of, next_occurrence, weekly_occurrence
from bot.domain.timezones import InvalidTimezone, resolve_timezone

EVERY_DAY = frozenset(range(1, 8))
MON_FRI = frozenset({1, 2, 3, 4, 5})
NINE = time(9, 0)
NY = "America/New_York"
LONDON = "Europe/London"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# ---- New York: 09:00 check-ins around both changes -------------------------------------


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (utc(2026, 3, 6, 15), utc(2026, 3, 7, 14)),  # Saturday, still EST
        (utc(2026, 3, 7, 14), utc(2026, 3, 8, 13)),  # exactly at one → the next; the change day
        (utc(2026, 3, 8, 13), utc(2026, 3, 9, 13)),  # EDT from now on
        (utc(2026, 3, 9, 13), utc(2026, 3, 10, 13)),
        (utc(2026, 10, 30, 13), utc(2026, 10, 31, 13)),  # still EDT
        (utc(2026, 10, 31, 13), utc(2026, 11, 1, 14)),  # the change day: EST again
        (utc(2026, 11, 1, 14), utc(2026, 11, 2, 14)),
    ],
)
def test_new_york_nine_am_every_day(after: datetime, expected: datetime) -> None:
    assert next_occurrence(after, NINE, NY, EVERY_DAY) == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (utc(2026, 3, 6, 14), utc(2026, 3, 9, 13)),  # Friday's → Monday's, across the change
        (utc(2026, 3, 6, 13, 59), utc(2026, 3, 6, 14)),  # a minute before Friday's
        (utc(2026, 10, 30, 13), utc(2026, 11, 2, 14)),  # Friday EDT → Monday EST
        (utc(2026, 3, 7, 12), utc(2026, 3, 9, 13)),  # from a Saturday
    ],
)
def test_weekends_are_skipped(after: datetime, expected: datetime) -> None:
    assert next_occurrence(after, NINE, NY, MON_FRI) == expected


def test_after_exactly_at_an_occurrence_returns_the_next_one() -> None:
    first = next_occurrence(utc(2026, 3, 2), NINE, NY, MON_FRI)
    assert first == utc(2026, 3, 2, 14)
    assert next_occurrence(first, NINE, NY, MON_FRI) == utc(2026, 3, 3, 14)
    assert next_occurrence(first - timedelta(microseconds=1), NINE, NY, MON_FRI) == first


def test_spring_forward_gap_shifts_forward_by_the_gap() -> None:
    # 02:30 doesn't exist on 2026-03-08: it fires at 03:30 EDT, read with the EST offset.
    due = next_occurrence(utc(2026, 3, 7, 12), time(2, 30), NY, EVERY_DAY)
    assert due == utc(2026, 3, 8, 7, 30)
    assert due.astimezone(ZoneInfo(NY)).time() == time(3, 30)
    # Exactly 24 hours after the day before, and the day after is back to 02:30 EDT.
    assert next_occurrence(utc(2026, 3, 6, 12), time(2, 30), NY, EVERY_DAY) == utc(
        2026, 3, 7, 7, 30
    )
    assert next_occurrence(due, time(2, 30), NY, EVERY_DAY) == utc(2026, 3, 9, 6, 30)


def test_gap_edges() -> None:
    # 02:00 is in the gap too (it becomes 03:00); 03:00 itself exists.
    after = utc(2026, 3, 7, 12)
    assert next_occurrence(after, time(2, 0), NY, EVERY_DAY) == utc(2026, 3, 8, 7)
    assert next_occurrence(after, time(3, 0), NY, EVERY_DAY) == utc(2026, 3, 8, 7)
    assert next_occurrence(after, time(1, 59), NY, EVERY_DAY) == utc(2026, 3, 8, 6, 59)


def test_fall_back_ambiguous_hour_fires_once_at_the_first() -> None:
    due = next_occurrence(utc(2026, 10, 31, 12), time(1, 30), NY, EVERY_DAY)
    assert due == utc(2026, 11, 1, 5, 30)  # 01:30 EDT
    assert due.astimezone(ZoneInfo(NY)).fold == 0
    # Not again at the second 01:30 (EST, 06:30 UTC): the next one is the following day.
    assert next_occurrence(due, time(1, 30), NY, EVERY_DAY) == utc(2026, 11, 2, 6, 30)
    between = utc(2026, 11, 1, 6)  # 01:00 EST, after the first 01:30, before the second
    assert next_occurrence(between, time(1, 30), NY, EVERY_DAY) == utc(2026, 11, 2, 6, 30)


# ---- London --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "local_time", "expected"),
    [
        (utc(2026, 3, 27, 12), NINE, utc(2026, 3, 28, 9)),  # GMT
        (utc(2026, 3, 28, 9), NINE, utc(2026, 3, 29, 8)),  # BST from the change day
        (utc(2026, 3, 29, 8), NINE, utc(2026, 3, 30, 8)),
        (utc(2026, 3, 28, 12), time(1, 30), utc(2026, 3, 29, 1, 30)),  # gap → 02:30 BST
        (utc(2026, 10, 24, 6), NINE, utc(2026, 10, 24, 8)),  # BST
        (utc(2026, 10, 24, 8), NINE, utc(2026, 10, 25, 9)),  # GMT from the change day
        (utc(2026, 10, 24, 12), time(1, 30), utc(2026, 10, 25, 0, 30)),  # first 01:30, BST
        (utc(2026, 10, 25, 0, 30), time(1, 30), utc(2026, 10, 26, 1, 30)),
    ],
)
def test_london(after: datetime, local_time: time, expected: datetime) -> None:
    assert next_occurrence(after, local_time, LONDON, EVERY_DAY) == expected


# ---- zones without DST ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "expected_hour", "expected_minute"),
    [("Asia/Kathmandu", 3, 15), ("Europe/Moscow", 6, 0), ("UTC+05:30", 3, 30), ("UTC", 9, 0)],
)
@pytest.mark.parametrize("month", [1, 3, 4, 7, 10, 11])
def test_fixed_offsets_all_year(
    zone: str, expected_hour: int, expected_minute: int, month: int
) -> None:
    due = next_occurrence(utc(2026, month, 1), NINE, zone, EVERY_DAY)
    assert due == utc(2026, month, 1, expected_hour, expected_minute)


def test_the_local_date_decides_not_the_utc_date() -> None:
    # 20:00 UTC on the 10th is 01:45 on the 11th in Kathmandu: 09:00 on the 11th is next.
    after = utc(2026, 3, 10, 20)
    assert next_occurrence(after, NINE, "Asia/Kathmandu", EVERY_DAY) == utc(2026, 3, 11, 3, 15)
    # 03:00 UTC on the 10th is 23:00 on the 9th in New York: 23:30 on the 9th is next.
    after = utc(2026, 3, 10, 3)
    assert next_occurrence(after, time(23, 30), NY, EVERY_DAY) == utc(2026, 3, 10, 3, 30)
    # Weekday too: Monday 02:00 UTC is still Sunday 22:00 in New York.
    sunday = frozenset({7})
    assert next_occurrence(utc(2026, 3, 9, 1), time(22, 0), NY, sunday) == utc(2026, 3, 9, 2)
    assert next_occurrence(utc(2026, 3, 9, 2), time(22, 0), NY, sunday) == utc(2026, 3, 16, 2)


def test_after_may_be_in_any_zone_and_the_result_is_utc() -> None:
    after = datetime(2026, 3, 6, 9, 0, tzinfo=ZoneInfo(NY))  # == 14:00 UTC
    due = next_occurrence(after, NINE, NY, MON_FRI)
    assert due == utc(2026, 3, 9, 13)
    assert due.tzinfo is UTC


@pytest.mark.parametrize(
    ("after", "local_time", "zone", "days"),
    [
        (utc(2026, 3, 6), NINE, NY, frozenset()),
        (utc(2026, 3, 6), NINE, NY, frozenset({0})),
        (utc(2026, 3, 6), NINE, NY, frozenset({8})),
        (datetime(2026, 3, 6), NINE, NY, MON_FRI),  # noqa: DTZ001 - naive on purpose
        (utc(2026, 3, 6), time(9, tzinfo=UTC), NY, MON_FRI),
    ],
)
def test_refuses_bad_input(
    after: datetime, local_time: time, zone: str, days: frozenset[int]
) -> None:
    with pytest.raises(ValueError, match=r"days|weekday|time zone|naive"):
        next_occurrence(after, local_time, zone, days)


def test_refuses_unknown_zone() -> None:
    with pytest.raises(InvalidTimezone):
        next_occurrence(utc(2026, 3, 6), NINE, "Mars/Olympus", MON_FRI)


# ---- weekly survey, local dates, Mondays ----------------------------------------------


def test_weekly_friday_survey() -> None:
    four_pm = time(16, 0)
    # Moscow: Friday 16:00 = 13:00 UTC.
    assert weekly_occurrence(utc(2026, 3, 9), 5, four_pm, "Europe/Moscow") == utc(2026, 3, 13, 13)
    assert weekly_occurrence(utc(2026, 3, 13, 13), 5, four_pm, "Europe/Moscow") == utc(
        2026, 3, 20, 13
    )
    # New York: the Friday before the change is EST, the one after is EDT.
    assert weekly_occurrence(utc(2026, 3, 2), 5, four_pm, NY) == utc(2026, 3, 6, 21)
    assert weekly_occurrence(utc(2026, 3, 6, 21), 5, four_pm, NY) == utc(2026, 3, 13, 20)
    # London, across the autumn change.
    assert weekly_occurrence(utc(2026, 10, 23, 15), 5, four_pm, LONDON) == utc(2026, 10, 30, 16)


@pytest.mark.parametrize("weekday", [0, 8])
def test_weekly_refuses_non_weekday(weekday: int) -> None:
    with pytest.raises(ValueError, match="ISO weekday"):
        weekly_occurrence(utc(2026, 3, 9), weekday, NINE, NY)


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        (utc(2026, 3, 10, 20), "Asia/Kathmandu", date(2026, 3, 11)),
        (utc(2026, 3, 10, 20), NY, date(2026, 3, 10)),
        (utc(2026, 3, 10, 3), NY, date(2026, 3, 9)),
        (utc(2026, 3, 10, 21), "Europe/Moscow", date(2026, 3, 11)),
        (utc(2026, 3, 10, 20, 59), "Europe/Moscow", date(2026, 3, 10)),
        (utc(2026, 3, 10, 18, 30), "UTC+05:30", date(2026, 3, 11)),
    ],
)
def test_local_date_of(moment: datetime, zone: str, expected: date) -> None:
    assert local_date_of(moment, zone) == expected


def test_local_date_of_refuses_naive() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        local_date_of(datetime(2026, 3, 10), NY)  # noqa: DTZ001 - naive on purpose


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 3, 9), date(2026, 3, 9)),
        (date(2026, 3, 13), date(2026, 3, 9)),
        (date(2026, 3, 8), date(2026, 3, 2)),  # Sunday belongs to the week before
        (date(2026, 1, 1), date(2025, 12, 29)),  # across a year
    ],
)
def test_monday_of(day: date, monday: date) -> None:
    assert monday_of(day) == monday


# ---- properties -------------------------------------------------------------------------

ZONES = [
    NY,
    LONDON,
    "Europe/Moscow",
    "Europe/Berlin",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",  # 30-minute DST
    "America/Santiago",  # changes at midnight
    "Pacific/Chatham",  # +12:45 / +13:45
    "UTC+05:30",
    "UTC-03:00",
    "UTC",
]


# Hypothesis takes naive bounds and attaches the zone itself.
INSTANTS = st.datetimes(
    datetime(2000, 1, 1),  # noqa: DTZ001
    datetime(2037, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


def _exists(day: date, wall: time, zone: str) -> bool:
    tz = resolve_timezone(zone)
    naive = datetime.combine(day, wall)
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


@given(
    after=INSTANTS,
    local_time=st.times(),
    zone=st.sampled_from(ZONES),
    days=st.frozensets(st.integers(1, 7), min_size=1),
)
@example(utc(2026, 3, 7, 12), time(2, 30), NY, EVERY_DAY)
@example(utc(2026, 10, 31, 12), time(1, 30), NY, EVERY_DAY)
@example(utc(2026, 4, 4, 12), time(0, 30), "America/Santiago", frozenset({7}))
def test_next_occurrence_properties(
    after: datetime, local_time: time, zone: str, days: frozenset[int]
) -> None:
    due = next_occurrence(after, local_time, zone, days)
    assert due.tzinfo is UTC
    assert due > after
    # Every allowed weekday comes round within a week (plus a DST hour).
    assert due - after <= timedelta(days=7, hours=2)
    local = due.astimezone(resolve_timezone(zone))
    assert local.isoweekday() in days
    if local.time() != local_time:
        assert not _exists(local.date(), local_time, zone)  # only a gap moves the wall time
    else:
        assert local.fold == 0  # an ambiguous time fires at its first occurrence
    # Nothing was skipped: no allowed day's occurrence lies between ``after`` and ``due``.
    tz = resolve_timezone(zone)
    day = after.astimezone(tz).date() - timedelta(days=1)
    while day < local.date():
        if day.isoweekday() in days:
            earlier = datetime.combine(day, local_time, tzinfo=tz).astimezone(UTC)
            assert not after < earlier < due
        day += timedelta(days=1)


@given(INSTANTS)
def test_fixed_offset_zone_is_a_plain_shift(after: datetime) -> None:
    due = next_occurrence(after, NINE, "UTC+05:30", EVERY_DAY)
    assert (due + timedelta(hours=5, minutes=30)).time() == NINE
    assert due.astimezone(timezone(timedelta(hours=5, minutes=30))).time() == NINE
