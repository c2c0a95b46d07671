"""Every date is the reader's own calendar date (#16), around midnight in zones east of UTC.

Through the real polling bot and the emulator, with a controlled clock: a nudge never names
yesterday under today's check-in (a late check-in time in Vladivostok, ``/due nudge`` just after
midnight in Moscow); the check-in a nudge opens is the reader's today; members «с …», the team
summary's title and the export's dates are the reader's local dates when UTC is still on the
previous day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import CheckIn, OutboxMessage
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import ManualClock, RunningBot, StartBot

MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))


@pytest.fixture
async def dates_bot(start_bot: StartBot, clock: ManualClock) -> RunningBot:
    return await start_bot(clock)


async def onboard(
    user: EmulatedUser, zone: str, at: str, role: str = "Менеджер по продажам"
) -> None:
    await user.send("/start")
    await user.press("Русский")
    await user.press(role)
    await user.press(zone)
    if at in {"09:00", "18:00"}:
        await user.press(at)
    else:
        await user.send(at)


def nudges(user: EmulatedUser) -> list[BotMessage]:
    return [m for m in user.messages if m.text.startswith("👋 Напоминаю")]


def prompts(user: EmulatedUser) -> list[BotMessage]:
    return [m for m in user.messages if m.text.startswith("☀️")]


async def outbox(factory: async_sessionmaker[AsyncSession], user_id: int) -> list[tuple[str, date]]:
    async with factory() as session:
        rows = await session.execute(
            select(OutboxMessage.kind, OutboxMessage.local_date)
            .where(OutboxMessage.user_id == user_id)
            .order_by(OutboxMessage.id)
        )
        return [(kind, day) for kind, day in rows]


async def test_a_late_checkin_in_vladivostok_gets_no_nudge_after_midnight(
    dates_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    clock.now = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)  # Monday 21:00 in Vladivostok
    vera = emulator.user(9101, "Вера")
    await onboard(vera, "Владивосток · UTC+10", "22:30")
    # Monday 22:31 in Vladivostok (12:31 UTC): Monday's check-in comes.
    clock.now = datetime(2026, 11, 23, 12, 31, tzinfo=UTC)
    await vera.send("/due checkin")
    [monday_prompt] = prompts(vera)
    assert monday_prompt.text.startswith("☀️ Чек-ин · пн, 23 ноября")

    # Three hours later it is Tuesday 01:31 in Vladivostok: a nudge would name Monday under
    # what the reader already calls Tuesday, so none is sent (a tick runs via /due survey).
    clock.now = datetime(2026, 11, 23, 15, 32, tzinfo=UTC)
    await vera.send("/due survey")
    assert nudges(vera) == []
    assert ("nudge", MONDAY) not in await outbox(session_factory, 9101)
    replies = await vera.send("/due nudge")
    assert "Напоминать не о чем" in replies[-1].text
    assert nudges(vera) == []

    # Monday's prompt can still be answered until Tuesday's comes, and says so by its date.
    await vera.press_button(monday_prompt, 3)
    await vera.send("100 000")
    await vera.press("Пропустить")
    replies = await vera.press("Пропустить")
    assert "Чек-ин за пн, 23 ноября сохранён" in replies[-1].text


async def test_an_evening_nudge_in_moscow_names_that_day(
    dates_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    clock.now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday 17:00 in Moscow
    oleg = emulator.user(9102, "Олег")
    await onboard(oleg, "Москва · UTC+3", "18:00")
    clock.now = datetime(2026, 11, 23, 15, 1, tzinfo=UTC)  # 18:01
    await oleg.send("/due checkin")
    assert len(prompts(oleg)) == 1
    clock.now = datetime(2026, 11, 23, 18, 2, tzinfo=UTC)  # 21:02, still Monday
    await oleg.send("/due survey")
    [nudge] = nudges(oleg)
    assert "Напоминаю про чек-ин за пн, 23 ноября" in nudge.text
    assert ("nudge", MONDAY) in await outbox(session_factory, 9102)


async def test_a_nudge_just_after_midnight_in_moscow_is_about_today(
    dates_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    clock.now = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # Monday 23:00 in Moscow
    anna = emulator.user(9103, "Анна")
    await onboard(anna, "Москва · UTC+3", "09:00")
    # Tuesday 00:20 in Moscow is still Monday in UTC.
    clock.now = datetime(2026, 11, 23, 21, 20, tzinfo=UTC)
    await anna.send("/due checkin")
    [prompt] = prompts(anna)
    assert prompt.text.startswith("☀️ Чек-ин · вт, 24 ноября")
    await anna.send("/due nudge")
    [nudge] = nudges(anna)
    assert "за вт, 24 ноября" in nudge.text
    assert "пн, 23 ноября" not in nudge.text
    # The nudge opens the reader's today, and the summary says which day was saved.
    await anna.press_button(nudge, 4)
    await anna.send("200 000")
    await anna.press("Пропустить")
    replies = await anna.press("Пропустить")
    assert "Чек-ин за вт, 24 ноября сохранён" in replies[-1].text
    async with session_factory() as session:
        saved = list(await session.scalars(select(CheckIn).where(CheckIn.user_id == 9103)))
    assert [(c.local_date, c.energy) for c in saved] == [(TUESDAY, 5)]
    assert await outbox(session_factory, 9103) == [("checkin", TUESDAY), ("nudge", TUESDAY)]


async def test_team_dates_are_the_heads_and_members_own_calendar_days(
    dates_bot: RunningBot,
    emulator: BotAPIEmulator,
    clock: ManualClock,
) -> None:
    clock.now = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # Monday 13:00 in Vladivostok
    head = emulator.user(9110, "Ирина")
    await onboard(head, "Владивосток · UTC+10", "09:00", role="Руководитель отдела продаж")
    await head.send("/team")
    await head.press("➕ Создать команду")
    replies = await head.send("Восток")
    code = replies[-1].text.split("start=join_")[1].split()[0]

    # Tuesday 00:30 in Vladivostok; UTC is still on Monday 14:30.
    clock.now = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    rep = emulator.user(9111, "Пётр")
    await onboard(rep, "Владивосток · UTC+10", "09:00")
    await rep.send(f"/start join_{code}")
    await rep.press("✅ Вступить")
    replies = await rep.send("/checkin")
    assert replies[-1].text.startswith("☀️ Чек-ин · вт, 24 ноября")
    await rep.press("4 🙂")
    await rep.send("100 000")
    await rep.press("Пропустить")
    replies = await rep.press("Пропустить")
    assert any("Чек-ин за вт, 24 ноября сохранён" in m.text for m in replies)

    clock.now += timedelta(minutes=10)
    replies = await head.send("/team")
    assert "24.11.2026" in replies[-1].text
    assert "23.11.2026" not in replies[-1].text
    await head.press("👥 Участники")
    assert "Пётр — с 24.11.2026" in head.last.text

    replies = await head.send("/export")
    csv = next(m for m in replies if (m.filename or "").endswith(".csv"))
    exported = (csv.file_bytes or b"").decode("utf-8-sig")
    assert ";2026-11-24;4;100000" in exported
    assert "2026-11-23" not in exported
    xlsx = next(m for m in replies if (m.filename or "").endswith(".xlsx"))
    assert "2026-11-24" in (xlsx.filename or "")


async def test_a_checkin_sent_after_the_readers_midnight_asks_about_that_day(
    dates_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Monday 20:00 in Vladivostok
    ivan = emulator.user(9120, "Иван")
    await onboard(ivan, "Владивосток · UTC+10", "23:30")
    # The bot was down over Monday 23:30; it ticks again at Tuesday 00:20 in Vladivostok.
    clock.now = datetime(2026, 11, 23, 14, 20, tzinfo=UTC)
    await ivan.send("/due survey")
    [late] = prompts(ivan)
    assert late.text.startswith("☀️ Чек-ин · пн, 23 ноября")
    assert "в тот день" in late.text
    assert "сегодня" not in late.text
    assert ("checkin", MONDAY) in await outbox(session_factory, 9120)
    # Answered: the prompt keeps speaking of that day, and Monday's check-in is saved.
    await ivan.press_button(late, 2)
    assert "в тот день" in late.text
    assert "✅ Энергия: 3/5" in late.text
    async with session_factory() as session:
        saved = list(await session.scalars(select(CheckIn).where(CheckIn.user_id == 9120)))
    assert [(c.local_date, c.energy) for c in saved] == [(MONDAY, 3)]


async def test_unchanged_sales_names_no_day_and_keeps_the_last_total(
    dates_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    """The last total this month may be from any earlier day (Monday's, read on Wednesday):
    the button says «Без изменений», not «Как вчера»."""
    clock.now = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 10:00 in Moscow
    lena = emulator.user(9130, "Лена")
    await onboard(lena, "Москва · UTC+3", "09:00")
    await lena.send("/checkin")
    await lena.press("4 🙂")
    await lena.send("300 000")
    clock.now = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # Wednesday: nothing on Tuesday
    await lena.send("/checkin")
    replies = await lena.press("3 😐")
    labels = [
        label.replace("\u202f", " ").replace("\xa0", " ")
        for row in replies[-1].buttons
        for label in row
    ]
    assert "Без изменений: 300 000" in labels
    assert not any("вчера" in label for label in labels)
    await lena.press("Без изменений")
    async with session_factory() as session:
        days = {
            c.local_date: c.sales_to_date
            for c in await session.scalars(select(CheckIn).where(CheckIn.user_id == 9130))
        }
    assert days == {MONDAY: 300_000, date(2026, 11, 25): 300_000}
