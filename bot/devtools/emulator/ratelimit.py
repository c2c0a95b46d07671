"""Flood control: a sliding window per chat and one for the whole bot.

Telegram's limits are unofficial (about 1 message/s per chat, 30/s overall); a rate of ``r``
messages per second is modelled as at most ``max(1, floor(r))`` messages in any window of
``that / r`` seconds, so ``0.33`` means one message every three seconds.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Hashable


class SlidingWindow:
    def __init__(self, rate: float, clock: Callable[[], float]) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.limit = max(1, math.floor(rate))
        self.window = self.limit / rate
        self._clock = clock
        self._events: dict[Hashable, deque[float]] = {}

    def retry_after(self, key: Hashable) -> int | None:
        """Seconds to wait before ``key`` may send again, or None when it may send now."""
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) < self.limit:
            return None
        return max(1, math.ceil(events[0] + self.window - now))

    def record(self, key: Hashable) -> None:
        self._events.setdefault(key, deque()).append(self._clock())


class FloodControl:
    """Checks both windows first and records only when the call goes through."""

    def __init__(
        self, per_chat: float | None, overall: float | None, clock: Callable[[], float]
    ) -> None:
        self._per_chat = SlidingWindow(per_chat, clock) if per_chat else None
        self._overall = SlidingWindow(overall, clock) if overall else None

    def retry_after(self, chat_id: int) -> int | None:
        waits = [
            wait
            for window, key in ((self._per_chat, chat_id), (self._overall, "*"))
            if window is not None and (wait := window.retry_after(key)) is not None
        ]
        return max(waits) if waits else None

    def record(self, chat_id: int) -> None:
        if self._per_chat is not None:
            self._per_chat.record(chat_id)
        if self._overall is not None:
            self._overall.record("*")
