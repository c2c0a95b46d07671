"""A Bot API session that never touches the network: every call succeeds at once.

The interaction benchmark measures our code — Dispatcher, middlewares, handlers, SQLite — not
HTTP, so both our bot and the bare aiogram baseline get this session. Methods that return a
Message get a plausible one (the handlers read ``message_id`` back); others get ``True``.
"""

from __future__ import annotations

import itertools
import typing
from collections import Counter
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, Message, User


class NullSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self._message_ids = itertools.count(1)
        self.calls: Counter[str] = Counter()

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's signature
    ) -> TelegramType:
        self.calls[method.__api_method__] += 1
        return typing.cast(TelegramType, self._result(bot, method))

    def _result(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        returning = method.__returning__
        if returning is User:
            return User(id=bot.id, is_bot=True, first_name="SalesCoach", username="SalesCoachBot")
        if returning is Message or Message in typing.get_args(returning):
            chat_id = getattr(method, "chat_id", None)
            return Message(
                message_id=getattr(method, "message_id", None) or next(self._message_ids),
                date=datetime.now(UTC),
                chat=Chat(id=int(chat_id) if chat_id else 0, type="private"),
                text=getattr(method, "text", None),
            )
        if typing.get_origin(returning) is list:
            return []
        return True

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - aiogram's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def close(self) -> None:
        return None
