"""Shared fixtures: a migrated temporary SQLite file, settings pointing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings, load_settings
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade

TEST_TOKEN = "123456:TEST-TOKEN-abcdefghijklmnop"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"


@pytest.fixture
def settings(db_url: str) -> Settings:
    return load_settings(bot_token=TEST_TOKEN, database_url=db_url, _env_file=None)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings)
    await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)
