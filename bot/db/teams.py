"""Queries on teams, members and invite codes. Session first; no commits here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BindParameter,
    Executable,
    bindparam,
    delete,
    func,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import User
from bot.db.team_models import Team, TeamInvite, TeamMember


async def get_team(session: AsyncSession, team_id: int) -> Team | None:
    return await session.get(Team, team_id)


async def team_of_head(session: AsyncSession, head_id: int) -> Team | None:
    return await session.scalar(select(Team).where(Team.head_id == head_id))


async def create_team(session: AsyncSession, head_id: int, name: str, now: datetime) -> Team:
    team = Team(head_id=head_id, name=name, created_at=now)
    session.add(team)
    await session.flush()
    return team


async def rename_team(session: AsyncSession, team_id: int, name: str) -> None:
    await session.execute(update(Team).where(Team.id == team_id).values(name=name))


async def membership(session: AsyncSession, user_id: int) -> TeamMember | None:
    """The user's membership: at most one (``team_members.user_id`` is unique)."""
    return await session.scalar(select(TeamMember).where(TeamMember.user_id == user_id))


def _team_of_user() -> Executable:
    user_id: BindParameter[int] = bindparam("user_id")
    in_team = select(TeamMember.team_id.label("team_id"), literal(0).label("rank")).where(
        TeamMember.user_id == user_id
    )
    heads = select(Team.id.label("team_id"), literal(1).label("rank")).where(
        Team.head_id == user_id
    )
    either = union_all(in_team, heads).subquery()
    return select(either.c.team_id).order_by(either.c.rank).limit(1)


# Built once: every drill answer runs it, and building a statement costs more than running it.
_TEAM_OF_USER = _team_of_user()


async def team_id_of_user(session: AsyncSession, user_id: int) -> int | None:
    """The team the user is in, else the one they head; one statement, no objects loaded."""
    team_id: int | None = await session.scalar(_TEAM_OF_USER, {"user_id": user_id})
    return team_id


async def get_member(session: AsyncSession, team_id: int, user_id: int) -> TeamMember | None:
    return await session.get(TeamMember, (team_id, user_id))


async def add_member(
    session: AsyncSession, team_id: int, user_id: int, now: datetime, *, share_notes: bool
) -> TeamMember:
    member = TeamMember(
        team_id=team_id,
        user_id=user_id,
        joined_at=now,
        share_notes=share_notes,
        notes_shared_since=now if share_notes else None,
    )
    session.add(member)
    await session.flush()
    return member


async def remove_member(session: AsyncSession, team_id: int, user_id: int) -> bool:
    result = await session.execute(
        delete(TeamMember).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def set_share_notes(
    session: AsyncSession, team_id: int, user_id: int, share: bool, now: datetime
) -> None:
    """Sharing starts afresh each time it is switched on: notes of check-ins completed before
    ``now`` stay private even if they were shared once before."""
    await session.execute(
        update(TeamMember)
        .where(TeamMember.team_id == team_id, TeamMember.user_id == user_id)
        .values(share_notes=share, notes_shared_since=now if share else None)
    )


async def count_members(session: AsyncSession, team_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(TeamMember).where(TeamMember.team_id == team_id)
        )
        or 0
    )


async def member_names(
    session: AsyncSession, team_id: int
) -> list[tuple[int, str | None, str | None, str | None]]:
    """(id, first name, username, last name) of every member: enough to tell equal names
    apart (bot/services/people.py)."""
    rows = await session.execute(
        select(User.id, User.first_name, User.username, User.last_name)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id)
    )
    return [(uid, first, username, last) for uid, first, username, last in rows.all()]


async def members_page(
    session: AsyncSession, team_id: int, offset: int, limit: int
) -> list[tuple[TeamMember, User]]:
    """Members with their user rows, in a stable order (name, then id)."""
    rows = await session.execute(
        select(TeamMember, User)
        .join(User, User.id == TeamMember.user_id)
        .where(TeamMember.team_id == team_id)
        .order_by(func.lower(User.first_name), User.id)
        .offset(offset)
        .limit(limit)
    )
    return [(member, user) for member, user in rows.all()]


async def get_invite(session: AsyncSession, code_hash: str) -> TeamInvite | None:
    return await session.get(TeamInvite, code_hash)


async def current_invite(session: AsyncSession, team_id: int) -> TeamInvite | None:
    """The newest invite that has not been revoked (it may have expired)."""
    return await session.scalar(
        select(TeamInvite)
        .where(TeamInvite.team_id == team_id, TeamInvite.revoked_at.is_(None))
        .order_by(TeamInvite.created_at.desc())
        .limit(1)
    )


async def revoke_invites(session: AsyncSession, team_id: int, now: datetime) -> int:
    """Revoke every live code of the team; how many there were. Done through the loaded
    objects (a team has one or two), so the session never holds a stale "live" invite."""
    live = await session.scalars(
        select(TeamInvite).where(TeamInvite.team_id == team_id, TeamInvite.revoked_at.is_(None))
    )
    count = 0
    for invite in live:
        invite.revoked_at = now
        count += 1
    await session.flush()
    return count


async def add_invite(
    session: AsyncSession,
    team_id: int,
    code_hash: str,
    now: datetime,
    expires_at: datetime | None,
) -> TeamInvite:
    invite = TeamInvite(code_hash=code_hash, team_id=team_id, created_at=now, expires_at=expires_at)
    session.add(invite)
    await session.flush()
    return invite


async def team_heads(session: AsyncSession) -> list[tuple[Team, User]]:
    rows = await session.execute(select(Team, User).join(User, User.id == Team.head_id))
    return [(team, user) for team, user in rows.all()]
