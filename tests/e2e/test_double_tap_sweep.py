"""Every button of the everyday screens pressed twice (#16): no error reaches the log.

For each screen a head of sales sees (/settings, /tip, /saved, /role, /style, /plan, /pause,
/progress, /team and its pages, /drill's grades, the weekly survey, /delete_me), each callback
button is pressed twice on the same copy of the screen — the second press carries the message
as it was, exactly as a double tap on a phone does. The ``taps_bot`` fixture then checks that
the ERROR log is empty and that Telegram refused nothing but edits to identical content.
"""

from __future__ import annotations

import copy

from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import RunningBot
from tests.e2e.test_taps import ManualClock, clock, onboard, taps_bot
from tests.support.drill_answers import model_answer_for

__all__ = ["clock", "taps_bot"]  # the fixtures this module uses from the taps tests

APOLOGY = "Что-то пошло не так"


def _callback_buttons(message: BotMessage) -> list[int]:
    buttons = [button for row in message.inline_keyboard for button in row]
    return [i for i, button in enumerate(buttons) if isinstance(button.get("callback_data"), str)]


async def _screen(user: EmulatedUser, command: str) -> BotMessage | None:
    replies = await user.send(command)
    with_buttons = [m for m in replies if m.inline_keyboard]
    return copy.deepcopy(with_buttons[-1]) if with_buttons else None


async def sweep(user: EmulatedUser, command: str) -> int:
    """Open ``command``'s screen afresh for each of its buttons and press that button twice.
    Returns how many buttons were pressed."""
    screen = await _screen(user, command)
    assert screen is not None, f"{command} shows no buttons"
    pressed = 0
    for index in _callback_buttons(screen):
        fresh = await _screen(user, command)
        assert fresh is not None
        before = len(user.messages)
        await user.press_button(copy.deepcopy(fresh), index)
        await user.press_button(fresh, index)  # the same, older copy: a double tap
        assert not any(APOLOGY in m.text for m in user.messages[before:]), (command, index)
        pressed += 1
        await user.send("/cancel")  # whatever dialogue the button opened
    return pressed


async def test_every_everyday_button_survives_a_double_tap(
    taps_bot: RunningBot, emulator: BotAPIEmulator, clock: ManualClock
) -> None:
    head = emulator.user(7600, "Ирина")
    await onboard(head, "Руководитель отдела продаж")
    await head.send("/team")
    await head.press("➕ Создать команду")
    await head.send("Север")
    member = emulator.user(7601, "Пётр")
    await onboard(member)
    link = next(m for m in head.messages if "start=join_" in m.text).text
    await member.send("/start join_" + link.split("start=join_")[1].split()[0])
    await member.press("✅ Вступить")
    await head.send("/tip")
    await head.press("⭐ Сохранить")

    pressed = 0
    for command in (
        "/settings",
        "/tip",
        "/saved",
        "/role",
        "/style",
        "/plan",
        "/pause",
        "/progress",
        "/team",
    ):
        pressed += await sweep(head, command)
    # The member's own /team screen: sharing notes on and off.
    pressed += await sweep(member, "/team")

    # A drill's grade buttons, then the buttons after grading.
    replies = await head.send("/drill")
    await head.send(model_answer_for(replies[-1].text))
    grades = copy.deepcopy(head.last)
    for index in _callback_buttons(grades)[:1]:
        await head.press_button(copy.deepcopy(grades), index)
        await head.press_button(grades, index)
        pressed += 1

    # The weekly survey: start twice, answer twice.
    await head.send("/due survey")
    start = copy.deepcopy(next(m for m in reversed(head.messages) if m.inline_keyboard))
    await head.press_button(copy.deepcopy(start), 0)
    await head.press_button(start, 0)
    question = copy.deepcopy(head.last)
    await head.press_button(copy.deepcopy(question), 0)
    await head.press_button(question, 0)
    pressed += 2

    pressed += await sweep(head, "/delete_me")
    assert pressed >= 40
    assert not any(APOLOGY in m.text for m in head.messages + member.messages)
