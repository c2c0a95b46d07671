"""1:1 preparation: "🗣 1:1 · name" on /team's attention list opens the facts, questions and
opening lines (bot/services/one_on_one.py); "✅ Done — we talked" marks the talk.

Only the team's head may press either: every press re-checks it (handlers/team_access.py).
A press about someone who has left gets a polite "no longer in the team"; a second "Done"
within the quiet week says it was already marked and stores nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.content.schema import Content
from bot.db.models import User
from bot.i18n import Html, Translator
from bot.services import one_on_one
from bot.services.team_report import zone_of
from handlers.callback_fields import RowId, TelegramId
from handlers.editing import edit_markup
from handlers.one_on_one_views import prep_text
from handlers.team_access import head_team_or_refuse
from handlers.team_keyboards import TeamPageCb
from handlers.team_views import short

BUTTONS_PER_ROW = 2
REFUSAL_TEXT = {
    one_on_one.Refusal.NOT_MEMBER: "one-on-one-stale",
    one_on_one.Refusal.NO_REASON: "one-on-one-no-reason",
}


class OneOnOnePrepCb(CallbackData, prefix="op"):
    team: RowId
    user: TelegramId


class OneOnOneDoneCb(CallbackData, prefix="od"):
    team: RowId
    user: TelegramId


def prep_buttons(
    builder: InlineKeyboardBuilder, t: Translator, team_id: int, people: Sequence[tuple[int, str]]
) -> list[int]:
    """A "🗣 1:1 · name" button per (id, plain name) on the attention list; the row sizes."""
    for user_id, name in people:
        builder.button(
            text=t("one-on-one-button", name=Html(short(name))),  # labels are plain text
            callback_data=OneOnOnePrepCb(team=team_id, user=user_id),
        )
    full, rest = divmod(len(people), BUTTONS_PER_ROW)
    return [BUTTONS_PER_ROW] * full + ([rest] if rest else [])


def prep_keyboard(t: Translator, team_id: int, user_id: int, *, done: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if not done:
        builder.button(
            text=t("one-on-one-button-done"),
            callback_data=OneOnOneDoneCb(team=team_id, user=user_id),
        )
    builder.button(
        text=t("one-on-one-button-summary"), callback_data=TeamPageCb(team=team_id, fresh=True)
    )
    builder.adjust(1)
    return builder.as_markup()


async def on_prep(
    callback: CallbackQuery,
    callback_data: OneOnOnePrepCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
    content: Content,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    prep = await one_on_one.prepare(
        session, team.id, callback_data.user, clock(), settings.default_timezone
    )
    if isinstance(prep, one_on_one.Refusal):
        await callback.answer(t(REFUSAL_TEXT[prep]), show_alert=True)
        return
    await callback.answer()
    zone = zone_of(user.timezone, settings.default_timezone)
    await bot.send_message(
        user.id,
        prep_text(t, content, prep, zone),
        reply_markup=prep_keyboard(t, team.id, callback_data.user, done=prep.talked_at is not None),
    )


async def on_done(
    callback: CallbackQuery,
    callback_data: OneOnOneDoneCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    marked = await one_on_one.mark_talked(
        session, team.id, user.id, callback_data.user, clock(), settings.default_timezone
    )
    if isinstance(marked, one_on_one.Refusal):
        await callback.answer(t(REFUSAL_TEXT[marked]), show_alert=True)
        return
    zone = zone_of(user.timezone, settings.default_timezone)
    when = marked.talk.talked_at.astimezone(zone).strftime("%d.%m")
    until = marked.talk.quiet_until.astimezone(zone).strftime("%d.%m")
    if not marked.new:
        await callback.answer(t("one-on-one-already", date=when, until=until), show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        # Only tidies the old preparation (no second "Done"); a message Telegram no longer
        # lets us edit changes nothing — the talk is saved and the answer below says so.
        with contextlib.suppress(TelegramBadRequest):
            await edit_markup(
                callback.message, prep_keyboard(t, team.id, callback_data.user, done=True)
            )
    await bot.send_message(user.id, t("one-on-one-done", name=short(marked.name), until=until))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_prep, OneOnOnePrepCb.filter())
    router.callback_query.register(on_done, OneOnOneDoneCb.filter())
    return router
