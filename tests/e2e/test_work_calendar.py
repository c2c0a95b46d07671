"""The Russian work calendar from the user's side (#13): a forecast on 12 January 2026 counts
the fifteen working days January really has; no check-in comes on 9 March (8 March fell on a
Sunday); the survey of a week whose Friday is a holiday (12 June 2026) comes on Thursday; the
calendar can be switched off in /plan → working days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import OutboxMessage, Reminder
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import ManualClock, RunningBot, StartBot

FIRST_WORKING_DAY = datetime(2026, 1, 12, 16, 0, tzinfo=UTC)  # Monday 19:00 in Moscow


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(FIRST_WORKING_DAY)


@pytest.fixture
async def calendar_bot(start_bot: StartBot, clock: ManualClock) -> RunningBot:
    return await start_bot(clock)


def text(message: BotMessage) -> str:
    return message.text.replace("\u202f", " ").replace("\xa0", " ")


async def onboard(user: EmulatedUser) -> None:
    await user.send("/start")
    await user.press("Русский")
    await user.press("Менеджер по продажам")
    await user.press("Москва · UTC+3")
    await user.press("09:00")


async def test_january_forecast_counts_the_russian_working_days(
    calendar_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    rep = emulator.user(7101, "Олег")
    await onboard(rep)
    replies = await rep.send("/plan")
    assert "Производственный календарь: 🇷🇺 Россия" in text(replies[-1])
    replies = await rep.send("3 млн")
    assert "План на январь: 3 000 000" in text(replies[-1])
    await rep.send("/checkin")
    await rep.press("4 🙂")
    await rep.send("150 000")
    await rep.press("Пропустить")
    await rep.press("Пропустить")
    replies = await rep.send("/me")
    # 1 of January's 15 working days is done: 150 000 × 15 = 2 250 000 (not 412 500).
    me = text(replies[-1])
    assert "Прогноз на конец месяца: 2 250 000 ₽ (75%)" in me
    assert "осталось 14 рабочих дней" in me

    # Switched off, the calendar leaves the weekdays alone: 8 of 22 days → 412 500.
    await rep.send("/plan")
    replies = await rep.press("📅 Рабочие дни")
    assert "Праздники и переносы берём из производственного календаря" in text(replies[-1])
    screen = replies[-1]
    await rep.press("без календаря")
    assert "Производственный календарь выключен" in text(screen)
    assert "✓ без календаря" in [label for row in screen.buttons for label in row]
    replies = await rep.press("Готово")
    assert "Производственный календарь: без календаря" in text(replies[-1])
    replies = await rep.send("/me")
    assert "Прогноз на конец месяца: 412 500" in text(replies[-1])


async def test_no_checkin_on_a_public_holiday(
    calendar_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    clock.now = datetime(2026, 3, 6, 7, 0, tzinfo=UTC)  # Friday 10:00 in Moscow
    rep = emulator.user(7102, "Нина")
    await onboard(rep)
    async with session_factory() as session:
        reminder = await session.get(Reminder, (7102, "checkin"))
        assert reminder is not None
        # Monday 9 March is off (8 March fell on a Sunday): the next check-in is Tuesday's.
        assert reminder.next_due_at == datetime(2026, 3, 10, 6, 0, tzinfo=UTC)

    # Monday 09:30: a scheduler tick (run here by /due for the survey) sends no check-in.
    clock.now = datetime(2026, 3, 9, 6, 30, tzinfo=UTC)
    await rep.send("/due survey")
    assert not [m for m in rep.messages if m.text.startswith("☀️")]
    # Tuesday 09:01: the check-in comes.
    clock.now = datetime(2026, 3, 10, 6, 1, tzinfo=UTC)
    await rep.send("/due survey")
    checkins = [m for m in rep.messages if m.text.startswith("☀️")]
    assert [m.text.splitlines()[0] for m in checkins] == ["☀️ Чек-ин · вт, 10 марта"]
    async with session_factory() as session:
        days = await session.scalars(
            select(OutboxMessage.local_date).where(OutboxMessage.kind == "checkin")
        )
        assert list(days) == [date(2026, 3, 10)]


async def test_the_survey_comes_on_thursday_when_friday_is_a_holiday(
    calendar_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    """12 June 2026, Russia Day, is a Friday: the weekly survey (the week's last working day,
    16:00) comes on Thursday, and the next check-in after Thursday is Monday's."""
    clock.now = datetime(2026, 6, 8, 7, 0, tzinfo=UTC)  # Monday 10:00 in Moscow
    rep = emulator.user(7103, "Олег")
    await onboard(rep)
    async with session_factory() as session:
        survey = await session.get(Reminder, (7103, "survey"))
        checkin = await session.get(Reminder, (7103, "checkin"))
        assert survey is not None
        assert checkin is not None
        assert survey.next_due_at == datetime(2026, 6, 11, 13, 0, tzinfo=UTC)  # Thu 16:00

    def surveys() -> list[BotMessage]:
        return [m for m in rep.messages if "Еженедельный опрос" in m.text]

    # Thursday 16:01: a scheduler tick (run here by /due checkin) brings the survey.
    clock.now = datetime(2026, 6, 11, 13, 1, tzinfo=UTC)
    await rep.send("/due checkin")
    assert len(surveys()) == 1
    async with session_factory() as session:
        survey = await session.get(Reminder, (7103, "survey"))
        checkin = await session.get(Reminder, (7103, "checkin"))
        assert survey is not None
        assert checkin is not None
        # Next: the survey on Friday 19 June; the check-in skips the holiday to Monday 15 June.
        assert survey.next_due_at == datetime(2026, 6, 19, 13, 0, tzinfo=UTC)
        assert checkin.next_due_at == datetime(2026, 6, 15, 6, 0, tzinfo=UTC)
