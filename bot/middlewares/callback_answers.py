"""Which button presses this process has already answered.

Telegram accepts one ``answerCallbackQuery`` per press; a second one is refused ("query is too
old … or query ID is invalid"). The errors router must still apologise when a handler answered
the press and then failed, so it asks here first instead of answering blindly.

A refused answer is not an error of the press itself: the answer only stops the button's
spinner. When the press waited long enough for Telegram to expire it (a restart after a crash,
a stalled database), the handler must still do what was pressed, so the refusal is noted and
reported to the handler as answered instead of raised.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING, cast

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import Response, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

# Press ids are unique; a few thousand recent ones cover every update still being handled.
_REMEMBERED = 4096
_answered: OrderedDict[str, None] = OrderedDict()


def was_answered(query_id: str) -> bool:
    return query_id in _answered


def _remember(query_id: str) -> None:
    _answered[query_id] = None
    _answered.move_to_end(query_id)
    while len(_answered) > _REMEMBERED:
        _answered.popitem(last=False)


class CallbackAnswerTracker(BaseRequestMiddleware):
    """A request middleware: notes every press id that Telegram accepted an answer for."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        query_id = method.callback_query_id if isinstance(method, AnswerCallbackQuery) else None
        if query_id is None:
            return await make_request(bot, method)
        try:
            response = await make_request(bot, method)
        except TelegramBadRequest as refused:
            # Too old or already answered: a second try would be refused the same way.
            _remember(query_id)
            if "query is too old" not in refused.message:
                raise
            logger.info("A press was answered too late for Telegram; its action goes on")
            # aiogram hands the method's result through here (True for this method).
            return cast("Response[TelegramType]", True)
        _remember(query_id)
        return response
