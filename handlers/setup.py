"""Profile pickers (language, role, time zone, check-in time) for onboarding and /settings."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.commands import set_personal_menu
from bot.config import Settings
from bot.db import users
from bot.db.models import User
from bot.domain.clock_time import InvalidTime, parse_time_of_day, time_from_minutes
from bot.domain.deeplinks import DeepLink, DeepLinkKind
from bot.domain.timezones import COMMON_ZONES, InvalidTimezone, parse_timezone
from bot.i18n import Html, I18n, Translator
from bot.services.reminders import sync_user_reminders
from handlers.deeplinks import route_deep_link
from handlers.editing import edit_text
from handlers.pending import Asker, Asking
from handlers.setup_keyboards import (
    LanguageCb,
    RoleCb,
    TimeCb,
    ZoneCb,
    language_keyboard,
    role_keyboard,
    settings_keyboard,
    time_keyboard,
    zone_keyboard,
)
from handlers.states import DEEP_LINK_KEY, FLOW_KEY, Setup, SetupFlow
from handlers.views import (
    checkin_title,
    language_title,
    role_title,
    settings_screen,
    settings_summary,
    timezone_title,
)

ONBOARDING_ORDER: tuple[State, ...] = (
    Setup.language,
    Setup.role,
    Setup.timezone,
    Setup.checkin_time,
)
_QUESTION_KEYS: dict[str, str] = {
    "Setup:language": "onboarding-step-language",
    "Setup:role": "onboarding-step-role",
    "Setup:timezone": "onboarding-step-timezone",
    "Setup:checkin_time": "onboarding-step-time",
}
MAX_TYPED_ANSWER = 64


def question(step: State, t: Translator, *, single: bool = False) -> str:
    """The picker's question; ``single`` when /settings changes just this one thing."""
    key = _QUESTION_KEYS[str(step.state)]
    return t(key.replace("onboarding-step-", "settings-ask-") if single else key)


async def _in_settings(state: FSMContext) -> bool:
    return (await state.get_data()).get(FLOW_KEY) == SetupFlow.SETTINGS


def keyboard(step: State, t: Translator, user: User) -> InlineKeyboardMarkup:
    if step == Setup.language:
        return language_keyboard(t, user.language)
    if step == Setup.role:
        return role_keyboard(t, user.role)
    if step == Setup.timezone:
        return zone_keyboard(t, user.timezone)
    return time_keyboard(user.checkin_time)


async def ask(bot: Bot, chat_id: int, step: State, t: Translator, user: User) -> None:
    await bot.send_message(chat_id, question(step, t), reply_markup=keyboard(step, t, user))


async def start_step(state: FSMContext, step: State, flow: SetupFlow) -> None:
    await state.set_state(step)
    await state.update_data({FLOW_KEY: flow.value})


async def _acknowledge(
    callback: CallbackQuery, state: FSMContext, step: State, t: Translator, answer: str
) -> None:
    """Turn the question into a record of the answer, so the chat reads as a history."""
    single = await _in_settings(state)
    await callback.answer()
    if isinstance(callback.message, Message):
        await edit_text(
            callback.message,
            t("onboarding-chosen", question=Html(question(step, t, single=single)), answer=answer),
            None,
        )


async def _after_answer(
    bot: Bot,
    step: State,
    state: FSMContext,
    user: User,
    t: Translator,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    data = await state.get_data()
    await sync_user_reminders(session, user, clock(), settings.default_timezone)
    if data.get(FLOW_KEY) == SetupFlow.SETTINGS:
        await state.set_state(None)
        if step in (Setup.language, Setup.role):
            await set_personal_menu(bot, t, user.id, user.role)
        await bot.send_message(
            user.id,
            settings_screen(t, user, saved=True),
            reply_markup=settings_keyboard(t, user.tip_with_checkin),
        )
        return
    position = ONBOARDING_ORDER.index(step)
    if position + 1 < len(ONBOARDING_ORDER):
        next_step = ONBOARDING_ORDER[position + 1]
        await state.set_state(next_step)
        await ask(bot, user.id, next_step, t, user)
        return
    users.mark_onboarded(user, clock())
    pending = data.get(DEEP_LINK_KEY)
    await set_personal_menu(bot, t, user.id, user.role)
    await bot.send_message(
        user.id,
        t("onboarding-done", name=user.first_name, summary=settings_summary(t, user)),
    )
    if isinstance(pending, list) and len(pending) == 2:
        link = DeepLink(DeepLinkKind(pending[0]), str(pending[1]))
        await route_deep_link(bot, link, user, t, session, clock())
    # Closed only now: lost with a crash before this point, "done" and the invite link the
    # person came with are not lost too — the time button (or /start) finishes again.
    await state.clear()


async def on_language(
    callback: CallbackQuery,
    callback_data: LanguageCb,
    bot: Bot,
    state: FSMContext,
    user: User,
    i18n: I18n,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    users.set_language(user, callback_data.language)
    t = i18n.translator(callback_data.language)
    await _acknowledge(callback, state, Setup.language, t, language_title(t, user.language))
    await _after_answer(bot, Setup.language, state, user, t, clock, session, settings)


async def on_role(
    callback: CallbackQuery,
    callback_data: RoleCb,
    bot: Bot,
    state: FSMContext,
    user: User,
    t: Translator,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    users.set_role(user, callback_data.role.value)
    await _acknowledge(callback, state, Setup.role, t, role_title(t, user.role))
    await _after_answer(bot, Setup.role, state, user, t, clock, session, settings)


async def on_zone_button(
    callback: CallbackQuery,
    callback_data: ZoneCb,
    bot: Bot,
    state: FSMContext,
    user: User,
    t: Translator,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    if callback_data.zone not in {common.zone for common in COMMON_ZONES}:
        await callback.answer(t("stale-button"), show_alert=False)
        return
    users.set_timezone(user, callback_data.zone)
    await _acknowledge(callback, state, Setup.timezone, t, timezone_title(t, user.timezone))
    await _after_answer(bot, Setup.timezone, state, user, t, clock, session, settings)


async def on_time_button(
    callback: CallbackQuery,
    callback_data: TimeCb,
    bot: Bot,
    state: FSMContext,
    user: User,
    t: Translator,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    try:
        chosen = time_from_minutes(callback_data.minutes)
    except InvalidTime:
        await callback.answer(t("stale-button"))
        return
    users.set_checkin_time(user, chosen)
    await _acknowledge(callback, state, Setup.checkin_time, t, checkin_title(t, user))
    await _after_answer(bot, Setup.checkin_time, state, user, t, clock, session, settings)


async def on_zone_typed(
    message: Message,
    bot: Bot,
    state: FSMContext,
    user: User,
    t: Translator,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    typed = message.text or ""
    if len(typed) > MAX_TYPED_ANSWER:
        await message.answer(t("onboarding-too-long"), reply_markup=zone_keyboard(t, user.timezone))
        return
    try:
        zone = parse_timezone(typed)
    except InvalidTimezone:
        await message.answer(
            t("onboarding-bad-timezone", input=typed), reply_markup=zone_keyboard(t, user.timezone)
        )
        return
    users.set_timezone(user, zone)
    await message.answer(
        t(
            "onboarding-chosen",
            question=Html(question(Setup.timezone, t, single=await _in_settings(state))),
            answer=timezone_title(t, zone),
        )
    )
    await _after_answer(bot, Setup.timezone, state, user, t, clock, session, settings)


async def on_time_typed(
    message: Message,
    bot: Bot,
    state: FSMContext,
    user: User,
    t: Translator,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    typed = message.text or ""
    if len(typed) > MAX_TYPED_ANSWER:
        await message.answer(
            t("onboarding-too-long"), reply_markup=time_keyboard(user.checkin_time)
        )
        return
    try:
        chosen = parse_time_of_day(typed)
    except InvalidTime:
        await message.answer(
            t("onboarding-bad-time", input=typed), reply_markup=time_keyboard(user.checkin_time)
        )
        return
    users.set_checkin_time(user, chosen)
    await message.answer(
        t(
            "onboarding-chosen",
            question=Html(question(Setup.checkin_time, t, single=await _in_settings(state))),
            answer=checkin_title(t, user),
        )
    )
    await _after_answer(bot, Setup.checkin_time, state, user, t, clock, session, settings)


async def on_text_at_button_step(
    message: Message, state: FSMContext, user: User, t: Translator
) -> None:
    """Typed text where a button is expected: say so and show the buttons again."""
    step_name = await state.get_state()
    step = Setup.language if step_name == Setup.language.state else Setup.role
    await message.answer(t("onboarding-pick-button"))
    single = await _in_settings(state)
    await message.answer(question(step, t, single=single), reply_markup=keyboard(step, t, user))


async def on_non_text_at_typed_step(
    message: Message, state: FSMContext, user: User, t: Translator
) -> None:
    """A sticker, photo or voice where text is expected: ask again, keep the dialogue."""
    step_name = await state.get_state()
    step = Setup.timezone if step_name == Setup.timezone.state else Setup.checkin_time
    await message.answer(t("onboarding-text-please"))
    single = await _in_settings(state)
    await message.answer(question(step, t, single=single), reply_markup=keyboard(step, t, user))


async def _ask_pending(asking: Asking, step: State) -> bool:
    """The picker again, as onboarding or /settings asked it."""
    single = await _in_settings(asking.state)
    await asking.bot.send_message(
        asking.user.id,
        question(step, asking.t, single=single),
        reply_markup=keyboard(step, asking.t, asking.user),
    )
    return True


def pending_questions() -> dict[State, Asker]:
    def asker(step: State) -> Asker:
        return lambda asking: _ask_pending(asking, step)

    return {step: asker(step) for step in ONBOARDING_ORDER}


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.callback_query.register(on_language, Setup.language, LanguageCb.filter())
    router.callback_query.register(on_role, Setup.role, RoleCb.filter())
    router.callback_query.register(on_zone_button, Setup.timezone, ZoneCb.filter())
    router.callback_query.register(on_time_button, Setup.checkin_time, TimeCb.filter())
    router.message.register(on_zone_typed, Setup.timezone, F.text)
    router.message.register(on_time_typed, Setup.checkin_time, F.text)
    router.message.register(on_text_at_button_step, Setup.language)
    router.message.register(on_text_at_button_step, Setup.role)
    router.message.register(on_non_text_at_typed_step, Setup.timezone)
    router.message.register(on_non_text_at_typed_step, Setup.checkin_time)
    return router
