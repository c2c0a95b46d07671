"""Tables of the field loop: objections reps heard on calls, objections a team wrote about its
own product, and the categories a head asked the team to practise."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.db.models import user_fk

FIELD_TEXT_MAX = 300  # what a rep types about one objection; longer is cut, not refused
CATEGORY_MAX = 32


def _team_fk() -> ForeignKey:
    return ForeignKey("teams.id", ondelete="CASCADE")


class FieldObjection(Base):
    """One objection a rep heard, as they typed it.

    ``team_id`` is the team they were in when they logged it (None outside a team), so
    leaving a team takes nothing of the old team's report with it, and the new head never
    sees what was said before the rep joined. The row goes with the user (/delete_me).
    ``category`` is the proposal until the rep confirms or picks another (``confirmed``).
    """

    __tablename__ = "field_objections"
    __table_args__ = (Index("ix_field_objections_team_logged", "team_id", "logged_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, user_fk(), index=True)
    team_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("teams.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(String(FIELD_TEXT_MAX))
    category: Mapped[str] = mapped_column(String(CATEGORY_MAX))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    source: Mapped[str] = mapped_column(String(12))  # "checkin" or "command"
    local_date: Mapped[date] = mapped_column(Date())
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CompanyObjection(Base):
    """An objection about the team's own product, written by its head (or a trainer in the
    team): a drill for that team only. Its drill cards use the id ``team:<id>``."""

    __tablename__ = "company_objections"
    __table_args__ = (Index("ix_company_objections_team", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(Integer, _team_fk())
    author_id: Mapped[int] = mapped_column(BigInteger, user_fk())
    category: Mapped[str] = mapped_column(String(CATEGORY_MAX))
    client: Mapped[str] = mapped_column(String(500))
    concern: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PracticeAssignment(Base):
    """A head's "practise this category": its objections come first in the members' /drill
    from ``starts_at`` (no earlier than the next check-in) until ``ends_at``."""

    __tablename__ = "practice_assignments"
    __table_args__ = (Index("ix_practice_assignments_team_ends", "team_id", "ends_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(Integer, _team_fk())
    category: Mapped[str] = mapped_column(String(CATEGORY_MAX))
    assigned_by: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL")
    )
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
