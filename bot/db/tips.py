"""Queries on tip views, votes and saved tips."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import (
    BindParameter,
    Executable,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import SavedTip, TipView, TipVote
from bot.services.tip_rotation import TipHistory

_SAVED_MARK = 0


def _tip_history_statements() -> tuple[Executable, Executable]:
    user_id: BindParameter[int] = bindparam("user_id")
    like_role: BindParameter[str] = bindparam("like_role")
    latest_cycle = (
        select(func.max(TipView.cycle))
        .where(TipView.user_id == user_id, TipView.tip_id.like(like_role))
        .scalar_subquery()
    )
    seen = select(TipView.cycle, TipView.tip_id).where(
        TipView.user_id == user_id, TipView.cycle == latest_cycle, TipView.tip_id.like(like_role)
    )
    # Votes and saved tips in one statement: a saved tip comes as a "vote" of 0, which no
    # real vote is (they are +1 and -1).
    marks = (
        select(TipVote.tip_id, TipVote.vote)
        .where(TipVote.user_id == user_id)
        .union_all(select(SavedTip.tip_id, literal(_SAVED_MARK)).where(SavedTip.user_id == user_id))
    )
    return seen, marks


# Built once: every /tip runs them, and building a statement costs more than running it.
_SEEN_IN_CYCLE, _VOTES_AND_SAVED = _tip_history_statements()
_TIP_VIEWS = cast(Table, TipView.__table__)
_INSERT_VIEW = insert(_TIP_VIEWS).returning(_TIP_VIEWS.c.id)


async def tip_history(session: AsyncSession, user_id: int, role_prefix: str) -> TipHistory:
    """The current cycle and what was seen in it, for the tips of one role."""
    params = {"user_id": user_id, "like_role": f"{role_prefix}.%"}
    seen = (await session.execute(_SEEN_IN_CYCLE, params)).all()
    marks = (await session.execute(_VOTES_AND_SAVED, params)).all()
    return TipHistory(
        cycle=seen[0].cycle if seen else 0,
        seen_in_cycle=frozenset(row.tip_id for row in seen),
        votes={tip_id: mark for tip_id, mark in marks if mark != _SAVED_MARK},
        saved=frozenset(tip_id for tip_id, mark in marks if mark == _SAVED_MARK),
    )


async def record_view(
    session: AsyncSession, user_id: int, tip_id: str, cycle: int, now: datetime
) -> int:
    """The new view's id, which the tip's buttons carry. A plain INSERT … RETURNING: the row
    is not needed as an object, and the ORM's flush costs more than the statement."""
    inserted = await session.execute(
        _INSERT_VIEW, {"user_id": user_id, "tip_id": tip_id, "cycle": cycle, "shown_at": now}
    )
    return int(inserted.scalar_one())


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
