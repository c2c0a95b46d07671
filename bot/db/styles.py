"""Queries on management-style exercises."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import StyleAnswer


async def start_exercise(
    session: AsyncSession, user_id: int, scenario_id: str, now: datetime
) -> StyleAnswer:
    exercise = StyleAnswer(user_id=user_id, scenario_id=scenario_id, shown_at=now)
    session.add(exercise)
    await session.flush()
    return exercise


async def get_exercise(session: AsyncSession, exercise_id: int) -> StyleAnswer | None:
    return await session.get(StyleAnswer, exercise_id)


async def answered_scenarios(session: AsyncSession, user_id: int) -> list[str]:
    """Scenario ids the user answered, oldest first."""
    rows = await session.scalars(
        select(StyleAnswer.scenario_id)
        .where(StyleAnswer.user_id == user_id, StyleAnswer.chosen.is_not(None))
        .order_by(StyleAnswer.answered_at, StyleAnswer.id)
    )
    return list(rows)


async def completed_verdicts(session: AsyncSession, user_id: int) -> list[tuple[str, str]]:
    rows = await session.execute(
        select(StyleAnswer.best_styles, StyleAnswer.verdict).where(
            StyleAnswer.user_id == user_id,
            StyleAnswer.verdict.is_not(None),
            StyleAnswer.best_styles.is_not(None),
        )
    )
    return [(best or "", verdict or "") for best, verdict in rows]


async def complete_exercise(
    session: AsyncSession,
    exercise_id: int,
    *,
    chosen: str,
    best_styles: str,
    verdict: str,
    now: datetime,
) -> bool:
    """Record the answer once. False when it was already answered (a second press, even a
    concurrent one: the guard is in the UPDATE itself)."""
    result = await session.execute(
        update(StyleAnswer)
        .where(StyleAnswer.id == exercise_id, StyleAnswer.chosen.is_(None))
        .values(chosen=chosen, best_styles=best_styles, verdict=verdict, answered_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)
