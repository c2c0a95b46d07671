"""Queries on field objections, company objections and practice assignments. Session first;
no commits here."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.drill_models import DrillAttempt
from bot.db.field_objection_models import CompanyObjection, FieldObjection, PracticeAssignment
from bot.db.team_models import TeamMember


async def add_field_objection(
    session: AsyncSession,
    *,
    user_id: int,
    team_id: int | None,
    text: str,
    category: str,
    source: str,
    local_date: date,
    now: datetime,
) -> FieldObjection:
    row = FieldObjection(
        user_id=user_id,
        team_id=team_id,
        text=text,
        category=category,
        confirmed=False,
        source=source,
        local_date=local_date,
        logged_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def get_field_objection(session: AsyncSession, objection_id: int) -> FieldObjection | None:
    return await session.get(FieldObjection, objection_id)


async def team_field_objections(
    session: AsyncSession, team_id: int, since: datetime, until: datetime
) -> list[FieldObjection]:
    """A team's logged objections in [since, until), newest first, from current members only
    (someone who left takes their objections with them)."""
    rows = await session.scalars(
        select(FieldObjection)
        .join(
            TeamMember,
            (TeamMember.user_id == FieldObjection.user_id)
            & (TeamMember.team_id == FieldObjection.team_id),
        )
        .where(
            FieldObjection.team_id == team_id,
            FieldObjection.logged_at >= since,
            FieldObjection.logged_at < until,
        )
        .order_by(FieldObjection.logged_at.desc(), FieldObjection.id.desc())
    )
    return list(rows)


async def user_field_objections(
    session: AsyncSession, user_id: int, limit: int
) -> list[FieldObjection]:
    rows = await session.scalars(
        select(FieldObjection)
        .where(FieldObjection.user_id == user_id)
        .order_by(FieldObjection.logged_at.desc(), FieldObjection.id.desc())
        .limit(limit)
    )
    return list(rows)


async def delete_user_field_objections(session: AsyncSession, user_id: int) -> int:
    result = await session.execute(delete(FieldObjection).where(FieldObjection.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


# ---- company objections ------------------------------------------------------------------


async def team_company_objections(session: AsyncSession, team_id: int) -> list[CompanyObjection]:
    rows = await session.scalars(
        select(CompanyObjection)
        .where(CompanyObjection.team_id == team_id)
        .order_by(CompanyObjection.id)
    )
    return list(rows)


async def get_company_objection(
    session: AsyncSession, objection_id: int
) -> CompanyObjection | None:
    return await session.get(CompanyObjection, objection_id)


async def company_categories(session: AsyncSession, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await session.execute(
        select(CompanyObjection.id, CompanyObjection.category).where(CompanyObjection.id.in_(ids))
    )
    return {row[0]: row[1] for row in rows}


# ---- practice ----------------------------------------------------------------------------


async def active_assignments(
    session: AsyncSession, team_id: int, now: datetime
) -> list[PracticeAssignment]:
    rows = await session.scalars(
        select(PracticeAssignment)
        .where(PracticeAssignment.team_id == team_id, PracticeAssignment.ends_at > now)
        .order_by(PracticeAssignment.assigned_at)
    )
    return list(rows)


async def add_assignment(
    session: AsyncSession,
    *,
    team_id: int,
    category: str,
    head_id: int,
    now: datetime,
    ends_at: datetime,
) -> PracticeAssignment:
    row = PracticeAssignment(
        team_id=team_id, category=category, assigned_by=head_id, assigned_at=now, ends_at=ends_at
    )
    session.add(row)
    await session.flush()
    return row


async def answered_attempts(
    session: AsyncSession, user_ids: list[int], since: datetime
) -> list[DrillAttempt]:
    """Answered drill attempts of these users since ``since``, oldest first."""
    if not user_ids:
        return []
    rows = await session.scalars(
        select(DrillAttempt)
        .where(
            DrillAttempt.user_id.in_(user_ids),
            DrillAttempt.answered_at.is_not(None),
            DrillAttempt.answered_at >= since,
        )
        .order_by(DrillAttempt.answered_at, DrillAttempt.id)
    )
    return list(rows)


async def team_member_ids(session: AsyncSession, team_id: int) -> list[int]:
    rows = await session.scalars(
        select(TeamMember.user_id)
        .where(TeamMember.team_id == team_id)
        .order_by(TeamMember.joined_at, TeamMember.user_id)
    )
    return list(rows)


async def count_field_objections(session: AsyncSession, user_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(FieldObjection).where(FieldObjection.user_id == user_id)
    )
    return int(count or 0)
