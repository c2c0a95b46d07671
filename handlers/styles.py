"""/style: a head-of-sales situation → pick a management style → feedback and accuracy."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.content import render
from bot.content.schema import Content
from bot.db import styles as styles_db
from bot.db.models import User
from bot.i18n import Translator
from bot.services.style_practice import accuracy_per_style, choose_next_scenario, score_choice
from handlers.callback_fields import ContentKey, RowId
from handlers.editing import edit_markup, edit_text


class StyleChoiceCb(CallbackData, prefix="sc"):
    exercise: RowId
    style: ContentKey


class StyleNextCb(CallbackData, prefix="sn"):
    pass


class StyleGuideCb(CallbackData, prefix="sg"):
    style: ContentKey = ""  # empty: the overview of all five
    in_place: bool = False  # pressed inside the guide: edit it rather than send a new one


def scenario_keyboard(t: Translator, content: Content, exercise_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for style in content.styles.values():
        builder.button(
            text=style.name.get(t.language),
            callback_data=StyleChoiceCb(exercise=exercise_id, style=style.id),
        )
    builder.button(text=t("style-button-guide"), callback_data=StyleGuideCb())
    builder.adjust(1)
    return builder.as_markup()


def after_feedback_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("style-button-next"), callback_data=StyleNextCb())
    builder.button(text=t("style-button-guide"), callback_data=StyleGuideCb())
    builder.adjust(1)
    return builder.as_markup()


def guide_keyboard(t: Translator, content: Content, current: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for style in content.styles.values():
        if style.id != current:
            builder.button(
                text=style.name.get(t.language),
                callback_data=StyleGuideCb(style=style.id, in_place=True),
            )
    builder.button(text=t("style-button-next"), callback_data=StyleNextCb())
    builder.adjust(2)
    return builder.as_markup()


async def send_next_scenario(
    bot: Bot, session: AsyncSession, content: Content, user: User, t: Translator, clock: Clock
) -> None:
    scenarios = list(content.scenarios.values())
    answered = await styles_db.answered_scenarios(session, user.id)
    scenario = choose_next_scenario(scenarios, answered, user.id)
    exercise = await styles_db.start_exercise(session, user.id, scenario.id, clock())
    number = len(set(answered)) % len(scenarios) + 1
    await bot.send_message(
        user.id,
        render.scenario_text(t, scenario, number, len(scenarios)),
        reply_markup=scenario_keyboard(t, content, exercise.id),
    )


async def on_style_command(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    await send_next_scenario(bot, session, content, user, t, clock)


async def on_style_choice(
    callback: CallbackQuery,
    callback_data: StyleChoiceCb,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    exercise = await styles_db.get_exercise(session, callback_data.exercise)
    scenario = content.scenarios.get(exercise.scenario_id) if exercise else None
    if (
        exercise is None
        or exercise.user_id != user.id
        or scenario is None
        or callback_data.style not in content.styles
    ):
        await callback.answer(t("stale-button"))
        return
    verdict = score_choice(scenario, callback_data.style)
    recorded = await styles_db.complete_exercise(
        session,
        exercise.id,
        chosen=callback_data.style,
        best_styles=",".join(scenario.best),
        verdict=verdict.value,
        now=clock(),
    )
    if not recorded:
        await callback.answer(t("style-already-answered"))
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await edit_markup(callback.message, None)
    accuracy = accuracy_per_style(
        await styles_db.completed_verdicts(session, user.id), list(content.styles)
    )
    await bot.send_message(
        user.id,
        render.style_feedback(t, content, scenario, callback_data.style, verdict, accuracy),
        reply_markup=after_feedback_keyboard(t),
    )


async def on_style_next(
    callback: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    await callback.answer()
    await send_next_scenario(bot, session, content, user, t, clock)


async def on_style_guide(
    callback: CallbackQuery,
    callback_data: StyleGuideCb,
    bot: Bot,
    content: Content,
    t: Translator,
) -> None:
    await callback.answer()
    style = content.styles.get(callback_data.style)
    if style is None:
        text = render.style_guide(t, list(content.styles.values()))
        current = ""
    else:
        text = render.style_detail(t, style)
        current = style.id
    markup = guide_keyboard(t, content, current)
    if callback_data.in_place and isinstance(callback.message, Message):
        await edit_text(callback.message, text, markup)
    else:
        await bot.send_message(callback.from_user.id, text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_style_command, Command("style"))
    router.callback_query.register(on_style_choice, StyleChoiceCb.filter())
    router.callback_query.register(on_style_next, StyleNextCb.filter())
    router.callback_query.register(on_style_guide, StyleGuideCb.filter())
    return router
