"""Typed SQLAlchemy models. Every table that must survive a restart is declared here."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, TimestampMixin, UTCDateTime


class User(TimestampMixin, Base):
    """A person who talked to the bot. The primary key is the Telegram user id."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(256), default="")
    # Telegram's last name (rows from before it was stored keep the full name in first_name
    # until the person's next update).
    last_name: Mapped[str | None] = mapped_column(String(256))
    username: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="ru")
    role: Mapped[str | None] = mapped_column(String(32))
    timezone: Mapped[str | None] = mapped_column(String(64))
    checkin_time: Mapped[time | None] = mapped_column(Time())
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when Telegram answers 403: we stop scheduling, but keep the data.
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Opt-in: a role tip comes along with the daily check-in.
    tip_with_checkin: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # ISO weekdays the user works, as digits: "12345" = Monday to Friday.
    working_days: Mapped[str] = mapped_column(String(7), default="12345", server_default="12345")
    # The country's official calendar on top of the weekdays (holidays, transferred days):
    # a bot.domain.schedule.WorkCalendar value, "none" for weekdays alone.
    work_calendar: Mapped[str] = mapped_column(String(8), default="RU", server_default="RU")
    # No reminders up to and including this local date.
    paused_until: Mapped[date | None] = mapped_column(Date())
    # What the check-in asks for: the month's sales so far ("total") or today's ("today").
    sales_input: Mapped[str] = mapped_column(String(8), default="total", server_default="total")

    @property
    def is_onboarded(self) -> bool:
        return self.onboarded_at is not None


class FsmRecord(Base):
    """aiogram FSM state and data for one storage key, so dialogues survive restarts."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, default="{}")
    # A cheap marker that the row belongs to a user, used when erasing their data.
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)


def user_fk() -> ForeignKey:
    """Rows that belong to a user vanish with the user (/delete_me)."""
    return ForeignKey("users.id", ondelete="CASCADE")


class TipView(Base):
    """A tip shown to a user. ``cycle`` counts passes through the role's tips: no tip repeats
    within a cycle. The row id travels in the tip's buttons, so a vote names what was shown."""

    __tablename__ = "tip_views"
    __table_args__ = (Index("ix_tip_views_user_cycle", "user_id", "cycle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, user_fk())
    tip_id: Mapped[str] = mapped_column(String(96))
    cycle: Mapped[int] = mapped_column(Integer)
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TipVote(Base):
    """The user's latest 👍 (+1) or 👎 (-1) on a tip."""

    __tablename__ = "tip_votes"

    user_id: Mapped[int] = mapped_column(BigInteger, user_fk(), primary_key=True)
    tip_id: Mapped[str] = mapped_column(String(96), primary_key=True)
    vote: Mapped[int] = mapped_column(Integer)
    voted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SavedTip(Base):
    __tablename__ = "saved_tips"

    user_id: Mapped[int] = mapped_column(BigInteger, user_fk(), primary_key=True)
    tip_id: Mapped[str] = mapped_column(String(96), primary_key=True)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StyleAnswer(Base):
    """One management-style exercise: created when the scenario is shown (``chosen`` empty),
    completed once when the user picks a style; a second press finds it already answered."""

    __tablename__ = "style_answers"
    __table_args__ = (Index("ix_style_answers_user", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, user_fk())
    scenario_id: Mapped[str] = mapped_column(String(64))
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime())
    chosen: Mapped[str | None] = mapped_column(String(32))
    # Scored when answered, against the content of that moment.
    best_styles: Mapped[str | None] = mapped_column(String(96))
    verdict: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
