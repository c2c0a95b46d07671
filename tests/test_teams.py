"""Team rules without Telegram: invite codes, join rules, authorization, the summary's
pages for a 200-person team, callback sizes and the Monday push schedule."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.check import load_and_check
from bot.content.schema import Content
from bot.db import teams as teams_db
from bot.db.checkin_models import OutboxMessage, Reminder
from bot.db.models import User
from bot.db.team_models import TeamInvite
from bot.devtools.emulator.html_parser import parse_html, utf16_len
from bot.domain.burnout import WellbeingFlag
from bot.domain.deeplinks import DeepLinkKind, parse_start_payload
from bot.i18n import I18n, Translator
from bot.services import teams as teams_service
from bot.services.reminders import ReminderKind, next_due, sync_user_reminders
from bot.services.team_report import Attention, MemberFigures, TeamReport
from bot.services.teams import (
    INVITE_BYTES,
    CreateRefusal,
    InviteExpiry,
    InviteState,
    JoinVerdict,
    invite_state,
    new_invite_code,
)
from handlers.callback_fields import PAGE_MAX, SQL_INT_MAX, TELEGRAM_ID_MAX
from handlers.outbox_messages import outbox_composer
from handlers.team_keyboards import (
    InviteAction,
    JoinAction,
    RemoveStep,
    TeamCreateCb,
    TeamExportCb,
    TeamInviteCb,
    TeamJoinCb,
    TeamLeaveCb,
    TeamMembersCb,
    TeamPageCb,
    TeamRemoveCb,
    TeamShareCb,
    join_keyboard,
    summary_keyboard,
)
from handlers.team_views import MESSAGE_LIMIT, summary_pages, weekly_text

NOW = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # Wednesday, 10:00 in Moscow
STYLES = ("supportive", "coaching", "transactional", "authoritarian", "supportive")
REASONS = ("red_flag", "stalling_star", "low_activity_close_to_plan", "behind_plan", "silent")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_and_check()


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n()


# ---- invite codes ------------------------------------------------------------------------


def test_invite_codes_carry_at_least_64_random_bits_and_fit_the_deep_link() -> None:
    assert INVITE_BYTES * 8 >= 64
    codes = {new_invite_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 22  # 16 bytes in URL-safe base64
        link = parse_start_payload(f"join_{code}")
        assert link is not None
        assert link.kind == DeepLinkKind.JOIN_TEAM
        assert link.value == code


def test_invite_state_revoked_expired_or_active() -> None:
    invite = TeamInvite(code_hash="c" * 64, team_id=1, created_at=NOW, expires_at=None)
    assert invite_state(invite, NOW + timedelta(days=3650)) == InviteState.ACTIVE
    assert invite_state(None, NOW) == InviteState.UNKNOWN
    invite.expires_at = NOW + timedelta(days=7)
    assert invite_state(invite, NOW + timedelta(days=7, seconds=-1)) == InviteState.ACTIVE
    assert invite_state(invite, NOW + timedelta(days=7)) == InviteState.EXPIRED
    invite.revoked_at = NOW
    assert invite_state(invite, NOW) == InviteState.REVOKED


def test_team_names_are_trimmed_and_limited() -> None:
    assert teams_service.clean_team_name("  Отдел   <Север>  ") == "Отдел <Север>"
    assert teams_service.clean_team_name("   ") is None
    assert teams_service.clean_team_name("x" * 65) is None
    assert teams_service.clean_team_name("x" * 64) == "x" * 64


# ---- rules on the database ---------------------------------------------------------------


async def _users(session: AsyncSession, *specs: tuple[int, str]) -> list[User]:
    users = []
    for user_id, role in specs:
        user = User(
            id=user_id,
            first_name=f"U{user_id}",
            role=role,
            timezone="Europe/Moscow",
            checkin_time=time(9, 0),
            onboarded_at=NOW,
        )
        session.add(user)
        users.append(user)
    await session.flush()
    return users


async def test_create_join_move_leave_and_authorize(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        north_head, south_head, anna, lev = await _users(
            session,
            (1, "head_of_sales"),
            (2, "head_of_sales"),
            (3, "sales_manager"),
            (4, "sales_analyst"),
        )
        assert await teams_service.create_team(session, anna, "X", NOW) == CreateRefusal.NOT_HEAD
        north_opened = await teams_service.open_team(session, north_head, "Север", NOW)
        south_opened = await teams_service.open_team(session, south_head, "Юг", NOW)
        assert not isinstance(north_opened, CreateRefusal)
        assert not isinstance(south_opened, CreateRefusal)
        north, south = north_opened.team, south_opened.team
        again = await teams_service.open_team(session, north_head, "Ещё", NOW)
        assert again == CreateRefusal.ALREADY_HEAD

        north_code = north_opened.first_invite.code
        south_code = south_opened.first_invite.code

        check = await teams_service.check_join(session, north_code, north_head.id, NOW)
        assert check.verdict == JoinVerdict.OWN_TEAM
        check = await teams_service.check_join(session, "nope-nope", anna.id, NOW)
        assert check.verdict == JoinVerdict.UNKNOWN

        joined = await teams_service.join_team(session, north_code, anna.id, NOW, share_notes=True)
        assert joined.verdict == JoinVerdict.OK
        check = await teams_service.check_join(session, north_code, anna.id, NOW)
        assert check.verdict == JoinVerdict.ALREADY_MEMBER

        # One team per member: refused without consent to move, moved with it.
        refused = await teams_service.join_team(
            session, south_code, anna.id, NOW, share_notes=False
        )
        assert refused.verdict == JoinVerdict.OTHER_TEAM
        assert refused.current_team is not None
        assert refused.current_team.id == north.id
        assert (await teams_db.membership(session, anna.id)).team_id == north.id  # type: ignore[union-attr]
        await teams_service.join_team(
            session, south_code, anna.id, NOW, share_notes=False, leave_current=True
        )
        member = await teams_db.membership(session, anna.id)
        assert member is not None
        assert member.team_id == south.id
        assert not member.share_notes

        # A head may join someone else's team (they report to someone too).
        joined = await teams_service.join_team(
            session, south_code, north_head.id, NOW, share_notes=False
        )
        assert joined.verdict == JoinVerdict.OK

        # Authorization: the head only, and only for their own team's id.
        assert await teams_service.team_for_head(session, south_head.id, south.id) is south
        assert await teams_service.team_for_head(session, anna.id, south.id) is None
        assert await teams_service.team_for_head(session, lev.id, south.id) is None
        assert await teams_service.team_for_head(session, north_head.id, south.id) is None
        assert await teams_service.team_for_head(session, south_head.id, north.id) is None
        assert await teams_service.team_for_head(session, south_head.id, 10**9) is None

        left = await teams_service.leave_team(session, anna.id)
        assert left is not None
        assert left.id == south.id
        assert await teams_service.leave_team(session, anna.id) is None


async def test_new_link_revokes_the_old_and_expiry_is_honoured(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        head, anna = await _users(session, (11, "head_of_sales"), (12, "sales_manager"))
        opened = await teams_service.open_team(session, head, "Север", NOW)
        assert not isinstance(opened, CreateRefusal)
        team, first = opened.team, opened.first_invite
        assert first.expires_at == NOW + timedelta(days=7)  # the first link: a week
        stored = await teams_service.active_invite(session, team.id, NOW)
        assert stored is not None
        assert stored.expires_at == NOW + timedelta(days=7)
        week = await teams_service.issue_invite(session, team.id, InviteExpiry.WEEK, NOW)
        assert week.expires_at == NOW + timedelta(days=7)
        assert (await teams_service.check_join(session, first.code, anna.id, NOW)).verdict == (
            JoinVerdict.REVOKED
        )
        later = NOW + timedelta(days=7, minutes=1)
        assert (await teams_service.check_join(session, week.code, anna.id, later)).verdict == (
            JoinVerdict.EXPIRED
        )
        assert await teams_service.active_invite(session, team.id, later) is None
        month = await teams_service.issue_invite(session, team.id, InviteExpiry.MONTH, NOW)
        assert month.expires_at == NOW + timedelta(days=30)
        assert await teams_service.revoke_invite(session, team.id, NOW)
        assert (await teams_service.check_join(session, month.code, anna.id, NOW)).verdict == (
            JoinVerdict.REVOKED
        )
        # A code revoked between the preview and the press does not let anyone in.
        joined = await teams_service.join_team(session, month.code, anna.id, NOW, share_notes=False)
        assert joined.verdict == JoinVerdict.REVOKED
        assert await teams_db.membership(session, anna.id) is None


async def test_the_database_holds_one_team_per_member_and_one_team_per_head(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        h1, h2, anna = await _users(
            session, (21, "head_of_sales"), (22, "head_of_sales"), (23, "sales_manager")
        )
        t1 = await teams_db.create_team(session, h1.id, "A", NOW)
        t2 = await teams_db.create_team(session, h2.id, "B", NOW)
        await teams_db.add_member(session, t1.id, anna.id, NOW, share_notes=False)
        with pytest.raises(IntegrityError):
            await teams_db.add_member(session, t2.id, anna.id, NOW, share_notes=False)
        await session.rollback()
    async with session_factory() as session:
        await _users(session, (24, "head_of_sales"))
        await teams_db.create_team(session, 24, "C", NOW)
        with pytest.raises(IntegrityError):
            await teams_db.create_team(session, 24, "D", NOW)


# ---- pages of the summary ----------------------------------------------------------------


def _report(members: int) -> TeamReport:
    figures = tuple(
        MemberFigures(
            user_id=10_000 + i,
            name=f"<b>Сотрудник & {i:03d}</b> " + "Ё" * 40,
            attainment_pct=float(i % 130),
            forecast_pct=float((i * 7) % 150),
            trend_pts=float(i % 21 - 10),
            response_rate_14d=(i % 11) / 10,
            drills_this_week=i % 9,
            flag=(WellbeingFlag.GREEN, WellbeingFlag.AMBER, WellbeingFlag.RED, None)[i % 4],
            energy_avg_7d=3.5,
            has_plan=True,
            plan=Decimal("1000000.00"),
            sales_to_date=Decimal("250000.00"),
            unit="money",
        )
        for i in range(members)
    )
    attention = tuple(
        Attention(
            user_id=m.user_id,
            name=m.name,
            reason=REASONS[i % 5],
            style=STYLES[i % 5],
            risk=200.0 - i,
        )
        for i, m in enumerate(figures)
    )
    return TeamReport(
        team_id=7,
        generated_at=NOW,
        members=figures,
        attention=attention,
        total_plan=Decimal(members * 1_000_000),
        total_sales=Decimal(members * 250_000),
        team_attainment_pct=25.0,
        team_forecast_pct=61.0,
        wellbeing_average=None,
        wellbeing_trend=(),
        responders_this_week=2,
        total_unit="money",
    )


@pytest.mark.parametrize("language", ["ru", "en"])
def test_200_members_fit_in_pages_within_telegram_limits(
    i18n: I18n, content: Content, language: str
) -> None:
    t = i18n.translator(language)
    report = _report(200)
    pages = summary_pages(t, content, "Отдел <Север> & Co", report, date(2026, 3, 4))
    assert len(pages) > 1
    seen: list[str] = []
    for number, page in enumerate(pages, start=1):
        parsed = parse_html(page)  # valid Telegram HTML: names are escaped
        assert utf16_len(parsed.text) <= MESSAGE_LIMIT
        assert utf16_len(page) <= MESSAGE_LIMIT
        assert "Отдел <Север> & Co" in parsed.text
        assert "&lt;" not in parsed.text  # nothing escaped twice
        assert "&amp;" not in parsed.text
        assert f"{number}" in parsed.text.splitlines()[1]
        seen.extend(line for line in parsed.text.splitlines() if "Сотрудник" in line)
        markup = summary_keyboard(t, 7, number - 1, len(pages))
        for row in markup.inline_keyboard:
            for button in row:
                assert button.callback_data is not None
                assert len(button.callback_data.encode()) <= 64
        labels = [button.text for button in markup.inline_keyboard[0]]
        assert ("◀" in labels) == (number > 1)
        assert ("▶" in labels) == (number < len(pages))
    # Every member appears once in the members list. In "needs attention" the ten most urgent
    # appear twice (the reason, then the opening line that names them), the rest once, by
    # name, in order of risk: no one is lost or repeated.
    for i in range(200):
        tag = f"Сотрудник & {i:03d}"
        assert sum(tag in line for line in seen) == (3 if i < 10 else 2), tag
    named = [line for line in seen if line.startswith("•")]
    order = [int(tag[-3:]) for tag in re.findall(r"Сотрудник & \d{3}", "\n".join(named))]
    assert order == list(range(10, 200))


def test_the_summary_hides_the_wellbeing_average_below_three_answers(
    i18n: I18n, content: Content
) -> None:
    t = i18n.translator("en")
    report = _report(2)
    page = summary_pages(t, content, "North", report, date(2026, 3, 4))[0]
    assert "not enough answers" in page
    with_average = TeamReport(**{**report.__dict__, "wellbeing_average": 41.6})
    page = summary_pages(t, content, "North", with_average, date(2026, 3, 4))[0]
    assert "42 of 100" in page
    assert "not enough answers" not in page
    empty = TeamReport(**{**report.__dict__, "members": (), "attention": ()})
    assert "Nobody has joined yet" in summary_pages(t, content, "N", empty, date(2026, 3, 4))[0]
    # Style names come from the content; opening lines from the report's locale strings.
    page = summary_pages(t, content, "North", report, date(2026, 3, 4))[0]
    assert content.styles["supportive"].name.get(t.language) in page
    assert "Signs of burnout" in page


def test_weekly_text_names_who_needs_attention(i18n: I18n) -> None:
    t = i18n.translator("ru")
    text = weekly_text(t, "Север & Co", _report(8))
    parsed = parse_html(text)
    assert "Север & Co" in parsed.text
    assert "+3" in parsed.text
    assert "<b>Сотрудник & 000</b>" in parsed.text  # a name's "markup" is shown as typed


# ---- callback data -----------------------------------------------------------------------


def test_team_callbacks_fit_64_bytes(i18n: I18n) -> None:
    big = SQL_INT_MAX  # the largest a bounded field accepts (handlers/callback_fields.py)
    values = [
        TeamCreateCb(),
        *(TeamInviteCb(team=big, action=action) for action in InviteAction),
        TeamMembersCb(team=big, page=PAGE_MAX),
        *(TeamRemoveCb(team=big, user=TELEGRAM_ID_MAX, step=step) for step in RemoveStep),
        TeamPageCb(team=big, page=PAGE_MAX, fresh=True),
        TeamExportCb(team=big),
        *(TeamJoinCb(code="A" * 59, action=action) for action in JoinAction),
        TeamLeaveCb(team=big, confirm=True),
        TeamShareCb(team=big, share=False),
    ]
    for value in values:
        assert len(value.pack().encode()) <= 64, value.pack()
    t: Translator = i18n.translator("ru")
    markup = join_keyboard(t, "A" * 59, "Ёлки & <палки>")
    assert markup.inline_keyboard[0][0].text == "↪ Выйти из «Ёлки & <палки>» и вступить"


# ---- the Monday push ---------------------------------------------------------------------


def test_the_weekly_push_is_due_monday_0900_in_the_heads_zone() -> None:
    head = User(id=1, timezone="Europe/Moscow", working_days="12345", checkin_time=time(9))
    due = next_due(head, ReminderKind.TEAM_WEEKLY, NOW, "UTC")
    assert due == datetime(2026, 3, 9, 6, 0, tzinfo=UTC)
    # Across the start of summer time in London: 09:00 BST is 08:00 UTC.
    london = User(id=2, timezone="Europe/London", working_days="12345", checkin_time=None)
    due = next_due(london, ReminderKind.TEAM_WEEKLY, datetime(2026, 3, 25, tzinfo=UTC), "UTC")
    assert due == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


async def test_only_a_head_with_a_team_gets_the_weekly_reminder(
    session_factory: async_sessionmaker[AsyncSession], i18n: I18n
) -> None:
    async with session_factory() as session:
        head, anna = await _users(session, (31, "head_of_sales"), (32, "sales_manager"))
        await sync_user_reminders(session, head, NOW, "UTC")
        assert await session.get(Reminder, (31, "team_weekly")) is None
        team = await teams_service.create_team(session, head, "Север", NOW)
        assert not isinstance(team, CreateRefusal)
        await sync_user_reminders(session, head, NOW, "UTC")
        await sync_user_reminders(session, anna, NOW, "UTC")
        assert await session.get(Reminder, (32, "team_weekly")) is None
        row = await session.get(Reminder, (31, "team_weekly"))
        assert row is not None
        assert row.next_due_at == datetime(2026, 3, 9, 6, tzinfo=UTC)

        compose = outbox_composer(i18n)
        message = OutboxMessage(
            user_id=31,
            kind="team_weekly",
            local_date=date(2026, 3, 9),
            created_at=datetime(2026, 3, 9, 6, tzinfo=UTC),
            next_attempt_at=NOW,
        )
        composed = await compose(session, message, head)
        assert composed is not None
        assert "Север" in composed.text
        assert composed.markup is not None
        button = composed.markup.inline_keyboard[0][0]
        assert button.callback_data == TeamPageCb(team=team.id, fresh=True).pack()

        # The team is gone (the head erased their data, say): nothing is sent.
        await session.delete(team)
        await session.flush()
        assert await compose(session, message, head) is None
        await sync_user_reminders(session, head, NOW, "UTC")
        await session.flush()
        assert await session.get(Reminder, (31, "team_weekly")) is None


async def test_erasing_a_head_or_a_member_erases_their_team_rows(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    from sqlalchemy import func, select

    from bot.db.team_models import Team, TeamMember
    from bot.db.users import delete_user

    async with session_factory() as session:
        head, anna, lev = await _users(
            session, (41, "head_of_sales"), (42, "sales_manager"), (43, "sales_manager")
        )
        team = await teams_service.create_team(session, head, "Север", NOW)
        assert not isinstance(team, CreateRefusal)
        await teams_db.add_member(session, team.id, anna.id, NOW, share_notes=False)
        await teams_db.add_member(session, team.id, lev.id, NOW, share_notes=False)
        await session.commit()
    async with session_factory() as session:
        await delete_user(session, 42)  # a member's /delete_me
        await session.commit()
        assert await teams_db.count_members(session, team.id) == 1
        await delete_user(session, 41)  # the head's /delete_me
        await session.commit()
        for table in (Team, TeamMember, TeamInvite):
            assert await session.scalar(select(func.count()).select_from(table)) == 0
