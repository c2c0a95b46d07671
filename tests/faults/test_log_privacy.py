"""No personal data in the log, at any level, even when handling what people type fails.

A marker string goes through every free-text input (name, time zone, check-in time, plan
amount, check-in sales, activity and note, drill answer, team name, unknown text) with the
root logger at DEBUG. Then SQLite triggers refuse the marker in the note, the drill answer
and the team name, so those updates fail inside the database with the marker among the
statement's values — the case that used to put ``[parameters: ('MY PRIVATE NOTE',)]`` into
the logged traceback. Every record, formatted by the production formatter, and every raw
message must be free of the marker.
"""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.app import build_app
from bot.config import Settings
from bot.db.engine import create_engine
from bot.db.migrate import upgrade
from bot.devtools.emulator import BotAPIEmulator
from bot.logging_setup import FORMAT, RedactingFormatter, quiet_loggers
from tests.faults.conftest import Fed
from tests.support.drill_answers import model_answer_for

MARKER = "ZQXPRIVATE7731"

REFUSE_MARKER = [
    f"""CREATE TRIGGER refuse_marker_{table} BEFORE {event} ON {table}
        WHEN NEW.{column} LIKE '%{MARKER}%'
        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"""
    for table, event, column in (
        ("checkins", "UPDATE OF note", "note"),
        ("drill_attempts", "UPDATE OF answer", "answer"),
        ("teams", "INSERT", "name"),
    )
]


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Everything logged at any level, as the production formatter writes it."""
    root = logging.getLogger()
    saved = (
        root.level,
        {name: logging.getLogger(name).level for name in ("aiosqlite", "aiogram.event")},
    )
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(RedactingFormatter(FORMAT))
    handler.setLevel(logging.DEBUG)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    quiet_loggers("DEBUG")
    yield output
    root.removeHandler(handler)
    root.setLevel(saved[0])
    for name, level in saved[1].items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
async def fed_with_failures(settings: Settings, emulator: BotAPIEmulator) -> AsyncIterator[Fed]:
    """The real Dispatcher; unlike ``fed``, errors are expected here."""
    app = await build_app(settings.model_copy(update={"telegram_api_url": emulator.base_url}))
    yield Fed(app, emulator)
    await app.close()


@pytest.mark.sqlite_only  # the triggers are SQLite's
async def test_the_marker_never_reaches_the_log(
    fed_with_failures: Fed, log_output: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    fed = fed_with_failures
    caplog.set_level(logging.DEBUG)
    async with fed.app.engine.begin() as connection:
        for statement in REFUSE_MARKER:
            await connection.exec_driver_sql(statement)
    # The triggers' own text holds the marker; the log starts after them.
    log_output.seek(0)
    log_output.truncate()
    caplog.clear()

    # Onboarding with the marker in the name, the time zone and the check-in time.
    newcomer = fed.emu.user(880_001, f"Ирина {MARKER}")
    await fed.send(newcomer, "/start")
    await fed.press(newcomer, "Русский")
    await fed.press(newcomer, "Менеджер по продажам")
    await fed.send(newcomer, f"{MARKER} Москва")
    await fed.press(newcomer, "Москва · UTC+3")
    await fed.send(newcomer, f"в 9 {MARKER}")

    user = await fed.known_user()
    await fed.send(user, f"привет {MARKER}")
    await fed.send(user, "/plan")
    await fed.press(user, "✏️ Задать план")
    await fed.send(user, f"{MARKER} рублей")
    await fed.send(user, "/cancel")
    await fed.send(user, "/checkin")
    await fed.press(user, "3 😐")
    await fed.send(user, f"{MARKER} 100")
    await fed.press(user, "Пропустить")
    await fed.send(user, f"{MARKER} звонков")
    await fed.press(user, "Пропустить")
    await fed.send(user, f"Заметка: {MARKER}")  # refused by the trigger: an error
    drill = await fed.send(user, "/drill")
    # A real answer (an off-topic one is refused before it is stored): the trigger refuses it.
    await fed.send(user, f"{model_answer_for(drill[-1].text)} {MARKER}")

    head = await fed.known_user(role="head_of_sales")
    await fed.send(head, "/team")
    await fed.press(head, "➕ Создать команду")
    await fed.send(head, f"Отдел {MARKER}")  # refused: an error

    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) >= 3, "the refused writes should have failed the updates"
    written = log_output.getvalue()
    assert "Traceback" in written
    assert MARKER not in written
    for record in caplog.records:
        assert MARKER not in record.getMessage(), (record.name, record.levelname)


@pytest.mark.sqlite_only
async def test_a_database_error_does_not_quote_the_values(settings: Settings) -> None:
    engine = create_engine(settings)
    try:
        await upgrade(engine)
        async with engine.begin() as connection:
            await connection.exec_driver_sql(REFUSE_MARKER[2])
        with pytest.raises(DBAPIError) as caught:
            async with engine.begin() as connection:
                await connection.execute(
                    text("INSERT INTO teams (head_id, name, created_at) VALUES (1, :name, :at)"),
                    {"name": MARKER, "at": "2026-01-01 00:00:00"},
                )
        assert "refused by the test" in str(caught.value)
        assert MARKER not in str(caught.value)
    finally:
        await engine.dispose()
