"""/delete_me: erase everything we hold about the user, after a confirmation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands import drop_personal_menu
from bot.db.models import User
from bot.db.users import delete_user
from bot.fsm_storage import erase_user_fsm
from bot.i18n import Translator
from handlers.editing import edit_markup


class DeleteMeCb(CallbackData, prefix="dm"):
    confirm: bool


def delete_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("delete-button-yes"), callback_data=DeleteMeCb(confirm=True))
    builder.button(text=t("delete-button-no"), callback_data=DeleteMeCb(confirm=False))
    builder.adjust(1)
    return builder.as_markup()


async def on_delete_me(message: Message, t: Translator) -> None:
    await message.answer(t("delete-confirm"), reply_markup=delete_keyboard(t))


async def on_delete_answer(
    callback: CallbackQuery,
    callback_data: DeleteMeCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        # A second press on the same message (after «Отмена», say) still counts.
        await edit_markup(callback.message, None)
    if not callback_data.confirm:
        if isinstance(callback.message, Message):
            await callback.message.answer(t("delete-cancelled"))
        return
    await state.clear()
    await erase_user_fsm(session, user.id)
    await delete_user(session, user.id)
    # The middleware keeps the loaded row in this session; forget it so nothing re-saves it.
    session.expunge_all()
    if isinstance(callback.message, Message):
        await callback.message.answer(t("delete-done"))
    if callback.bot is not None:
        await drop_personal_menu(callback.bot, user.id)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_delete_me, Command("delete_me"))
    router.callback_query.register(on_delete_answer, DeleteMeCb.filter())
    return router
