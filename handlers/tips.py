"""/tip and /saved: the next role tip, votes that shape what comes next, saved tips."""

from __future__ import annotations

import hashlib
import math
from enum import IntEnum
from typing import Annotated

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.content import render
from bot.content.schema import Content, RoleCard, Tip
from bot.db import tips as tips_db
from bot.db.models import User
from bot.domain.roles import Role
from bot.i18n import Translator
from bot.services.tips import show_next_tip
from handlers.callback_fields import Page, RowId
from handlers.editing import edit_markup, edit_text
from handlers.inline_keyboard import button, markup


class TipAction(IntEnum):
    LIKE = 1
    DISLIKE = 2
    NEXT = 3
    SAVE = 4


class TipCb(CallbackData, prefix="tp"):
    action: TipAction
    view: RowId


class SavedCb(CallbackData, prefix="sv"):
    page: Page
    remove: Annotated[str, Field(pattern=r"^([0-9a-f]{10})?$")] = (
        ""  # short key of a saved tip to remove; empty = just show the page
    )


def tip_key(tip_id: str) -> str:
    """Tip ids can exceed callback_data's 64 bytes; a short stable hash fits."""
    return hashlib.blake2b(tip_id.encode(), digest_size=5).hexdigest()


def tip_keyboard(t: Translator, view_id: int, vote: int, saved: bool) -> InlineKeyboardMarkup:
    def tip_button(key: str, action: TipAction) -> InlineKeyboardButton:
        return button(t(key), TipCb(action=action, view=view_id))

    return markup(
        [
            tip_button("tip-button-liked" if vote > 0 else "tip-button-like", TipAction.LIKE),
            tip_button(
                "tip-button-disliked" if vote < 0 else "tip-button-dislike", TipAction.DISLIKE
            ),
        ],
        [
            tip_button("tip-button-next", TipAction.NEXT),
            tip_button("tip-button-saved" if saved else "tip-button-save", TipAction.SAVE),
        ],
    )


async def send_next_tip(
    bot: Bot, session: AsyncSession, content: Content, user: User, t: Translator, clock: Clock
) -> None:
    role = Role.parse(user.role)
    if not user.is_onboarded:  # a newcomer, or someone who just deleted their data
        await bot.send_message(user.id, t("fallback-need-start"))
        return
    if role is None:
        await bot.send_message(user.id, t("tip-need-role"))
        return
    shown = await show_next_tip(session, content, user.id, role, clock())
    if shown.new_cycle:
        await bot.send_message(user.id, t("tip-cycle-done"))
    await bot.send_message(
        user.id,
        render.tip_card(t, shown.card, shown.tip),
        reply_markup=tip_keyboard(t, shown.view_id, shown.vote, shown.saved),
    )


async def on_tip_command(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    await send_next_tip(bot, session, content, user, t, clock)


async def on_tip_button(
    callback: CallbackQuery,
    callback_data: TipCb,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    view = await tips_db.get_view(session, callback_data.view)
    found = content.tip(view.tip_id) if view is not None and view.user_id == user.id else None
    if view is None or found is None:
        await callback.answer(t("stale-button"))
        return
    tip_id = view.tip_id
    if callback_data.action == TipAction.NEXT:
        if await tips_db.shown_after(session, user.id, view.id):
            # A double tap, or «Дальше» under an older tip: the next one is already in the chat.
            await callback.answer(t("tip-next-already"))
            return
        await callback.answer()
        await send_next_tip(bot, session, content, user, t, clock)
        return
    if callback_data.action in (TipAction.LIKE, TipAction.DISLIKE):
        vote = 1 if callback_data.action == TipAction.LIKE else -1
        await tips_db.set_vote(session, user.id, tip_id, vote, clock())
        await callback.answer(t("tip-voted-like" if vote > 0 else "tip-voted-dislike"))
    else:
        if await tips_db.is_saved(session, user.id, tip_id):
            await tips_db.unsave_tip(session, user.id, tip_id)
            await callback.answer(t("tip-unsaved"))
        else:
            await tips_db.save_tip(session, user.id, tip_id, clock())
            await callback.answer(t("tip-saved"))
    if isinstance(callback.message, Message):
        vote_now = await tips_db.get_vote(session, user.id, tip_id)
        saved_now = await tips_db.is_saved(session, user.id, tip_id)
        await edit_markup(callback.message, tip_keyboard(t, view.id, vote_now, saved_now))


def _saved_view(
    t: Translator, items: list[tuple[RoleCard, Tip]], page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not items:
        return t("saved-empty"), None
    pages = math.ceil(len(items) / render.SAVED_PAGE_SIZE)
    page = max(0, min(page, pages - 1))
    start = page * render.SAVED_PAGE_SIZE
    chunk = items[start : start + render.SAVED_PAGE_SIZE]
    builder = InlineKeyboardBuilder()
    for offset, (_, tip) in enumerate(chunk):
        builder.button(
            text=t("saved-remove", number=start + offset + 1),
            callback_data=SavedCb(page=page, remove=tip_key(tip.id)),
        )
    widths = [len(chunk)]
    if pages > 1:
        builder.button(text="◀️", callback_data=SavedCb(page=(page - 1) % pages))
        builder.button(
            text=t("saved-page", page=page + 1, pages=pages), callback_data=SavedCb(page=page)
        )
        builder.button(text="▶️", callback_data=SavedCb(page=(page + 1) % pages))
        widths.append(3)
    builder.adjust(*widths)
    return render.saved_page(t, chunk, page, len(items)), builder.as_markup()


async def _saved_items(
    session: AsyncSession, content: Content, user_id: int
) -> list[tuple[RoleCard, Tip]]:
    found = [content.tip(tip_id) for tip_id in await tips_db.saved_tip_ids(session, user_id)]
    return [item for item in found if item is not None]  # tips removed from content drop out


async def on_saved_command(
    message: Message, session: AsyncSession, content: Content, user: User, t: Translator
) -> None:
    text, markup = _saved_view(t, await _saved_items(session, content, user.id), 0)
    await message.answer(text, reply_markup=markup)


async def on_saved_button(
    callback: CallbackQuery,
    callback_data: SavedCb,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
) -> None:
    items = await _saved_items(session, content, user.id)
    if callback_data.remove:
        target = next((tip for _, tip in items if tip_key(tip.id) == callback_data.remove), None)
        if target is None:
            await callback.answer(t("stale-button"))
            return
        await tips_db.unsave_tip(session, user.id, target.id)
        items = [item for item in items if item[1].id != target.id]
        await callback.answer(t("saved-removed"))
    else:
        await callback.answer()
    if not isinstance(callback.message, Message):
        return
    text, markup = _saved_view(t, items, callback_data.page)
    await edit_text(callback.message, text, markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_tip_command, Command("tip"))
    router.message.register(on_saved_command, Command("saved"))
    router.callback_query.register(on_tip_button, TipCb.filter())
    router.callback_query.register(on_saved_button, SavedCb.filter())
    return router
