"""Who is due, decided from the database.

Each user has one row per reminder kind with the next due instant in UTC. A tick claims due
rows by moving ``next_due_at`` forward in a guarded UPDATE (only the claimer that saw the old
value wins), and writes one outbox row per (user, kind, local day). On PostgreSQL the rows
are first locked with ``FOR UPDATE SKIP LOCKED``, so several instances split the due rows
between them instead of queueing on each other's locks. Because the next instant
is computed from *now*, a bot that was down for hours sends a missed reminder once, not once
per missed tick; a nudge that comes due during downtime is dropped rather than sent late.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import and_, delete, select, update
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import CheckIn, OutboxMessage, Reminder
from bot.db.models import User
from bot.db.team_models import Team
from bot.domain.schedule import (
    calendar_country,
    last_working_day_occurrence,
    local_date_of,
    next_occurrence,
    weekly_occurrence,
)

logger = logging.getLogger(__name__)

SURVEY_TIME = time(16, 0)  # the weekly survey: the week's last working day, 16:00 local
NUDGE_DELAY = timedelta(hours=3)  # one gentle nudge this long after an unanswered check-in
# A nudge claimed later than this after its time (the bot was down) is dropped: by then it
# would nag about a day that is over, or arrive beside the next check-in.
NUDGE_GRACE = timedelta(hours=1)
CLAIM_BATCH = 500


class ReminderKind(StrEnum):
    CHECKIN = "checkin"
    SURVEY = "survey"
    NUDGE = "nudge"
    TEAM_WEEKLY = "team_weekly"  # the head's Monday summary of their team


TEAM_WEEKLY_DAY = 1  # Monday
TEAM_WEEKLY_TIME = time(9, 0)  # local to the head


def working_days_of(user: User) -> frozenset[int]:
    return frozenset(int(ch) for ch in user.working_days if ch.isdigit() and 1 <= int(ch) <= 7)


def _zone(user: User, default_zone: str) -> str:
    return user.timezone or default_zone


def next_due(user: User, kind: ReminderKind, after: datetime, default_zone: str) -> datetime | None:
    """The next instant this reminder is due after ``after``; None if it never is."""
    if kind == ReminderKind.TEAM_WEEKLY:
        zone = _zone(user, default_zone)
        return weekly_occurrence(after, TEAM_WEEKLY_DAY, TEAM_WEEKLY_TIME, zone)
    days = working_days_of(user)
    if user.checkin_time is None or not days:
        return None
    zone = _zone(user, default_zone)
    # Check-ins and surveys skip public holidays of the user's calendar (nudges follow a
    # check-in, so they skip them too); the team summary is the head's own Monday reading.
    country = calendar_country(user.work_calendar)
    if kind == ReminderKind.CHECKIN:
        return next_occurrence(after, user.checkin_time, zone, days, country)
    if kind == ReminderKind.SURVEY:
        return last_working_day_occurrence(after, SURVEY_TIME, zone, days, country)
    return None  # nudges are set when a check-in goes out, not on a calendar


async def sync_user_reminders(
    session: AsyncSession, user: User, now: datetime, default_zone: str
) -> None:
    """Recompute the calendar reminders after onboarding or a settings change."""
    for kind in (ReminderKind.CHECKIN, ReminderKind.SURVEY):
        due = next_due(user, kind, now, default_zone) if user.blocked_at is None else None
        row = await session.get(Reminder, (user.id, kind.value))
        if due is None:
            if row is not None:
                await session.delete(row)
        elif row is None:
            session.add(Reminder(user_id=user.id, kind=kind.value, next_due_at=due))
        else:
            row.next_due_at = due
    await sync_team_weekly(session, user, now, default_zone)


async def sync_team_weekly(
    session: AsyncSession, user: User, now: datetime, default_zone: str
) -> None:
    """The Monday team summary is due only for the head of a team who hasn't blocked us."""
    heads_team = await session.scalar(select(Team.id).where(Team.head_id == user.id))
    row = await session.get(Reminder, (user.id, ReminderKind.TEAM_WEEKLY.value))
    if heads_team is None or user.blocked_at is not None:
        if row is not None:
            await session.delete(row)
        return
    due = next_due(user, ReminderKind.TEAM_WEEKLY, now, default_zone)
    if due is None:
        return
    if row is None:
        session.add(Reminder(user_id=user.id, kind=ReminderKind.TEAM_WEEKLY.value, next_due_at=due))
    else:
        row.next_due_at = due


async def stop_user_reminders(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(Reminder).where(Reminder.user_id == user_id))


async def make_due_now(
    session: AsyncSession, user_id: int, kind: ReminderKind, now: datetime
) -> None:
    """For the demo and tests: the reminder is due at once."""
    row = await session.get(Reminder, (user_id, kind.value))
    if row is None:
        session.add(Reminder(user_id=user_id, kind=kind.value, next_due_at=now))
    else:
        row.next_due_at = now


def _outbox_insert(session: AsyncSession) -> PgInsert | SqliteInsert:
    """INSERT … ON CONFLICT DO NOTHING in the engine's own dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert(OutboxMessage)
    return sqlite_insert(OutboxMessage)


@dataclass(frozen=True, slots=True)
class ClaimResult:
    claimed: int
    enqueued: int


async def _enqueue(
    session: AsyncSession, user_id: int, kind: ReminderKind, local_day: date, now: datetime
) -> bool:
    statement = (
        _outbox_insert(session)
        .values(
            user_id=user_id,
            kind=kind.value,
            local_date=local_day,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "local_date"])
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


def _latest_occurrence(
    user: User, kind: ReminderKind, due: datetime, now: datetime, zone: str
) -> datetime:
    """The most recent occurrence at or before now, starting from the overdue one."""
    latest = due
    for _ in range(400):  # more than a year of downtime is not worth walking
        following = next_due(user, kind, latest, zone)
        if following is None or following > now:
            break
        latest = following
    return latest


async def claim_due(session: AsyncSession, now: datetime, default_zone: str) -> ClaimResult:
    """Claim due reminders and write their outbox rows. The caller commits."""
    rows = (
        await session.execute(
            select(Reminder, User)
            .join(User, User.id == Reminder.user_id)
            .where(Reminder.next_due_at <= now)
            .order_by(Reminder.next_due_at)
            .limit(CLAIM_BATCH)
            # PostgreSQL: lock the rows we take until the caller commits; another instance
            # skips them and claims others. SQLite (one instance) renders no clause.
            .with_for_update(skip_locked=True, of=Reminder)
        )
    ).all()
    claimed = enqueued = 0
    for reminder, user in rows:
        kind = ReminderKind(reminder.kind)
        old_due = reminder.next_due_at
        zone = _zone(user, default_zone)
        occurrence = (
            old_due
            if kind == ReminderKind.NUDGE
            else _latest_occurrence(user, kind, old_due, now, zone)
        )
        following = None if kind == ReminderKind.NUDGE else next_due(user, kind, now, zone)
        if following is None:
            won = await session.execute(
                delete(Reminder).where(
                    Reminder.user_id == user.id,
                    Reminder.kind == kind.value,
                    Reminder.next_due_at == old_due,
                )
            )
        else:
            won = await session.execute(
                update(Reminder)
                .where(
                    and_(
                        Reminder.user_id == user.id,
                        Reminder.kind == kind.value,
                        Reminder.next_due_at == old_due,
                    )
                )
                .values(next_due_at=following)
                .execution_options(synchronize_session=False)
            )
        if getattr(won, "rowcount", 0) != 1:
            continue  # another instance claimed it first
        claimed += 1
        if user.blocked_at is not None:
            continue
        # A nudge belongs to the day of the check-in it follows up.
        anchor = occurrence - NUDGE_DELAY if kind == ReminderKind.NUDGE else occurrence
        local_day = local_date_of(anchor, zone)
        if user.paused_until is not None and local_day <= user.paused_until:
            continue
        if kind == ReminderKind.NUDGE and (
            now - occurrence > NUDGE_GRACE or await _checkin_answered(session, user.id, local_day)
        ):
            continue
        if await _enqueue(session, user.id, kind, local_day, now):
            enqueued += 1
    session.expire_all()
    return ClaimResult(claimed, enqueued)


async def _checkin_answered(session: AsyncSession, user_id: int, local_day: date) -> bool:
    found = await session.scalar(
        select(CheckIn.id).where(
            CheckIn.user_id == user_id,
            CheckIn.local_date == local_day,
            CheckIn.energy.is_not(None),
        )
    )
    return found is not None


async def schedule_nudge(session: AsyncSession, user_id: int, sent_at: datetime) -> None:
    """After a check-in goes out: one nudge later that day, cancelled by an answer."""
    due = sent_at + NUDGE_DELAY
    row = await session.get(Reminder, (user_id, ReminderKind.NUDGE.value))
    if row is None:
        session.add(Reminder(user_id=user_id, kind=ReminderKind.NUDGE.value, next_due_at=due))
    else:
        row.next_due_at = due
