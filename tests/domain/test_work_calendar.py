"""Russia's official work calendar from the ``holidays`` package, on top of the weekdays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from bot.domain.forecast import ForecastStatus, forecast, working_days_in_month
from bot.domain.schedule import (
    calendar_country,
    is_public_holiday,
    is_working_day,
    last_working_day_occurrence,
    next_occurrence,
)

MON_FRI = frozenset({1, 2, 3, 4, 5})
MON_SAT = frozenset({1, 2, 3, 4, 5, 6})
TUE_SAT = frozenset({2, 3, 4, 5, 6})
MOSCOW = "Europe/Moscow"


def test_january_2026_starts_on_the_twelfth() -> None:
    days = working_days_in_month(2026, 1, MON_FRI, "RU")
    assert days[0] == date(2026, 1, 12)
    assert len(days) == 15
    assert all(not is_working_day(date(2026, 1, d), MON_FRI, "RU") for d in range(1, 12))
    # Without a calendar January has 22 weekdays, the first on Friday the 2nd.
    assert len(working_days_in_month(2026, 1, MON_FRI, None)) == 22


def test_march_and_may_2026() -> None:
    march = working_days_in_month(2026, 3, MON_FRI, "RU")
    assert date(2026, 3, 9) not in march  # 8 March falls on a Sunday: Monday is off
    assert len(march) == 21
    may = working_days_in_month(2026, 5, MON_FRI, "RU")
    for day_off in (date(2026, 5, 1), date(2026, 5, 11)):  # 9 May is a Saturday: the 11th off
        assert day_off not in may
    assert len(may) == 19
    assert not is_working_day(date(2026, 2, 23), MON_FRI, "RU")
    assert not is_working_day(date(2026, 6, 12), MON_FRI, "RU")
    assert not is_working_day(date(2026, 11, 4), MON_FRI, "RU")
    assert is_public_holiday(date(2026, 3, 9), "RU")
    assert not is_public_holiday(date(2026, 3, 10), "RU")


def test_a_transferred_working_saturday() -> None:
    saturday = date(2025, 11, 1)  # worked in Russia in exchange for Monday 3 November
    assert is_working_day(saturday, MON_FRI, "RU")
    assert not is_working_day(date(2025, 11, 3), MON_FRI, "RU")
    assert saturday in working_days_in_month(2025, 11, MON_FRI, "RU")
    assert not is_working_day(saturday, MON_FRI, None)
    # Someone who doesn't work the five-day week keeps their own days.
    assert not is_working_day(saturday, frozenset({1, 2, 3}), "RU")
    # The next Saturday is an ordinary weekend day.
    assert not is_working_day(date(2025, 11, 8), MON_FRI, "RU")


def test_own_weekdays_still_apply_on_top() -> None:
    # A Tuesday–Saturday schedule: Saturday 10 January is theirs, the holidays are not.
    assert is_working_day(date(2026, 1, 10), TUE_SAT, "RU")
    assert not is_working_day(date(2026, 1, 3), TUE_SAT, "RU")  # a holiday on a Saturday
    assert not is_working_day(date(2026, 1, 12), TUE_SAT, "RU")  # Monday is not theirs
    assert len(working_days_in_month(2026, 1, MON_SAT, "RU")) == 15 + 4  # Saturdays 10–31


def test_the_setting() -> None:
    assert calendar_country(None) == "RU"
    assert calendar_country("RU") == "RU"
    assert calendar_country("KZ") == "KZ"
    assert calendar_country("none") is None
    assert calendar_country("XX") is None


def test_forecast_on_the_first_working_day_of_2026() -> None:
    plan, sold, today = Decimal(3_000_000), Decimal(150_000), date(2026, 1, 12)
    result = forecast(plan, sold, today, MON_FRI, day_done=True, country="RU")
    assert result.elapsed_working_days == 1
    assert result.total_working_days == 15
    assert result.projected == Decimal(2_250_000)
    assert result.status == ForecastStatus.BEHIND
    # Without the calendar the same day reads as 8 of 22 elapsed: the skew the issue showed.
    naive = forecast(plan, sold, today, MON_FRI, day_done=True)
    assert naive.projected == Decimal(412_500)


def test_checkins_skip_holidays_and_surveys_move_to_the_last_working_day() -> None:
    friday_evening = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    assert next_occurrence(friday_evening, time(9), MOSCOW, MON_FRI, "RU") == datetime(
        2026, 3, 10, 6, 0, tzinfo=UTC
    )
    new_year = datetime(2025, 12, 31, 12, 0, tzinfo=UTC)  # a day off already
    assert next_occurrence(new_year, time(9), MOSCOW, MON_FRI, "RU") == datetime(
        2026, 1, 12, 6, 0, tzinfo=UTC
    )
    # 12 June 2026 is a Friday holiday: the survey comes on Thursday.
    monday = datetime(2026, 6, 8, 6, 0, tzinfo=UTC)
    assert last_working_day_occurrence(monday, time(16), MOSCOW, MON_FRI, "RU") == datetime(
        2026, 6, 11, 13, 0, tzinfo=UTC
    )
    # The New Year week has no working day at all: no survey until the 16th.
    assert last_working_day_occurrence(new_year, time(16), MOSCOW, MON_FRI, "RU") == datetime(
        2026, 1, 16, 13, 0, tzinfo=UTC
    )
    # Without a calendar: the last working weekday, as before.
    assert last_working_day_occurrence(monday, time(16), MOSCOW, MON_FRI, None) == datetime(
        2026, 6, 12, 13, 0, tzinfo=UTC
    )
