"""Routing of `/start <payload>` deep links once the user is known and onboarded."""

from __future__ import annotations

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import User
from bot.domain.deeplinks import DeepLink, DeepLinkKind
from bot.i18n import Translator


async def route_deep_link(
    bot: Bot, link: DeepLink, user: User, t: Translator, session: AsyncSession
) -> None:
    if link.kind == DeepLinkKind.JOIN_TEAM:
        # Teams land in their own issue; until then the link is recognised, not dropped.
        await bot.send_message(user.id, t("deeplink-join-unavailable"))
        return
    await bot.send_message(user.id, t("deeplink-unknown"))
