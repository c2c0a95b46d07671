"""Per-user fair use: a token bucket per person, one polite "slow down", then silence.

Each user may send ``rate`` updates a second on average with a burst of ``burst``. Past
that, the first extra update gets one short "slow down" reply and the rest are dropped
without a word (a reply per dropped update would be the flood again, aimed at Telegram's
per-chat limit) until the bucket has refilled. Dropped before the database session opens,
so a flood costs a dictionary lookup, not a transaction.

Never dropped, however fast they come: answers inside a dialogue (the user has an FSM
state, so what they type — other than a command — is an answer the dialogue waits for),
and the buttons of the check-in and the survey — a check-in answered in a hurry is still a
check-in. Those still spend tokens, so a flood that follows is throttled as usual.

The buckets live in memory per instance: a restart forgives everyone, and with several
instances each applies the limit to what it receives.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser

from bot.clock import Clock
from bot.domain.languages import guess_language
from bot.i18n import I18n

# Callback prefixes of the check-in and survey buttons (handlers/checkin_views.py).
ANSWER_PREFIXES = frozenset({"ce", "cs", "ck", "cr", "ss", "sa"})
FORGET_AFTER_SECONDS = 300.0


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class ThrottleMiddleware(BaseMiddleware):
    def __init__(
        self, clock: Clock, i18n: I18n, fsm: FSMContextMiddleware, *, rate: float, burst: int
    ) -> None:
        self.clock = clock
        self.i18n = i18n
        self.fsm = fsm
        self.rate = rate
        self.burst = burst
        self._buckets: dict[int, _Bucket] = {}
        self._last_sweep = 0.0

    def _now(self) -> float:
        return self.clock().timestamp()

    def _take(self, user_id: int, now: float) -> tuple[bool, _Bucket]:
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = _Bucket(float(self.burst), now)
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.warned = False
            return True, bucket
        return False, bucket

    def _sweep(self, now: float) -> None:
        if now - self._last_sweep < FORGET_AFTER_SECONDS:
            return
        self._last_sweep = now
        idle = [uid for uid, b in self._buckets.items() if now - b.updated > FORGET_AFTER_SECONDS]
        for user_id in idle:
            del self._buckets[user_id]

    async def _is_answer(self, update: Update, data: dict[str, Any]) -> bool:
        query = update.callback_query
        if query is not None:
            return (query.data or "").split(":", 1)[0] in ANSWER_PREFIXES
        if update.message is None or (update.message.text or "").startswith("/"):
            return False  # a command is not an answer, even mid-dialogue
        # Only on the over-limit path: the dialogue state is read here, before the update's
        # own session (the FSM middleware runs inside it, later).
        bot: Bot | None = data.get("bot")
        state = self.fsm.resolve_event_context(bot, data) if bot is not None else None
        return state is not None and await state.get_state() is not None

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: TgUser | None = data.get("event_from_user")
        if not isinstance(event, Update) or sender is None:
            return await handler(event, data)
        now = self._now()
        self._sweep(now)
        allowed, bucket = self._take(sender.id, now)
        if allowed or await self._is_answer(event, data):
            return await handler(event, data)
        if not bucket.warned:
            bucket.warned = True
            await self._slow_down(event, sender)
        return None

    async def _slow_down(self, update: Update, sender: TgUser) -> None:
        text = self.i18n.translator(guess_language(sender.language_code))("throttle-slow-down")
        if update.callback_query is not None:
            await update.callback_query.answer(text)
        elif update.message is not None and update.message.chat.type == "private":
            await update.message.answer(text)
