"""When the current dialogue step's question was asked, and by which process.

A press of the previous question's button means one of two things. Moments after the step
began, in the process that began it, it is the second tap of a double tap: the question went
out with the first one, and asking it again would only repeat it. Otherwise the question may
never have arrived — the step is committed before its question is sent, and a crash, or a send
that failed for good, falls in between — so it is asked again (handlers/pending.py).

:class:`StepStampedStorage` wraps the FSM storage (ours or Redis) and notes this in the
dialogue's data whenever the state changes, in the same write as the state itself: no extra
transaction on the path of an update. A restart is a new process id, so after a crash even a
press within the double-tap window asks again.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.clock import Clock

STEP_KEY = "_asked"  # FSM data: [state, POSIX seconds, process id]
DOUBLE_TAP = timedelta(seconds=5)


class StepStampedStorage(BaseStorage):
    def __init__(self, inner: BaseStorage, clock: Clock) -> None:
        self.inner = inner
        self.clock = clock
        self.process = secrets.token_hex(4)

    def stamp(self, state: str) -> list[object]:
        return [state, self.clock().timestamp(), self.process]

    def just_asked(self, stamp: object, state: str) -> bool:
        if not (isinstance(stamp, list) and len(stamp) == 3):
            return False
        stamped, moment, process = stamp
        return (
            stamped == state
            and process == self.process
            and isinstance(moment, int | float)
            and 0 <= self.clock().timestamp() - moment < DOUBLE_TAP.total_seconds()
        )

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        before = await self.inner.get_state(key)
        await self.inner.set_state(key, state)
        if value is not None and value != before:
            data = await self.inner.get_data(key)
            await self.inner.set_data(key, {**data, STEP_KEY: self.stamp(value)})

    async def get_state(self, key: StorageKey) -> str | None:
        return await self.inner.get_state(key)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if STEP_KEY not in data:
            # Data replaced as a whole (a drill's attempt, a new draft) keeps the step's note.
            current = await self.inner.get_state(key)
            if current is not None:
                stamp = (await self.inner.get_data(key)).get(STEP_KEY)
                if isinstance(stamp, list) and stamp[:1] == [current]:
                    data = {**data, STEP_KEY: stamp}
        await self.inner.set_data(key, data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return await self.inner.get_data(key)

    async def close(self) -> None:
        await self.inner.close()


async def just_asked(state: FSMContext) -> bool:
    """Whether the current step's question went out moments ago from this process."""
    storage = state.storage
    current = await state.get_state()
    if not isinstance(storage, StepStampedStorage) or current is None:
        return False
    return storage.just_asked((await state.get_data()).get(STEP_KEY), current)


async def mark_asked(state: FSMContext) -> None:
    """The current step's question is being asked (again) now."""
    storage = state.storage
    current = await state.get_state()
    if isinstance(storage, StepStampedStorage) and current is not None:
        await state.update_data({STEP_KEY: storage.stamp(current)})
