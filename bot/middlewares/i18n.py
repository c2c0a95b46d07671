"""Puts a translator for the user's language into handler data as ``t``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from bot.db.models import User
from bot.domain.languages import guess_language
from bot.i18n import I18n


class I18nMiddleware(BaseMiddleware):
    def __init__(self, i18n: I18n) -> None:
        self._i18n = i18n

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("user")
        if user is not None:
            language: str = user.language
        else:
            tg_user: TgUser | None = data.get("event_from_user")
            language = guess_language(tg_user.language_code if tg_user else None).value
        data["t"] = self._i18n.translator(language)
        return await handler(event, data)
