"""1:1 talks and the quiet week after them: which "needs attention" entries a head has dealt with.

Definitions (what a head reads in the README and on /team):

* **A talk** is the head pressing "Done — we talked" in the 1:1 preparation of a member who
  needs attention (bot/services/one_on_one.py). It is stored with who (the head, the member),
  when, and the member's attention reason and risk at that moment — the risk is the urgency
  score of bot/services/team_report.py that orders the attention list.
* **Quiet week**: for ``QUIET_DAYS`` (7) days after the talk the member is off the attention
  list — /team, the chart's order, the export's attention column and the Monday push all read
  it from the same report — and /team names them under "talked recently" instead. Their
  figures and flag stay where they are. After the 7 days they come back if a reason remains.
* **Worse** ends the quiet week early: the member's risk now is at least ``WORSE_BY`` (5)
  points above the risk stored at the talk. The reasons' bands are 10 points wide (red flag
  100–110, amber with far behind plan 80–90, far behind plan 70–80, silent 60–70, close to plan
  with low activity 50–60, stalling star 40–50, amber 35–45), so moving to a more urgent band
  is worse (amber → red, a stalling star now far behind plan, behind plan and now also a survey
  at 50+), and so is half a band within one (behind plan: a forecast 35 points lower; silent:
  a check-in rate 50 points lower). A reason that merely changed to an equal or milder one, or
  time passing, is not worse. A red flag is the top band: after a talk it stays quiet for the
  week unless the talk was about something milder.
* Only the latest talk per member counts. A talk belongs to the membership: leaving the team,
  being removed, the team being dissolved or /delete_me removes it (database cascade), so a
  member who rejoins starts with no talk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.one_on_one_models import OneOnOneTalk

QUIET_DAYS = 7
WORSE_BY = 5.0


class Ranked(Protocol):
    """An attention entry as the quiet-week rule reads it."""

    @property
    def user_id(self) -> int: ...

    @property
    def risk(self) -> float: ...


Item = TypeVar("Item", bound=Ranked)


@dataclass(frozen=True, slots=True)
class Talk:
    member_id: int
    talked_at: datetime
    reason: str
    risk: float

    @property
    def quiet_until(self) -> datetime:
        return self.talked_at + timedelta(days=QUIET_DAYS)


def is_worse(talk: Talk, risk_now: float) -> bool:
    """Whether the member's reason got worse since the talk (see the module docstring)."""
    return risk_now >= talk.risk + WORSE_BY


async def latest_talks(session: AsyncSession, team_id: int, now: datetime) -> dict[int, Talk]:
    """Each member's latest talk whose quiet week is still running at ``now``."""
    since = now - timedelta(days=QUIET_DAYS)
    window = (
        OneOnOneTalk.team_id == team_id,
        OneOnOneTalk.talked_at > since,
        OneOnOneTalk.talked_at <= now,
    )
    latest = (
        select(OneOnOneTalk.member_id, func.max(OneOnOneTalk.id).label("id"))
        .where(*window)
        .group_by(OneOnOneTalk.member_id)
        .subquery()
    )
    rows = await session.execute(
        select(
            OneOnOneTalk.member_id,
            OneOnOneTalk.talked_at,
            OneOnOneTalk.reason,
            OneOnOneTalk.risk,
        ).join(latest, OneOnOneTalk.id == latest.c.id)
    )
    return {
        member_id: Talk(member_id, talked_at, reason, risk)
        for member_id, talked_at, reason, risk in rows
    }


def split_attention(
    attention: Sequence[Item], talks: dict[int, Talk]
) -> tuple[list[Item], list[tuple[Item, Talk]]]:
    """The attention list without the members in a quiet week, and those members apart."""
    shown: list[Item] = []
    quiet: list[tuple[Item, Talk]] = []
    for item in attention:
        talk = talks.get(item.user_id)
        if talk is not None and not is_worse(talk, item.risk):
            quiet.append((item, talk))
        else:
            shown.append(item)
    return shown, quiet


async def add_talk(
    session: AsyncSession,
    *,
    team_id: int,
    head_id: int,
    member_id: int,
    reason: str,
    risk: float,
    now: datetime,
) -> Talk:
    session.add(
        OneOnOneTalk(
            team_id=team_id,
            member_id=member_id,
            head_id=head_id,
            talked_at=now,
            reason=reason,
            risk=risk,
        )
    )
    await session.flush()
    return Talk(member_id, now, reason, risk)
