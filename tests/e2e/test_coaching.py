"""/tip, /saved, /role and /style from the user's side, through the emulator."""

from __future__ import annotations

from bot.devtools.emulator import BotAPIEmulator
from tests.e2e.conftest import RunningBot
from tests.e2e.test_profile_and_privacy import onboard


async def test_tips_rotate_take_votes_and_can_be_saved(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    ann = emulator.user(4001, first_name="Анна")
    await onboard(ann, role="Менеджер по продажам")

    replies = await ann.send("/tip")
    first = replies[-1]
    assert first.text.startswith("💡 Менеджер по продажам")
    assert "Влияет на показатель" in first.text
    assert first.buttons == [["👍", "👎"], ["➡️ Ещё совет", "⭐ Сохранить"]]

    await ann.press("👍")
    assert ann.callback_answers[-1]["text"].startswith("Спасибо")
    assert ann.messages[-1].buttons[0] == ["👍 ✓", "👎"]

    await ann.press("⭐ Сохранить")
    assert ann.messages[-1].buttons[1] == ["➡️ Ещё совет", "★ Сохранено"]

    shown = {first.text}
    for _ in range(5):
        replies = await ann.press("➡️ Ещё совет")
        assert replies[-1].text not in shown  # no repeats within a cycle
        shown.add(replies[-1].text)

    replies = await ann.send("/saved")
    saved_body = first.text.split("\n\n")[1]
    assert "Сохранённые советы" in replies[0].text
    assert saved_body[:40] in replies[0].text
    replies = await ann.press("✖ 1")
    assert "Пока ничего не сохранено" in ann.messages[-1].text


async def test_tip_before_start_points_to_start(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    """Not /settings: that would only send a newcomer on to /start."""
    bob = emulator.user(4002, first_name="Bob", language_code="en")
    replies = await bob.send("/tip")
    assert "/start" in replies[0].text
    assert "/settings" not in replies[0].text


async def test_role_card(running_bot: RunningBot, emulator: BotAPIEmulator) -> None:
    lee = emulator.user(4003, first_name="Lee", language_code="en")
    await lee.send("/start")
    await lee.press("English")
    await lee.press("Sales analyst")
    await lee.press("London · UTC+0")
    await lee.press("09:00")
    replies = await lee.send("/role")
    card = replies[0].text
    assert card.startswith("👤 Sales analyst")
    assert "What you are responsible for" in card
    assert "Key metrics" in card
    assert "Self-check question" in card
    await lee.press("🔄 Another question")
    assert lee.messages[-1].text != card or len(lee.messages) == 1
    replies = await lee.press("💡 A tip for this role")
    assert replies[-1].text.startswith("💡 Sales analyst")


async def test_style_practice_scores_once_and_explains(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    head = emulator.user(4004, first_name="Олег")
    await onboard(head, role="Руководитель отдела продаж")

    replies = await head.send("/style")
    scenario = replies[-1]
    assert "Ситуация 1 из" in scenario.text
    assert ["Коучинговый"] in scenario.buttons
    assert ["📚 О стилях"] in scenario.buttons

    # Keep the keyboard, to press it again after it has been answered.
    replies = await head.press("Поддерживающий")
    feedback = replies[-1].text
    assert feedback.startswith(("✅", "👌", "❌"))
    assert "С чего начать разговор" in feedback
    assert "Ваша точность по стилям" in feedback
    assert head.messages[-2].buttons == []  # the scenario's buttons are gone

    replies = await head.press("📚 О стилях")
    assert "Пять стилей управления" in replies[-1].text
    await head.press("Авторитарный")
    assert "Когда вредит" in head.messages[-1].text

    replies = await head.press("➡️ Следующая ситуация")
    assert "Ситуация 2 из" in replies[-1].text


async def test_a_second_press_on_an_answered_scenario_scores_once(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    from tests.e2e.test_profile_and_privacy import _press_with_data

    head = emulator.user(4005, first_name="Олег")
    await onboard(head, role="Руководитель отдела продаж")
    await head.send("/style")
    scenario = head.last
    button = scenario.inline_keyboard[0][0]
    await head.press(button["text"])
    messages_after_first = len(head.messages)

    answer = await _press_with_data(emulator, head, scenario, button["callback_data"])
    assert "уже ответили" in str(answer["text"])
    assert len(head.messages) == messages_after_first
