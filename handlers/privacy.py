"""/delete_me: erase everything we hold about the user, after a confirmation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands import drop_personal_menu
from bot.db import teams as teams_db
from bot.db.models import User
from bot.db.team_models import TeamMember
from bot.db.users import delete_user
from bot.fsm_storage import erase_user_fsm
from bot.i18n import I18n, Translator
from bot.services.teams import standing
from handlers.editing import edit_markup
from handlers.teams import notify, person_name


class DeleteMeCb(CallbackData, prefix="dm"):
    confirm: bool


def delete_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("delete-button-yes"), callback_data=DeleteMeCb(confirm=True))
    builder.button(text=t("delete-button-no"), callback_data=DeleteMeCb(confirm=False))
    builder.adjust(1)
    return builder.as_markup()


async def on_delete_me(message: Message, session: AsyncSession, user: User, t: Translator) -> None:
    text = t("delete-confirm")
    where = await standing(session, user.id)
    if where.headed is not None:
        count = await teams_db.count_members(session, where.headed.id)
        text += "\n\n" + t("delete-confirm-head", team=where.headed.name, count=count)
    if where.member_of is not None:
        text += "\n\n" + t("delete-confirm-member", team=where.member_of.name)
    await message.answer(text, reply_markup=delete_keyboard(t))


async def _team_notices(session: AsyncSession, user: User, i18n: I18n) -> list[tuple[int, str]]:
    """Who must hear about this deletion, and what, in their language: a head's members that
    the team was dissolved; a member's head that someone left (no details, no name's data)."""
    notices: list[tuple[int, str]] = []
    where = await standing(session, user.id)
    if where.headed is not None:
        rows = await session.execute(
            select(User.id, User.language)
            .join(TeamMember, TeamMember.user_id == User.id)
            .where(TeamMember.team_id == where.headed.id)
        )
        for member_id, language in rows:
            told = i18n.translator(language)
            notices.append((member_id, told("delete-team-dissolved", team=where.headed.name)))
    if where.member_of is not None:
        head = await session.get(User, where.member_of.head_id)
        if head is not None:
            told = i18n.translator(head.language)
            notices.append(
                (
                    head.id,
                    told(
                        "delete-member-notice",
                        name=person_name(user, with_username=True),
                        team=where.member_of.name,
                    ),
                )
            )
    return notices


async def on_delete_answer(
    callback: CallbackQuery,
    callback_data: DeleteMeCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    i18n: I18n,
) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        # A second press on the same message (after «Отмена», say) still counts.
        await edit_markup(callback.message, None)
    if not callback_data.confirm:
        if isinstance(callback.message, Message):
            await callback.message.answer(t("delete-cancelled"))
        return
    notices = await _team_notices(session, user, i18n)
    await state.clear()
    await erase_user_fsm(session, user.id)
    await delete_user(session, user.id)
    # The middleware keeps the loaded row in this session; forget it so nothing re-saves it.
    session.expunge_all()
    # The erasure is final before anyone is told about it.
    await session.commit()
    if isinstance(callback.message, Message):
        await callback.message.answer(t("delete-done"))
    if callback.bot is not None:
        await drop_personal_menu(callback.bot, user.id)
        for chat_id, text in notices:
            await notify(callback.bot, chat_id, text)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_delete_me, Command("delete_me"))
    router.callback_query.register(on_delete_answer, DeleteMeCb.filter())
    return router
