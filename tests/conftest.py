"""Shared fixtures: a fresh migrated database per test and settings pointing at it.

By default the database is a temporary SQLite file. With ``TEST_DATABASE_URL`` (a
postgresql+asyncpg URL, as ``make test`` and ``.ci/with-services`` set it) the same tests run
on PostgreSQL, and with ``TEST_REDIS_URL`` the bot keeps its FSM state in Redis:

- the PostgreSQL pass runs only the tests that touch the database (those using ``db_url``,
  directly or through ``settings``, ``engine``, ``session_factory``, ``running_bot``) and the
  ``pg`` tests; the pure ones already ran on SQLite and would prove nothing new;
- each test gets its own database: a copy of a template migrated once per session when the
  test asks for ``engine`` (about 80 ms), an empty one otherwise (the test or the app migrates);
- tests marked ``sqlite_only`` check SQLite specifics and are left out;
- tests marked ``pg`` need PostgreSQL: without it they are skipped with the reason shown, and
  with ``CI=1`` they fail instead.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
import redis
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings, load_settings
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade

TEST_TOKEN = "123456:TEST-TOKEN-abcdefghijklmnop"

PG_URL = os.environ.get("TEST_DATABASE_URL") or None
REDIS_URL = os.environ.get("TEST_REDIS_URL") or None
UNAVAILABLE = os.environ.get("TEST_SERVICES_UNAVAILABLE") or None
IN_CI = os.environ.get("CI") == "1"
WHY_NO_PG = UNAVAILABLE or "TEST_DATABASE_URL is not set (`make test` starts a server)"
NO_PG_REASON = f"PostgreSQL tests skipped: {WHY_NO_PG}"


_NEEDS_PG = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pg: needs PostgreSQL (TEST_DATABASE_URL)")
    config.addinivalue_line("markers", "sqlite_only: checks SQLite specifics; not run on PG")


def _database_line() -> str:
    if PG_URL is None:
        return "database: SQLite" + (f" ({NO_PG_REASON})" if UNAVAILABLE else "")
    redis_part = " + Redis FSM storage" if REDIS_URL else ""
    return f"database: PostgreSQL {make_url(PG_URL).render_as_string()}{redis_part}"


def pytest_report_header(config: pytest.Config) -> str:
    return _database_line()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(_database_line())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    pg_pass = PG_URL is not None or UNAVAILABLE is not None
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        is_pg = item.get_closest_marker("pg") is not None
        uses_db = "db_url" in getattr(item, "fixturenames", ())
        if pg_pass and (item.get_closest_marker("sqlite_only") or not (uses_db or is_pg)):
            dropped.append(item)
            continue
        if PG_URL is None and (is_pg or UNAVAILABLE):
            item.stash[_NEEDS_PG] = True
        keep.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.stash.get(_NEEDS_PG, False):
        if IN_CI:
            pytest.fail(f"CI=1 needs the PostgreSQL tests to run: {WHY_NO_PG}", pytrace=False)
        pytest.skip(NO_PG_REASON)


def _run(coroutine: object) -> None:
    """Run admin SQL on a private loop (fixtures here are sync; the test's loop is not ours)."""
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(coroutine)  # type: ignore[arg-type]
    finally:
        loop.close()


async def _admin(*statements: str) -> None:
    assert PG_URL is not None
    dsn = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def _pg_database_url(name: str) -> str:
    assert PG_URL is not None
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A database migrated to head once per session; tests get copies of it."""
    name = f"salescoach_test_{os.getpid()}_template"
    _run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'))

    async def migrate() -> None:
        engine = create_engine(load_settings(database_url=_pg_database_url(name), _env_file=None))
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    _run(migrate())
    yield name
    _run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if PG_URL is None:
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
        return
    name = f"salescoach_test_{os.getpid()}_{next(_database_numbers)}"
    # A test that takes `engine` wants a migrated database; the others (the stairway, the
    # app's own start-up) migrate it themselves.
    template = (
        request.getfixturevalue("pg_template") if "engine" in request.fixturenames else "template0"
    )
    _run(_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield _pg_database_url(name)
    _run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def redis_url() -> str | None:
    """The test Redis, emptied for this test; None on the SQLite pass."""
    if PG_URL is None or REDIS_URL is None:
        return None
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def settings(db_url: str, redis_url: str | None) -> Settings:
    # Scripted users type far faster than people, often under a frozen clock: per-user
    # throttling would drop their updates. tests/faults/test_throttle.py sets real limits.
    # Reply pacing would make them wait real seconds; tests/faults/test_reply_pacing.py
    # turns it on with a fake clock.
    return load_settings(
        bot_token=TEST_TOKEN,
        database_url=db_url,
        redis_url=redis_url,
        throttle_rate=100.0,
        throttle_burst=1000,
        reply_pacing=False,
        team_files_per_minute=1000,  # tests/e2e/test_team_files.py sets the real limit
        _env_file=None,
    )


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings)
    await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)
