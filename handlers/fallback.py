"""Catch-all, registered last: unknown text, non-text messages and out-of-date buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message

from bot.db.models import User
from bot.i18n import Translator

router = Router(name=__name__)
router.message.filter(F.chat.type == ChatType.PRIVATE)


@router.callback_query()
async def on_stale_button(callback: CallbackQuery, t: Translator) -> None:
    """A button from before a restart, a content change or a finished dialogue."""
    await callback.answer(t("stale-button"), show_alert=False)


@router.message(F.text)
async def on_unknown_text(message: Message, user: User, t: Translator) -> None:
    if not user.is_onboarded:
        await message.answer(t("fallback-need-start"))
        return
    await message.answer(t("fallback-unknown"))


@router.message()
async def on_other_message(message: Message, user: User, t: Translator) -> None:
    await message.answer(t("fallback-non-text") if user.is_onboarded else t("fallback-need-start"))
