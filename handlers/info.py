"""/help and /privacy: what the bot does for this role, and what it stores."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.commands import set_personal_menu
from bot.config import Settings
from bot.content.schema import Content
from bot.db.models import User
from bot.i18n import Translator
from handlers.cancel import dialogue_name
from handlers.pending import Asking, PendingQuestions
from handlers.views import help_text


async def on_help(
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
    await message.answer(help_text(t, user))
    if user.is_onboarded:
        # People onboarded before menus were per role get theirs the first time they ask.
        await set_personal_menu(bot, t, user.id, user.role)
    current = await state.get_state()
    if pending_questions.covers(current):
        # Asking for help mid-dialogue often means "what does it want from me now?".
        await pending_questions.ask_again(
            Asking(bot, session, state, user, t, content, settings, clock),
            preface=t("pending-open", dialogue=dialogue_name(t, current) or ""),
            force=True,
        )


async def on_privacy(message: Message, t: Translator) -> None:
    await message.answer(t("privacy-text"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_help, Command("help"))
    router.message.register(on_privacy, Command("privacy"))
    return router
