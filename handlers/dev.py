"""Developer commands, on only when DEV_COMMANDS is set (the demo sets it).

`/due checkin|survey|nudge` makes that reminder due now and runs the scheduler's tick at
once, so a check-in can be tried without waiting for the clock. The tick runs in a fresh
context, exactly as the scheduler's job does: the update's DB session and the interactive
retry of replies (bot/middlewares/resilience.py) must not leak into the delivery path, which
handles 429s and server errors itself.
"""

from __future__ import annotations

import asyncio
import contextvars

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.db.models import User
from bot.i18n import Translator
from bot.services.checkins import local_today
from bot.services.reminders import ReminderKind, can_nudge, make_due_now
from bot.ticker import Ticker


async def on_due(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    ticker: Ticker,
    settings: Settings,
) -> None:
    try:
        kind = ReminderKind((command.args or "").strip())
    except ValueError:
        await message.answer(t("dev-due-usage"))
        return
    today = local_today(user, clock(), settings.default_timezone)
    if kind == ReminderKind.NUDGE and not await can_nudge(session, user.id, today):
        # A nudge is about today's check-in in the reader's calendar, never yesterday's.
        await message.answer(t("dev-due-no-nudge"))
        return
    await make_due_now(session, user.id, kind, clock())
    # The tick works in its own sessions: commit first so it sees the change.
    await session.commit()
    await message.answer(t("dev-due-done", kind=kind.value))
    await asyncio.create_task(ticker.tick(), context=contextvars.Context())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_due, Command("due"))
    return router
