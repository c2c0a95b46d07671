"""One update per user and chat at a time across instances, on a short renewed Redis lease.

aiogram's RedisEventIsolation takes a Redis lock with a fixed 60-second timeout. When an
instance dies while handling an update (kill -9, OOM, a host reboot), its lock stays until that
timeout: the person's next press waits up to a minute, Telegram expires the press meanwhile,
and they see nothing happen. Here the lock is a short lease renewed while the handler runs, so
a dead holder releases the person within :data:`LEASE` seconds, and a long handler keeps it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from aiogram.fsm.storage.base import BaseEventIsolation, KeyBuilder, StorageKey

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.lock import Lock

logger = logging.getLogger(__name__)

LEASE = 10.0  # seconds a dead instance can hold a person; well under Telegram's press expiry
RENEW_EVERY = LEASE / 3  # two renewals can be missed (a stalled loop) before the lease lapses
POLL = 0.05  # seconds between tries while another update of the same person runs


class LeasedRedisEventIsolation(BaseEventIsolation):
    def __init__(self, redis: Redis, key_builder: KeyBuilder) -> None:
        self.redis = redis
        self.key_builder = key_builder

    @contextlib.asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        lease: Lock = self.redis.lock(
            name=self.key_builder.build(key, "lock"),
            timeout=LEASE,
            sleep=POLL,
            raise_on_release_error=False,  # a lapsed lease is logged by the renewer instead
        )
        await lease.acquire()
        renewer = asyncio.create_task(_keep(lease))
        try:
            yield
        finally:
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer
            await lease.release()

    async def close(self) -> None:
        pass


async def _keep(lease: Lock) -> None:
    from redis.exceptions import LockNotOwnedError

    while True:
        await asyncio.sleep(RENEW_EVERY)
        try:
            await lease.reacquire()
        except LockNotOwnedError:
            logger.warning("A per-user update lock lapsed while its update was still handled")
            return
