"""/start: onboarding for newcomers, a greeting for the known, and deep links."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.commands import set_personal_menu
from bot.config import Settings
from bot.content.schema import Content
from bot.db.models import User
from bot.domain.deeplinks import parse_start_payload
from bot.i18n import Translator
from handlers.cancel import dialogue_name
from handlers.deeplinks import route_deep_link
from handlers.pending import Asking, PendingQuestions, Reask
from handlers.setup import ask, start_step
from handlers.states import DEEP_LINK_KEY, PlanInput, Setup, SetupFlow


async def on_start(
    message: Message,
    command: CommandObject,
    bot: Bot,
    state: FSMContext,
    user: User,
    t: Translator,
    session: AsyncSession,
    clock: Clock,
    content: Content,
    settings: Settings,
    pending_questions: PendingQuestions,
) -> None:
    link = parse_start_payload(command.args)
    asking = Asking(bot, session, state, user, t, content, settings, clock)
    if user.is_onboarded:
        current = await state.get_state()
        open_dialogue = dialogue_name(t, current) if current != PlanInput.correction.state else None
        if open_dialogue is None:
            await state.clear()
        await message.answer(t("welcome-back", name=user.first_name))
        await set_personal_menu(bot, t, user.id, user.role)
        if open_dialogue is not None:
            # /start is often pressed to "wake the bot up", or because the bot seems silent
            # (its question lost with a crash): the dialogue stays, its question is asked again.
            outcome = await pending_questions.ask_again(
                asking, preface=t("pending-open", dialogue=open_dialogue), force=True
            )
            if outcome == Reask.NOTHING and await state.get_state() is not None:
                await message.answer(t("start-dialogue-open", dialogue=open_dialogue))
        if link is not None:
            await route_deep_link(bot, link, user, t, session, clock())
        return

    if link is not None:
        await state.update_data({DEEP_LINK_KEY: [link.kind.value, link.value]})
    current = await state.get_state()
    if current is not None and current.startswith("Setup:"):
        # A restart or a second /start in the middle of onboarding: pick up where we were.
        outcome = await pending_questions.ask_again(
            asking, preface=t("onboarding-resume"), force=True
        )
        if outcome == Reask.ASKED:
            return
    await message.answer(t("onboarding-welcome", name=user.first_name))
    await start_step(state, Setup.language, SetupFlow.ONBOARDING)
    await ask(bot, user.id, Setup.language, t, user)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_start, CommandStart())
    return router
