"""`python -m bot backup <file>` → restore (copy it into place) → the bot sees every row.

The backup is taken while the bot's engine is open and the latest commits still sit in the
WAL file — the case a plain file copy gets wrong.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import cli
from bot.app import build_app
from bot.config import Settings, load_settings
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade
from tests.conftest import TEST_TOKEN
from tests.support.populate import empty_tables, model_tables, populate, row_counts


@pytest.mark.sqlite_only
async def test_backup_restore_and_the_bot_sees_every_row(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = create_engine(settings)
    await upgrade(engine)
    factory = create_session_factory(engine)
    await populate(factory)
    async with factory() as session:
        before = await row_counts(session, model_tables())
    assert not empty_tables(before)

    backup_file = tmp_path / "backups" / "salescoach-backup.sqlite3"
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert cli.main(["backup", str(backup_file)]) == 0  # while the engine is still open
    assert "integrity ok" in capsys.readouterr().out
    await engine.dispose()

    # Restore as the README says: the bot stopped, the file copied to the database path.
    restored_path = tmp_path / "restored" / "salescoach.sqlite3"
    restored_path.parent.mkdir()
    shutil.copyfile(backup_file, restored_path)
    restored = load_settings(
        bot_token=TEST_TOKEN,
        database_url=f"sqlite+aiosqlite:///{restored_path}",
        telegram_api_url="http://127.0.0.1:9",  # never called: the app is built, not started
        _env_file=None,
    )
    app = await build_app(restored)
    try:
        async with app.session_factory() as session:
            after = await row_counts(session, model_tables())
    finally:
        await app.close()
    assert after == before


def test_backup_refuses_a_missing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'nothing.sqlite3'}")
    assert cli.main(["backup", str(tmp_path / "out.sqlite3")]) == 2
    assert "no database" in capsys.readouterr().err
    assert not (tmp_path / "out.sqlite3").exists()


def test_postgresql_gets_the_pg_dump_command_without_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://coach:s3cret@db:5432/sales")
    assert cli.main(["backup", "/backups/sales.dump"]) == 0
    out = capsys.readouterr().out
    assert (
        "pg_dump --format=custom --file=/backups/sales.dump --host=db --port=5432 "
        "--username=coach --dbname=sales" in out
    )
    assert "s3cret" not in out
    assert "pg_restore" in out
