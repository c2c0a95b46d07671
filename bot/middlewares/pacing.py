"""Per-chat pacing of replies: wait for the chat's turn instead of being refused with a 429.

Telegram lets a bot put about one message a second into a private chat (a short burst
passes) and 20 a minute into a group; past that it answers 429 "retry after N" and the
reply is lost unless it is sent again. A flood from one person used to make the bot try
dozens of replies a second to that chat and collect hundreds of 429s.

:class:`ChatPacer` is a request middleware on the bot's session, inside ``TransientRetry``
(so every attempt takes its turn). For a call that puts something into a chat — ``send*``,
``edit*``, ``copyMessage``, ``forwardMessage`` — made while an update is being handled, it
takes that chat's lock, waits until the chat's window allows one more message, makes the
call and records when the answer came back. Each chat has its own lock and window, so
waiting for one chat never delays another.

The window is "at most ``limit`` messages in any ``seconds``": 3 in 3 s for a private chat
(one a second, with a burst of three so an edit plus a new message is not held back) and 20
in 60 s for a group (negative chat ids). Counting from the *answer* of the previous message
keeps the spacing at Telegram whatever the round trip: Telegram saw the previous message
before we got its answer, and sees the next one after we send it.

A 429 that still happens (another instance, or a scheduled message in flight) closes the
chat for ``retry_after``: the next call for that chat waits it out (``TransientRetry`` sends
the refused reply again). When the chat is closed for longer than ``max_wait`` the call is
refused at once with ``TelegramRetryAfter`` rather than held — the errors router logs it
as one line. Scheduled delivery (``bot/delivery.py``) has its own limiter: its calls are
never held here, only recorded, so an interactive reply counts the check-in sent a moment
earlier.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendChatAction, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.middlewares.resilience import is_interactive

if TYPE_CHECKING:
    from aiogram import Bot

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# A millisecond of slack per wait: a message never lands exactly on the window's edge.
SLACK_SECONDS = 0.001
SWEEP_SECONDS = 300.0
_PACED_PREFIXES = ("Send", "Edit", "Copy", "Forward")


@dataclass(frozen=True, slots=True)
class ChatWindow:
    """At most ``limit`` messages in any ``seconds``."""

    limit: int
    seconds: float


PRIVATE_CHAT = ChatWindow(limit=3, seconds=3.0)
GROUP_CHAT = ChatWindow(limit=20, seconds=60.0)


@dataclass(slots=True)
class _Chat:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    answered: deque[float] = field(default_factory=deque)
    closed_until: float = 0.0
    last_used: float = 0.0
    in_use: int = 0  # calls holding or waiting for the lock: the sweep leaves the chat alone

    def next_free(self, now: float, window: ChatWindow) -> float:
        while self.answered and self.answered[0] <= now - window.seconds:
            self.answered.popleft()
        at = self.closed_until
        if len(self.answered) >= window.limit:
            at = max(at, self.answered[-window.limit] + window.seconds + SLACK_SECONDS)
        return at


def paced_chat(method: TelegramMethod[TelegramType]) -> int | None:
    """The chat a call puts a message into, or None for calls that are not paced."""
    if isinstance(method, SendChatAction):
        return None
    if not type(method).__name__.startswith(_PACED_PREFIXES):
        return None
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None


class ChatPacer(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        private: ChatWindow = PRIVATE_CHAT,
        group: ChatWindow = GROUP_CHAT,
        max_wait: float = 10.0,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.private = private
        self.group = group
        self.max_wait = max_wait
        self.clock = clock
        self.sleep = sleep
        # How many times a call waited for its chat's turn, per chat (tests read it).
        self.waits: dict[int, int] = {}
        self._chats: dict[int, _Chat] = {}
        self._last_sweep = 0.0

    def window(self, chat_id: int) -> ChatWindow:
        return self.private if chat_id > 0 else self.group

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        chat_id = paced_chat(method)
        if chat_id is None:
            return await make_request(bot, method)
        chat = self._chat(chat_id)
        if not is_interactive():
            return await self._call(chat, make_request, bot, method)
        chat.in_use += 1
        try:
            async with chat.lock:
                await self._wait_turn(chat_id, chat, method)
                return await self._call(chat, make_request, bot, method)
        finally:
            chat.in_use -= 1

    async def _wait_turn(
        self, chat_id: int, chat: _Chat, method: TelegramMethod[TelegramType]
    ) -> None:
        window = self.window(chat_id)
        while True:
            now = self.clock()
            wait = chat.next_free(now, window) - now
            if wait <= 0:
                return
            if chat.closed_until - now > self.max_wait:
                seconds = max(1, round(chat.closed_until - now))
                raise TelegramRetryAfter(
                    method=method,
                    message=f"the chat is closed for {seconds}s after a 429",
                    retry_after=seconds,
                )
            self.waits[chat_id] = self.waits.get(chat_id, 0) + 1
            await self.sleep(wait)

    async def _call(
        self,
        chat: _Chat,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramRetryAfter as exc:
            chat.closed_until = max(chat.closed_until, self.clock() + exc.retry_after)
            raise
        finally:
            now = self.clock()
            chat.answered.append(now)
            chat.last_used = now

    def _chat(self, chat_id: int) -> _Chat:
        now = self.clock()
        if now - self._last_sweep > SWEEP_SECONDS:
            self._sweep(now)
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat(last_used=now)
        return chat

    def _sweep(self, now: float) -> None:
        """Forget chats quiet for a while (their windows are long empty)."""
        self._last_sweep = now
        horizon = max(self.private.seconds, self.group.seconds, self.max_wait)
        idle = [
            chat_id
            for chat_id, chat in self._chats.items()
            if chat.in_use == 0 and now - chat.last_used > horizon and chat.closed_until <= now
        ]
        for chat_id in idle:
            del self._chats[chat_id]

    @property
    def chats_tracked(self) -> int:
        return len(self._chats)


def chat_pacer(bot: Bot) -> ChatPacer | None:
    """The pacer on a bot's session, if it has one (tests inject its clock through it)."""
    return next((m for m in bot.session.middleware if isinstance(m, ChatPacer)), None)
