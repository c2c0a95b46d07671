"""Loads (or creates on first contact) the user behind the update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.users import get_or_create_user
from bot.domain.languages import guess_language
from bot.domain.text_safety import strip_control, strip_control_optional


class UserMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        # Only people talking to us in private get a row: channel posts, group chatter
        # and other bots are not our users.
        if (
            tg_user is None
            or tg_user.is_bot
            or (chat is not None and chat.type != ChatType.PRIVATE)
        ):
            data["user"] = None
            return await handler(event, data)
        session: AsyncSession = data["session"]
        user, _ = await get_or_create_user(
            session,
            tg_user.id,
            first_name=strip_control(tg_user.first_name)[:256],
            last_name=strip_control(tg_user.last_name or "")[:256] or None,
            username=strip_control_optional(tg_user.username),
            language=guess_language(tg_user.language_code),
        )
        data["user"] = user
        return await handler(event, data)
