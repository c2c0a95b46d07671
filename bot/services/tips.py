"""Serving the next tip: rotation over the database history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.schema import Content, RoleCard, Tip
from bot.db import tips as tips_db
from bot.domain.roles import Role
from bot.services.tip_rotation import choose_next_tip


@dataclass(frozen=True, slots=True)
class ShownTip:
    card: RoleCard
    tip: Tip
    view_id: int
    new_cycle: bool  # the user has just been through every tip of the role
    vote: int  # the user's earlier vote on this tip: +1, -1 or 0
    saved: bool


async def show_next_tip(
    session: AsyncSession, content: Content, user_id: int, role: Role, now: datetime
) -> ShownTip:
    card = content.roles[role]
    history = await tips_db.tip_history(session, user_id, role.value)
    chosen = choose_next_tip(card.tips, history, user_id)
    view_id = await tips_db.record_view(session, user_id, chosen.tip.id, chosen.cycle, now)
    new_cycle = chosen.cycle > history.cycle and bool(history.seen_in_cycle)
    vote = history.votes.get(chosen.tip.id, 0)
    return ShownTip(card, chosen.tip, view_id, new_cycle, vote, chosen.tip.id in history.saved)
