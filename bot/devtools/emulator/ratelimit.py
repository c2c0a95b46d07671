"""Flood control: a sliding window per chat and one for the whole bot.

Telegram's limits are unofficial (about 1 message/s per private chat with short bursts,
20/min per group, 30/s overall); a rate of ``r`` messages per second is modelled as at most
``max(1, floor(r))`` messages — or ``burst`` when given — in any window of ``that / r``
seconds, so ``0.33`` means one message every three seconds, and ``1.0`` with a burst of 3
means three messages in any three seconds. Group chats (negative ids) get their own window
when ``per_group`` is set (20 a minute is ``per_group=1/3, group_burst=20``).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Hashable


class SlidingWindow:
    def __init__(self, rate: float, clock: Callable[[], float], burst: int | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        if burst is not None and burst < 1:
            raise ValueError("burst must be at least 1")
        self.limit = burst or max(1, math.floor(rate))
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
        self,
        per_chat: float | None,
        overall: float | None,
        clock: Callable[[], float],
        *,
        per_chat_burst: int | None = None,
        per_group: float | None = None,
        group_burst: int | None = None,
    ) -> None:
        self._per_chat = SlidingWindow(per_chat, clock, per_chat_burst) if per_chat else None
        self._per_group = SlidingWindow(per_group, clock, group_burst) if per_group else None
        self._overall = SlidingWindow(overall, clock) if overall else None

    def _chat_window(self, chat_id: int) -> SlidingWindow | None:
        if chat_id < 0 and self._per_group is not None:
            return self._per_group
        return self._per_chat

    def retry_after(self, chat_id: int) -> int | None:
        waits = [
            wait
            for window, key in ((self._chat_window(chat_id), chat_id), (self._overall, "*"))
            if window is not None and (wait := window.retry_after(key)) is not None
        ]
        return max(waits) if waits else None

    def record(self, chat_id: int) -> None:
        chat_window = self._chat_window(chat_id)
        if chat_window is not None:
            chat_window.record(chat_id)
        if self._overall is not None:
            self._overall.record("*")
