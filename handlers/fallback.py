"""Catch-all, registered last: unknown text, non-text messages and out-of-date buttons."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.content.schema import Content
from bot.db.models import User
from bot.i18n import Translator
from handlers.pending import Asking, PendingQuestions, Reask


async def on_stale_button(
    callback: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    settings: Settings,
    clock: Clock,
    pending_questions: PendingQuestions,
    t: Translator,
    user: User | None = None,
) -> None:
    """A button from before a restart, a content change or a finished dialogue.

    If a dialogue's question is pending, it is asked again: the step is saved before its
    question is sent, so after a crash in between the chat can still show the previous
    question's buttons while the saved dialogue already waits for the next answer. The second
    tap of a double tap finds the question just asked and is answered quietly.
    """
    outcome = Reask.NOTHING
    if user is not None:
        asking = Asking(bot, session, state, user, t, content, settings, clock)
        outcome = await pending_questions.ask_again(asking)
    if outcome == Reask.NOTHING:
        await callback.answer(t("stale-button"), show_alert=False)
        return
    await callback.answer()


async def _pending_or(
    message: Message,
    text: str,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    settings: Settings,
    clock: Clock,
    pending_questions: PendingQuestions,
    user: User,
    t: Translator,
) -> None:
    """In an open dialogue, say what it waits for: its question again, near the input field,
    as it may not be in the chat at all. Otherwise answer ``text``."""
    asking = Asking(bot, session, state, user, t, content, settings, clock)
    outcome = await pending_questions.ask_again(asking, preface=t("pending-unclear"), force=True)
    if outcome == Reask.NOTHING:
        await message.answer(text)


async def on_unknown_text(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    settings: Settings,
    clock: Clock,
    pending_questions: PendingQuestions,
    user: User,
    t: Translator,
) -> None:
    if not user.is_onboarded:
        await message.answer(t("fallback-need-start"))
        return
    await _pending_or(
        message,
        t("fallback-unknown"),
        bot,
        state,
        session,
        content,
        settings,
        clock,
        pending_questions,
        user,
        t,
    )


async def on_other_message(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    settings: Settings,
    clock: Clock,
    pending_questions: PendingQuestions,
    user: User,
    t: Translator,
) -> None:
    if not user.is_onboarded:
        await message.answer(t("fallback-need-start"))
        return
    await _pending_or(
        message,
        t("fallback-non-text"),
        bot,
        state,
        session,
        content,
        settings,
        clock,
        pending_questions,
        user,
        t,
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.callback_query.register(on_stale_button)
    router.message.register(on_unknown_text, F.text)
    router.message.register(on_other_message)
    return router
