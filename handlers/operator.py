"""/stats: operator figures, only for the Telegram ids in ADMIN_IDS; anyone else gets the
answer an unknown command gets, so the command is not advertised."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.db.models import User
from bot.i18n import Translator
from bot.services.operator_stats import operator_stats
from bot.ticker import Ticker


async def on_stats(
    message: Message,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
    ticker: Ticker,
) -> None:
    if user.id not in settings.admin_ids:
        await message.answer(t("fallback-unknown"))
        return
    stats = await operator_stats(session, clock(), ticker.last_tick_at)
    last_tick = (
        stats.last_tick.strftime("%Y-%m-%d %H:%M:%S UTC") if stats.last_tick else t("stats-never")
    )
    await message.answer(
        t(
            "stats-text",
            users=stats.users,
            active=stats.active_week,
            teams=stats.teams,
            backlog=stats.outbox_backlog,
            tick=last_tick,
        )
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_stats, Command("stats"))
    return router
