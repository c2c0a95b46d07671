"""/plan: the month's target, working days, and what the check-in asks for."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import get_day_names
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.db import checkins as checkins_db
from bot.db.models import User
from bot.domain.amounts import (
    RUB,
    AmountTooLarge,
    InvalidAmount,
    parse_amount,
    parse_amount_detail,
)
from bot.domain.schedule import WorkCalendar, calendar_country
from bot.i18n import Translator
from bot.services.checkins import local_today
from bot.services.reminders import sync_user_reminders
from handlers.callback_fields import one_of
from handlers.checkin_views import month_name, plan_value
from handlers.editing import edit_text
from handlers.pending import Asker, Asking
from handlers.states import PlanInput

_UNITS = re.compile(r"\s*(шт\.?|штук[аи]?|pcs\.?|pieces|units?)\s*$", re.IGNORECASE)


class PlanCb(CallbackData, prefix="pl"):
    action: Annotated[str, one_of(("set", "days", "mode"))]


class WorkdayCb(CallbackData, prefix="wd"):
    day: Annotated[int, Field(ge=0, le=7)]  # ISO weekday to toggle; 0 = done


class WorkCalendarCb(CallbackData, prefix="wc"):
    calendar: WorkCalendar  # the official calendar to follow


def calendar_title(t: Translator, user: User) -> str:
    try:
        chosen = WorkCalendar(user.work_calendar)
    except ValueError:
        chosen = WorkCalendar.NONE
    return t(f"calendar-name-{chosen.value}")


def workdays_text(t: Translator, user: User) -> str:
    hint = (
        t("calendar-days-hint-none")
        if calendar_country(user.work_calendar) is None
        else t("calendar-days-hint", calendar=calendar_title(t, user))
    )
    return f"{t('plan-days-title')}\n\n{hint}"


def weekday_names(t: Translator) -> dict[int, str]:
    names = get_day_names("abbreviated", locale=t.language.value)
    return {iso: str(names[iso - 1]).capitalize() for iso in range(1, 8)}


def plan_keyboard(t: Translator, user: User) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("plan-button-set"), callback_data=PlanCb(action="set"))
    builder.button(text=t("plan-button-days"), callback_data=PlanCb(action="days"))
    mode_key = "plan-button-mode-today" if user.sales_input == "total" else "plan-button-mode-total"
    builder.button(text=t(mode_key), callback_data=PlanCb(action="mode"))
    builder.adjust(2, 1)
    return builder.as_markup()


def workdays_keyboard(t: Translator, user: User) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for iso, name in weekday_names(t).items():
        mark = "✓ " if str(iso) in user.working_days else ""
        builder.button(text=f"{mark}{name}", callback_data=WorkdayCb(day=iso))
    for choice in WorkCalendar:
        mark = "✓ " if user.work_calendar == choice.value else ""
        builder.button(
            text=f"{mark}{t(f'calendar-name-{choice.value}')}",
            callback_data=WorkCalendarCb(calendar=choice),
        )
    builder.button(text=t("plan-days-done"), callback_data=WorkdayCb(day=0))
    builder.adjust(4, 3, 3, 2, 1)
    return builder.as_markup()


async def plan_screen(session: AsyncSession, user: User, t: Translator, today: date) -> str:
    plan = await checkins_db.get_plan(session, user.id, today)
    names = weekday_names(t)
    days = " ".join(names[int(ch)] for ch in sorted(user.working_days))
    screen = t(
        "plan-screen",
        month=month_name(t, today),
        plan=plan_value(t, plan) if plan else t("plan-not-set"),
        days=days,
        mode=t("plan-mode-total" if user.sales_input == "total" else "plan-mode-today"),
    )
    return f"{screen}\n{t('calendar-line', calendar=calendar_title(t, user))}"


async def on_plan_command(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    if not user.is_onboarded:
        await message.answer(t("plan-need-start"))
        return
    today = local_today(user, clock(), settings.default_timezone)
    text = await plan_screen(session, user, t, today)
    if await checkins_db.get_plan(session, user.id, today) is None:
        # No plan yet: the amount is the one thing to do here, so take it as typed.
        await state.set_state(PlanInput.amount)
        text = f"{text}\n\n{t('plan-ask', month=month_name(t, today))}"
    else:
        await state.set_state(None)
    await message.answer(text, reply_markup=plan_keyboard(t, user))


async def on_plan_button(
    callback: CallbackQuery,
    callback_data: PlanCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    if not user.is_onboarded or not isinstance(callback.message, Message):
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    if callback_data.action == "set":
        today = local_today(user, clock(), settings.default_timezone)
        await state.set_state(PlanInput.amount)
        await callback.message.answer(t("plan-ask", month=month_name(t, today)))
    elif callback_data.action == "days":
        await edit_text(callback.message, workdays_text(t, user), workdays_keyboard(t, user))
    elif callback_data.action == "mode":
        user.sales_input = "today" if user.sales_input == "total" else "total"
        await edit_text(
            callback.message,
            await plan_screen(
                session, user, t, local_today(user, clock(), settings.default_timezone)
            ),
            plan_keyboard(t, user),
        )
    else:
        await callback.message.answer(t("stale-button"))


async def on_workday(
    callback: CallbackQuery,
    callback_data: WorkdayCb,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    if not isinstance(callback.message, Message) or not 0 <= callback_data.day <= 7:
        await callback.answer(t("stale-button"))
        return
    if callback_data.day == 0:
        await callback.answer()
        await sync_user_reminders(session, user, clock(), settings.default_timezone)
        await edit_text(
            callback.message,
            await plan_screen(
                session, user, t, local_today(user, clock(), settings.default_timezone)
            ),
            plan_keyboard(t, user),
        )
        return
    day = str(callback_data.day)
    days = set(user.working_days)
    if day in days and len(days) == 1:
        await callback.answer(t("plan-days-need-one"))
        return
    days ^= {day}
    user.working_days = "".join(sorted(days))
    await callback.answer()
    await edit_text(callback.message, workdays_text(t, user), workdays_keyboard(t, user))


async def on_work_calendar(
    callback: CallbackQuery,
    callback_data: WorkCalendarCb,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    if not user.is_onboarded or not isinstance(callback.message, Message):
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    if user.work_calendar != callback_data.calendar.value:
        user.work_calendar = callback_data.calendar.value
        # Holidays move the next check-in and survey: recompute them now, not at "Done".
        await sync_user_reminders(session, user, clock(), settings.default_timezone)
    await edit_text(callback.message, workdays_text(t, user), workdays_keyboard(t, user))


async def on_plan_typed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    typed = (message.text or "").strip()
    units = bool(_UNITS.search(typed))
    try:
        parsed = parse_amount_detail(_UNITS.sub("", typed)) if len(typed) <= 64 else None
    except AmountTooLarge:
        await message.answer(t("amount-too-big", input=typed[:64]))
        return
    except InvalidAmount:
        parsed = None
    if parsed is not None and parsed.currency not in (None, RUB):
        await message.answer(t("amount-plan-in-roubles"))
        return
    target = parsed.value if parsed is not None else None
    if target is None:
        await message.answer(t("plan-bad", input=typed[:64]))
        return
    if target <= 0:
        await message.answer(t("plan-zero"))
        return
    now = clock()
    today = local_today(user, now, settings.default_timezone)
    plan = await checkins_db.set_plan(
        session, user.id, today, target, "units" if units else "money", now
    )
    corrected = await state.get_state() == PlanInput.correction.state
    # A number typed right after this one corrects it (a typo, a forgotten zero).
    await state.set_state(PlanInput.correction)
    await message.answer(
        t(
            "plan-corrected" if corrected else "plan-saved",
            month=month_name(t, today),
            plan=plan_value(t, plan),
        ),
        reply_markup=plan_keyboard(t, user),
    )


async def on_plan_correction(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    """Text after the plan was saved: a new amount replaces it, anything else ends the step."""
    typed = (message.text or "").strip()
    try:
        target = parse_amount(_UNITS.sub("", typed)) if len(typed) <= 64 else None
    except InvalidAmount:
        target = None
    if target is None or target <= 0:
        await state.set_state(None)
        await message.answer(t("fallback-unknown"))
        return
    await on_plan_typed(message, state, session, user, t, settings, clock)


async def on_plan_non_text(message: Message, t: Translator) -> None:
    await message.answer(t("checkin-text-please"))


async def _ask_amount_again(asking: Asking) -> bool:
    today = local_today(asking.user, asking.clock(), asking.settings.default_timezone)
    await asking.bot.send_message(
        asking.user.id, asking.t("plan-ask", month=month_name(asking.t, today))
    )
    return True


def pending_questions() -> dict[State, Asker]:
    # PlanInput.correction is no question: a number right after the plan corrects it, and
    # anything else simply ends it.
    return {PlanInput.amount: _ask_amount_again}


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_plan_command, Command("plan"))
    router.callback_query.register(on_plan_button, PlanCb.filter())
    router.callback_query.register(on_workday, WorkdayCb.filter())
    router.callback_query.register(on_work_calendar, WorkCalendarCb.filter())
    router.message.register(on_plan_typed, PlanInput.amount, F.text, ~F.text.startswith("/"))
    router.message.register(on_plan_non_text, PlanInput.amount, ~F.text)
    router.message.register(
        on_plan_correction, PlanInput.correction, F.text, ~F.text.startswith("/")
    )
    return router
