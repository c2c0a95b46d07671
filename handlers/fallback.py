"""Catch-all, registered last: unknown text, non-text messages and out-of-date buttons."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message

from bot.db.models import User
from bot.i18n import Translator
from handlers.setup import ONBOARDING_ORDER, ask


async def on_stale_button(
    callback: CallbackQuery,
    bot: Bot,
    t: Translator,
    user: User | None = None,
    raw_state: str | None = None,
) -> None:
    """A button from before a restart, a content change or a finished dialogue.

    If a profile question is pending, it is asked again: the step is saved before its
    question is sent, so after a crash in between the chat can still show the previous
    question's buttons while the saved dialogue already waits for the next answer.
    """
    pending = next((step for step in ONBOARDING_ORDER if step.state == raw_state), None)
    if pending is not None and user is not None:
        await callback.answer()
        await ask(bot, user.id, pending, t, user)
        return
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
