"""Team rules: invite codes, who may join, and who may see a team's figures.

No aiogram here: handlers call these and render the outcome.

- An invite code is ``secrets.token_urlsafe(16)``: 128 random bits, 22 URL-safe characters,
  so it fits the ``join_<code>`` start payload. A team has one live code at a time; making
  a new one revokes the old. A code may expire (7 or 30 days) or live until revoked. The
  database keeps only the code's SHA-256; the head sees the link once, when it is made.
- Joining: one team per member; a head cannot join their own team; a member of another team
  is asked to leave it first (the join then moves them). Every check is repeated at the
  moment of consent, because a code can be revoked between the preview and the press.
- Authorization: only the team's head gets its summary, pages, members, invites and export.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import teams as teams_db
from bot.db.models import User
from bot.db.team_models import TEAM_NAME_MAX, Team, TeamInvite, TeamMember
from bot.domain.roles import Role

INVITE_BYTES = 16  # 128 random bits; the brief asks for at least 64


class InviteExpiry(StrEnum):
    WEEK = "w"
    MONTH = "m"
    NEVER = "n"


# The link made with the team works for a week: a forgotten link in an old chat should not
# let people in forever. The head can make a 30-day or a permanent one on purpose.
FIRST_INVITE_EXPIRY = InviteExpiry.WEEK

EXPIRY_DELTAS: dict[InviteExpiry, timedelta | None] = {
    InviteExpiry.WEEK: timedelta(days=7),
    InviteExpiry.MONTH: timedelta(days=30),
    InviteExpiry.NEVER: None,
}


def new_invite_code() -> str:
    return secrets.token_urlsafe(INVITE_BYTES)


def hash_invite_code(code: str) -> str:
    """The stored form of a code: its SHA-256, hex. A plain fast hash is enough: a code is
    128 random bits, not a password, so there is nothing to guess from a dictionary and a
    slow KDF (bcrypt, scrypt) would only slow every join down. Lookups are by this hash."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedInvite:
    """A code just made: the row (hash only) and the code itself, which exists only here,
    for the link shown to the head this once."""

    invite: TeamInvite
    code: str

    @property
    def expires_at(self) -> datetime | None:
        return self.invite.expires_at


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start=join_{code}"


class InviteState(StrEnum):
    ACTIVE = "active"
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"


def invite_state(invite: TeamInvite | None, now: datetime) -> InviteState:
    if invite is None:
        return InviteState.UNKNOWN
    if invite.revoked_at is not None:
        return InviteState.REVOKED
    if invite.expires_at is not None and invite.expires_at <= now:
        return InviteState.EXPIRED
    return InviteState.ACTIVE


async def issue_invite(
    session: AsyncSession, team_id: int, expiry: InviteExpiry, now: datetime
) -> IssuedInvite:
    """A new code for the team; every older code stops working."""
    await teams_db.revoke_invites(session, team_id, now)
    delta = EXPIRY_DELTAS[expiry]
    code = new_invite_code()
    invite = await teams_db.add_invite(
        session, team_id, hash_invite_code(code), now, None if delta is None else now + delta
    )
    return IssuedInvite(invite, code)


async def active_invite(session: AsyncSession, team_id: int, now: datetime) -> TeamInvite | None:
    invite = await teams_db.current_invite(session, team_id)
    return invite if invite_state(invite, now) == InviteState.ACTIVE else None


async def revoke_invite(session: AsyncSession, team_id: int, now: datetime) -> bool:
    return await teams_db.revoke_invites(session, team_id, now) > 0


# ---- creating ----------------------------------------------------------------------------


class CreateRefusal(StrEnum):
    NOT_HEAD = "not_head"
    ALREADY_HEAD = "already_head"


def can_create_team(user: User) -> bool:
    return Role.parse(user.role) == Role.HEAD_OF_SALES


def clean_team_name(text: str) -> str | None:
    """The name as typed, whitespace collapsed; None if empty, too long, or without a single
    letter or digit («   .   » is not a name anyone could recognise in a list)."""
    name = " ".join(text.split())
    if not name or len(name) > TEAM_NAME_MAX or not any(ch.isalnum() for ch in name):
        return None
    return name


@dataclass(frozen=True, slots=True)
class CreatedTeam:
    team: Team
    first_invite: IssuedInvite  # valid for FIRST_INVITE_EXPIRY


async def open_team(
    session: AsyncSession, user: User, name: str, now: datetime
) -> CreatedTeam | CreateRefusal:
    """A new team with its first invite (valid for a week), whose link the head sees now."""
    team = await create_team(session, user, name, now)
    if isinstance(team, CreateRefusal):
        return team
    return CreatedTeam(team, await issue_invite(session, team.id, FIRST_INVITE_EXPIRY, now))


async def create_team(
    session: AsyncSession, user: User, name: str, now: datetime
) -> Team | CreateRefusal:
    """A new team without an invite (:func:`open_team` adds the first one)."""
    if not can_create_team(user):
        return CreateRefusal.NOT_HEAD
    if await teams_db.team_of_head(session, user.id) is not None:
        return CreateRefusal.ALREADY_HEAD
    return await teams_db.create_team(session, user.id, name, now)


# ---- joining -----------------------------------------------------------------------------


class JoinVerdict(StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    OWN_TEAM = "own_team"  # the head opened their own link
    ALREADY_MEMBER = "already_member"
    OTHER_TEAM = "other_team"  # a member of another team: leave it first
    TEAM_FULL = "team_full"  # the team has MAX_TEAM_SIZE members already


@dataclass(frozen=True, slots=True)
class JoinCheck:
    verdict: JoinVerdict
    team: Team | None = None
    head: User | None = None
    current_team: Team | None = None  # the team the user is in now, if any


_STATE_VERDICT = {
    InviteState.UNKNOWN: JoinVerdict.UNKNOWN,
    InviteState.REVOKED: JoinVerdict.REVOKED,
    InviteState.EXPIRED: JoinVerdict.EXPIRED,
}


async def check_join(session: AsyncSession, code: str, user_id: int, now: datetime) -> JoinCheck:
    invite = await teams_db.get_invite(session, hash_invite_code(code))
    state = invite_state(invite, now)
    if invite is None or state != InviteState.ACTIVE:
        return JoinCheck(_STATE_VERDICT[state])
    team = await teams_db.get_team(session, invite.team_id)
    if team is None:
        return JoinCheck(JoinVerdict.UNKNOWN)
    head = await session.get(User, team.head_id)
    if team.head_id == user_id:
        return JoinCheck(JoinVerdict.OWN_TEAM, team, head)
    current = await teams_db.membership(session, user_id)
    if current is not None:
        if current.team_id == team.id:
            return JoinCheck(JoinVerdict.ALREADY_MEMBER, team, head, team)
        other = await teams_db.get_team(session, current.team_id)
        return JoinCheck(JoinVerdict.OTHER_TEAM, team, head, other)
    return JoinCheck(JoinVerdict.OK, team, head)


async def join_team(
    session: AsyncSession,
    code: str,
    user_id: int,
    now: datetime,
    *,
    share_notes: bool,
    leave_current: bool = False,
    max_members: int | None = None,
) -> JoinCheck:
    """Join by code after consent. With ``leave_current`` a member of another team moves;
    without it they are refused (OTHER_TEAM). A team of ``max_members`` takes no one more
    (TEAM_FULL). Returns the check as it stood at the press."""
    check = await check_join(session, code, user_id, now)
    if (
        max_members is not None
        and check.verdict in (JoinVerdict.OK, JoinVerdict.OTHER_TEAM)
        and check.team is not None
        and await teams_db.count_members(session, check.team.id) >= max_members
    ):
        # Checked before a move leaves the old team, so a refused mover stays where they were.
        return JoinCheck(JoinVerdict.TEAM_FULL, check.team, check.head, check.current_team)
    if check.verdict == JoinVerdict.OTHER_TEAM and leave_current and check.current_team:
        await teams_db.remove_member(session, check.current_team.id, user_id)
        moved = await check_join(session, code, user_id, now)
        if moved.verdict != JoinVerdict.OK or moved.team is None:
            return moved
        await teams_db.add_member(session, moved.team.id, user_id, now, share_notes=share_notes)
        return check
    if check.verdict != JoinVerdict.OK or check.team is None:
        return check
    await teams_db.add_member(session, check.team.id, user_id, now, share_notes=share_notes)
    return check


async def leave_team(session: AsyncSession, user_id: int) -> Team | None:
    """Leave the user's team; the team left, or None if they were in none."""
    current = await teams_db.membership(session, user_id)
    if current is None:
        return None
    team = await teams_db.get_team(session, current.team_id)
    await teams_db.remove_member(session, current.team_id, user_id)
    return team


# ---- authorization -----------------------------------------------------------------------


async def team_for_head(session: AsyncSession, user_id: int, team_id: int) -> Team | None:
    """The team if ``user_id`` is its head; None for a member, an outsider or a forged id."""
    team = await teams_db.get_team(session, team_id)
    if team is None or team.head_id != user_id:
        return None
    return team


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a user stands: the team they head and the membership they hold (either may be
    empty; a head may also be a member of someone else's team)."""

    headed: Team | None
    member_of: Team | None
    membership: TeamMember | None


async def standing(session: AsyncSession, user_id: int) -> Standing:
    headed = await teams_db.team_of_head(session, user_id)
    member = await teams_db.membership(session, user_id)
    member_of = await teams_db.get_team(session, member.team_id) if member else None
    return Standing(headed, member_of, member)
