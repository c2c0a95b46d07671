"""Resilience at the edges: updates we should not handle, and transient Bot API failures.

``UpdateGuardMiddleware`` (outer, on ``update``, registered first) drops updates no handler can
serve sensibly: update types newer than our aiogram, and messages or button presses without a
sender or sent by another bot. They are logged and acknowledged, never answered.

``TransientRetry`` (a request middleware on the bot's session) retries a reply that Telegram
refused for a passing reason — 429 with a short ``retry_after``, a 5xx, a timeout or a dropped
connection — so the user still gets their answer and the handler's work is committed. It acts
only while an update is being handled (``InteractiveScope`` marks that); scheduled delivery has
its own rate limiter, outbox and retry policy in ``bot/delivery.py`` and sees every error
itself. A retried call after a timeout or a dropped connection may have reached Telegram the
first time, so a reply can, rarely, arrive twice; a lost reply would be worse.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject, Update
from aiogram.utils.backoff import Backoff, BackoffConfig

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

_interactive: ContextVar[bool] = ContextVar("salescoach_interactive", default=False)

Sleep = Callable[[float], Awaitable[None]]


class UpdateGuardMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update):
            reason = _unservable(event)
            if reason is not None:
                logger.info("Update %s ignored: %s", event.update_id, reason)
                return None
        return await handler(event, data)


def _unservable(update: Update) -> str | None:
    try:
        kind = update.event_type
    except LookupError:  # aiogram's UpdateTypeLookupError: a type newer than our aiogram
        return "unknown update type"
    if kind in ("message", "edited_message"):
        message = update.message or update.edited_message
        if message is not None and message.chat.type == "private":
            if message.from_user is None:
                return "private message without a sender"
            if message.from_user.is_bot:
                return "message from a bot"
    query = update.callback_query
    if kind == "callback_query" and query is not None and query.from_user.is_bot:
        return "button press by a bot"
    return None


def is_interactive() -> bool:
    """True while an update is being handled (a reply), False for scheduled delivery."""
    return _interactive.get()


class InteractiveScope(BaseMiddleware):
    """Marks the handling of one update, so :class:`TransientRetry` may retry its replies."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        token = _interactive.set(True)
        try:
            return await handler(event, data)
        finally:
            _interactive.reset(token)


class TransientRetry(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        attempts: int = 4,
        max_retry_after: float = 10.0,
        backoff: BackoffConfig | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.attempts = attempts
        self.max_retry_after = max_retry_after
        self.backoff = backoff or BackoffConfig(
            min_delay=0.2, max_delay=2.0, factor=2.0, jitter=0.1
        )
        self.sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if not _interactive.get() or isinstance(method, GetUpdates):
            return await make_request(bot, method)
        backoff = Backoff(config=self.backoff)
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts or exc.retry_after > self.max_retry_after:
                    raise
                wait = float(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError, TimeoutError) as exc:
                if attempt == self.attempts:
                    raise
                wait = next(backoff)
                logger.warning(
                    "%s failed (%s); retry %d in %.1fs",
                    type(method).__name__,
                    exc,
                    attempt,
                    wait,
                )
            await self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
