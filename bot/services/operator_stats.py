"""/stats for the operator (ADMIN_IDS): how many people, how active, how far behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import CheckIn, OutboxMessage
from bot.db.drill_models import DrillAttempt
from bot.db.models import User
from bot.db.team_models import Team

BACKLOG_STATUSES = ("pending", "sending", "failed")


@dataclass(frozen=True, slots=True)
class OperatorStats:
    users: int
    active_week: int  # checked in or drilled in the last 7 days
    teams: int
    outbox_backlog: int  # scheduled messages not yet sent
    last_tick: datetime | None


async def operator_stats(
    session: AsyncSession, now: datetime, last_tick: datetime | None
) -> OperatorStats:
    since = now - timedelta(days=7)
    active = union(
        select(CheckIn.user_id).where(CheckIn.updated_at >= since),
        select(DrillAttempt.user_id).where(DrillAttempt.answered_at >= since),
    ).subquery()
    return OperatorStats(
        users=int(await session.scalar(select(func.count()).select_from(User)) or 0),
        active_week=int(await session.scalar(select(func.count()).select_from(active)) or 0),
        teams=int(await session.scalar(select(func.count()).select_from(Team)) or 0),
        outbox_backlog=int(
            await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(BACKLOG_STATUSES))
            )
            or 0
        ),
        last_tick=last_tick,
    )
