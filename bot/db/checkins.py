"""Queries on plans, check-ins and burnout surveys."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Executable, Table, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import BurnoutSurvey, CheckIn, OutboxMessage, Plan


def month_start(day: date) -> date:
    return day.replace(day=1)


async def get_plan(session: AsyncSession, user_id: int, day: date) -> Plan | None:
    return await session.get(Plan, (user_id, month_start(day)))


async def set_plan(
    session: AsyncSession, user_id: int, day: date, target: Decimal, unit: str, now: datetime
) -> Plan:
    plan = await get_plan(session, user_id, day)
    if plan is None:
        plan = Plan(
            user_id=user_id, month=month_start(day), target=target, unit=unit, updated_at=now
        )
        session.add(plan)
    else:
        plan.target, plan.unit, plan.updated_at = target, unit, now
    return plan


# The statements of a check-in answer, built once: building one costs more than running it.
_CHECKIN_OF_DAY = select(CheckIn).where(
    CheckIn.user_id == bindparam("user_id"), CheckIn.local_date == bindparam("day")
)
_SALES_BEFORE = (
    select(CheckIn.sales_to_date)
    .where(
        CheckIn.user_id == bindparam("user_id"),
        CheckIn.local_date >= bindparam("month_start"),
        CheckIn.local_date < bindparam("day"),
        CheckIn.sales_to_date.is_not(None),
    )
    .order_by(CheckIn.local_date.desc())
    .limit(1)
)
_LATEST_PROMPT = select(func.max(OutboxMessage.local_date)).where(
    OutboxMessage.user_id == bindparam("user_id"),
    OutboxMessage.kind == "checkin",
    OutboxMessage.status == "sent",
)


def _energy_upsert(insert: Any) -> Executable:
    statement = insert(cast(Table, CheckIn.__table__))
    upsert: Executable = statement.on_conflict_do_update(
        index_elements=[CheckIn.user_id, CheckIn.local_date],
        set_={"energy": statement.excluded.energy, "updated_at": statement.excluded.updated_at},
    )
    return upsert


_ENERGY_UPSERT = {
    "sqlite": _energy_upsert(sqlite.insert),
    "postgresql": _energy_upsert(postgresql.insert),
}


async def get_checkin(session: AsyncSession, user_id: int, day: date) -> CheckIn | None:
    return await session.scalar(_CHECKIN_OF_DAY, {"user_id": user_id, "day": day})


async def save_energy(
    session: AsyncSession, user_id: int, day: date, energy: int, now: datetime
) -> None:
    """The day's energy, in a new check-in, found absent just before; or in the row another
    press of the same person (handled at once, or on another instance) inserted in between."""
    await session.execute(
        _ENERGY_UPSERT[session.get_bind().dialect.name],
        {"user_id": user_id, "local_date": day, "energy": energy, "updated_at": now},
    )


async def get_or_create_checkin(
    session: AsyncSession, user_id: int, day: date, now: datetime
) -> CheckIn:
    checkin = await get_checkin(session, user_id, day)
    if checkin is not None:
        return checkin
    return await insert_checkin(session, user_id, day, now)


async def insert_checkin(session: AsyncSession, user_id: int, day: date, now: datetime) -> CheckIn:
    """A new check-in for the day, found absent just before; or the row that another press of
    the same person (handled at once, or on another instance) inserted in between."""
    # Insert-or-ignore, so the second press takes the first one's row instead of failing on the
    # unique (user, day); RETURNING hands back the new row without reading it again.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    created = await session.scalar(
        insert(CheckIn)
        .values(user_id=user_id, local_date=day, updated_at=now)
        .on_conflict_do_nothing(index_elements=[CheckIn.user_id, CheckIn.local_date])
        .returning(CheckIn)
    )
    if created is None:
        created = await get_checkin(session, user_id, day)
    if created is None:  # pragma: no cover - the row was inserted or already there
        raise RuntimeError(f"check-in of user {user_id} for {day} vanished")
    return created


async def sales_before(session: AsyncSession, user_id: int, day: date) -> Decimal | None:
    """The month's sales as of the last check-in before ``day`` in the same month."""
    return await session.scalar(
        _SALES_BEFORE, {"user_id": user_id, "month_start": month_start(day), "day": day}
    )


async def sales_up_to(session: AsyncSession, user_id: int, day: date) -> tuple[Decimal, bool]:
    """The month's sales as of ``day`` and whether ``day`` itself reported them."""
    row = (
        await session.execute(
            select(CheckIn.local_date, CheckIn.sales_to_date)
            .where(
                CheckIn.user_id == user_id,
                CheckIn.local_date >= month_start(day),
                CheckIn.local_date <= day,
                CheckIn.sales_to_date.is_not(None),
            )
            .order_by(CheckIn.local_date.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return Decimal(0), False
    reported_on, amount = row
    return amount or Decimal(0), reported_on == day


_LATEST_PROMPT_AND_SALES_BEFORE = select(
    _LATEST_PROMPT.scalar_subquery(), _SALES_BEFORE.scalar_subquery()
)


async def latest_prompt_and_sales_before(
    session: AsyncSession, user_id: int, day: date
) -> tuple[date | None, Decimal | None]:
    """:func:`latest_checkin_prompt` and :func:`sales_before` in one statement: a check-in
    answer needs both."""
    row = (
        await session.execute(
            _LATEST_PROMPT_AND_SALES_BEFORE,
            {"user_id": user_id, "month_start": month_start(day), "day": day},
        )
    ).one()
    return row[0], row[1]


async def latest_checkin_prompt(session: AsyncSession, user_id: int) -> date | None:
    return await session.scalar(_LATEST_PROMPT, {"user_id": user_id})


async def recent_energy(session: AsyncSession, user_id: int, since: date) -> list[int]:
    rows = await session.scalars(
        select(CheckIn.energy)
        .where(
            CheckIn.user_id == user_id,
            CheckIn.local_date >= since,
            CheckIn.energy.is_not(None),
        )
        .order_by(CheckIn.local_date)
    )
    return [value for value in rows if value is not None]


async def get_or_create_survey(
    session: AsyncSession, user_id: int, week_start: date
) -> BurnoutSurvey:
    survey = await session.scalar(
        select(BurnoutSurvey).where(
            BurnoutSurvey.user_id == user_id, BurnoutSurvey.week_start == week_start
        )
    )
    if survey is None:
        survey = BurnoutSurvey(user_id=user_id, week_start=week_start, answers="-------")
        session.add(survey)
        await session.flush()
    return survey


async def get_survey(session: AsyncSession, survey_id: int) -> BurnoutSurvey | None:
    return await session.get(BurnoutSurvey, survey_id)


async def survey_scores(session: AsyncSession, user_id: int, limit: int = 6) -> list[float]:
    """Completed weekly scores, oldest first."""
    rows = await session.scalars(
        select(BurnoutSurvey.score)
        .where(BurnoutSurvey.user_id == user_id, BurnoutSurvey.score.is_not(None))
        .order_by(BurnoutSurvey.week_start.desc())
        .limit(limit)
    )
    return [score for score in reversed(list(rows)) if score is not None]
