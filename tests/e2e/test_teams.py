"""Teams from the users' side, two (or three) people talking to the bot through the emulator:
a head creates a team and an invite link, a sales manager opens it, sees what the head will
see, joins, checks in; the head's /team shows the summary and the chart; links are revoked,
regenerated and expire; one team per member; /leave and removal; the weekly push; and every
forged command or button for someone else's team is refused."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.team_models import Team, TeamInvite, TeamMember
from bot.devtools.demo import run_demo
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage, CallbackQueryRecord
from bot.devtools.emulator.users import EmulatedUser
from bot.services.teams import hash_invite_code
from handlers.team_keyboards import (
    InviteAction,
    JoinAction,
    RemoveStep,
    TeamExportCb,
    TeamInviteCb,
    TeamJoinCb,
    TeamLeaveCb,
    TeamMembersCb,
    TeamPageCb,
    TeamRemoveCb,
    TeamShareCb,
)
from tests.e2e.conftest import ManualClock, RunningBot, StartBot

T0 = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # Wednesday, 10:00 in Moscow
LINK_RE = re.compile(r"https://t\.me/(?P<bot>\w+)\?start=join_(?P<code>[A-Za-z0-9_-]+)")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
async def team_bot(start_bot: StartBot, clock: ManualClock) -> RunningBot:
    return await start_bot(clock)


async def onboard(user: EmulatedUser, role: str = "Менеджер по продажам") -> list[BotMessage]:
    await user.send("/start")
    await user.press("Русский")
    await user.press(role)
    await user.press("Москва · UTC+3")
    return await user.press("09:00")


async def make_team(head: EmulatedUser, name: str) -> str:
    """Onboard a head, create a team; the invite code from the link."""
    await onboard(head, "Руководитель отдела продаж")
    replies = await head.send("/team")
    assert "Команды пока нет" in replies[-1].text
    replies = await head.press("➕ Создать команду")
    assert "Как называется ваша команда" in replies[-1].text
    replies = await head.send(name)
    found = LINK_RE.search(replies[-1].text)
    assert found is not None, replies[-1].text
    return found["code"]


async def press_with_data(
    emulator: BotAPIEmulator, user: EmulatedUser, message: BotMessage, data: str
) -> tuple[dict[str, object], list[BotMessage]]:
    """Press a forged button carrying ``data`` on ``message``; the answer and new messages."""
    before = len(user.messages)
    query_id = f"forged-{emulator.next_id()}"
    emulator.callback_queries[query_id] = CallbackQueryRecord(
        query_id=query_id, chat_id=user.chat_id, created_at=emulator.clock()
    )
    update_id = emulator.push_update(
        {
            "callback_query": {
                "id": query_id,
                "from": user.user_json,
                "message": emulator.message_json(message),
                "chat_instance": str(user.chat_id),
                "data": data,
            }
        }
    )
    await emulator.wait_processed(update_id)
    return user.callback_answers[-1], user.messages[before:]


async def team_id_of(factory: async_sessionmaker[AsyncSession], head_id: int) -> int:
    async with factory() as session:
        team_id = await session.scalar(select(Team.id).where(Team.head_id == head_id))
    assert team_id is not None
    return team_id


async def test_invite_consent_join_checkin_and_the_team_summary(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    head = emulator.user(5001, first_name="Ирина")
    code = await make_team(head, "Отдел <Север> & Co")
    assert "&lt;Север&gt; &amp; Co" in head.messages[-2].html  # the name is escaped
    assert LINK_RE.search(head.last.text)["bot"] == emulator.bot_username  # type: ignore[index]
    assert len(code) >= 16

    # A newcomer opens the link: onboarding first, then the consent screen.
    petr = emulator.user(5002, first_name="Пётр")
    await petr.send(f"/start join_{code}")
    await petr.press("Русский")
    await petr.press("Менеджер по продажам")
    await petr.press("Москва · UTC+3")
    replies = await petr.press("09:00")
    preview = replies[-1]
    assert "Ирина" in preview.text
    assert "Отдел <Север> & Co" in preview.text
    for shown in ("выполнение плана", "прогноз", "динамику", "чек-ины", "тренировок", "🟢"):
        assert shown in preview.text
    assert "Никогда" in preview.text
    assert "ответы в опросе" in preview.text
    assert preview.buttons == [
        ["✅ Вступить"],
        ["✅ Вступить и показывать заметки"],
        ["✖ Нет, спасибо"],
    ]
    async with session_factory() as session:
        assert await session.scalar(select(TeamMember)) is None  # nothing before consent

    replies = await petr.press("✅ Вступить")
    assert "Вы в команде" in replies[-1].text
    assert "новый участник: Пётр" in head.last.text
    async with session_factory() as session:
        member = await session.scalar(select(TeamMember))
    assert member is not None
    assert member.user_id == 5002
    assert not member.share_notes

    # The member sets a plan and checks in.
    await petr.send("/plan")
    await petr.press("✏️ Задать план")
    replies = await petr.send("1 млн")
    assert "План на" in replies[-1].text
    await petr.send("/checkin")
    await petr.press("4 🙂")
    await petr.send("300 000")
    await petr.send("20 3")
    replies = await petr.press("Пропустить")
    assert any("сохранён" in m.text for m in replies)

    # The head's /team: the chart, then the summary with the member's line.
    replies = await head.send("/team")
    photo = next(m for m in replies if m.kind == "photo")
    assert photo.file_bytes is not None
    assert photo.file_bytes.startswith(PNG)
    assert photo.caption is not None
    assert "Отдел <Север> & Co" in photo.caption
    summary = replies[-1]
    assert summary.kind == "text"
    assert "Пётр" in summary.text
    assert "30%" in summary.text
    assert "мало ответов" in summary.text  # one member: no team wellbeing average
    assert ["🔗 Ссылка-приглашение", "👥 Участники", "📥 Выгрузка"] in summary.buttons

    # /export: the workbook and the CSV, with the member's check-in.
    replies = await head.send("/export")
    documents = [m for m in replies if m.kind == "document"]
    assert [d.filename.rsplit(".", 1)[-1] for d in documents if d.filename] == ["xlsx", "csv"]
    assert (documents[0].filename or "").startswith("Отдел-Север-Co-")  # named after the team
    workbook = openpyxl.load_workbook(io.BytesIO(documents[0].file_bytes or b""))
    assert workbook.sheetnames == ["Сводка", "Чек-ины", "План по месяцам", "Возражения"]
    assert next(workbook["Сводка"].iter_rows(min_row=2, values_only=True))[0] == "Пётр"
    rows = list(workbook["Чек-ины"].iter_rows(values_only=True))
    assert rows[1][0] == "Пётр"
    assert rows[1][2] is not None
    assert (documents[1].file_bytes or b"").startswith("\ufeff".encode())
    assert "Пётр" in (documents[1].file_bytes or b"").decode("utf-8-sig")

    # The member's /team shows their standing, never the summary.
    replies = await petr.send("/team")
    assert "Вы в этой команде" in replies[-1].text
    assert "Пётр" not in replies[-1].text


async def test_links_are_revoked_regenerated_and_expire(
    team_bot: RunningBot, emulator: BotAPIEmulator, clock: ManualClock
) -> None:
    head = emulator.user(5101, first_name="Ирина")
    first = await make_team(head, "Юг")
    await head.send("/team")
    replies = await head.press("🔗 Ссылка-приглашение")
    # Only the code's hash is stored: the link was shown once, at creation; later the head
    # sees that it is live and until when, and can make a new one.
    assert first not in replies[-1].text
    assert "действует" in replies[-1].text
    assert "Действует до 11.03.2026" in replies[-1].text  # the first link lasts a week

    replies = await head.press("🔗 Новая ссылка · 7 дней")
    second = LINK_RE.search(replies[-1].text)
    assert second is not None
    assert second["code"] != first
    assert "Действует до 11.03.2026" in replies[-1].text

    anna = emulator.user(5102, first_name="Анна")
    await onboard(anna)
    replies = await anna.send(f"/start join_{first}")
    assert "отозвали" in replies[-1].text
    replies = await anna.send("/start join_NoSuchCode123")
    assert "не работает" in replies[-1].text

    clock.advance(timedelta(days=8))
    replies = await anna.send(f"/start join_{second['code']}")
    assert "Срок действия ссылки истёк" in replies[-1].text

    replies = await head.press("🔗 30 дней")
    third = LINK_RE.search(replies[-1].text)
    assert third is not None
    replies = await head.press("🚫 Отозвать ссылку")
    assert "Ссылка отозвана" in replies[-1].text
    replies = await anna.send(f"/start join_{third['code']}")
    assert "отозвали" in replies[-1].text

    # The head's own link does not make them a member.
    replies = await head.press("🔗 Бессрочно")
    own = LINK_RE.search(replies[-1].text)
    assert own is not None
    replies = await head.send(f"/start join_{own['code']}")
    assert "собственную команду" in replies[-1].text


async def test_one_team_at_a_time_leave_and_removal(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    north = emulator.user(5201, first_name="Ирина")
    south = emulator.user(5202, first_name="Олег")
    north_code = await make_team(north, "Север")
    south_code = await make_team(south, "Юг")
    anna = emulator.user(5203, first_name="Анна")
    await onboard(anna)

    await anna.send(f"/start join_{north_code}")
    await anna.press("✅ Вступить и показывать заметки")
    replies = await anna.send(f"/start join_{north_code}")
    assert "уже в команде" in replies[-1].text

    # A second team: the preview says so, and joining moves her.
    replies = await anna.send(f"/start join_{south_code}")
    assert "Сейчас вы в команде" in replies[-1].text
    assert replies[-1].buttons == [["↪ Выйти из «Север» и вступить"], ["✖ Нет, спасибо"]]
    replies = await anna.press("↪ Выйти из «Север» и вступить")
    assert "Вы в команде" in replies[-1].text
    assert "Юг" in replies[-1].text
    assert "покинул участник: Анна" in north.last.text
    async with session_factory() as session:
        rows = (await session.scalars(select(TeamMember))).all()
    assert [(row.user_id, row.team_id) for row in rows] == [
        (5203, await team_id_of(session_factory, 5202))
    ]

    # Her notes are private in the new team until she shares them.
    replies = await anna.send("/team")
    assert "только для вас" in replies[-1].text
    replies = await anna.press("📝 Показывать заметки")
    assert "видны руководителю" in replies[-1].text
    async with session_factory() as session:
        assert (await session.scalars(select(TeamMember.share_notes))).all() == [True]

    # /leave asks first; "stay" keeps her.
    replies = await anna.send("/leave")
    assert "Выйти из команды" in replies[-1].text
    replies = await anna.press("Остаться")
    assert "остаётесь" in replies[-1].text
    replies = await anna.send("/leave")
    replies = await anna.press("Да, выйти")
    assert "Вы вышли из команды" in replies[-1].text
    assert "покинул участник: Анна" in south.last.text
    replies = await anna.send("/leave")
    assert "не состоите" in replies[-1].text

    # The head removes a member, after a confirmation; she is told politely.
    await anna.send(f"/start join_{south_code}")
    await anna.press("✅ Вступить")
    await south.send("/team")
    replies = await south.press("👥 Участники")
    assert "Анна" in replies[-1].text
    replies = await south.press("✖ Анна")
    assert "Исключить" in replies[-1].text
    replies = await south.press("Отмена")
    assert "Никто не исключён" in anna.last.text or "Анна" in south.last.text
    await south.press("✖ Анна")
    replies = await south.press("Да, исключить")
    assert "больше не в команде" in south.last.text
    assert "Вас исключили из команды" in anna.last.text
    assert "Спасибо" in anna.last.text
    async with session_factory() as session:
        assert await session.scalar(select(TeamMember)) is None


async def test_only_the_head_gets_the_summary_members_invites_and_export(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    head = emulator.user(5301, first_name="Ирина")
    code = await make_team(head, "Север")
    team_id = await team_id_of(session_factory, 5301)
    other_head = emulator.user(5302, first_name="Олег")
    await make_team(other_head, "Юг")
    member = emulator.user(5303, first_name="Анна")
    await onboard(member)
    await member.send(f"/start join_{code}")
    await member.press("✅ Вступить")
    outsider = emulator.user(5304, first_name="Лев")
    await onboard(outsider)

    # Commands: the outsider and the member never get the summary or the export.
    replies = await outsider.send("/team")
    assert "откройте ссылку" in replies[-1].text
    for person in (outsider, member):
        replies = await person.send("/export")
        assert "только руководитель" in replies[-1].text
        assert all(m.kind == "text" for m in replies)

    # Forged buttons for this team, pressed by the member, an outsider and another head.
    forged = [
        TeamPageCb(team=team_id, page=0),
        TeamPageCb(team=team_id, page=1, fresh=True),
        TeamMembersCb(team=team_id),
        TeamInviteCb(team=team_id, action=InviteAction.SHOW),
        TeamInviteCb(team=team_id, action=InviteAction.NEVER),
        TeamInviteCb(team=team_id, action=InviteAction.REVOKE),
        TeamRemoveCb(team=team_id, user=5303, step=RemoveStep.ASK),
        TeamRemoveCb(team=team_id, user=5303, step=RemoveStep.YES),
        TeamExportCb(team=team_id),
    ]
    for person in (member, outsider, other_head):
        await person.send("/help")
        target = person.last
        for data in forged:
            answer, sent = await press_with_data(emulator, person, target, data.pack())
            assert "руководитель команды" in str(answer.get("text")), (person.user_id, data)
            assert sent == [], (person.user_id, data)
    # A member's own buttons (leave, share notes) do nothing for someone outside the team.
    await outsider.send("/help")
    target = outsider.last
    answer, sent = await press_with_data(
        emulator, outsider, target, TeamLeaveCb(team=team_id, confirm=True).pack()
    )
    assert "не состоите" in str(answer.get("text"))
    answer, sent = await press_with_data(
        emulator, outsider, target, TeamShareCb(team=team_id, share=True).pack()
    )
    assert "устарела" in str(answer.get("text")) or "устарел" in str(answer.get("text"))
    answer, sent = await press_with_data(
        emulator, outsider, target, TeamJoinCb(code="ForgedCode123", action=JoinAction.JOIN).pack()
    )
    assert "не работает" in outsider.last.text
    async with session_factory() as session:
        assert await session.scalar(select(TeamMember.user_id)) == 5303  # not removed
        invites = (await session.scalars(select(TeamInvite))).all()
    live = [i.code_hash for i in invites if i.team_id == team_id and i.revoked_at is None]
    assert live == [hash_invite_code(code)]


async def test_weekly_push_on_monday_morning_opens_the_summary(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    clock: ManualClock,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    from bot.db.checkin_models import Reminder

    head = emulator.user(5401, first_name="Ирина")
    code = await make_team(head, "Север")
    async with session_factory() as session:
        reminder = await session.get(Reminder, (5401, "team_weekly"))
    assert reminder is not None
    assert reminder.next_due_at == datetime(2026, 3, 9, 6, 0, tzinfo=UTC)  # Mon 09:00 MSK

    anna = emulator.user(5402, first_name="Анна")
    await onboard(anna)
    await anna.send(f"/start join_{code}")
    await anna.press("✅ Вступить")

    clock.now = datetime(2026, 3, 9, 6, 0, 30, tzinfo=UTC)
    await head.send("/due team_weekly")
    push = next(m for m in reversed(head.messages) if "новая неделя" in m.text)
    assert "Север" in push.text
    assert push.buttons == [["📊 Открыть полную сводку"]]
    replies = await head.press("📊 Открыть полную сводку")
    assert any(m.kind == "photo" for m in replies)
    assert "Анна" in replies[-1].text


async def test_a_200_person_team_pages_through_the_summary(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    from bot.db.models import User

    head = emulator.user(5501, first_name="Ирина")
    await make_team(head, "Большой <отдел>")
    team_id = await team_id_of(session_factory, 5501)
    async with session_factory() as session:
        for i in range(200):
            session.add(
                User(
                    id=600_000 + i,
                    first_name=f"<i>Сотрудник</i> & {i:03d} " + "Ж" * 30,
                    role="sales_manager",
                    timezone="Europe/Moscow",
                    onboarded_at=T0,
                )
            )
        await session.flush()
        for i in range(200):
            session.add(TeamMember(team_id=team_id, user_id=600_000 + i, joined_at=T0))
        await session.commit()

    head.timeout = 60.0  # four chart images for 200 people: generous on a loaded machine
    replies = await head.send("/team")
    photos = [m for m in replies if m.kind == "photo"]
    assert len(photos) == 4  # every member drawn, 50 to an image
    page = replies[-1]
    texts = [page.text]
    while any("▶" in row for row in page.buttons):
        await head.press("▶")  # edits the page in place
        page = emulator.messages_in(head.chat_id)[-1]
        texts.append(page.text)
        assert len(texts) < 40
    assert len(texts) > 2
    for number, text in enumerate(texts, start=1):
        assert len(text.encode("utf-16-le")) // 2 <= 4096
        assert f"Страница {number} из {len(texts)}" in text
    shown = "\n".join(texts)
    for i in range(200):
        assert f"<i>Сотрудник</i> & {i:03d}" in shown
    # ◀ goes back, re-checking the head each time.
    await head.press("◀")
    assert f"Страница {len(texts) - 1} из" in emulator.messages_in(head.chat_id)[-1].text

    # The members list pages too, 10 a page, with a remove button each.
    await head.press("👥 Участники")
    members = emulator.messages_in(head.chat_id)[-1]
    assert "200 участников" in members.text
    assert sum(row[0].startswith("✖") for row in members.buttons) == 10


async def test_the_demo_plays_a_head_and_a_member(tmp_path: Path) -> None:
    """`make demo`: the head creates a team, `!user 2` becomes a second person, `!open` opens
    the invite the bot just sent, she joins, and `!user 1` is the head again."""
    lines = [
        *("/start", "!1", "!1", "!2", "!3"),  # Русский, head of sales, Москва, 09:00
        *("/team", "!1", "Отдел продаж"),
        *("!user 2 Анна", "!open", "!1", "!2", "!2", "!3"),  # Анна: a sales manager
        "!1",  # ✅ Вступить
        *("!user 1", "/team"),
    ]
    out = io.StringIO()
    await run_demo(
        f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}",
        stdin=io.StringIO("".join(line + "\n" for line in lines)),
        stdout=out,
        files_dir=tmp_path / "files",
    )
    output = out.getvalue()
    assert "(opening the link: /start join_" in output
    assert "Демо приглашает вас в команду Отдел продаж" in output
    assert "Вы в команде Отдел продаж" in output
    assert "новый участник: Анна" in output
    assert "[photo: 📊 Отдел продаж" in output
    assert "Анна" in output.rsplit("Демо ▸ /team", 1)[1]
    assert "Telegram would refuse" not in output
