"""Tables of teams: a head of sales owns one team, a member belongs to at most one, and
invite codes let people join after they consent to what the head will see."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime, utcnow
from bot.db.models import user_fk

TEAM_NAME_MAX = 64


def _team_fk() -> ForeignKey:
    """Members and invites vanish with the team."""
    return ForeignKey("teams.id", ondelete="CASCADE")


class Team(Base):
    """A head of sales' team. A head has one team (``head_id`` unique); the head is not a
    member of it (no :class:`TeamMember` row) and is not counted among its members."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    head_id: Mapped[int] = mapped_column(BigInteger, user_fk(), unique=True)
    name: Mapped[str] = mapped_column(String(TEAM_NAME_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TeamMember(Base):
    """A person in a team. ``user_id`` is unique: one team per member."""

    __tablename__ = "team_members"

    team_id: Mapped[int] = mapped_column(Integer, _team_fk(), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, user_fk(), primary_key=True, unique=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The head sees the member's check-in notes only when this is set, and only notes of
    # check-ins completed since ``notes_shared_since`` (sharing is per member, from a moment).
    share_notes: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    notes_shared_since: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TeamWellbeingWeek(Base):
    """The team's wellbeing for one finished week, frozen when first computed: the mean CBI
    score of those who were members for the whole week, None when fewer than 3 of them
    answered. Never recomputed, so joining, leaving or late answers cannot be differenced."""

    __tablename__ = "team_wellbeing_weeks"

    team_id: Mapped[int] = mapped_column(Integer, _team_fk(), primary_key=True)
    week_start: Mapped[date] = mapped_column(Date(), primary_key=True)
    average: Mapped[float | None] = mapped_column(Float())


class TeamInvite(Base):
    """An invite code (``secrets.token_urlsafe(16)``: 128 random bits), stored only as its
    SHA-256 (``code_hash``, hex): the link is shown to the head once, when it is made, and a
    copy of the database lets nobody join a team. It works while it is neither revoked nor
    past ``expires_at`` (no expiry when empty)."""

    __tablename__ = "team_invites"
    __table_args__ = (Index("ix_team_invites_team", "team_id"),)

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[int] = mapped_column(Integer, _team_fk())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
