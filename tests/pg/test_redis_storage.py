"""REDIS_URL switches the FSM storage to aiogram's RedisStorage: our key layout and TTL."""

from __future__ import annotations

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.fsm_storage import FSM_TTL, SQLAlchemyStorage, create_isolation, create_storage


@pytest.mark.pg
async def test_redis_storage_keys_and_ttl(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    assert settings.redis_url is not None, "the PostgreSQL pass sets TEST_REDIS_URL"
    storage = create_storage(settings, session_factory)
    try:
        assert isinstance(storage, RedisStorage)
        assert isinstance(create_isolation(storage), RedisEventIsolation)
        key = StorageKey(bot_id=42, chat_id=7, user_id=7)
        await storage.set_state(key, "Onboarding:role")
        await storage.set_data(key, {"flow": "onboarding"})

        assert await storage.get_state(key) == "Onboarding:role"
        assert await storage.get_data(key) == {"flow": "onboarding"}
        names = sorted(k.decode() for k in await storage.redis.keys("salescoach:fsm:*"))
        assert names == [
            "salescoach:fsm:42:7:7:default:data",
            "salescoach:fsm:42:7:7:default:state",
        ]
        for name in names:
            ttl = await storage.redis.ttl(name)
            assert FSM_TTL.total_seconds() - 60 < ttl <= FSM_TTL.total_seconds()

        await storage.set_state(key, None)
        await storage.set_data(key, {})
        assert await storage.redis.keys("salescoach:fsm:*") == []
    finally:
        await storage.close()


async def test_without_redis_the_dialogue_stays_in_the_database(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    storage = create_storage(settings.model_copy(update={"redis_url": None}), session_factory)
    assert isinstance(storage, SQLAlchemyStorage)
    assert isinstance(create_isolation(storage), SimpleEventIsolation)
