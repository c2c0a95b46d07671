"""/cancel: close whatever dialogue is open; what was already saved stays saved."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.db.models import User
from bot.i18n import Translator
from handlers.states import PlanInput

# The state group's name → what the user would call that dialogue.
_DIALOGUE_KEYS: dict[str, str] = {
    "Checkin": "dialogue-checkin",
    "PlanInput": "dialogue-plan",
    "Drill": "dialogue-drill",
    "TeamName": "dialogue-team-name",
    "Setup": "dialogue-setup",
    "FieldObjectionInput": "dialogue-field-objection",
    "CompanyDraftInput": "dialogue-company-objection",
}


def dialogue_name(t: Translator, state: str | None) -> str | None:
    """What an open dialogue is called, or None when nothing is open."""
    if state is None:
        return None
    return t(_DIALOGUE_KEYS.get(state.split(":", 1)[0], "dialogue-other"))


async def on_cancel(message: Message, state: FSMContext, user: User, t: Translator) -> None:
    current = await state.get_state()
    name = dialogue_name(t, current) if current != PlanInput.correction.state else None
    if name is None:
        await state.set_state(None)
        await message.answer(t("cancel-nothing"))
        return
    await state.clear()
    if not user.is_onboarded:
        await message.answer(t("cancel-setup"))
        return
    await message.answer(t("cancel-done", dialogue=name))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_cancel, Command("cancel"))
    return router
