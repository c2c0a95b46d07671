"""Amounts people mean (#13), through the emulator: an unlikely amount is echoed back before
it is saved, «1.500» is read as thousands and said so, other currencies and huge numbers get a
clear answer, and money is shown in roubles without kopecks over 1 000."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import CheckIn
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage
from tests.e2e.conftest import ManualClock, RunningBot, StartBot

T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 10:00 in Moscow


@pytest.fixture
async def amounts_bot(start_bot: StartBot) -> RunningBot:
    return await start_bot(ManualClock(T0))


def text(message: BotMessage) -> str:
    return message.text.replace("\u202f", " ").replace("\xa0", " ")


async def sales_of(factory: async_sessionmaker[AsyncSession], user_id: int) -> Decimal | None:
    async with factory() as session:
        return await session.scalar(
            select(CheckIn.sales_to_date).where(
                CheckIn.user_id == user_id, CheckIn.local_date == date(2026, 11, 23)
            )
        )


async def test_amounts_people_mean(
    amounts_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    rep = emulator.user(7201, "Дарья")
    await rep.send("/start")
    await rep.press("Русский")
    await rep.press("Менеджер по продажам")
    await rep.press("Москва · UTC+3")
    await rep.press("09:00")
    await rep.send("/plan")
    replies = await rep.send("$1,5m")
    assert "План считаю в рублях" in text(replies[-1])
    replies = await rep.send("1,5 млн")
    assert "План на ноябрь: 1 500 000 ₽" in text(replies[-1])

    await rep.send("/checkin")
    await rep.press("4 🙂")
    # «1 млрд» against a plan of 1,5 млн is echoed, not saved.
    replies = await rep.send("1 млрд")
    echo = text(replies[-1])
    assert "Записать 1 000 000 000 ₽" in echo
    assert "в пять с лишним раз больше плана (1 500 000 ₽)" in echo
    assert await sales_of(session_factory, 7201) is None
    replies = await rep.press("✏️ Исправить")
    assert "Сколько продаж" in text(replies[-1])
    # Other currencies are not added to roubles; a huge number is "too big".
    for typed in ("$20k", "£20k"):
        replies = await rep.send(typed)
        assert "считаю в рублях" in text(replies[-1])
    replies = await rep.send("999999999999999")
    assert "слишком большая" in text(replies[-1])
    assert await sales_of(session_factory, 7201) is None
    # «1.500» is 1 500, and the echo says how it was read.
    replies = await rep.send("1.500")
    assert "«1.500» читаю как 1 500 ₽" in text(replies[-1])
    replies = await rep.press("✅ Да, 1\u202f500 ₽")
    assert "Звонки и встречи" in text(replies[-1])
    assert await sales_of(session_factory, 7201) == Decimal(1_500)
    await rep.press("Пропустить")
    await rep.press("Пропустить")

    # The same day again, 123 457: 15 of November's 20 working days → 164 609,33 projected,
    # shown as 164 609 ₽ with no kopecks.
    await rep.send("/checkin")
    await rep.press("✏️ Заполнить заново")
    await rep.press("4 🙂")
    await rep.send("123 457")
    await rep.press("Пропустить")
    replies = await rep.press("Пропустить")
    summary = text(replies[-1])
    assert "Прогноз на конец месяца: 164 609 ₽" in summary
    assert "164 609,33" not in summary
    assert await sales_of(session_factory, 7201) == Decimal(123_457)
