"""Editing a message that may already show the wanted content."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message


@contextlib.asynccontextmanager
async def _unless_unchanged() -> AsyncIterator[None]:
    try:
        yield
    except TelegramBadRequest as exc:
        # Pressing the same page twice asks for identical content; Telegram refuses that,
        # and for the user nothing needs to change.
        if "message is not modified" not in exc.message:
            raise


async def edit_text(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    async with _unless_unchanged():
        await message.edit_text(text, reply_markup=markup)


async def edit_markup(message: Message, markup: InlineKeyboardMarkup | None) -> None:
    if markup == message.reply_markup:
        return
    async with _unless_unchanged():
        await message.edit_reply_markup(reply_markup=markup)
