"""Monthly plan forecast on a run-rate over working days.

The run-rate is "sales so far per working day that has passed", projected over all working
days of the month. Working days are the person's weekdays under their country's official
calendar (``country``, see :mod:`bot.domain.schedule`): in January 2026 in Russia the month
has 15 of them, the first being Monday the 12th. Sales land in ``to_date`` through the
evening check-in, so today counts as elapsed only once today's check-in is done
(``day_done``); before that, today is still a day left to sell.

Edge cases, in the order they are decided:

* no plan (``None`` or 0) → NO_PLAN; ``to_date`` and the projection are still reported;
* ``to_date`` ≥ plan → PLAN_MET, nothing more is needed per day;
* no working days configured → NOT_STARTED, no projection and no per-day need (there is no
  day to spread it over);
* no working days left (last one done, or a day off after it) → MONTH_OVER, the per-day need is
  the whole shortfall — it has to come in on some day anyway;
* no working day elapsed yet (first working day before its check-in, or days off before it) →
  NOT_STARTED, no projection, the need is spread over every working day of the month;
* otherwise ON_TRACK if the projection, rounded to cents as shown, reaches the plan, else
  BEHIND.

On a day off, elapsed days are the working days before today and the remaining ones start on
the next working day; ``day_done`` changes nothing because the day off is not a working day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TypeAlias

from bot.domain.schedule import is_working_day

WorkingDays: TypeAlias = frozenset[int]  # ISO weekdays, 1 = Monday … 7 = Sunday
DEFAULT_WORKING_DAYS: WorkingDays = frozenset({1, 2, 3, 4, 5})
DAYS_OF_WEEK: WorkingDays = frozenset(range(1, 8))

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
_HUNDRED = Decimal(100)


class ForecastStatus(StrEnum):
    NO_PLAN = "no_plan"
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    PLAN_MET = "plan_met"
    MONTH_OVER = "month_over"


@dataclass(frozen=True)
class Forecast:
    plan: Decimal | None
    to_date: Decimal
    elapsed_working_days: int
    total_working_days: int
    remaining_working_days: int
    projected: Decimal | None  # to_date ÷ elapsed × total; None before the first working day
    attainment_pct: Decimal | None  # to_date ÷ plan × 100
    projected_pct: Decimal | None  # projected ÷ plan × 100
    needed_per_day: Decimal | None  # (plan − to_date) ÷ remaining working days
    status: ForecastStatus


def working_days_in_month(
    year: int, month: int, days: WorkingDays, country: str | None = None
) -> list[date]:
    """The working dates of ``month``, in order: ISO weekday in ``days`` under ``country``'s
    official calendar when one is given (:func:`bot.domain.schedule.is_working_day`)."""
    if not days <= DAYS_OF_WEEK:
        raise ValueError(f"working days {sorted(days)} must be ISO weekdays 1..7")
    length = calendar.monthrange(year, month)[1]
    month_days = (date(year, month, day) for day in range(1, length + 1))
    return [day for day in month_days if is_working_day(day, days, country)]


def forecast(
    plan: Decimal | None,
    to_date: Decimal,
    today: date,
    days: WorkingDays,
    *,
    day_done: bool,
    country: str | None = None,
) -> Forecast:
    """Where the month is heading for one person or team; see the module docstring."""
    if plan is not None and plan < 0:
        raise ValueError(f"plan {plan} is negative")
    if to_date < 0:
        raise ValueError(f"sales to date {to_date} are negative")
    # Work in cents throughout, so every figure agrees with the ones shown.
    plan = None if plan is None else _money(plan)
    to_date = _money(to_date)
    month_days = working_days_in_month(today.year, today.month, days, country)
    total = len(month_days)
    elapsed = sum(1 for day in month_days if day < today or (day == today and day_done))
    remaining = total - elapsed
    # Multiply before dividing so a whole-number run-rate stays exact.
    projected = _money(to_date * total / elapsed) if elapsed else None

    def make(status: ForecastStatus, needed: Decimal | None = None) -> Forecast:
        return Forecast(
            plan=plan,
            to_date=to_date,
            elapsed_working_days=elapsed,
            total_working_days=total,
            remaining_working_days=remaining,
            projected=projected,
            attainment_pct=_percent(to_date, plan),
            projected_pct=_percent(projected, plan),
            needed_per_day=None if needed is None else _money(needed),
            status=status,
        )

    if plan is None or plan == 0:  # a zero plan is an unset plan, and can't be divided by
        return make(ForecastStatus.NO_PLAN)
    if to_date >= plan:
        return make(ForecastStatus.PLAN_MET, Decimal(0))
    shortfall = plan - to_date
    if total == 0:
        return make(ForecastStatus.NOT_STARTED)
    if remaining == 0:
        return make(ForecastStatus.MONTH_OVER, shortfall)
    needed = shortfall / remaining
    if projected is None:  # no working day has elapsed yet
        return make(ForecastStatus.NOT_STARTED, needed)
    # Compare the projection as shown, so "1 000 projected of 1 000" never reads as behind.
    on_track = projected >= plan
    return make(ForecastStatus.ON_TRACK if on_track else ForecastStatus.BEHIND, needed)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``; None when either is missing or ``whole`` is 0."""
    if part is None or not whole:
        return None
    return (part / whole * _HUNDRED).quantize(TENTH, rounding=ROUND_HALF_UP)
