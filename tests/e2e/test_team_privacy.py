"""Privacy that holds (#13), through the emulator: a note written before joining or before
sharing was switched on never reaches the head's /export, check-ins from before joining are
not exported, and this week's survey answers move nothing on /team."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import BurnoutSurvey
from bot.devtools.emulator import BotAPIEmulator
from tests.e2e.conftest import RunningBot
from tests.e2e.test_teams import T0, ManualClock, clock, make_team, onboard, team_bot

__all__ = ["clock", "team_bot"]  # the fixtures this module uses from the teams tests


async def checkin(member: object, note: str) -> None:
    await member.send("/checkin")  # type: ignore[attr-defined]
    await member.press("4 🙂")  # type: ignore[attr-defined]
    await member.send("100 000")  # type: ignore[attr-defined]
    await member.press("Пропустить")  # type: ignore[attr-defined]
    await member.send(note)  # type: ignore[attr-defined]


async def test_notes_and_data_only_from_joining_and_sharing(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    head = emulator.user(7501, first_name="Ирина")
    code = await make_team(head, "Север")
    anna = emulator.user(7502, first_name="Анна")
    await onboard(anna)
    await checkin(anna, "до вступления")  # Wednesday, before joining
    clock.advance(timedelta(minutes=30))  # joins half an hour later, the same day
    await anna.send(f"/start join_{code}")
    await anna.press("✅ Вступить")
    clock.advance(timedelta(days=1))  # Thursday: a note while not sharing
    await checkin(anna, "пока не делюсь")
    await anna.send("/team")
    await anna.press("📝 Показывать заметки")
    clock.advance(timedelta(days=1))  # Friday: sharing is on
    await checkin(anna, "уже делюсь")

    replies = await head.send("/export")
    csv = next(m for m in replies if (m.filename or "").endswith(".csv"))
    text = (csv.file_bytes or b"").decode("utf-8-sig")
    assert "уже делюсь" in text
    assert "пока не делюсь" not in text
    assert "до вступления" not in text
    # Data from the moment of joining: the check-in answered half an hour before it, on the
    # joining day, is not exported at all; the next day's is.
    assert "Анна;7502;2026-03-04" not in text
    assert "Анна;7502;2026-03-05;4;100000" in text

    # This week's survey answers: /team is the same before and after them.
    replies = await head.send("/team")
    before = replies[-1].text
    async with session_factory() as session:
        session.add(
            BurnoutSurvey(
                user_id=7502,
                week_start=date(2026, 3, 2),
                answers="0000004",
                score=100.0,
                completed_at=T0,
            )
        )
        await session.commit()
    replies = await head.send("/team")
    assert replies[-1].text == before
    assert "🔴" not in replies[-1].text
