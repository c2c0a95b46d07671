"""The /team chart and the /export files are drawn once per version of the team's data and
re-sent by Telegram file_id after that; drawing is limited per head (a polite "try again in
N seconds" past the limit). Renders are counted by the TeamFiles object the bot really uses
(caught as the app builds it), never by timing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

import bot.app
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.users import EmulatedUser
from bot.services.team_files import TeamFiles
from tests.e2e.conftest import ManualClock, StartBot
from tests.e2e.test_teams import T0, make_team, onboard


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[TeamFiles]:
    """Every TeamFiles the app builds, as it builds it."""
    made: list[TeamFiles] = []

    def spy(**kwargs: Any) -> TeamFiles:
        made.append(TeamFiles(**kwargs))
        return made[-1]

    monkeypatch.setattr(bot.app, "TeamFiles", spy)
    return made


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
async def files_bot(
    start_bot: StartBot,
    clock: ManualClock,
    built: list[TeamFiles],
    request: pytest.FixtureRequest,
) -> TeamFiles:
    await start_bot(clock, team_files_per_minute=getattr(request, "param", 3))
    return built[-1]


async def team_with_a_planner(emulator: BotAPIEmulator) -> tuple[EmulatedUser, EmulatedUser]:
    head = emulator.user(6101, first_name="Ирина")
    code = await make_team(head, "Север")
    petr = emulator.user(6102, first_name="Пётр")
    await onboard(petr)
    await petr.send(f"/start join_{code}")
    await petr.press("✅ Вступить")
    await petr.send("/plan")
    await petr.press("✏️ Задать план")
    await petr.send("1 млн")
    return head, petr


async def check_in(petr: EmulatedUser, sales: str) -> None:
    await petr.send("/checkin")
    await petr.press("4 🙂")
    await petr.send(sales)
    await petr.send("20 3")
    await petr.press("Пропустить")


async def test_the_chart_is_drawn_once_per_version_and_a_check_in_draws_it_again(
    files_bot: TeamFiles, emulator: BotAPIEmulator
) -> None:
    head, petr = await team_with_a_planner(emulator)
    first = [m for m in await head.send("/team") if m.kind == "photo"]
    assert len(first) == 1
    assert files_bot.renders["chart"] == 1

    again = await head.send("/team")
    photos = [m for m in again if m.kind == "photo"]
    assert files_bot.renders["chart"] == 1  # not drawn again ...
    assert [p.file_id for p in photos] == [first[0].file_id]  # ... re-sent by file_id
    assert photos[0].caption == first[0].caption
    assert again[-1].kind == "text"  # the summary follows as always

    await check_in(petr, "300 000")
    after = [m for m in await head.send("/team") if m.kind == "photo"]
    assert files_bot.renders["chart"] == 2
    assert after[0].file_id != first[0].file_id


async def test_the_export_is_built_once_per_version(
    files_bot: TeamFiles, emulator: BotAPIEmulator
) -> None:
    head, petr = await team_with_a_planner(emulator)
    await check_in(petr, "300 000")
    first = [m for m in await head.send("/export") if m.kind == "document"]
    assert [d.filename.rsplit(".", 1)[-1] for d in first if d.filename] == ["xlsx", "csv"]
    assert files_bot.renders["export"] == 1

    again = [m for m in await head.send("/export") if m.kind == "document"]
    assert files_bot.renders["export"] == 1
    assert [d.file_id for d in again] == [d.file_id for d in first]
    assert [d.filename for d in again] == [d.filename for d in first]

    await petr.send("/plan")
    await petr.press("✏️ Задать план")
    await petr.send("2 млн")
    await head.send("/export")
    assert files_bot.renders["export"] == 2


@pytest.mark.parametrize("files_bot", [1], indirect=True)
async def test_past_the_limit_the_head_is_told_when_to_try_again(
    files_bot: TeamFiles, emulator: BotAPIEmulator, clock: ManualClock
) -> None:
    head, petr = await team_with_a_planner(emulator)
    await head.send("/team")
    assert files_bot.renders["chart"] == 1

    await check_in(petr, "300 000")  # a new version, but one drawing a minute is the limit
    replies = await head.send("/team")
    assert files_bot.renders["chart"] == 1
    assert not [m for m in replies if m.kind == "photo"]
    assert "новую нарисую через 60 секунд" in replies[0].text
    assert "Пётр" in replies[-1].text  # the figures still come

    clock.advance(timedelta(seconds=20))
    replies = await head.send("/team")
    assert "через 40 секунд" in replies[0].text

    clock.advance(timedelta(seconds=41))
    replies = await head.send("/team")
    assert replies[0].kind == "photo"
    assert files_bot.renders["chart"] == 2

    await head.send("/export")
    assert files_bot.renders["export"] == 1
    # Every /export counts (its rows cost queries even when the files are cached).
    replies = await head.send("/export")
    assert files_bot.renders["export"] == 1
    assert [m.kind for m in replies] == ["text"]
    assert "Выгрузку за эту минуту уже запрашивали несколько раз" in replies[0].text
    assert "через 60 секунд" in replies[0].text


async def test_a_file_id_telegram_no_longer_knows_is_drawn_again(
    files_bot: TeamFiles, emulator: BotAPIEmulator
) -> None:
    head, _ = await team_with_a_planner(emulator)
    await head.send("/team")
    emulator.files.clear()  # Telegram forgot the file
    replies = await head.send("/team")
    assert [m.kind for m in replies] == ["photo", "text"]
    assert files_bot.renders["chart"] == 2
    refused = [(r.method, r.description) for r in emulator.rejections]
    assert refused == [("sendPhoto", "Bad Request: wrong file identifier/HTTP URL specified")]
    emulator.rejections.clear()  # expected here; the fixture checks nothing else was refused
