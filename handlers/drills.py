"""/drill and /progress: the bot plays the client, the user answers in free text, gets rubric
feedback and a model answer, grades themselves; FSRS decides when the objection comes back."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime, tzinfo
from typing import Annotated

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.content import render
from bot.content.schema import Content
from bot.db import drills as drills_db
from bot.db.models import User
from bot.db.unit_of_work import commit_update
from bot.domain.roles import Role
from bot.domain.timezones import InvalidTimezone, resolve_timezone
from bot.i18n import Translator
from bot.services.drill_schedule import NEW_PER_DAY_CHOICES, Rating, max_rating, min_score_for
from bot.services.drill_scoring import prepare as prepare_scoring
from bot.services.drills import (
    MAX_ANSWER_CHARS,
    Feedback,
    FirstTurn,
    GradeStatus,
    NothingDue,
    Refused,
    answer_drill,
    grade_drill,
    open_drill,
    progress,
    retry_now,
    serve_next,
    unseen_feedback,
)
from handlers.callback_fields import RowId, one_of
from handlers.editing import edit_markup, edit_text
from handlers.pending import Asker, Asking


class Drill(StatesGroup):
    """Waiting for the answer to an objection; the attempt id is in the FSM data. Both live
    in the database, so an answer sent after a restart still completes the drill."""

    answer = State()


ATTEMPT_KEY = "drill_attempt"
# The first answer while the client pushes back (services.drills.FirstTurn.to_data()).
FIRST_TURN_KEY = "drill_first_turn"


class DrillGradeCb(CallbackData, prefix="dg"):
    attempt: RowId
    rating: Rating


class DrillNextCb(CallbackData, prefix="dn"):
    pass


class ProgressCb(CallbackData, prefix="pg"):
    pass


class DrillLimitCb(CallbackData, prefix="dl"):
    value: Annotated[int, one_of(NEW_PER_DAY_CHOICES)]


def grade_keyboard(t: Translator, attempt_id: int, best: Rating) -> InlineKeyboardMarkup:
    """Self-grades up to what the score supports."""
    builder = InlineKeyboardBuilder()
    for rating in (r for r in Rating if r <= best):
        builder.button(
            text=t(f"drill-grade-{int(rating)}"),
            callback_data=DrillGradeCb(attempt=attempt_id, rating=rating),
        )
    builder.adjust(4)
    return builder.as_markup()


def after_grade_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("drill-button-next"), callback_data=DrillNextCb())
    builder.button(text=t("drill-button-progress"), callback_data=ProgressCb())
    builder.adjust(2)
    return builder.as_markup()


def progress_keyboard(t: Translator, current: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("progress-button-drill"), callback_data=DrillNextCb())
    for value in NEW_PER_DAY_CHOICES:
        key = "progress-limit-button-current" if value == current else "progress-limit-button"
        builder.button(text=t(key, count=value), callback_data=DrillLimitCb(value=value))
    builder.adjust(1, len(NEW_PER_DAY_CHOICES))
    return builder.as_markup()


def user_zone(user: User, settings: Settings) -> tzinfo:
    for zone in (user.timezone, settings.default_timezone):
        if zone:
            try:
                return resolve_timezone(zone)
            except InvalidTimezone:
                continue
    return UTC


def when_text(t: Translator, due: datetime, now: datetime, zone: tzinfo) -> tuple[str, str]:
    """The moment in the user's zone, and how far away it is ("in 3 days")."""
    local = due.astimezone(zone)
    today = now.astimezone(zone).date()
    # The reader's own calendar: a time for today, else the day and month («5 декабря»).
    moment = (
        local.strftime("%H:%M")
        if local.date() == today
        else format_date(local.date(), "d MMMM", locale=t.language.value)
    )
    seconds = max(0.0, (due - now).total_seconds())
    if seconds < 3600:
        relative = t("drill-in-minutes", count=max(1, math.ceil(seconds / 60)))
    elif seconds < 86400:
        relative = t("drill-in-hours", count=round(seconds / 3600))
    else:
        # Days on the reader's calendar, so the count agrees with the date beside it: from
        # 23:00 on the 1st to 01:00 on the 3rd is 26 hours but two days.
        relative = t("drill-in-days", count=max(1, (local.date() - today).days))
    return moment, relative


async def send_drill(
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    now: datetime,
    state: FSMContext,
    settings: Settings,
) -> None:
    if not user.is_onboarded:
        await bot.send_message(user.id, t("fallback-need-start"))
        return
    zone = user_zone(user, settings)
    # The scorer's dictionaries and vectors load (once) off the event loop, before the
    # drill's rows are written, so no transaction waits on them.
    await asyncio.to_thread(prepare_scoring)
    served = await serve_next(session, content, user.id, Role.parse(user.role), now, zone)
    if isinstance(served, NothingDue):
        if await state.get_state() == Drill.answer.state:
            await state.clear()
        lines = [t("drill-nothing-due", limit=served.limit)]
        if served.next_due is not None:
            when, relative = when_text(t, served.next_due, now, zone)
            lines.append(t("drill-nothing-next", when=when, relative=relative))
        lines.append(t("drill-nothing-hint"))
        await bot.send_message(user.id, "\n\n".join(lines))
        return
    # This objection's topic and the feedback's example lines too: the answer is scored on the
    # event loop, so what can be ready before it is made ready here. The drill's rows are
    # committed first: no write transaction (SQLite's one write lock) waits on that thread.
    await commit_update(session)
    await asyncio.to_thread(prepare_scoring, served.objection, t.language, content.rubric)
    await state.set_state(Drill.answer)
    await state.set_data({ATTEMPT_KEY: served.attempt_id})
    await bot.send_message(
        user.id, render.drill_prompt(t, content, served.objection, is_new=served.is_new)
    )


async def on_drill_command(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    state: FSMContext,
    settings: Settings,
) -> None:
    await send_drill(bot, session, content, user, t, clock(), state, settings)


async def on_answer(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    text = message.text or ""
    if len(text) > MAX_ANSWER_CHARS:
        await message.answer(t("drill-too-long", count=len(text), limit=MAX_ANSWER_CHARS))
        return
    data = await state.get_data()
    attempt_id = data.get(ATTEMPT_KEY)
    attempt = (
        await drills_db.get_attempt(session, attempt_id) if isinstance(attempt_id, int) else None
    )
    if attempt is None or attempt.user_id != user.id:
        await state.clear()
        await message.answer(t("drill-expired"))
        return
    first = FirstTurn.from_data(data.get(FIRST_TURN_KEY))
    if first is not None and text.strip() == first.text.strip():
        # The first answer sent again: its push-back has most likely not arrived.
        await message.answer(render.drill_follow_up(t, first.client))
        return
    outcome = await answer_drill(session, content, attempt, text, t.language, clock(), first)
    if isinstance(outcome, Refused):
        # Not practice: the drill stays open at the same turn.
        await message.answer(render.drill_refusal(t, outcome.kind.value, outcome.client))
        return
    if isinstance(outcome, FirstTurn):
        await state.update_data({FIRST_TURN_KEY: outcome.to_data()})
        await message.answer(render.drill_follow_up(t, outcome.client))
        return
    if outcome is None:
        # Answered already: if its feedback never arrived (a crash), here it is again.
        feedback = await unseen_feedback(session, content, attempt.id, user.id, t.language)
        await state.clear()
        if feedback is None:
            await message.answer(t("drill-expired"))
            return
        outcome = feedback
    await send_feedback(bot, user.id, t, content, attempt.id, outcome)
    # Closed after the feedback is sent: lost with a crash before, /start or the answer sent
    # again brings it back.
    await state.clear()


async def send_feedback(
    bot: Bot, chat_id: int, t: Translator, content: Content, attempt_id: int, outcome: Feedback
) -> None:
    await bot.send_message(
        chat_id,
        render.drill_feedback(
            t, content, outcome.objection, outcome.result, outcome.model, outcome.examples
        ),
        reply_markup=grade_keyboard(t, attempt_id, max_rating(outcome.result.score)),
    )


async def on_non_text_answer(message: Message, t: Translator) -> None:
    """A voice note, photo or sticker: ask for text; the drill stays open."""
    await message.answer(t("drill-text-please"))


async def on_grade(
    callback: CallbackQuery,
    callback_data: DrillGradeCb,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
    state: FSMContext,
) -> None:
    now = clock()
    outcome = await grade_drill(session, callback_data.attempt, user.id, callback_data.rating, now)
    if outcome.status == GradeStatus.STALE:
        await callback.answer(t("stale-button"))
        return
    if outcome.status == GradeStatus.ALREADY or outcome.next_due is None:
        await callback.answer(t("drill-already-graded"))
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await edit_markup(callback.message, None)
    if callback_data.rating == Rating.Again:
        retry = await retry_now(session, content, callback_data.attempt, user.id, now)
        if retry is not None:
            # «Снова» means "let me try again": the same objection now, the answer is awaited.
            await state.set_state(Drill.answer)
            await state.set_data({ATTEMPT_KEY: retry.attempt_id})
            await bot.send_message(
                user.id,
                t("drill-again-now")
                + "\n\n"
                + render.drill_prompt(t, content, retry.objection, is_new=False),
            )
            return
    when, relative = when_text(t, outcome.next_due, now, user_zone(user, settings))
    given = outcome.rating or callback_data.rating
    lines = [t("drill-graded", grade=t(f"drill-grade-{int(given)}"), when=when, relative=relative)]
    if given < callback_data.rating:
        lines.append(
            t(
                "drill-grade-capped",
                grade=t(f"drill-grade-{int(given)}"),
                asked=t(f"drill-grade-{int(callback_data.rating)}"),
                needed=min_score_for(callback_data.rating),
            )
        )
    await bot.send_message(user.id, "\n".join(lines), reply_markup=after_grade_keyboard(t))


async def on_next(
    callback: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    state: FSMContext,
    settings: Settings,
) -> None:
    await callback.answer()
    await send_drill(bot, session, content, user, t, clock(), state, settings)


async def _progress_view(
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    now: datetime,
    settings: Settings,
) -> tuple[str, InlineKeyboardMarkup]:
    figures = await progress(
        session, content, user.id, Role.parse(user.role), now, user_zone(user, settings)
    )
    text = render.drill_progress(
        t,
        content,
        streak=figures.streak,
        due_now=figures.due_now,
        total_cards=figures.total_cards,
        mastery=figures.mastery,
        new_per_day=figures.new_per_day,
    )
    return text, progress_keyboard(t, figures.new_per_day)


async def on_progress_command(
    message: Message,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    text, markup = await _progress_view(session, content, user, t, clock(), settings)
    await message.answer(text, reply_markup=markup)


async def on_progress_button(
    callback: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    await callback.answer()
    text, markup = await _progress_view(session, content, user, t, clock(), settings)
    await bot.send_message(user.id, text, reply_markup=markup)


async def on_limit(
    callback: CallbackQuery,
    callback_data: DrillLimitCb,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    if callback_data.value not in NEW_PER_DAY_CHOICES:
        await callback.answer(t("stale-button"))
        return
    await drills_db.set_new_per_day(session, user.id, callback_data.value)
    await callback.answer(t("progress-limit-set", count=callback_data.value))
    if isinstance(callback.message, Message):
        text, markup = await _progress_view(session, content, user, t, clock(), settings)
        await edit_text(callback.message, text, markup)


async def _ask_answer_again(asking: Asking) -> bool:
    """The client's line the answer is awaited to: the push-back when the first answer is in,
    else the objection as served."""
    data = await asking.state.get_data()
    attempt_id = data.get(ATTEMPT_KEY)
    if not isinstance(attempt_id, int):
        return False
    drill = await open_drill(asking.session, asking.content, attempt_id, asking.user.id)
    if drill is None:
        # Scored, but the feedback was lost with a crash before the dialogue closed.
        feedback = await unseen_feedback(
            asking.session, asking.content, attempt_id, asking.user.id, asking.t.language
        )
        if feedback is None:
            return False
        await send_feedback(
            asking.bot, asking.user.id, asking.t, asking.content, attempt_id, feedback
        )
        await asking.state.clear()
        return True
    first = FirstTurn.from_data(data.get(FIRST_TURN_KEY))
    text = (
        render.drill_follow_up(asking.t, first.client)
        if first is not None
        else render.drill_prompt(asking.t, asking.content, drill.objection, is_new=drill.is_new)
    )
    await asking.bot.send_message(asking.user.id, text)
    return True


def pending_questions() -> dict[State, Asker]:
    return {Drill.answer: _ask_answer_again}


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_drill_command, Command("drill"))
    router.message.register(on_progress_command, Command("progress"))
    # A command typed during a drill is left to its own router or the fallback.
    router.message.register(on_answer, Drill.answer, F.text, ~F.text.startswith("/"))
    router.message.register(on_non_text_answer, Drill.answer, ~F.text)
    router.callback_query.register(on_grade, DrillGradeCb.filter())
    router.callback_query.register(on_next, DrillNextCb.filter())
    router.callback_query.register(on_progress_button, ProgressCb.filter())
    router.callback_query.register(on_limit, DrillLimitCb.filter())
    return router
