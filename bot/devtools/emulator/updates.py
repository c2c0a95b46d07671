"""The update queue behind getUpdates: long polling, confirmation by offset, allowed_updates.

"Processed" is defined the way aiogram's polling defines it: with ``handle_as_tasks=False`` the
bot asks for ``offset = update_id + 1`` only after its handlers for that update have returned, so
a getUpdates with a larger offset is the signal that the bot has finished with the update.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

# What Telegram delivers when a bot never named its allowed_updates.
_DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class Signal:
    """A broadcast "something changed" that synchronous code can fire.

    asyncio.Condition needs its lock to notify, which sync callers (``push_update``) cannot
    take; swapping a fresh Event on every change gives the same wake-all without a lock.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], bool]) -> None:
        while not predicate():
            await self._event.wait()


def update_type(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


class UpdateQueue:
    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self._next_id = 1
        self._confirmed_below = 1
        self._dropped: set[int] = set()
        self._allowed: frozenset[str] | None = None
        self.changed = Signal()
        self._closing = False
        self.polling = asyncio.Event()  # set by the first getUpdates

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def push(self, update: dict[str, Any]) -> int:
        update_id = self._next_id
        self._next_id += 1
        self._pending.append({"update_id": update_id, **update})
        self._notify()
        return update_id

    def is_processed(self, update_id: int) -> bool:
        return update_id < self._confirmed_below or update_id in self._dropped

    async def wait_processed(self, update_id: int, within: float) -> None:
        try:
            async with asyncio.timeout(within):
                await self.changed.wait_for(lambda: self.is_processed(update_id))
        except TimeoutError:
            raise TimeoutError(
                f"the bot did not confirm update {update_id} within {within:g}s "
                "(is it polling against this emulator with handle_as_tasks=False?)"
            ) from None

    async def fetch(
        self, offset: int | None, limit: int, poll_seconds: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        self.polling.set()
        if allowed is not None:
            # Telegram keeps the last list until a new one is given; [] means "the default".
            self._allowed = frozenset(allowed) if allowed else None
        if offset:
            self._confirm(offset)
        self._drop_unwanted()
        if not self._pending and poll_seconds > 0 and not self._closing:
            try:
                async with asyncio.timeout(poll_seconds):
                    await self.changed.wait_for(self._ready)
            except TimeoutError:
                pass
            self._drop_unwanted()
        return [dict(update) for update in self._pending[:limit]]

    def drop_pending(self) -> None:
        self._dropped.update(update["update_id"] for update in self._pending)
        self._pending.clear()
        self._notify()

    def close(self) -> None:
        """Release every waiting long poll so the HTTP server can stop promptly."""
        self._closing = True
        self._notify()

    def _ready(self) -> bool:
        self._drop_unwanted()
        return self._closing or bool(self._pending)

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            # A negative offset keeps only the last -offset updates (Bot API semantics).
            keep = self._pending[offset:]
            self._dropped.update(u["update_id"] for u in self._pending[:offset])
            self._pending = keep
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
            self._confirmed_below = max(self._confirmed_below, offset)
        self._notify()

    def _wanted(self, update: dict[str, Any]) -> bool:
        kind = update_type(update)
        if self._allowed is None:
            return kind not in _DEFAULT_EXCLUDED
        return kind in self._allowed

    def _drop_unwanted(self) -> None:
        unwanted = [u["update_id"] for u in self._pending if not self._wanted(u)]
        if unwanted:
            # Telegram never generates these for the bot, so they count as handled at once.
            self._dropped.update(unwanted)
            self._pending = [u for u in self._pending if self._wanted(u)]
            self._notify()

    def _notify(self) -> None:
        self.changed.notify()
