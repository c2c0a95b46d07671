"""/team draws no conclusions from thin or stale data (#13), through the emulator: a member
who joined with one check-in gets "not enough data yet" instead of a verdict, a style and a
trend against nothing; a survey score of 68 with full energy is labelled as the survey, not as
falling energy; a red survey from five weeks ago (and from before joining) no longer makes
anyone red, and /me says when the last survey was; a member's own red survey turns stale after
three weeks (/team says when it was), and one low day is no reason for attention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import BurnoutSurvey
from bot.devtools.emulator import BotAPIEmulator
from tests.e2e.conftest import RunningBot
from tests.e2e.test_teams import T0, ManualClock, clock, make_team, onboard, team_bot

__all__ = ["clock", "team_bot"]  # the fixtures this module uses from the teams tests


async def test_no_verdict_from_thin_or_stale_data(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    head = emulator.user(7301, first_name="Ирина")
    code = await make_team(head, "Север")
    petr = emulator.user(7302, first_name="Пётр")
    anna = emulator.user(7303, first_name="Анна")
    for member in (petr, anna):
        await onboard(member)
        await member.send(f"/start join_{code}")
        await member.press("✅ Вступить")

    # Пётр joined today: a plan, one check-in of 120k with energy 5.
    await petr.send("/plan")
    await petr.send("3 млн")
    await petr.send("/checkin")
    await petr.press("5 🤩")
    await petr.send("120к")
    await petr.press("Пропустить")
    await petr.press("Пропустить")
    # Анна: a survey score of 68 this week and full energy today.
    async with session_factory() as session:
        session.add(
            BurnoutSurvey(
                user_id=7303,
                week_start=date(2026, 3, 2),
                answers="2222222",
                score=68.0,
                completed_at=T0,
            )
        )
        # Пётр's red survey from five weeks ago.
        session.add(
            BurnoutSurvey(
                user_id=7302,
                week_start=date(2026, 1, 26),
                answers="0000004",
                score=100.0,
                completed_at=T0.replace(month=1, day=30),
            )
        )
        await session.commit()
    await anna.send("/checkin")
    await anna.press("5 🤩")
    await anna.press("Пропустить")
    await anna.press("Пропустить")
    await anna.press("Пропустить")

    # A week later: Анна's survey week is over, so it may show (as a flag, never a score).
    clock.advance(timedelta(days=7))
    replies = await head.send("/team")
    summary = replies[-1].text
    petr_line = next(line for line in summary.splitlines() if "Пётр" in line and "%" in line)
    assert "мало данных для выводов" in petr_line
    assert "▲" not in petr_line  # no trend against nothing
    assert "26.01" not in petr_line  # a survey from before joining is not the head's
    assert "Сильно отстаёт" not in summary
    assert "Авторитарный" not in summary
    assert "Признаки выгорания" not in summary  # the old red survey drives nothing
    assert "Энергия на спаде" not in summary
    assert "Опрос: нагрузка выше нормы" in summary  # Анна, labelled by what it is

    replies = await petr.send("/me")
    me = replies[-1].text
    assert "больше трёх недель назад" in me
    assert "Самочувствие: 🟢 в порядке" in me


async def test_a_stale_red_survey_and_one_low_day_are_not_reasons(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    head = emulator.user(7311, first_name="Ирина")
    code = await make_team(head, "Север")
    vera = emulator.user(7312, first_name="Вера")
    gleb = emulator.user(7313, first_name="Глеб")
    for member in (vera, gleb):
        await onboard(member)
        await member.send(f"/start join_{code}")
        await member.press("✅ Вступить")

    # Вера, a member for a week already, answers the survey of the week of 9 March with 90.
    async with session_factory() as session:
        session.add(
            BurnoutSurvey(
                user_id=7312,
                week_start=date(2026, 3, 9),
                answers="0000004",
                score=90.0,
                completed_at=T0 + timedelta(days=9),
            )
        )
        await session.commit()

    # Monday 16 March: the survey is fresh — she is red, and the line says when it was.
    clock.advance(timedelta(days=12))
    summary = (await head.send("/team"))[-1].text
    assert "🔴 Признаки выгорания" in summary
    vera_line = next(line for line in summary.splitlines() if " Вера — " in line and "🧭" in line)
    assert vera_line.startswith("🔴")
    assert "🧭 опрос 09.03" in vera_line
    assert "устарел" not in vera_line

    # Глеб checks in on five working days from 1 April: energy 4, 4, 4, 4, then one day at 2.
    clock.now = datetime(2026, 4, 1, 7, 0, tzinfo=UTC)
    for energy, step in (("4 🙂", 1), ("4 🙂", 1), ("4 🙂", 3), ("4 🙂", 1), ("2 😕", 0)):
        await gleb.send("/checkin")
        await gleb.press(energy)
        await gleb.press("Пропустить")  # sales
        await gleb.press("Пропустить")  # calls and meetings
        await gleb.press("Пропустить")  # the note
        clock.advance(timedelta(days=step))
    assert clock.now.date() == date(2026, 4, 7)

    # Tuesday 7 April: Вера's survey is four weeks old and drives nothing any more; Глеб's one
    # low day turns his flag amber (as in his /me) but is no reason for the head's attention.
    summary = (await head.send("/team"))[-1].text
    assert "Признаки выгорания" not in summary
    assert "Энергия на спаде" not in summary
    assert "Опрос: нагрузка выше нормы" not in summary
    assert "Сейчас никому не нужно особое внимание" in summary
    vera_line = next(line for line in summary.splitlines() if " Вера — " in line and "🧭" in line)
    assert "🧭 опрос 09.03, устарел" in vera_line
    assert not vera_line.startswith("🔴")
    assert any(line.startswith("🟡 Глеб — ") for line in summary.splitlines())
