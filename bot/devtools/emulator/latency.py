"""Injected network latency: make every Bot API call cost a real round trip.

On loopback a call costs well under a millisecond; a bot in Russia talking to api.telegram.org
waits 50-100 ms for each. Code that awaits Telegram while holding something (a database write
transaction, a sender slot) looks fine at 0 ms and falls over at 50 ms, so tests and the bench
set a round trip on ``emulator.latency``::

    emulator = BotAPIEmulator(latency=0.05)                  # 50 ms for every call
    emulator.latency.set(0.1)                                # change it mid-run
    emulator.latency.set(0.1, jitter=0.02)                   # 80-120 ms, seeded
    emulator.latency.set(0.05, methods={"sendMessage"})      # only these methods
    emulator.latency.set(0)                                  # back to loopback speed

Half the round trip is spent before the call is performed (the request travelling to
Telegram) and half after (the answer travelling back), so flood control and the order of
effects see the call when it would really arrive. Each request waits on its own with
``asyncio.sleep``: the emulator keeps serving every other request meanwhile, exactly as many
connections in flight to Telegram overlap. ``getUpdates`` is delayed too unless
``methods`` leaves it out: updates reach a real bot one round trip late.

``sleep`` is replaceable so tests can observe the delays without waiting through them.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Collection

Sleep = Callable[[float], Awaitable[None]]


class Latency:
    """The round trip the emulator adds to each Bot API call; 0 (the default) adds nothing."""

    def __init__(
        self,
        rtt: float = 0.0,
        *,
        jitter: float = 0.0,
        methods: Collection[str] | None = None,
        seed: int = 0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.sleep = sleep
        self._random = random.Random(seed)  # noqa: S311 - network jitter, not security
        self.rtt = 0.0
        self.jitter = 0.0
        self.methods: frozenset[str] | None = None
        self.set(rtt, jitter=jitter, methods=methods)

    def set(
        self,
        rtt: float,
        *,
        jitter: float = 0.0,
        methods: Collection[str] | None = None,
    ) -> None:
        """Use a round trip of ``rtt`` ± ``jitter`` seconds for ``methods`` (None: all)."""
        if rtt < 0 or jitter < 0:
            raise ValueError("rtt and jitter must not be negative")
        if jitter > rtt:
            raise ValueError("jitter must not exceed rtt (a round trip cannot be negative)")
        self.rtt = rtt
        self.jitter = jitter
        self.methods = frozenset(methods) if methods is not None else None

    def applies_to(self, method: str) -> bool:
        return self.rtt > 0 and (self.methods is None or method in self.methods)

    def round_trip(self, method: str) -> float:
        """The round trip for one call of ``method`` (0 when none applies)."""
        if not self.applies_to(method):
            return 0.0
        if not self.jitter:
            return self.rtt
        return self.rtt + self._random.uniform(-self.jitter, self.jitter)

    async def travel(self, seconds: float) -> None:
        """One leg of a round trip: the request going out or its answer coming back."""
        if seconds > 0:
            await self.sleep(seconds)
