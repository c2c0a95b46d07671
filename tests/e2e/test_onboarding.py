"""A new user goes from /start to a finished profile, through the emulator."""

from __future__ import annotations

from datetime import time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import User
from bot.devtools.emulator import BotAPIEmulator
from tests.e2e.conftest import RunningBot


async def _user_row(factory: async_sessionmaker[AsyncSession], user_id: int) -> User | None:
    async with factory() as session:
        return await session.get(User, user_id)


async def test_onboarding_in_russian(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    ann = emulator.user(1001, first_name="Анна", language_code="ru")

    replies = await ann.send("/start")
    assert "Здравствуйте, Анна" in replies[0].text
    assert replies[-1].buttons == [["🇷🇺 Русский ✓", "🇬🇧 English"]]

    replies = await ann.press("🇷🇺 Русский ✓")
    assert "Шаг 2 из 4" in replies[-1].text
    assert ["Менеджер по продажам"] in replies[-1].buttons
    assert ann.messages[-2].text.endswith("Русский")  # the question became a record
    assert ann.messages[-2].buttons == []

    replies = await ann.press("Менеджер по продажам")
    assert "Шаг 3 из 4" in replies[-1].text

    replies = await ann.press("Москва · UTC+3")
    assert "Шаг 4 из 4" in replies[-1].text

    replies = await ann.send("9:30")
    done = replies[-1].text
    assert "Готово, Анна" in done
    assert "Менеджер по продажам" in done
    assert "Москва (UTC+3)" in done
    assert "09:30" in done

    user = await _user_row(session_factory, 1001)
    assert user is not None
    assert user.is_onboarded
    assert (user.language, user.role, user.timezone) == ("ru", "sales_manager", "Europe/Moscow")
    assert user.checkin_time == time(9, 30)

    help_reply = await ann.send("/help")
    assert "менеджер по продажам" in help_reply[0].text.lower()


async def test_english_user_with_typed_answers_and_mistakes(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    bob = emulator.user(1002, first_name="Bob", language_code="en-US")
    replies = await bob.send("/start")
    assert replies[-1].buttons == [["🇷🇺 Русский", "🇬🇧 English ✓"]]

    replies = await bob.send("English please")  # typed where a button is expected
    assert "choose with a button" in replies[0].text
    assert replies[-1].buttons == [["🇷🇺 Русский", "🇬🇧 English ✓"]]

    await bob.press("English")
    await bob.press("Head of sales")

    replies = await bob.send("Mars/Olympus")
    assert "couldn't find the time zone “Mars/Olympus”" in replies[0].text
    assert replies[0].buttons  # the zone buttons come back with the re-ask

    replies = await bob.send_sticker()
    assert "answer with text" in replies[0].text

    replies = await bob.send("america/new_york")
    assert "Step 4 of 4" in replies[-1].text

    replies = await bob.send("25:00")
    assert "couldn't read “25:00”" in replies[0].text
    replies = await bob.send("7:15 am")
    assert "All set, Bob" in replies[-1].text

    user = await _user_row(session_factory, 1002)
    assert user is not None
    assert (user.language, user.role, user.timezone) == ("en", "head_of_sales", "America/New_York")
    assert user.checkin_time == time(7, 15)


async def test_html_in_names_and_answers_is_shown_literally(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    ann = emulator.user(1003, first_name="<b>Ann & Co</b>", language_code="en")
    replies = await ann.send("/start")
    assert "Hi <b>Ann & Co</b>!" in replies[0].text
    await ann.press("English")
    await ann.press("Sales analyst")
    replies = await ann.send("<i>Zone</i> & <tag>")
    assert "“<i>Zone</i> & <tag>”" in replies[0].text
    # running_bot's teardown asserts the emulator refused nothing.


async def test_restart_in_the_middle_of_onboarding_resumes(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    ann = emulator.user(1004, first_name="Ann", language_code="ru")
    await ann.send("/start")
    await ann.press("Русский")
    await ann.press("Аккаунт-менеджер")  # now at the time-zone step

    await running_bot.restart()

    # The buttons of the message sent before the restart still work…
    replies = await ann.press("Самара · UTC+4")
    assert "Шаг 4 из 4" in replies[-1].text

    await running_bot.restart()

    # …and /start after a restart picks up at the same step.
    replies = await ann.send("/start")
    assert "Продолжим настройку" in replies[0].text
    assert "Шаг 4 из 4" in replies[-1].text
    replies = await ann.press("10:00")
    assert "Готово" in replies[-1].text

    user = await _user_row(session_factory, 1004)
    assert user is not None
    assert (user.role, user.timezone, user.checkin_time) == (
        "account_manager",
        "Europe/Samara",
        time(10, 0),
    )


async def test_command_menus_are_set_per_language(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    menus = {language: commands for (_, language), commands in emulator.commands.items()}
    assert {"", "ru"} <= set(menus)
    assert [c["command"] for c in menus["ru"]] == [c["command"] for c in menus[""]]
    assert "help" in [c["command"] for c in menus["ru"]]
    assert menus["ru"][0]["description"] != menus[""][0]["description"]
