"""Property-based fuzzing of every free-text input, through the real Dispatcher
(``feed_raw_update``; the bot's calls go over HTTP to the emulator, which checks them).

For each input: the bot answers, the answer is a clear message (no apology from the error
handler, no traceback logged), Telegram would accept everything sent (``emulator.rejections``
stays empty), and what the user typed is either kept or re-asked for with the dialogue still
waiting at the same step. Names with HTML go in as the user's Telegram first name.
"""

from __future__ import annotations

import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.db.checkin_models import CheckIn, Plan
from bot.db.drill_models import DrillAttempt
from bot.devtools.emulator import BotMessage
from bot.devtools.emulator.users import EmulatedUser
from bot.services.drills import MAX_ANSWER_CHARS
from handlers.states import Checkin, PlanInput, Setup
from tests.faults.conftest import Fed

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_ids = itertools.count(700_000)


# Telegram cleans every string a client sends (TDLib's clean_input_string): C0 control
# characters other than tab and newline never reach a bot, so U+0000 (which PostgreSQL
# cannot store) is not a case to test.
TELEGRAM_TEXT = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="".join(chr(c) for c in range(32) if chr(c) not in "\t\n"),
)


def typed(max_size: int = 300) -> st.SearchStrategy[str]:
    """What a person can send as a text message: non-blank, not a command, trimmed."""
    free = st.text(TELEGRAM_TEXT, max_size=max_size)
    shaped = st.from_regex(r"[0-9 .,:+\-кkмmлнштKMUTCutc/<>&;]{1,24}", fullmatch=True)
    html = st.sampled_from(["<b>&", "</i>", "<a href='x'>", "&amp;", "a < b > c", "<br/>"])
    return (
        st.one_of(free, shaped, html, st.tuples(free, html).map("".join))
        .map(str.strip)
        .filter(lambda s: bool(s) and not s.startswith("/"))
    )


NAMES = st.one_of(
    st.text(TELEGRAM_TEXT, min_size=1, max_size=64).map(str.strip).filter(bool),
    st.sampled_from(["<b>&", "<script>alert(1)</script>", "Tom & Jerry", "&lt;", "<i>"]),
)


def assert_clear(replies: list[BotMessage]) -> None:
    assert replies, "the bot said nothing"
    for reply in replies:
        assert reply.text.strip()
        assert "Что-то пошло не так" not in reply.text
        assert "Traceback" not in reply.text


@FUZZ
@given(name=NAMES, language=st.sampled_from(["ru", "en", None, "de"]))
async def test_any_name_is_greeted_literally(fed: Fed, name: str, language: str | None) -> None:
    user = fed.emu.user(next(_ids), name, language_code=language)
    replies = await fed.send(user, "/start")
    assert_clear(replies)
    assert name[:20] in replies[0].text  # escaped by the bot, shown as typed by Telegram
    assert (await fed.db_user(user.id)).first_name == name


async def _to_timezone_step(fed: Fed, user: EmulatedUser) -> None:
    await fed.send(user, "/start")
    await fed.press(user, "Русский")
    await fed.press(user, "Менеджер по продажам")
    assert await fed.state(user).get_state() == Setup.timezone.state


@FUZZ
@given(text=typed(80))
async def test_any_time_zone_is_kept_or_asked_again(fed: Fed, text: str) -> None:
    user = fed.emu.user(next(_ids), "Зоя")
    await _to_timezone_step(fed, user)
    replies = await fed.send(user, text)
    assert_clear(replies)
    zone = (await fed.db_user(user.id)).timezone
    if await fed.state(user).get_state() == Setup.timezone.state:
        assert zone is None  # re-asked, nothing half-saved
    else:
        assert zone is not None
        ZoneInfo(zone)  # a real zone
        assert await fed.state(user).get_state() == Setup.checkin_time.state


@FUZZ
@given(text=typed(40))
async def test_any_checkin_time_is_kept_or_asked_again(fed: Fed, text: str) -> None:
    user = fed.emu.user(next(_ids), "Тимур")
    await _to_timezone_step(fed, user)
    await fed.press(user, "Москва · UTC+3")
    replies = await fed.send(user, text)
    assert_clear(replies)
    stored = await fed.db_user(user.id)
    if await fed.state(user).get_state() == Setup.checkin_time.state:
        assert stored.checkin_time is None
    else:
        assert stored.checkin_time is not None
        assert stored.is_onboarded


@FUZZ
@given(text=typed())
async def test_any_plan_amount_is_kept_or_asked_again(fed: Fed, text: str) -> None:
    user = await fed.known_user()
    await fed.send(user, "/plan")
    await fed.press(user, "✏️ Задать план")
    replies = await fed.send(user, text)
    assert_clear(replies)
    async with fed.app.session_factory() as session:
        plan = await session.scalar(select(Plan).where(Plan.user_id == user.id))
    if await fed.state(user).get_state() == PlanInput.amount.state:
        assert plan is None
    else:
        assert plan is not None
        assert plan.target > 0
        assert replies[-1].text.startswith("✅")


@FUZZ
@given(text=typed(2100))
async def test_any_drill_answer_is_scored_kept_or_refused_politely(fed: Fed, text: str) -> None:
    user = await fed.known_user()
    await fed.send(user, "/drill")
    replies = await fed.send(user, text)
    assert_clear(replies)
    async with fed.app.session_factory() as session:
        attempt = await session.scalar(select(DrillAttempt).where(DrillAttempt.user_id == user.id))
    assert attempt is not None
    said = "\n".join(reply.text for reply in replies)
    if len(text) > MAX_ANSWER_CHARS:
        assert attempt.answer is None  # asked to shorten it; the drill waits
    elif attempt.answer is None:
        # Refused as practice (salad, too short, another language…) or the client pushed back:
        # either way the client's line is shown again and the drill waits for an answer.
        assert "не засчитываю" in said or "Ответьте ещё раз" in said
    else:
        assert attempt.answer == text
        assert "📋" in said


@FUZZ
@given(sales=typed(40), note=typed(1200))
async def test_any_checkin_amount_and_note_are_kept_or_asked_again(
    fed: Fed, sales: str, note: str
) -> None:
    user = await fed.known_user()
    await fed.send(user, "/checkin")
    await fed.press(user, "3 😐")
    assert_clear(await fed.send(user, sales))
    if await fed.state(user).get_state() == Checkin.sales.state:
        await fed.press(user, "Пропустить")  # the amount was re-asked; move on
    await fed.press(user, "Пропустить")  # calls and meetings
    assert await fed.state(user).get_state() == Checkin.note.state
    replies = await fed.send(user, note)
    assert_clear(replies)
    async with fed.app.session_factory() as session:
        checkin = await session.scalar(select(CheckIn).where(CheckIn.user_id == user.id))
    assert checkin is not None
    assert checkin.energy == 3
    if await fed.state(user).get_state() == Checkin.note.state:
        assert checkin.note is None  # too long: asked again, nothing cut silently
    else:
        assert checkin.note == note
        assert checkin.completed_at is not None


@FUZZ
@given(text=typed(120))
async def test_any_team_name_is_kept_or_asked_again(fed: Fed, text: str) -> None:
    from bot.db.team_models import Team  # the team feature landed alongside this suite

    user = await fed.known_user(role="head_of_sales")
    await fed.send(user, "/team")
    await fed.press(user, "➕ Создать команду")
    replies = await fed.send(user, text)
    assert_clear(replies)
    async with fed.app.session_factory() as session:
        team = await session.scalar(select(Team).where(Team.head_id == user.id))
    if team is None:
        assert "символов" in replies[-1].text  # re-asked with the limit
    else:
        assert team.name == " ".join(text.split())
        assert replies[0].text.startswith("✅")


async def test_unknown_and_empty_updates_fed_directly_are_ignored(
    fed: Fed, caplog: pytest.LogCaptureFixture
) -> None:
    """The webhook path gets whatever Telegram sends, allowed_updates or not."""
    user = await fed.known_user()
    updates: list[dict[str, object]] = [
        {"future_update_kind": {"id": 1}},
        {},
        {"channel_post": {"message_id": 1, "date": 0, "chat": {"id": -100, "type": "channel"}}},
        {"message": {"message_id": 2, "date": 0, "chat": {"id": user.id, "type": "private"}}},
    ]
    for number, update in enumerate(updates, start=10_000):
        await fed.app.dispatcher.feed_raw_update(fed.app.bot, {"update_id": number, **update})
    assert fed.emu.sent == []
    assert "Detected unknown update type" not in caplog.text
    assert_clear(await fed.send(user, "/tip"))  # and the bot carries on
