"""Who is due, decided from the database.

Each user has one row per reminder kind with the next due instant in UTC. A tick claims due
rows in batches, set-based: it reads a batch, computes each row's next instant in memory
(once per distinct schedule), then moves ``next_due_at`` forward for the batch in a few
guarded UPDATEs (only rows still holding the instant that was read move: the claimer that
saw the old value wins), and writes one outbox row per (user, kind, local day) with an
INSERT … SELECT per group of users sharing a day. On PostgreSQL the rows are first locked
with ``FOR UPDATE SKIP LOCKED``, so several instances split the due rows between them
instead of queueing on each other's locks. On SQLite the read takes no write lock; the lock
is held only from the first UPDATE to the commit. Because the next instant is computed from
*now*, a bot that was down for hours sends a missed reminder once, not once per missed
tick; a nudge that comes due during downtime is dropped rather than sent late.

A nudge belongs to the reader's calendar day on which it arrives: it is sent only if that
day's check-in prompt went out and is still unanswered. So a nudge that would arrive after the
reader's midnight (a late check-in time, or ``/due nudge`` just after midnight) never names
yesterday under today's check-in; it is simply not sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    String,
    and_,
    delete,
    literal,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import UTCDateTime
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
CLAIM_BATCH = 250
# Up to this many (kind, due, next) groups in a batch, each is claimed by one plain statement.
_FEW_GROUPS = 16


class ReminderKind(StrEnum):
    CHECKIN = "checkin"
    SURVEY = "survey"
    NUDGE = "nudge"
    TEAM_WEEKLY = "team_weekly"  # the head's Monday summary of their team


TEAM_WEEKLY_DAY = 1  # Monday
TEAM_WEEKLY_TIME = time(9, 0)  # local to the head


class ScheduleOwner(Protocol):
    """What a reminder's calendar depends on: a User, or the claim's plain-column copy of one.
    A schedule that starts to depend on another user field adds it here (and to the claim's
    ``_Owner``), so the claim can never compute it from a partial copy."""

    @property
    def timezone(self) -> str | None: ...

    @property
    def checkin_time(self) -> time | None: ...

    @property
    def working_days(self) -> str: ...

    @property
    def work_calendar(self) -> str: ...


def working_days_of(user: ScheduleOwner) -> frozenset[int]:
    return frozenset(int(ch) for ch in user.working_days if ch.isdigit() and 1 <= int(ch) <= 7)


def _zone(user: ScheduleOwner, default_zone: str) -> str:
    return user.timezone or default_zone


def next_due(
    user: ScheduleOwner, kind: ReminderKind, after: datetime, default_zone: str
) -> datetime | None:
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


@dataclass(frozen=True, slots=True)
class _Owner:
    """The schedule fields of a user, read as plain columns: cheaper than an ORM object, and
    hashable, so users with the same schedule share one computation (see ``_plan``)."""

    timezone: str | None
    checkin_time: time | None
    working_days: str
    work_calendar: str


@dataclass(frozen=True, slots=True)
class _Step:
    """What claiming one due reminder does: where ``next_due_at`` moves (None: the row goes)
    and which local day an outbox row would be for."""

    occurrence: datetime
    following: datetime | None
    local_day: date


@dataclass(slots=True)
class _Claim:
    user_id: int
    kind: ReminderKind
    old_due: datetime
    step: _Step
    # False: claim the reminder but send nothing (blocked, paused, a stale or answered nudge).
    send: bool


def _latest_occurrence(
    user: ScheduleOwner, kind: ReminderKind, due: datetime, now: datetime, zone: str
) -> datetime:
    """The most recent occurrence at or before now, starting from the overdue one."""
    latest = due
    for _ in range(400):  # more than a year of downtime is not worth walking
        following = next_due(user, kind, latest, zone)
        if following is None or following > now:
            break
        latest = following
    return latest


def _step(owner: _Owner, kind: ReminderKind, old_due: datetime, now: datetime, zone: str) -> _Step:
    if kind == ReminderKind.NUDGE:
        # One-off, and about the reader's own day on which it arrives: the claim sends it
        # only if that day's check-in went out (see ``_open_checkins``).
        return _Step(old_due, None, local_date_of(old_due, zone))
    occurrence = _latest_occurrence(owner, kind, old_due, now, zone)
    following = next_due(owner, kind, now, zone)
    return _Step(occurrence, following, local_date_of(occurrence, zone))


async def _plan(session: AsyncSession, now: datetime, default_zone: str) -> list[_Claim]:
    """Read one batch of due reminders and decide, in memory, what claiming each does.

    Only reads: on SQLite the write lock is not taken yet. On PostgreSQL the rows are locked
    (``FOR UPDATE SKIP LOCKED``) until the caller commits: another instance skips them and
    claims others instead of queueing on our locks.
    """
    rows = (
        await session.execute(
            select(
                Reminder.user_id,
                Reminder.kind,
                Reminder.next_due_at,
                User.timezone,
                User.checkin_time,
                User.working_days,
                User.work_calendar,
                User.blocked_at,
                User.paused_until,
            )
            .join(User, User.id == Reminder.user_id)
            .where(Reminder.next_due_at <= now)
            .order_by(Reminder.next_due_at)
            .limit(CLAIM_BATCH)
            .with_for_update(skip_locked=True, of=Reminder)
        )
    ).all()
    # A morning's fan-out is thousands of users on a handful of schedules (zone, time, days):
    # each distinct schedule and due instant is computed once per batch, not once per user.
    steps: dict[tuple[ReminderKind, datetime, _Owner], _Step] = {}
    claims: list[_Claim] = []
    for row in rows:
        user_id, kind_name, old_due, zone_name, checkin_time, days, calendar = row[:7]
        blocked_at, paused = row[7:]
        kind = ReminderKind(kind_name)
        owner = _Owner(zone_name, checkin_time, days, calendar)
        key = (kind, old_due, owner)
        step = steps.get(key)
        if step is None:
            step = steps[key] = _step(owner, kind, old_due, now, zone_name or default_zone)
        send = blocked_at is None and (paused is None or step.local_day > paused)
        if send and kind == ReminderKind.NUDGE and now - step.occurrence > NUDGE_GRACE:
            send = False
        claims.append(_Claim(user_id, kind, old_due, step, send))
    nudges = [c for c in claims if c.send and c.kind == ReminderKind.NUDGE]
    if nudges:
        open_days = await _open_checkins(session, [(c.user_id, c.step.local_day) for c in nudges])
        for claim in nudges:
            claim.send = (claim.user_id, claim.step.local_day) in open_days
    return claims


async def _open_checkins(
    session: AsyncSession, days: list[tuple[int, date]]
) -> set[tuple[int, date]]:
    """Of these (user, local day) pairs, the ones a nudge can be about: the day's check-in
    prompt was sent and its energy is not answered yet."""
    prompted = await session.execute(
        select(OutboxMessage.user_id, OutboxMessage.local_date).where(
            tuple_(OutboxMessage.user_id, OutboxMessage.local_date).in_(days),
            OutboxMessage.kind == ReminderKind.CHECKIN.value,
            OutboxMessage.status == "sent",
        )
    )
    candidates = {(user_id, day) for user_id, day in prompted}
    if not candidates:
        return set()
    answered = await session.execute(
        select(CheckIn.user_id, CheckIn.local_date).where(
            tuple_(CheckIn.user_id, CheckIn.local_date).in_(list(candidates)),
            CheckIn.energy.is_not(None),
        )
    )
    return candidates - {(user_id, day) for user_id, day in answered}


async def can_nudge(session: AsyncSession, user_id: int, day: date) -> bool:
    """Whether a nudge on the reader's local ``day`` would be sent (``/due nudge`` asks)."""
    return (user_id, day) in await _open_checkins(session, [(user_id, day)])


async def _move_or_drop(session: AsyncSession, claims: list[_Claim]) -> set[tuple[int, str]]:
    """Compare-and-set over the whole batch: each reminder moves to its next instant (or is
    deleted when it has none) only if it still holds the due instant we read. Returns the
    reminders we won, as (user_id, kind); any another claimer moved first are left out.

    A morning's batch is users who were due at the same instant and move to the same next
    one: one statement, ``kind = ? AND next_due_at = ? AND user_id IN (…)``. A batch with
    many such groups (after downtime, nudges) uses one statement per next instant matching
    ``(user_id, kind, next_due_at) IN (…)``. Either way the SQL is compiled once and cached
    (expanding IN); a VALUES list of the batch would be compiled anew every time.
    """
    by_instant: dict[tuple[str, datetime, datetime | None], list[int]] = {}
    for claim in claims:
        key = (claim.kind.value, claim.old_due, claim.step.following)
        by_instant.setdefault(key, []).append(claim.user_id)
    matches: list[tuple[datetime | None, ColumnElement[bool]]] = []
    if len(by_instant) <= _FEW_GROUPS:
        for (kind, old_due, following), user_ids in by_instant.items():
            matches.append(
                (
                    following,
                    and_(
                        Reminder.kind == kind,
                        Reminder.next_due_at == old_due,
                        Reminder.user_id.in_(user_ids),
                    ),
                )
            )
    else:
        by_following: dict[datetime | None, list[tuple[int, str, datetime]]] = {}
        for (kind, old_due, following), user_ids in by_instant.items():
            by_following.setdefault(following, []).extend((u, kind, old_due) for u in user_ids)
        for following, keys in by_following.items():
            columns = tuple_(Reminder.user_id, Reminder.kind, Reminder.next_due_at)
            matches.append((following, columns.in_(keys)))
    won: set[tuple[int, str]] = set()
    for following, match in matches:
        statement = (
            delete(Reminder).where(match)
            if following is None
            else update(Reminder).where(match).values(next_due_at=following)
        )
        result = await session.execute(
            statement.returning(Reminder.user_id, Reminder.kind).execution_options(
                synchronize_session=False
            )
        )
        won.update((user_id, kind) for user_id, kind in result)
    return won


async def _enqueue(session: AsyncSession, claims: list[_Claim], now: datetime) -> int:
    """One outbox row per (user, kind, local day); rows that already exist (a claim repeated
    after a crash) stay as they are. The number written.

    Users sharing a kind and a local day (a morning's batch) are written by one
    ``INSERT … SELECT … WHERE users.id IN (…)``; many groups fall back to one executemany.
    """
    if not claims:
        return 0
    by_day: dict[tuple[str, date], list[int]] = {}
    for claim in claims:
        by_day.setdefault((claim.kind.value, claim.step.local_day), []).append(claim.user_id)
    columns = ["user_id", "kind", "local_date", "status", "attempts", "next_attempt_at"]
    written = 0
    if len(by_day) <= _FEW_GROUPS:
        for (kind, day), user_ids in by_day.items():
            rows = select(
                User.id,
                literal(kind, String()),
                literal(day, Date()),
                literal("pending", String()),
                literal(0, Integer()),
                literal(now, UTCDateTime()),
                literal(now, UTCDateTime()),
            ).where(User.id.in_(user_ids))
            statement = (
                _outbox_insert(session)
                .from_select([*columns, "created_at"], rows)
                .on_conflict_do_nothing(index_elements=["user_id", "kind", "local_date"])
                .returning(OutboxMessage.id)
            )
            written += len((await session.execute(statement)).all())
        return written
    statement = (
        _outbox_insert(session)
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "local_date"])
        .returning(OutboxMessage.id)
    )
    values = [
        {
            "user_id": c.user_id,
            "kind": c.kind.value,
            "local_date": c.step.local_day,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for c in claims
    ]
    return len((await session.execute(statement, values)).all())


async def claim_due(session: AsyncSession, now: datetime, default_zone: str) -> ClaimResult:
    """Claim one batch of due reminders and write their outbox rows. The caller commits.

    Set-based: one read, then a few statements for the whole batch (move or delete the
    reminders with a compare-and-set, insert the outbox rows), so the write lock is held for
    milliseconds per batch rather than a round of statements per user.
    """
    claims = await _plan(session, now, default_zone)
    if not claims:
        return ClaimResult(0, 0)
    won = await _move_or_drop(session, claims)
    sending = [c for c in claims if c.send and (c.user_id, c.kind.value) in won]
    enqueued = await _enqueue(session, sending, now)
    session.expire_all()
    return ClaimResult(len(won), enqueued)


async def schedule_nudge(session: AsyncSession, user_id: int, sent_at: datetime) -> None:
    """After a check-in goes out: one nudge later that day, cancelled by an answer. If "later"
    is already the reader's next day, the claim drops it (``_open_checkins``)."""
    due = sent_at + NUDGE_DELAY
    row = await session.get(Reminder, (user_id, ReminderKind.NUDGE.value))
    if row is None:
        session.add(Reminder(user_id=user_id, kind=ReminderKind.NUDGE.value, next_due_at=due))
    else:
        row.next_due_at = due
