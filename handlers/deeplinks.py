"""Routing of `/start <payload>` deep links once the user is known and onboarded."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import User
from bot.domain.deeplinks import DeepLink, DeepLinkKind
from bot.i18n import Translator
from handlers.teams import show_join_preview


async def route_deep_link(
    bot: Bot,
    link: DeepLink,
    user: User,
    t: Translator,
    session: AsyncSession,
    now: datetime | None = None,
) -> None:
    if link.kind == DeepLinkKind.JOIN_TEAM:
        # A team invitation: show what the head will see, then ask for consent.
        await show_join_preview(bot, session, user, t, link.value, now or datetime.now(UTC))
        return
    await bot.send_message(user.id, t("deeplink-unknown"))
