"""Check-in arithmetic over the database: today's date for a user, forecast, wellbeing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import checkins as checkins_db
from bot.db.checkin_models import BurnoutSurvey, Plan
from bot.db.models import User
from bot.domain.burnout import WellbeingFlag, wellbeing_flag
from bot.domain.forecast import Forecast, forecast
from bot.domain.schedule import calendar_country, local_date_of
from bot.services.reminders import working_days_of

ENERGY_WINDOW_DAYS = 14
SURVEY_FRESH_DAYS = 21  # the same freshness rule as the team summary's


def local_today(user: User, now: datetime, default_zone: str) -> date:
    return local_date_of(now, user.timezone or default_zone)


@dataclass(frozen=True, slots=True)
class PlanForecast:
    plan: Plan | None
    forecast: Forecast


async def plan_forecast(session: AsyncSession, user: User, today: date) -> PlanForecast:
    plan = await checkins_db.get_plan(session, user.id, today)
    to_date, day_done = await checkins_db.sales_up_to(session, user.id, today)
    result = forecast(
        plan.target if plan else None,
        to_date,
        today,
        working_days_of(user),
        day_done=day_done,
        country=calendar_country(user.work_calendar),
    )
    return PlanForecast(plan, result)


@dataclass(frozen=True, slots=True)
class Wellbeing:
    flag: WellbeingFlag
    energies: list[int]
    scores: list[float]  # weekly burnout scores, oldest first
    last_survey_week: date | None = None
    survey_fresh: bool = False  # recent enough to drive the flag (SURVEY_FRESH_DAYS)


async def wellbeing(session: AsyncSession, user_id: int, today: date) -> Wellbeing:
    since = today - timedelta(days=ENERGY_WINDOW_DAYS - 1)
    energies = await checkins_db.recent_energy(session, user_id, since)
    scores = await checkins_db.survey_scores(session, user_id)
    last_week = await session.scalar(
        select(func.max(BurnoutSurvey.week_start)).where(
            BurnoutSurvey.user_id == user_id, BurnoutSurvey.score.is_not(None)
        )
    )
    # A survey older than SURVEY_FRESH_DAYS no longer drives the flag; /me says when it was.
    fresh = last_week is not None and last_week >= today - timedelta(days=SURVEY_FRESH_DAYS)
    latest = scores[-1] if scores and fresh else None
    return Wellbeing(wellbeing_flag(latest, energies), energies, scores, last_week, fresh)
