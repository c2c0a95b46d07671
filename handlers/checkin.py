"""The daily check-in: energy (button) → sales → calls and meetings → note → summary."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import date, timedelta
from decimal import Decimal

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.content.schema import Content
from bot.db import checkins as checkins_db
from bot.db.checkin_models import CheckIn
from bot.db.models import User
from bot.db.unit_of_work import commit_update
from bot.domain.activity import InvalidActivity, parse_activity
from bot.domain.burnout import WellbeingFlag
from bot.i18n import Translator
from bot.services.checkins import local_today, plan_forecast, wellbeing
from handlers.checkin_amount import (
    AmountConfirmCb,
    ask_confirmation_again,
    read_typed_sales,
    take_pending,
)
from handlers.checkin_views import (
    CheckinEnergyCb,
    CheckinRedoCb,
    CheckinSalesAction,
    CheckinSkipCb,
    amount,
    energy_keyboard,
    forecast_block,
    long_date,
    redo_keyboard,
    sales_keyboard,
    skip_keyboard,
)
from handlers.editing import edit_markup, edit_text
from handlers.field_objections import ask_field_objection
from handlers.pending import Asker, Asking, PendingQuestions
from handlers.states import DAY_KEY, KEPT_KEY, REDO_KEY, Checkin
from handlers.tips import send_next_tip

NOTE_LIMIT = 1000
MAX_TYPED = 64


async def _day(state: FSMContext) -> date | None:
    data = await state.get_data()
    value = data.get(DAY_KEY)
    return date.fromordinal(value) if isinstance(value, int) else None


async def on_checkin_command(
    message: Message,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    """Open today's check-in by hand, without waiting for the reminder."""
    if not user.is_onboarded:
        await message.answer(t("plan-need-start"))
        return
    today = local_today(user, clock(), settings.default_timezone)
    saved = await checkins_db.get_checkin(session, user.id, today)
    if saved is not None and saved.completed_at is not None:
        # Filling it in again replaces what is saved: ask first.
        await message.answer(
            t("checkin-redo-ask", date=long_date(t, today)) + "\n\n" + _summary(t, saved),
            reply_markup=redo_keyboard(t, today),
        )
        return
    await message.answer(
        t("checkin-prompt", date=long_date(t, today)), reply_markup=energy_keyboard(today)
    )


async def on_redo(
    callback: CallbackQuery,
    callback_data: CheckinRedoCb,
    state: FSMContext,
    t: Translator,
) -> None:
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    day = date.fromordinal(max(1, callback_data.day))
    await edit_markup(callback.message, None)
    if not callback_data.redo:
        await callback.message.answer(t("checkin-redo-kept"))
        return
    await state.update_data({REDO_KEY: day.toordinal()})
    await callback.message.answer(
        t("checkin-prompt", date=long_date(t, day)), reply_markup=energy_keyboard(day)
    )


async def on_energy(
    callback: CallbackQuery,
    callback_data: CheckinEnergyCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
    content: Content,
    pending_questions: PendingQuestions,
    bot: Bot,
) -> None:
    now = clock()
    today = local_today(user, now, settings.default_timezone)
    if not 1 <= callback_data.energy <= 5 or not 1 <= callback_data.day <= today.toordinal():
        await callback.answer(t("stale-button"))
        return
    day = date.fromordinal(callback_data.day)
    latest, previous = await checkins_db.latest_prompt_and_sales_before(session, user.id, day)
    # Yesterday's prompt can be answered until the next one arrives; older ones are closed.
    if (latest is not None and day < latest) or day < today - timedelta(days=7):
        await callback.answer(t("checkin-closed"))
        return
    data = await state.get_data()
    redo = data.get(REDO_KEY) == day.toordinal()
    saved = await checkins_db.get_checkin(session, user.id, day)
    if saved is not None and saved.energy is not None and not redo:
        asking = Asking(bot, session, state, user, t, content, settings, clock)
        await _energy_again(callback, asking, pending_questions, saved)
        return
    if saved is None:
        await checkins_db.save_energy(session, user.id, day, callback_data.energy, now)
    else:  # a redo, or a day's row without its energy yet
        saved.energy = callback_data.energy
        saved.updated_at = now
    await state.set_state(Checkin.sales)
    await state.update_data({DAY_KEY: day.toordinal(), REDO_KEY: None, KEPT_KEY: []})
    # All of it is committed once; then the press is answered, the prompt marked and the next
    # question sent together, so the person waits one round trip to Telegram, not three (the
    # edit changes a message above, the question arrives below: the chat reads the same).
    await commit_update(session)
    replies: list[Awaitable[object]] = [
        _answered(callback),
        _send_sales_question(callback.bot, user, t, previous),
    ]
    if isinstance(callback.message, Message):
        # Yesterday's prompt answered this morning speaks of that day, not of "today".
        prompt = "checkin-prompt" if day == today else "checkin-prompt-late"
        chosen = t(prompt, date=long_date(t, day)) + "\n"
        chosen += t("checkin-energy-chosen", energy=callback_data.energy)
        replies.insert(1, edit_text(callback.message, chosen, None))
    await asyncio.gather(*replies)


async def _answered(callback: CallbackQuery) -> None:
    # aiogram's answer() is a method object, awaitable but not a coroutine gather() can take.
    await callback.answer()


async def _energy_again(
    callback: CallbackQuery,
    asking: Asking,
    pending_questions: PendingQuestions,
    saved: CheckIn,
) -> None:
    """A second press on a prompt whose energy is already saved: a double tap, an older copy
    of the prompt, or a press after the next question was lost. Nothing is overwritten; the
    question the check-in waits for is asked again unless it was asked moments ago."""
    t, state = asking.t, asking.state
    if saved.completed_at is not None:
        await callback.answer(t("checkin-already-saved"), show_alert=True)
        return
    await callback.answer(t("checkin-energy-already", energy=saved.energy or 0))
    if await state.get_state() is None:
        # The dialogue was closed (/cancel, a restart of it elsewhere): carry on from sales.
        await state.set_state(Checkin.sales)
        await state.update_data({DAY_KEY: saved.local_date.toordinal()})
        await _ask_sales(asking.bot, asking.session, asking.user, t, saved.local_date)
        return
    await pending_questions.ask_again(asking)


async def _ask_sales(
    bot: Bot | None, session: AsyncSession, user: User, t: Translator, day: date
) -> None:
    if bot is None:
        return
    previous = await checkins_db.sales_before(session, user.id, day)
    await _send_sales_question(bot, user, t, previous)


async def _send_sales_question(
    bot: Bot | None, user: User, t: Translator, previous: Decimal | None
) -> None:
    if bot is None:
        return
    key = "checkin-ask-total" if user.sales_input == "total" else "checkin-ask-today"
    await bot.send_message(
        user.id, t(key), reply_markup=sales_keyboard(t, user.sales_input, previous)
    )


async def _checkin_for(
    session: AsyncSession, state: FSMContext, user: User, clock: Clock
) -> CheckIn | None:
    day = await _day(state)
    if day is None:
        await state.clear()
        return None
    return await checkins_db.get_or_create_checkin(session, user.id, day, clock())


async def on_sales_typed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    checkin = await _checkin_for(session, state, user, clock)
    if checkin is None:
        return
    value = await read_typed_sales(message, state, session, user, t, checkin)
    if value is None:  # refused or echoed for confirmation: the reply is sent
        return
    checkin.sales_to_date = value
    checkin.updated_at = clock()
    await _ask_activity(message, state, t)


async def on_amount_confirm(
    callback: CallbackQuery,
    callback_data: AmountConfirmCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    checkin = await _checkin_for(session, state, user, clock)
    pending = await take_pending(state)
    if checkin is None or pending is None or not isinstance(callback.message, Message):
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    await edit_text(callback.message, callback.message.html_text, None)
    if not callback_data.confirmed:
        await _ask_sales(callback.bot, session, user, t, checkin.local_date)
        return
    checkin.sales_to_date = pending
    checkin.updated_at = clock()
    await _ask_activity(callback.message, state, t)


async def on_sales_button(
    callback: CallbackQuery,
    callback_data: CheckinSalesAction,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    checkin = await _checkin_for(session, state, user, clock)
    if checkin is None or not isinstance(callback.message, Message):
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    action = callback_data.action
    kept = None
    if action == "skip" and checkin.sales_to_date is not None:
        # «Пропустить» means "leave this answer alone": on a check-in filled in again the
        # earlier figure stays, and the user is shown which.
        kept = t("checkin-kept-sales", amount=amount(t, checkin.sales_to_date))
        await _mark_kept(state, "sales")
    await edit_text(callback.message, _with_kept(callback.message.html_text, kept), None)
    if action in ("today", "total"):
        user.sales_input = action
        await _ask_sales(callback.bot, session, user, t, checkin.local_date)
        return
    if action in ("same", "zero"):
        previous = await checkins_db.sales_before(session, user.id, checkin.local_date)
        checkin.sales_to_date = previous if previous is not None else Decimal(0)
        checkin.updated_at = clock()
    await _ask_activity(callback.message, state, t)


async def _mark_kept(state: FSMContext, step: str) -> None:
    data = await state.get_data()
    kept = [item for item in data.get(KEPT_KEY) or [] if item != step]
    await state.update_data({KEPT_KEY: [*kept, step]})


async def _kept_steps(state: FSMContext) -> frozenset[str]:
    data = await state.get_data()
    return frozenset(str(item) for item in data.get(KEPT_KEY) or [])


def _with_kept(html_text: str, kept: str | None) -> str:
    """The question as it was, with what «Пропустить» kept under it."""
    return f"{html_text}\n{kept}" if kept else html_text


async def _ask_activity(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(Checkin.activity)
    await message.answer(t("checkin-ask-activity"), reply_markup=skip_keyboard(t, "activity"))


async def on_activity_typed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    checkin = await _checkin_for(session, state, user, clock)
    if checkin is None:
        return
    typed = message.text or ""
    try:
        calls, meetings = parse_activity(typed[:MAX_TYPED])
    except InvalidActivity:
        await message.answer(
            t("checkin-bad-activity", input=typed[:MAX_TYPED]),
            reply_markup=skip_keyboard(t, "activity"),
        )
        return
    checkin.calls, checkin.meetings = calls, meetings
    checkin.updated_at = clock()
    await state.set_state(Checkin.note)
    await message.answer(t("checkin-ask-note"), reply_markup=skip_keyboard(t, "note"))


async def on_note_typed(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    checkin = await _checkin_for(session, state, user, clock)
    if checkin is None:
        return
    note = (message.text or "").strip()
    if len(note) > NOTE_LIMIT:
        await message.answer(
            t("checkin-note-too-long", limit=NOTE_LIMIT), reply_markup=skip_keyboard(t, "note")
        )
        return
    checkin.note = note or None
    await _finish(bot, state, session, content, user, t, settings, clock, checkin)


async def on_skip(
    callback: CallbackQuery,
    callback_data: CheckinSkipCb,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    current = await state.get_state()
    expected = Checkin.activity.state if callback_data.step == "activity" else Checkin.note.state
    if current != expected:
        # An older step's button: the fallback asks what the dialogue waits for, if anything.
        raise SkipHandler
    checkin = await _checkin_for(session, state, user, clock)
    if checkin is None or not isinstance(callback.message, Message):
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    checkin.updated_at = clock()
    # «Пропустить» leaves the answer as it was: nothing on a first pass, the earlier answer
    # on a check-in filled in again (shown under the question and marked in the summary).
    kept = None
    if callback_data.step == "activity":
        if checkin.calls is not None:
            kept = t("checkin-kept-activity", calls=checkin.calls, meetings=checkin.meetings or 0)
            await _mark_kept(state, "activity")
        await edit_text(callback.message, _with_kept(callback.message.html_text, kept), None)
        await state.set_state(Checkin.note)
        await callback.message.answer(t("checkin-ask-note"), reply_markup=skip_keyboard(t, "note"))
        return
    if checkin.note:
        kept = t("checkin-kept-note")
        await _mark_kept(state, "note")
    await edit_text(callback.message, _with_kept(callback.message.html_text, kept), None)
    await _finish(bot, state, session, content, user, t, settings, clock, checkin)


def _summary(t: Translator, checkin: CheckIn, kept: frozenset[str] = frozenset()) -> str:
    """The saved answers; those «Пропустить» kept from an earlier pass say so."""

    def line(text: str, step: str) -> str:
        return f"{text} {t('checkin-kept-mark')}" if step in kept else text

    lines = []
    if checkin.energy is not None:
        lines.append(t("checkin-line-energy", energy=checkin.energy))
    if checkin.sales_to_date is not None:
        lines.append(
            line(t("checkin-line-sales", amount=amount(t, checkin.sales_to_date)), "sales")
        )
    if checkin.calls is not None:
        activity = t("checkin-line-activity", calls=checkin.calls, meetings=checkin.meetings or 0)
        lines.append(line(activity, "activity"))
    if "note" in kept and checkin.note:
        lines.append(t("checkin-line-note-kept"))
    return "\n".join(lines)


async def _finish(
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
    checkin: CheckIn,
) -> None:
    now = clock()
    checkin.completed_at = now
    checkin.updated_at = now
    kept = await _kept_steps(state)
    await state.clear()
    summary = _summary(t, checkin, kept)
    head = t("checkin-saved", date=long_date(t, checkin.local_date))
    await session.flush()
    forecast_data = await plan_forecast(session, user, checkin.local_date)
    parts = [
        f"{head}\n{summary}" if summary else head,
        forecast_block(t, forecast_data, checkin.local_date),
    ]
    today = local_today(user, now, settings.default_timezone)
    health = await wellbeing(session, user.id, today)
    if health.flag == WellbeingFlag.RED:
        parts.append(t("support-steps"))
    await bot.send_message(user.id, "\n\n".join(parts))
    if user.tip_with_checkin:
        await send_next_tip(bot, session, content, user, t, clock)
    # Optional last step for team members (#15); not on a day the check-in shows a red flag.
    await ask_field_objection(bot, session, state, user, t, red=health.flag == WellbeingFlag.RED)


async def on_non_text(message: Message, t: Translator) -> None:
    await message.answer(t("checkin-text-please"))


# ---- the pending question, asked again (handlers/pending.py) -----------------------------


async def _ask_sales_again(asking: Asking) -> bool:
    day = await _day(asking.state)
    if day is None:
        return False
    if await ask_confirmation_again(asking.bot, asking.user.id, asking.state, asking.t):
        return True
    await _ask_sales(asking.bot, asking.session, asking.user, asking.t, day)
    return True


def _ask_step_again(key: str, step: str) -> Asker:
    async def ask(asking: Asking) -> bool:
        if await _day(asking.state) is None:
            return False
        await asking.bot.send_message(
            asking.user.id, asking.t(key), reply_markup=skip_keyboard(asking.t, step)
        )
        return True

    return ask


def pending_questions() -> dict[State, Asker]:
    return {
        Checkin.sales: _ask_sales_again,
        Checkin.activity: _ask_step_again("checkin-ask-activity", "activity"),
        Checkin.note: _ask_step_again("checkin-ask-note", "note"),
    }


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_checkin_command, Command("checkin"))
    router.callback_query.register(on_energy, CheckinEnergyCb.filter())
    router.callback_query.register(on_redo, CheckinRedoCb.filter())
    router.callback_query.register(on_sales_button, Checkin.sales, CheckinSalesAction.filter())
    router.callback_query.register(on_amount_confirm, Checkin.sales, AmountConfirmCb.filter())
    router.callback_query.register(on_skip, CheckinSkipCb.filter())
    # A command in the middle of the dialogue is a command (/me, /team …), not an answer;
    # the dialogue stays open and the next answer carries on.
    answer = F.text & ~F.text.startswith("/")
    router.message.register(on_sales_typed, Checkin.sales, answer)
    router.message.register(on_activity_typed, Checkin.activity, answer)
    router.message.register(on_note_typed, Checkin.note, answer)
    router.message.register(on_non_text, Checkin.sales, ~F.text)
    router.message.register(on_non_text, Checkin.activity, ~F.text)
    router.message.register(on_non_text, Checkin.note, ~F.text)
    return router
