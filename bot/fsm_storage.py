"""aiogram FSM storage in our own database, so a dialogue survives a restart.

We write our own (about 60 lines) rather than take a package: the ones on PyPI are
SQLite-only or unmaintained, and this one runs on any engine SQLAlchemy supports.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import FsmRecord
from bot.db.unit_of_work import current_session


class SQLAlchemyStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        """The update's session when inside one (it commits), else a short one of our own."""
        shared = current_session.get()
        if shared is not None:
            yield shared
            return
        async with self._session_factory() as own:
            yield own
            await own.commit()

    async def _load(self, session: AsyncSession, key: StorageKey) -> FsmRecord:
        db_key = self._key_builder.build(key)
        record = await session.get(FsmRecord, db_key)
        if record is None:
            record = FsmRecord(key=db_key, state=None, data="{}", user_id=key.user_id)
            session.add(record)
            await session.flush()
        return record

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._session() as session:
            record = await self._load(session, key)
            record.state = value

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            record = await session.get(FsmRecord, self._key_builder.build(key))
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._session() as session:
            record = await self._load(session, key)
            record.data = json.dumps(dict(data), ensure_ascii=False)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            record = await session.get(FsmRecord, self._key_builder.build(key))
            if record is None:
                return {}
            loaded = json.loads(record.data or "{}")
            return loaded if isinstance(loaded, dict) else {}

    async def close(self) -> None:
        """The engine is owned and disposed by the app, not by the storage."""


async def erase_user_fsm(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(FsmRecord).where(FsmRecord.user_id == user_id))
