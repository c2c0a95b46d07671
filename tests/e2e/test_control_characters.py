"""Control characters never reach storage or an export (issue #17).

One U+0001 in a note used to make the head's XLSX export fail for as long as the check-in
was in range (openpyxl's IllegalCharacterError), with the note in the logged error. Typed
text is cleaned on the way in; rows stored before that are cleaned on the way out.
"""

from __future__ import annotations

import io
import logging
from datetime import timedelta

import openpyxl  # type: ignore[import-untyped]
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import CheckIn
from bot.db.models import User
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import RunningBot
from tests.e2e.test_teams import (  # noqa: F401  (fixtures)
    ManualClock,
    clock,
    make_team,
    onboard,
    team_bot,
)

DIRTY = "Клиент\x01 перенёс\x0b встречу\x1f"
CLEAN = "Клиент перенёс встречу"


async def _team_with_a_sharing_member(
    emulator: BotAPIEmulator, fake_clock: ManualClock
) -> tuple[EmulatedUser, EmulatedUser]:
    head = emulator.user(6101, first_name="Ирина")
    code = await make_team(head, "Север")
    member = emulator.user(6102, first_name="Пётр\x07")
    await member.send(f"/start join_{code}")
    await onboard_rest(member)
    await member.press("✅ Вступить и показывать заметки")
    fake_clock.advance(timedelta(minutes=5))  # notes count from strictly after sharing began
    return head, member


async def onboard_rest(user: EmulatedUser) -> None:
    await user.press("Русский")
    await user.press("Менеджер по продажам")
    await user.press("Москва · UTC+3")
    await user.press("09:00")


def _export_notes(replies: list[object]) -> list[object]:
    """Every cell of every sheet of the workbook, and every field of the CSV."""
    documents = [m for m in replies if getattr(m, "kind", None) == "document"]
    assert len(documents) == 2, "the export did not arrive"
    data = [d.file_bytes or b"" for d in documents]  # type: ignore[attr-defined]
    workbook = openpyxl.load_workbook(io.BytesIO(data[0]))
    cells = [
        value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    return cells + data[1].decode("utf-8-sig").replace("\r\n", ";").split(";")


async def test_typed_control_characters_are_not_stored_and_the_export_works(
    team_bot: RunningBot,  # noqa: F811
    clock: ManualClock,  # noqa: F811
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    head, member = await _team_with_a_sharing_member(emulator, clock)
    await member.send("/checkin")
    await member.press("4 🙂")
    await member.press("Пропустить")
    await member.press("Пропустить")
    await member.send(DIRTY)
    async with session_factory() as session:
        note = await session.scalar(select(CheckIn.note).where(CheckIn.user_id == member.id))
        name = await session.scalar(select(User.first_name).where(User.id == member.id))
    assert note == CLEAN
    assert name == "Пётр"
    assert CLEAN in _export_notes(await head.send("/export"))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_old_row_with_control_characters_still_exports(
    team_bot: RunningBot,  # noqa: F811
    clock: ManualClock,  # noqa: F811
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    head, member = await _team_with_a_sharing_member(emulator, clock)
    await member.send("/checkin")
    await member.press("4 🙂")
    await member.press("Пропустить")
    await member.press("Пропустить")
    await member.send("заметка")
    async with session_factory() as session:  # as a row stored before the input was cleaned
        await session.execute(
            update(CheckIn).where(CheckIn.user_id == member.id).values(note=DIRTY)
        )
        await session.commit()
    assert CLEAN in _export_notes(await head.send("/export"))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
