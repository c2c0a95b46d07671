"""Fill every table of the schema through the bot's own code paths.

The populated stairway test (tests/test_migrations.py) migrates a database filled by
:func:`populate` down and up again and checks that no row is lost. It fails, naming the table,
when a table of ``Base.metadata`` stays empty — so a new table needs a fill here: add one
step to ``FILLS`` (through the service or ``bot.db`` function the bot itself uses, not a raw
INSERT, so the rows look like real ones).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select, table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import checkins as checkins_db
from bot.db import drills as drills_db
from bot.db import field_objections as field_db
from bot.db import styles as styles_db
from bot.db import teams as teams_db
from bot.db import tips as tips_db
from bot.db import users as users_db
from bot.db.base import Base
from bot.domain.languages import Language
from bot.fsm_storage import SQLAlchemyStorage
from bot.services import company_objections, one_on_one_talks, reminders, team_privacy, teams

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # a Wednesday
TODAY = NOW.date()
HEAD_ID = 1001
MEMBER_IDS = (2001, 2002, 2003)
ALL_USERS = (HEAD_ID, *MEMBER_IDS)


@dataclass
class Fill:
    """What one step fills, for the failure message, and how."""

    tables: tuple[str, ...]
    run: Callable[[AsyncSession], Awaitable[None]]


async def _users(session: AsyncSession) -> None:
    for user_id in ALL_USERS:
        user, _ = await users_db.get_or_create_user(
            session, user_id, first_name=f"User {user_id}", username=None, language=Language.RU
        )
        users_db.set_role(user, "head_of_sales" if user_id == HEAD_ID else "sales_manager")
        users_db.set_timezone(user, "Europe/Moscow")
        users_db.set_checkin_time(user, time(18, 0))
        users_db.mark_onboarded(user, NOW - timedelta(days=30))


async def _tips(session: AsyncSession) -> None:
    for user_id in ALL_USERS:
        await tips_db.record_view(session, user_id, "sales_manager.tip_1", 0, NOW)
        await tips_db.set_vote(session, user_id, "sales_manager.tip_1", 1, NOW)
        await tips_db.save_tip(session, user_id, "sales_manager.tip_1", NOW)


async def _styles(session: AsyncSession) -> None:
    for user_id in ALL_USERS:
        exercise = await styles_db.start_exercise(session, user_id, "scenario_1", NOW)
        await styles_db.complete_exercise(
            session, exercise.id, chosen="coaching", best_styles="coaching", verdict="best", now=NOW
        )


async def _drills(session: AsyncSession) -> None:
    for user_id in ALL_USERS:
        await drills_db.set_new_per_day(session, user_id, 5)
        card = await drills_db.add_card(session, user_id, "price.too_expensive", NOW)
        attempt = await drills_db.start_attempt(session, card, NOW)
        await drills_db.record_answer(
            session,
            attempt.id,
            answer="Понимаю, давайте посчитаем окупаемость",
            result={"score": 3},
            score=3,
            model_technique="reframe",
            now=NOW,
        )
        await drills_db.grade_attempt(session, attempt.id, user_id, 3, NOW)


async def _checkins(session: AsyncSession) -> None:
    for user_id in ALL_USERS:
        await checkins_db.set_plan(session, user_id, TODAY, Decimal("1000000"), "money", NOW)
        for days_ago in range(3):
            day = TODAY - timedelta(days=days_ago)
            checkin = await checkins_db.get_or_create_checkin(session, user_id, day, NOW)
            checkin.energy = 4
            checkin.sales_to_date = Decimal(100000 * (3 - days_ago))
            checkin.note = "заметка"
            checkin.completed_at = NOW
        survey = await checkins_db.get_or_create_survey(
            session, user_id, TODAY - timedelta(days=TODAY.weekday())
        )
        survey.answers = "2222222"
        survey.score = 50.0


async def _teams(session: AsyncSession) -> None:
    head = await users_db.get_user(session, HEAD_ID)
    assert head is not None
    opened = await teams.open_team(session, head, "Отдел продаж", NOW)  # with its first link
    assert not isinstance(opened, teams.CreateRefusal)
    team = opened.team
    invite = await teams.issue_invite(session, team.id, teams.InviteExpiry.MONTH, NOW)
    for user_id in MEMBER_IDS:
        check = await teams.join_team(session, invite.code, user_id, NOW, share_notes=True)
        assert check.verdict == teams.JoinVerdict.OK, check.verdict
    # The finished weeks before now get their frozen team wellbeing rows.
    current_week = TODAY - timedelta(days=TODAY.weekday())
    await team_privacy.frozen_wellbeing(
        session, team.id, team_privacy.weeks_back(current_week, 2), current_week, UTC
    )


async def _field_loop(session: AsyncSession) -> None:
    team = await teams_db.team_of_head(session, HEAD_ID)
    assert team is not None
    for user_id in MEMBER_IDS:
        await field_db.add_field_objection(
            session,
            user_id=user_id,
            team_id=team.id,
            text="Дорого, у конкурентов дешевле",
            category="price",
            source="checkin",
            local_date=TODAY,
            now=NOW,
        )
    draft = company_objections.Draft(
        team.id,
        "price",
        "Ваш модуль стоит как половина бюджета на автоматизацию.",
        "Не верит в окупаемость",
        "Понимаю. Сколько часов уходит на сверку? Сэкономите двадцать часов. Созвонимся в 11:00?",
        Language.RU,
    )
    assert await company_objections.save_new(session, draft, HEAD_ID, NOW) is not None
    await field_db.add_assignment(
        session,
        team_id=team.id,
        category="price",
        head_id=HEAD_ID,
        now=NOW,
        ends_at=NOW + timedelta(days=8),
    )


async def _one_on_one(session: AsyncSession) -> None:
    team = await teams_db.team_of_head(session, HEAD_ID)
    assert team is not None
    await one_on_one_talks.add_talk(
        session,
        team_id=team.id,
        head_id=HEAD_ID,
        member_id=MEMBER_IDS[0],
        reason="behind_plan",
        risk=74.5,
        now=NOW,
    )


async def _reminders_and_outbox(session: AsyncSession) -> None:
    for user_id in ALL_USERS:
        user = await users_db.get_user(session, user_id)
        assert user is not None
        await reminders.sync_user_reminders(session, user, NOW, "Europe/Moscow")
    await reminders.make_due_now(session, MEMBER_IDS[0], reminders.ReminderKind.CHECKIN, NOW)
    result = await reminders.claim_due(session, NOW, "Europe/Moscow")
    assert result.enqueued >= 1, result


FILLS: list[Fill] = [
    Fill(("users",), _users),
    Fill(("tip_views", "tip_votes", "saved_tips"), _tips),
    Fill(("style_answers",), _styles),
    Fill(("drill_settings", "drill_cards", "drill_attempts"), _drills),
    Fill(("plans", "checkins", "burnout_surveys"), _checkins),
    Fill(("teams", "team_invites", "team_members", "team_wellbeing_weeks"), _teams),
    Fill(("field_objections", "company_objections", "practice_assignments"), _field_loop),
    Fill(("one_on_one_talks",), _one_on_one),
    Fill(("reminders", "outbox"), _reminders_and_outbox),
]


async def _fsm(factory: async_sessionmaker[AsyncSession]) -> None:
    storage = SQLAlchemyStorage(factory)
    for user_id in ALL_USERS:
        key = StorageKey(bot_id=1, chat_id=user_id, user_id=user_id)
        await storage.set_state(key, "CheckInDialogue:note")
        await storage.set_data(key, {"day": date(2026, 3, 4).isoformat()})


async def populate(factory: async_sessionmaker[AsyncSession]) -> None:
    """Every table gets rows; each step commits like an update would."""
    for fill in FILLS:
        async with factory() as session:
            await fill.run(session)
            await session.commit()
    await _fsm(factory)  # fsm_records: the storage opens its own sessions


async def row_counts(session: AsyncSession, tables: set[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in sorted(tables):
        counted = await session.scalar(select(func.count()).select_from(table(name)))
        counts[name] = int(counted or 0)
    return counts


def empty_tables(counts: dict[str, int]) -> list[str]:
    return [name for name, count in counts.items() if count == 0]


def model_tables() -> set[str]:
    return set(Base.metadata.tables)
