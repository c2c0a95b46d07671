"""/pause and /resume: reminders stop for a while; nothing else changes.

Blocking the bot stops them too: Telegram tells us with a ``my_chat_member`` update (and the
delivery path learns it from a 403). Unblocking, or writing /resume, brings the schedule back;
the user's data was never touched.
"""

from __future__ import annotations

from typing import Annotated

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter, Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_datetime
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.db.models import User
from bot.domain.pause import InvalidPause, parse_pause
from bot.domain.timezones import resolve_timezone
from bot.i18n import Translator
from bot.services.checkins import local_today
from bot.services.reminders import (
    ReminderKind,
    next_due,
    stop_user_reminders,
    sync_user_reminders,
)
from handlers.callback_fields import one_of
from handlers.checkin_views import long_date
from handlers.editing import edit_text

PRESETS = (3, 7, 14)


class PauseCb(CallbackData, prefix="pz"):
    days: Annotated[int, one_of(PRESETS)]


def pause_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for days in PRESETS:
        builder.button(text=t("pause-button-days", days=days), callback_data=PauseCb(days=days))
    builder.adjust(3)
    return builder.as_markup()


async def _pause(
    session: AsyncSession, user: User, text: str, t: Translator, settings: Settings, clock: Clock
) -> str:
    today = local_today(user, clock(), settings.default_timezone)
    try:
        until = parse_pause(text, today)
    except InvalidPause:
        return t("pause-bad", input=text[:32])
    user.paused_until = until
    return t("pause-set", date=long_date(t, until))


async def on_pause(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    if not user.is_onboarded:
        await message.answer(t("plan-need-start"))
        return
    if not command.args:
        await message.answer(t("pause-ask"), reply_markup=pause_keyboard(t))
        return
    await message.answer(await _pause(session, user, command.args, t, settings, clock))


async def on_pause_button(
    callback: CallbackQuery,
    callback_data: PauseCb,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    if callback_data.days not in PRESETS or not isinstance(callback.message, Message):
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    text = await _pause(session, user, str(callback_data.days), t, settings, clock)
    await edit_text(callback.message, text, None)


async def on_resume(
    message: Message,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    was_paused = user.paused_until is not None
    user.paused_until = None
    user.blocked_at = None  # writing to us means they have not blocked the bot
    now = clock()
    await sync_user_reminders(session, user, now, settings.default_timezone)
    due = next_due(user, ReminderKind.CHECKIN, now, settings.default_timezone)
    if due is None:
        await message.answer(t("resume-no-schedule"))
        return
    local = due.astimezone(resolve_timezone(user.timezone or settings.default_timezone))
    when = format_datetime(local, "EEE, d MMMM, HH:mm", locale=t.language.value)
    await message.answer(t("resume-done" if was_paused else "resume-not-paused", when=when))


async def on_bot_blocked(
    event: ChatMemberUpdated, session: AsyncSession, user: User | None, clock: Clock
) -> None:
    if user is None:
        return
    user.blocked_at = clock()
    await stop_user_reminders(session, user.id)


async def on_bot_unblocked(
    event: ChatMemberUpdated,
    session: AsyncSession,
    user: User | None,
    settings: Settings,
    clock: Clock,
) -> None:
    if user is None or user.blocked_at is None:
        return
    user.blocked_at = None
    await sync_user_reminders(session, user, clock(), settings.default_timezone)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.my_chat_member.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_pause, Command("pause"))
    router.message.register(on_resume, Command("resume"))
    router.callback_query.register(on_pause_button, PauseCb.filter())
    router.my_chat_member.register(
        on_bot_blocked, ChatMemberUpdatedFilter(member_status_changed=MEMBER >> KICKED)
    )
    router.my_chat_member.register(
        on_bot_unblocked, ChatMemberUpdatedFilter(member_status_changed=KICKED >> MEMBER)
    )
    return router
