"""/role: the user's role on one screen — zones, KPIs and a self-check question."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.content import render
from bot.content.schema import Content
from bot.db.models import User
from bot.domain.roles import Role
from bot.i18n import Translator
from handlers.callback_fields import Page
from handlers.editing import edit_text
from handlers.tips import send_next_tip


class RoleCardAction(IntEnum):
    TIP = 1
    QUESTION = 2


class RoleCardCb(CallbackData, prefix="rc"):
    action: RoleCardAction
    question: Page = 0


def role_card_keyboard(t: Translator, question: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("role-card-button-tip"), callback_data=RoleCardCb(action=RoleCardAction.TIP)
    )
    builder.button(
        text=t("role-card-button-question"),
        callback_data=RoleCardCb(action=RoleCardAction.QUESTION, question=question + 1),
    )
    builder.adjust(1)
    return builder.as_markup()


def _question_of_the_day(now: datetime) -> int:
    return now.timetuple().tm_yday


async def on_role_command(
    message: Message, content: Content, user: User, t: Translator, clock: Clock
) -> None:
    role = Role.parse(user.role)
    if not user.is_onboarded:
        await message.answer(t("fallback-need-start"))
        return
    if role is None:
        await message.answer(t("role-card-need-role"))
        return
    question = _question_of_the_day(clock())
    await message.answer(
        render.role_card(t, content.roles[role], question),
        reply_markup=role_card_keyboard(t, question),
    )


async def on_role_card_button(
    callback: CallbackQuery,
    callback_data: RoleCardCb,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    role = Role.parse(user.role)
    if role is None:
        await callback.answer(t("role-card-need-role"))
        return
    await callback.answer()
    if callback_data.action == RoleCardAction.TIP:
        await send_next_tip(bot, session, content, user, t, clock)
        return
    if isinstance(callback.message, Message):
        question = callback_data.question % 10_000  # keeps the callback data short forever
        await edit_text(
            callback.message,
            render.role_card(t, content.roles[role], question),
            role_card_keyboard(t, question),
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_role_command, Command("role"))
    router.callback_query.register(on_role_card_button, RoleCardCb.filter())
    return router
