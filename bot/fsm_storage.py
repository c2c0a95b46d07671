"""aiogram FSM storage in our own database, so a dialogue survives a restart.

We write our own (about 60 lines) rather than take a package: the ones on PyPI are
SQLite-only or unmaintained, and this one runs on any engine SQLAlchemy supports.

With ``REDIS_URL`` set, :func:`create_storage` picks aiogram's RedisStorage instead, for
several instances behind a load balancer:

- keys are ``salescoach:fsm:<bot id>:<chat>:<user>:<destiny>:state|data`` — the bot id keeps
  two bots (say staging and production) apart in one Redis;
- state and data expire :data:`FSM_TTL` after their last change. Our dialogues last minutes
  (onboarding, a check-in, a drill answer); a month-old half-finished one is abandoned, and
  without a TTL Redis would keep every such key forever. Nothing long-lived is kept in FSM
  data — that lives in the database;
- updates of one user in one chat are handled one at a time across all instances
  (a Redis lock per key, leased and renewed: bot/redis_lease_lock.py), so a double tap that
  reaches two instances cannot run the same dialogue step twice, and an instance that dies
  mid-update holds the person for seconds, not a minute;
- unlike the database storage, the dialogue step is not in the update's transaction: it is
  written to Redis when the handler sets it, even if the handler then fails.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from aiogram.fsm.storage.memory import SimpleEventIsolation
from sqlalchemy import bindparam, delete, event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db.models import FsmRecord, User
from bot.db.unit_of_work import current_session

REDIS_KEY_PREFIX = "salescoach:fsm"
FSM_TTL = timedelta(days=30)


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

    async def _load(self, session: AsyncSession, key: StorageKey) -> FsmRecord | None:
        """The dialogue's row, read once per update: an update asks for its state and data
        several times (aiogram's middleware, the step stamp, the handler), and a row that is
        not there is not remembered by the session as a present one is."""
        db_key = self._key_builder.build(key)
        known = _known_records(session)
        if db_key not in known:
            known[db_key] = await _read_with_user(session, db_key, key.user_id)
        return known[db_key]

    async def _record(
        self, session: AsyncSession, key: StorageKey, *, create: bool
    ) -> FsmRecord | None:
        record = await self._load(session, key)
        if record is None and create:
            record = FsmRecord(
                key=self._key_builder.build(key), state=None, data="{}", user_id=key.user_id
            )
            # Inserted at the commit with its final state and data: one statement.
            session.add(record)
            _known_records(session)[record.key] = record
        return record

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._session() as session:
            # Clearing a dialogue that never started writes nothing; setting the same state
            # again is no change either, and the ORM then emits no UPDATE.
            record = await self._record(session, key, create=value is not None)
            if record is not None:
                record.state = value

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            record = await self._load(session, key)
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        encoded = json.dumps(dict(data), ensure_ascii=False)
        async with self._session() as session:
            record = await self._record(session, key, create=encoded != "{}")
            if record is not None and record.data != encoded:
                record.data = encoded

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            record = await self._load(session, key)
            if record is None:
                return {}
            loaded = json.loads(record.data or "{}")
            return loaded if isinstance(loaded, dict) else {}

    async def close(self) -> None:
        """The engine is owned and disposed by the app, not by the storage."""


_KNOWN_RECORDS = "salescoach_fsm_records"
_USER_ROW = "salescoach_user_row"


# Built once: every update runs it, and building a statement costs more than running it.
_USER_AND_DIALOGUE = (
    select(User, FsmRecord)
    .outerjoin(FsmRecord, FsmRecord.key == bindparam("key"))
    .where(User.id == bindparam("user_id"))
)


async def _read_with_user(session: AsyncSession, db_key: str, user_id: int) -> FsmRecord | None:
    """The dialogue's row, read in one statement with the user's row when there is one: the
    user middleware, next on every update, then finds the user in the session (no second
    statement). Read here, under aiogram's per-user lock, so a double tap's second press sees
    what the first one committed."""
    row = (await session.execute(_USER_AND_DIALOGUE, {"key": db_key, "user_id": user_id})).first()
    if row is not None:
        # The session holds loaded rows weakly: keep the user's alive for the middleware.
        session.info[_USER_ROW] = row[0]
        return row[1]
    return await session.get(FsmRecord, db_key)  # no user row yet: their first contact


def _known_records(session: AsyncSession) -> dict[str, FsmRecord | None]:
    known: dict[str, FsmRecord | None] = session.info.setdefault(_KNOWN_RECORDS, {})
    return known


@event.listens_for(Session, "after_soft_rollback")
def _forget_known_records(session: Session, _transaction: Any) -> None:
    # A rollback drops added rows and expires loaded ones: read them again.
    session.info.pop(_KNOWN_RECORDS, None)


async def erase_user_fsm(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(FsmRecord).where(FsmRecord.user_id == user_id))
    session.info.pop(_KNOWN_RECORDS, None)


def create_storage(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> BaseStorage:
    """Redis when REDIS_URL is set (several instances), else our own database."""
    if settings.redis_url:
        # Imported only when configured: a single-instance bot never loads the Redis client.
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(
            settings.redis_url,
            key_builder=DefaultKeyBuilder(
                prefix=REDIS_KEY_PREFIX, with_bot_id=True, with_destiny=True
            ),
            state_ttl=FSM_TTL,
            data_ttl=FSM_TTL,
        )
    return SQLAlchemyStorage(session_factory)


def create_isolation(storage: BaseStorage) -> BaseEventIsolation:
    """A cross-instance lock per user and chat on Redis; an in-process one otherwise, so two
    presses of one person that arrive together (a double tap) are handled one after the other."""
    if isinstance(storage, SQLAlchemyStorage):
        return SimpleEventIsolation()
    from aiogram.fsm.storage.redis import RedisStorage

    if isinstance(storage, RedisStorage):
        from bot.redis_lease_lock import LeasedRedisEventIsolation

        return LeasedRedisEventIsolation(storage.redis, storage.key_builder)
    return SimpleEventIsolation()
