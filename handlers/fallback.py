"""Catch-all, registered last: unknown text, non-text messages and out-of-date buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message

from bot.db.models import User
from bot.i18n import Translator


async def on_stale_button(callback: CallbackQuery, t: Translator) -> None:
    """A button from before a restart, a content change or a finished dialogue."""
    await callback.answer(t("stale-button"), show_alert=False)


async def on_unknown_text(message: Message, user: User, t: Translator) -> None:
    if not user.is_onboarded:
        await message.answer(t("fallback-need-start"))
        return
    await message.answer(t("fallback-unknown"))


async def on_other_message(message: Message, user: User, t: Translator) -> None:
    await message.answer(t("fallback-non-text") if user.is_onboarded else t("fallback-need-start"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.callback_query.register(on_stale_button)
    router.message.register(on_unknown_text, F.text)
    router.message.register(on_other_message)
    return router
