"""Strips control characters from what people type before any handler sees it.

aiogram's objects are frozen, so the update is copied with cleaned text and caption (of a
message or an edited message) and handed on; handlers, dialogues and storage only ever see
the clean text. Names are cleaned where they are stored (the user middleware).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject, Update

from bot.domain.text_safety import strip_control, strip_control_optional


def _clean_message(message: Message | None) -> Message | None:
    if message is None:
        return None
    text, caption = strip_control_optional(message.text), strip_control_optional(message.caption)
    if text == message.text and caption == message.caption:
        return message
    return message.model_copy(update={"text": text, "caption": caption})


def clean_update(update: Update) -> Update:
    message = _clean_message(update.message)
    edited = _clean_message(update.edited_message)
    if message is update.message and edited is update.edited_message:
        return update
    return update.model_copy(update={"message": message, "edited_message": edited})


class CleanInputMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update):
            event = clean_update(event)
        return await handler(event, data)


__all__ = ["CleanInputMiddleware", "clean_update", "strip_control"]
