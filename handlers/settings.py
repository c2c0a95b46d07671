"""/settings: a menu over the same pickers onboarding uses."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from bot.db.models import User
from bot.i18n import Translator
from handlers.editing import edit_text
from handlers.setup import keyboard, question, start_step
from handlers.setup_keyboards import SettingsCb, SettingsItem, settings_keyboard
from handlers.states import Setup, SetupFlow
from handlers.views import settings_closed_screen, settings_screen

_PICKERS: dict[SettingsItem, State] = {
    SettingsItem.LANGUAGE: Setup.language,
    SettingsItem.ROLE: Setup.role,
    SettingsItem.TIMEZONE: Setup.timezone,
    SettingsItem.TIME: Setup.checkin_time,
}


async def on_settings(message: Message, state: FSMContext, user: User, t: Translator) -> None:
    if not user.is_onboarded:
        await message.answer(t("settings-need-start"))
        return
    await state.set_state(None)
    await message.answer(
        settings_screen(t, user), reply_markup=settings_keyboard(t, user.tip_with_checkin)
    )


async def on_settings_item(
    callback: CallbackQuery,
    callback_data: SettingsCb,
    bot: Bot,
    state: FSMContext,
    user: User,
    t: Translator,
) -> None:
    await callback.answer()
    if not user.is_onboarded:
        await bot.send_message(user.id, t("settings-need-start"))
        return
    if callback_data.item == SettingsItem.DONE:
        await state.set_state(None)
        if isinstance(callback.message, Message):
            # The menu becomes a record of what is set: no question left without buttons.
            await edit_text(callback.message, settings_closed_screen(t, user), None)
        else:
            await bot.send_message(user.id, settings_closed_screen(t, user))
        return
    if callback_data.item == SettingsItem.TIP:
        user.tip_with_checkin = not user.tip_with_checkin
        if isinstance(callback.message, Message):
            await edit_text(
                callback.message,
                settings_screen(t, user, saved=True),
                settings_keyboard(t, user.tip_with_checkin),
            )
        return
    step = _PICKERS[callback_data.item]
    await start_step(state, step, SetupFlow.SETTINGS)
    if isinstance(callback.message, Message):
        await edit_text(callback.message, question(step, t, single=True), keyboard(step, t, user))
    else:
        await bot.send_message(
            user.id, question(step, t, single=True), reply_markup=keyboard(step, t, user)
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_settings, Command("settings"))
    router.callback_query.register(on_settings_item, SettingsCb.filter())
    return router
