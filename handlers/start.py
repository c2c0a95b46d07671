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
from bot.db.models import User
from bot.domain.deeplinks import parse_start_payload
from bot.i18n import Translator
from handlers.cancel import dialogue_name
from handlers.deeplinks import route_deep_link
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
) -> None:
    link = parse_start_payload(command.args)
    if user.is_onboarded:
        current = await state.get_state()
        open_dialogue = dialogue_name(t, current) if current != PlanInput.correction.state else None
        if open_dialogue is None:
            await state.clear()
        await message.answer(t("welcome-back", name=user.first_name))
        await set_personal_menu(bot, t, user.id, user.role)
        if open_dialogue is not None:
            # /start is often pressed to "wake the bot up": the dialogue in progress stays.
            await message.answer(t("start-dialogue-open", dialogue=open_dialogue))
        if link is not None:
            await route_deep_link(bot, link, user, t, session, clock())
        return

    if link is not None:
        await state.update_data({DEEP_LINK_KEY: [link.kind.value, link.value]})
    current = await state.get_state()
    if current is not None and current.startswith("Setup:"):
        # A restart or a second /start in the middle of onboarding: pick up where we were.
        step = next(
            s
            for s in (Setup.language, Setup.role, Setup.timezone, Setup.checkin_time)
            if s.state == current
        )
        await message.answer(t("onboarding-resume"))
        await ask(bot, user.id, step, t, user)
        return
    await message.answer(t("onboarding-welcome", name=user.first_name))
    await start_step(state, Setup.language, SetupFlow.ONBOARDING)
    await ask(bot, user.id, Setup.language, t, user)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_start, CommandStart())
    return router
