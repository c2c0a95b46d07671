"""The one authorization check of every team-head button: is this the presser's own team?"""

from __future__ import annotations

from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import User
from bot.db.team_models import Team
from bot.i18n import Translator
from bot.services import teams as teams_service


async def head_team_or_refuse(
    callback: CallbackQuery, session: AsyncSession, user: User, t: Translator, team_id: int
) -> Team | None:
    """The team ``user`` heads with this id, or None after a polite refusal.

    Buttons carry the team id, and anyone can forge one, so every press checks again.
    """
    team = await teams_service.team_for_head(session, user.id, team_id)
    if team is None:
        await callback.answer(t("team-refused-short"), show_alert=True)
    return team
