"""Commit the update's work before the bot talks to Telegram.

A request middleware on the bot's session: before any Bot API call made while an update is
being handled, the update's transaction is committed (see ``bot/db/unit_of_work.py``). So the
SQLite write lock is never held during a network round trip, and what the user reads was
saved first. If the commit fails the call is not made: :class:`NotSavedError` reaches the
errors router, which tells the user that nothing was saved and to try again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.db.unit_of_work import commit_update, current_session

if TYPE_CHECKING:
    from aiogram import Bot


class CommitBeforeSend(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        session = current_session.get()
        if session is not None and not isinstance(method, GetUpdates):
            await commit_update(session)
        return await make_request(bot, method)
