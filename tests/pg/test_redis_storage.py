"""REDIS_URL switches the FSM storage to aiogram's RedisStorage: our key layout and TTL, and
the per-person update lock on a short renewed lease."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot.redis_lease_lock
from bot.config import Settings
from bot.fsm_storage import FSM_TTL, SQLAlchemyStorage, create_isolation, create_storage
from bot.redis_lease_lock import LEASE, LeasedRedisEventIsolation


@pytest.mark.pg
async def test_redis_storage_keys_and_ttl(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    assert settings.redis_url is not None, "the PostgreSQL pass sets TEST_REDIS_URL"
    storage = create_storage(settings, session_factory)
    try:
        assert isinstance(storage, RedisStorage)
        assert isinstance(create_isolation(storage), LeasedRedisEventIsolation)
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


@pytest.mark.pg
async def test_a_dead_instances_lock_holds_a_person_only_for_the_lease(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A killed instance never releases its lock; aiogram's own lock then blocked the person
    for 60 s (the restarted bot's answer came after Telegram had expired the press)."""
    storage = create_storage(settings, session_factory)
    assert isinstance(storage, RedisStorage)
    isolation = create_isolation(storage)
    key = StorageKey(bot_id=42, chat_id=8, user_id=8)
    name = storage.key_builder.build(key, "lock")
    try:
        async with isolation.lock(key):
            ttl_ms = await storage.redis.pttl(name)
        assert 0 < ttl_ms <= LEASE * 1000
        assert await storage.redis.exists(name) == 0  # released on the way out

        # What a dead holder leaves behind: its token, with the lease it had last renewed.
        monkeypatch.setattr(bot.redis_lease_lock, "LEASE", 0.3)
        await storage.redis.set(name, "dead-instance", px=300)
        async with asyncio.timeout(30), isolation.lock(key):
            assert await storage.redis.get(name) != b"dead-instance"
    finally:
        await storage.redis.delete(name)
        await storage.close()


@pytest.mark.pg
async def test_a_long_update_keeps_its_lock_by_renewing_the_lease(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bot.redis_lease_lock, "LEASE", 0.3)
    monkeypatch.setattr(bot.redis_lease_lock, "RENEW_EVERY", 0.05)
    storage = create_storage(settings, session_factory)
    assert isinstance(storage, RedisStorage)
    isolation = create_isolation(storage)
    key = StorageKey(bot_id=42, chat_id=9, user_id=9)
    name = storage.key_builder.build(key, "lock")
    try:
        async with isolation.lock(key):
            token = await storage.redis.get(name)
            # Redis expires keys in its own real time; three leases pass here.
            await asyncio.sleep(0.9)
            assert await storage.redis.get(name) == token
        assert await storage.redis.exists(name) == 0
    finally:
        await storage.close()
