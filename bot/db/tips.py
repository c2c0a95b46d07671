"""Queries on tip views, votes and saved tips."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import SavedTip, TipView, TipVote
from bot.services.tip_rotation import TipHistory


async def tip_history(session: AsyncSession, user_id: int, role_prefix: str) -> TipHistory:
    """The current cycle and what was seen in it, for the tips of one role."""
    like_role = f"{role_prefix}.%"
    cycle = await session.scalar(
        select(func.max(TipView.cycle)).where(
            TipView.user_id == user_id, TipView.tip_id.like(like_role)
        )
    )
    current = cycle or 0
    seen = await session.scalars(
        select(TipView.tip_id).where(
            TipView.user_id == user_id,
            TipView.cycle == current,
            TipView.tip_id.like(like_role),
        )
    )
    votes = await session.execute(
        select(TipVote.tip_id, TipVote.vote).where(TipVote.user_id == user_id)
    )
    return TipHistory(
        cycle=current,
        seen_in_cycle=frozenset(seen),
        votes=dict(votes.all()),
    )


async def record_view(
    session: AsyncSession, user_id: int, tip_id: str, cycle: int, now: datetime
) -> TipView:
    view = TipView(user_id=user_id, tip_id=tip_id, cycle=cycle, shown_at=now)
    session.add(view)
    await session.flush()
    return view


async def get_view(session: AsyncSession, view_id: int) -> TipView | None:
    return await session.get(TipView, view_id)


async def set_vote(
    session: AsyncSession, user_id: int, tip_id: str, vote: int, now: datetime
) -> None:
    existing = await session.get(TipVote, (user_id, tip_id))
    if existing is None:
        session.add(TipVote(user_id=user_id, tip_id=tip_id, vote=vote, voted_at=now))
    else:
        existing.vote = vote
        existing.voted_at = now


async def get_vote(session: AsyncSession, user_id: int, tip_id: str) -> int:
    existing = await session.get(TipVote, (user_id, tip_id))
    return existing.vote if existing else 0


async def is_saved(session: AsyncSession, user_id: int, tip_id: str) -> bool:
    return await session.get(SavedTip, (user_id, tip_id)) is not None


async def save_tip(session: AsyncSession, user_id: int, tip_id: str, now: datetime) -> bool:
    """Save; returns False when it was already saved."""
    if await is_saved(session, user_id, tip_id):
        return False
    session.add(SavedTip(user_id=user_id, tip_id=tip_id, saved_at=now))
    return True


async def unsave_tip(session: AsyncSession, user_id: int, tip_id: str) -> None:
    await session.execute(
        delete(SavedTip).where(SavedTip.user_id == user_id, SavedTip.tip_id == tip_id)
    )


async def saved_tip_ids(session: AsyncSession, user_id: int) -> list[str]:
    rows = await session.scalars(
        select(SavedTip.tip_id)
        .where(SavedTip.user_id == user_id)
        .order_by(SavedTip.saved_at.desc(), SavedTip.tip_id)
    )
    return list(rows)


async def shown_after(session: AsyncSession, user_id: int, view_id: int) -> bool:
    """Whether the user was shown another tip after this view (a «Дальше» already served)."""
    later = await session.scalar(
        select(TipView.id).where(TipView.user_id == user_id, TipView.id > view_id).limit(1)
    )
    return later is not None
