"""Plan forecast on a run-rate over working days, with exact expected figures.

March 2026 starts on a Sunday: Mon–Fri gives 22 working days (2–6, 9–13, 16–20, 23–27,
30–31). May 2026 starts on a Friday and ends on a Sunday: 21 working days, the last on the 29th.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.forecast import (
    DEFAULT_WORKING_DAYS,
    Forecast,
    ForecastStatus,
    forecast,
    working_days_in_month,
)

MON_FRI = DEFAULT_WORKING_DAYS
MON_SAT = frozenset({1, 2, 3, 4, 5, 6})
PLAN = Decimal(220_000)


def test_working_days_in_month() -> None:
    march = working_days_in_month(2026, 3, MON_FRI)
    assert len(march) == 22
    assert march[0] == date(2026, 3, 2)
    assert march[-1] == date(2026, 3, 31)
    assert all(day.isoweekday() <= 5 for day in march)
    assert len(working_days_in_month(2026, 3, MON_SAT)) == 26
    assert len(working_days_in_month(2026, 2, frozenset(range(1, 8)))) == 28
    assert len(working_days_in_month(2028, 2, frozenset(range(1, 8)))) == 29  # leap year
    assert working_days_in_month(2026, 3, frozenset()) == []
    assert working_days_in_month(2026, 3, frozenset({7})) == [
        date(2026, 3, day) for day in (1, 8, 15, 22, 29)
    ]


def test_working_days_refuses_non_weekdays() -> None:
    with pytest.raises(ValueError, match="ISO weekdays"):
        working_days_in_month(2026, 3, frozenset({0, 1}))


@dataclass(frozen=True)
class Case:
    name: str
    plan: str | None
    to_date: str
    today: date
    day_done: bool
    elapsed: int
    total: int
    remaining: int
    projected: str | None
    attainment: str | None
    projected_pct: str | None
    needed: str | None
    status: ForecastStatus
    days: frozenset[int] = MON_FRI


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _cents(value: str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


CASES = [
    Case(
        "first working day, before the check-in",
        "220000", "0", date(2026, 3, 2), False,
        0, 22, 22, None, "0.0", None, "10000.00", ForecastStatus.NOT_STARTED,
    ),
    Case(
        "day off before the first working day",
        "220000", "0", date(2026, 3, 1), True,
        0, 22, 22, None, "0.0", None, "10000.00", ForecastStatus.NOT_STARTED,
    ),
    Case(
        "first working day done",
        "220000", "12000", date(2026, 3, 2), True,
        1, 22, 21, "264000.00", "5.5", "120.0", "9904.76", ForecastStatus.ON_TRACK,
    ),
    Case(
        "mid-month Monday before the check-in: today still to sell",
        "220000", "90000", date(2026, 3, 16), False,
        10, 22, 12, "198000.00", "40.9", "90.0", "10833.33", ForecastStatus.BEHIND,
    ),
    Case(
        "mid-month Monday after the check-in",
        "220000", "100000", date(2026, 3, 16), True,
        11, 22, 11, "200000.00", "45.5", "90.9", "10909.09", ForecastStatus.BEHIND,
    ),
    Case(
        "Saturday: weekdays before count, Monday starts the remaining days",
        "220000", "110000", date(2026, 3, 14), False,
        10, 22, 12, "242000.00", "50.0", "110.0", "9166.67", ForecastStatus.ON_TRACK,
    ),
    Case(
        "Saturday, a check-in done on the day off changes nothing",
        "220000", "110000", date(2026, 3, 14), True,
        10, 22, 12, "242000.00", "50.0", "110.0", "9166.67", ForecastStatus.ON_TRACK,
    ),
    Case(
        "a day off mid-week (Mon, Tue, Thu, Fri): Wednesday counts as neither",
        "180000", "60000", date(2026, 3, 11), True,
        6, 18, 12, "180000.00", "33.3", "100.0", "10000.00", ForecastStatus.ON_TRACK,
        frozenset({1, 2, 4, 5}),
    ),
    Case(
        "plan met on the first working day, before any day has elapsed",
        "10000", "12000", date(2026, 3, 2), False,
        0, 22, 22, None, "120.0", None, "0.00", ForecastStatus.PLAN_MET,
    ),
    Case(
        "plan met",
        "220000", "230000", date(2026, 3, 20), True,
        15, 22, 7, "337333.33", "104.5", "153.3", "0.00", ForecastStatus.PLAN_MET,
    ),
    Case(
        "plan met exactly on the last day",
        "220000", "220000", date(2026, 3, 31), True,
        22, 22, 0, "220000.00", "100.0", "100.0", "0.00", ForecastStatus.PLAN_MET,
    ),
    Case(
        "no plan: sales and projection still reported",
        None, "90000", date(2026, 3, 16), False,
        10, 22, 12, "198000.00", None, None, None, ForecastStatus.NO_PLAN,
    ),
    Case(
        "a zero plan is no plan",
        "0", "90000", date(2026, 3, 16), False,
        10, 22, 12, "198000.00", None, None, None, ForecastStatus.NO_PLAN,
    ),
    Case(
        "last working day, before the check-in",
        "220000", "200000", date(2026, 3, 31), False,
        21, 22, 1, "209523.81", "90.9", "95.2", "20000.00", ForecastStatus.BEHIND,
    ),
    Case(
        "last working day done, plan missed: the shortfall is still needed",
        "220000", "200000", date(2026, 3, 31), True,
        22, 22, 0, "200000.00", "90.9", "90.9", "20000.00", ForecastStatus.MONTH_OVER,
    ),
    Case(
        "weekend after the last working day",
        "105000", "100000", date(2026, 5, 30), False,
        21, 21, 0, "100000.00", "95.2", "95.2", "5000.00", ForecastStatus.MONTH_OVER,
    ),
    Case(
        "no working days configured",
        "10000", "5000", date(2026, 3, 16), True,
        0, 0, 0, None, "50.0", None, None, ForecastStatus.NOT_STARTED, frozenset(),
    ),
    Case(
        "no working days configured, no plan",
        None, "5000", date(2026, 3, 16), True,
        0, 0, 0, None, None, None, None, ForecastStatus.NO_PLAN, frozenset(),
    ),
    Case(
        "no working days configured, plan met",
        "5000", "5000", date(2026, 3, 16), True,
        0, 0, 0, None, "100.0", None, "0.00", ForecastStatus.PLAN_MET, frozenset(),
    ),
    Case(
        "six-day week, projection exactly on plan counts as on track",
        "260000", "60000", date(2026, 3, 7), True,
        6, 26, 20, "260000.00", "23.1", "100.0", "10000.00", ForecastStatus.ON_TRACK, MON_SAT,
    ),
    Case(
        "projection 999.999 is shown and judged as 1 000.00",
        "1000", "909.09", date(2026, 1, 28), True,
        20, 22, 2, "1000.00", "90.9", "100.0", "45.46", ForecastStatus.ON_TRACK,
    ),
    Case(
        "one cent short of that is behind",
        "1000", "909.08", date(2026, 1, 28), True,
        20, 22, 2, "999.99", "90.9", "100.0", "45.46", ForecastStatus.BEHIND,
    ),
    Case(
        "sub-cent amounts are rounded to cents first",
        "100.005", "0.004", date(2026, 3, 2), False,  # plan 100.01, sales 0.00
        0, 22, 22, None, "0.0", None, "4.55", ForecastStatus.NOT_STARTED,
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_forecast(case: Case) -> None:
    result = forecast(
        _dec(case.plan), Decimal(case.to_date), case.today, case.days, day_done=case.day_done
    )
    assert result == Forecast(
        plan=None if case.plan is None else _cents(case.plan),
        to_date=_cents(case.to_date),
        elapsed_working_days=case.elapsed,
        total_working_days=case.total,
        remaining_working_days=case.remaining,
        projected=_dec(case.projected),
        attainment_pct=_dec(case.attainment),
        projected_pct=_dec(case.projected_pct),
        needed_per_day=_dec(case.needed),
        status=case.status,
    )


def test_figures_are_quantized() -> None:
    result = forecast(PLAN, Decimal(12_000), date(2026, 3, 2), MON_FRI, day_done=True)
    assert result.projected is not None
    assert result.needed_per_day is not None
    assert result.attainment_pct is not None
    assert result.projected.as_tuple().exponent == -2
    assert result.needed_per_day.as_tuple().exponent == -2
    assert result.to_date.as_tuple().exponent == -2
    assert result.attainment_pct.as_tuple().exponent == -1


@pytest.mark.parametrize(("plan", "to_date"), [(Decimal(-1), Decimal(0)), (PLAN, Decimal(-1))])
def test_refuses_negative_amounts(plan: Decimal, to_date: Decimal) -> None:
    with pytest.raises(ValueError, match="negative"):
        forecast(plan, to_date, date(2026, 3, 2), MON_FRI, day_done=False)


@given(
    plan=st.one_of(st.none(), st.decimals(0, 10**9, places=2)),
    to_date=st.decimals(0, 10**9, places=2),
    today=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
    days=st.frozensets(st.integers(1, 7)),
    day_done=st.booleans(),
)
def test_forecast_invariants(
    plan: Decimal | None, to_date: Decimal, today: date, days: frozenset[int], day_done: bool
) -> None:
    result = forecast(plan, to_date, today, days, day_done=day_done)
    assert result.elapsed_working_days + result.remaining_working_days == (
        result.total_working_days
    )
    assert (result.projected is None) == (result.elapsed_working_days == 0)
    if result.status not in (ForecastStatus.NO_PLAN, ForecastStatus.PLAN_MET):
        assert plan is not None
        assert result.to_date < plan
        if result.needed_per_day is not None and result.remaining_working_days:
            # Selling the needed amount every remaining day meets the plan (to the cent).
            reached = result.to_date + result.needed_per_day * result.remaining_working_days
            assert abs(reached - plan) <= Decimal("0.01") * result.remaining_working_days
    if result.status == ForecastStatus.NO_PLAN:
        assert result.needed_per_day is None
        assert result.attainment_pct is None
