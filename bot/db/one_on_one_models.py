"""The head's 1:1 talks with members (bot/services/one_on_one.py): who, when, and the
attention reason with its risk at that moment, so "the reason got worse" can be decided later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.db.models import user_fk

REASON_MAX = 40


class OneOnOneTalk(Base):
    """ "Done — we talked", pressed by the team's head about a member.

    The row belongs to the membership (team, member): it vanishes when the member leaves or is
    removed, when the team is dissolved and with either person's /delete_me, so a talk never
    outlives the relationship it was about."""

    __tablename__ = "one_on_one_talks"
    __table_args__ = (
        ForeignKeyConstraint(
            ["team_id", "member_id"],
            ["team_members.team_id", "team_members.user_id"],
            ondelete="CASCADE",
        ),
        Index("ix_one_on_one_talks_team_talked", "team_id", "talked_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(BigInteger, index=True)
    head_id: Mapped[int] = mapped_column(BigInteger, user_fk(), index=True)
    talked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(REASON_MAX))
    risk: Mapped[float] = mapped_column(Float())
