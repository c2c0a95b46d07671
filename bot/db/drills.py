"""Queries on drill cards, attempts and drill settings. Session first; no commits here."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.drill_models import DEFAULT_NEW_PER_DAY, DrillAttempt, DrillCard, DrillSettings
from bot.services.drill_schedule import CardState, State


async def new_per_day(session: AsyncSession, user_id: int) -> int:
    settings = await session.get(DrillSettings, user_id)
    return settings.new_per_day if settings else DEFAULT_NEW_PER_DAY


async def set_new_per_day(session: AsyncSession, user_id: int, value: int) -> None:
    settings = await session.get(DrillSettings, user_id)
    if settings is None:
        session.add(DrillSettings(user_id=user_id, new_per_day=value))
    else:
        settings.new_per_day = value


async def due_cards(session: AsyncSession, user_id: int, now: datetime) -> list[DrillCard]:
    """Cards due by ``now``, most overdue first."""
    rows = await session.scalars(
        select(DrillCard)
        .where(DrillCard.user_id == user_id, DrillCard.due <= now)
        .order_by(DrillCard.due, DrillCard.id)
    )
    return list(rows)


async def next_due(session: AsyncSession, user_id: int) -> datetime | None:
    # min() keeps the column's type, so the value comes back as an aware UTC datetime.
    due: datetime | None = await session.scalar(
        select(func.min(DrillCard.due)).where(DrillCard.user_id == user_id)
    )
    return due


async def all_cards(session: AsyncSession, user_id: int) -> list[DrillCard]:
    return list(await session.scalars(select(DrillCard).where(DrillCard.user_id == user_id)))


async def introduced_since(session: AsyncSession, user_id: int, since: datetime) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(DrillCard)
        .where(DrillCard.user_id == user_id, DrillCard.introduced_at >= since)
    )
    return int(count or 0)


async def add_card(
    session: AsyncSession, user_id: int, objection_id: str, now: datetime
) -> DrillCard:
    fresh = CardState.new(now)
    card = DrillCard(
        user_id=user_id,
        objection_id=objection_id,
        introduced_at=now,
        state=int(fresh.state),
        step=fresh.step,
        stability=fresh.stability,
        difficulty=fresh.difficulty,
        due=fresh.due,
        last_review=fresh.last_review,
        reviews=0,
    )
    session.add(card)
    await session.flush()
    return card


def card_state(card: DrillCard) -> CardState:
    return CardState(
        State(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review
    )


def store_review(card: DrillCard, reviewed: CardState) -> None:
    card.state = int(reviewed.state)
    card.step = reviewed.step
    card.stability = reviewed.stability
    card.difficulty = reviewed.difficulty
    card.due = reviewed.due
    card.last_review = reviewed.last_review
    card.reviews += 1


async def get_card(session: AsyncSession, card_id: int) -> DrillCard | None:
    return await session.get(DrillCard, card_id)


async def start_attempt(session: AsyncSession, card: DrillCard, now: datetime) -> DrillAttempt:
    attempt = DrillAttempt(
        user_id=card.user_id, card_id=card.id, objection_id=card.objection_id, shown_at=now
    )
    session.add(attempt)
    await session.flush()
    return attempt


async def get_attempt(session: AsyncSession, attempt_id: int) -> DrillAttempt | None:
    # Answering and grading are guarded UPDATEs that bypass the identity map: read the row
    # as it is now, not as this session first saw it.
    return await session.get(DrillAttempt, attempt_id, populate_existing=True)


async def answered_count(session: AsyncSession, card_id: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(DrillAttempt)
        .where(DrillAttempt.card_id == card_id, DrillAttempt.answered_at.is_not(None))
    )
    return int(count or 0)


async def record_answer(
    session: AsyncSession,
    attempt_id: int,
    *,
    answer: str,
    result: dict[str, object],
    score: int,
    model_technique: str,
    now: datetime,
) -> bool:
    """Store the answer once; False when this attempt was already answered."""
    outcome = await session.execute(
        update(DrillAttempt)
        .where(DrillAttempt.id == attempt_id, DrillAttempt.answered_at.is_(None))
        .values(
            answer=answer,
            result=json.dumps(result, ensure_ascii=False),
            score=score,
            model_technique=model_technique,
            answered_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(outcome, "rowcount", 0) == 1)


async def grade_attempt(
    session: AsyncSession, attempt_id: int, user_id: int, rating: int, now: datetime
) -> bool:
    """Grade once. False when it was graded already (a second press, even a concurrent one:
    the guard is in the UPDATE itself) or never answered."""
    outcome = await session.execute(
        update(DrillAttempt)
        .where(
            DrillAttempt.id == attempt_id,
            DrillAttempt.user_id == user_id,
            DrillAttempt.answered_at.is_not(None),
            DrillAttempt.graded_at.is_(None),
        )
        .values(rating=rating, graded_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(outcome, "rowcount", 0) == 1)


async def set_next_due(session: AsyncSession, attempt_id: int, due: datetime) -> None:
    await session.execute(
        update(DrillAttempt)
        .where(DrillAttempt.id == attempt_id)
        .values(next_due=due)
        .execution_options(synchronize_session=False)
    )


async def graded_times(session: AsyncSession, user_id: int, since: datetime) -> list[datetime]:
    rows = await session.scalars(
        select(DrillAttempt.graded_at).where(
            DrillAttempt.user_id == user_id,
            DrillAttempt.graded_at.is_not(None),
            DrillAttempt.graded_at >= since,
        )
    )
    return [row for row in rows if row is not None]
