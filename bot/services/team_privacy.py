"""What a head may see about the team, decided so that arithmetic cannot undo it.

* **Team wellbeing** is published only per finished week, from the completed surveys of those
  who were members for the whole week, and only when at least :data:`MIN_RESPONDENTS` of them
  answered. The figure is frozen in ``team_wellbeing_weeks`` the first time a report is built
  after the week is over (lazily: /team, the chart, /export or the Monday push, whichever
  comes first) and never recomputed: a member who leaves or joins later, or answers late,
  changes nothing. Because the freeze can come days after the week, "members for the whole
  week" is decided at that moment: joined at or before the week's Monday 00:00 (the head's
  zone) and still a member — the membership row is what carries ``joined_at``, and someone who
  left (or left and came back, which resets ``joined_at``) took their answers with them, as
  /leave promises. Either way only one figure per week is ever published, so there is
  nothing to subtract. The current week is never shown, so no one's answer can be read from
  the average moving as answers arrive; a newcomer's surveys from before they joined never
  land in a past week.
* **Who answered** is never shown: the count of this week's answers is not published, and a
  member's flag uses only surveys of finished weeks completed after they joined
  (bot/services/team_report.py).
* **Since joining**: /team and /export use a member's check-ins from the moment they joined:
  days from their joining day (their local date) on, and only check-ins last written after
  the moment of joining (``team_report.written_since_joining``), so a check-in answered an
  hour before joining stays private; plan months that ended before they joined are left out.
* **Notes**: sharing is per member, from a moment. A check-in's note is shown only if the member
  shares notes now and the check-in was completed after they last switched sharing on — notes
  written before joining or before sharing was switched on are never shown. (The old per-note
  flag ``CheckIn.share_note`` was never used and is gone.)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import BurnoutSurvey
from bot.db.team_models import TeamMember, TeamWellbeingWeek

MIN_RESPONDENTS = 3


def note_visible(shared_since: datetime | None, written_at: datetime | None) -> bool:
    """Whether a note written at ``written_at`` is the head's to see: strictly after sharing
    was switched on, so a note finished in the same instant stays private."""
    return shared_since is not None and written_at is not None and written_at > shared_since


async def frozen_wellbeing(
    session: AsyncSession,
    team_id: int,
    weeks: list[date],
    current_week: date,
    head_tz: tzinfo,
) -> dict[date, float | None]:
    """The published figure of each finished week in ``weeks`` (None: too few answers),
    freezing the weeks not computed yet. The current week and later ones are never included."""
    finished = [week for week in weeks if week < current_week]
    if not finished:
        return {}
    rows = await session.execute(
        select(TeamWellbeingWeek.week_start, TeamWellbeingWeek.average).where(
            TeamWellbeingWeek.team_id == team_id,
            TeamWellbeingWeek.week_start.in_(finished),
        )
    )
    stored: dict[date, float | None] = dict(rows.all())
    missing = [week for week in finished if week not in stored]
    if missing:
        members = dict(
            (
                await session.execute(
                    select(TeamMember.user_id, TeamMember.joined_at).where(
                        TeamMember.team_id == team_id
                    )
                )
            ).all()
        )
        answers = await session.execute(
            select(BurnoutSurvey.user_id, BurnoutSurvey.week_start, BurnoutSurvey.score).where(
                BurnoutSurvey.user_id.in_(list(members)),
                BurnoutSurvey.week_start.in_(missing),
                BurnoutSurvey.score.is_not(None),
            )
        )
        by_week: dict[date, list[float]] = {week: [] for week in missing}
        for user_id, week, score in answers:
            monday = datetime.combine(week, datetime.min.time(), tzinfo=head_tz)
            if score is not None and members[user_id] <= monday:
                by_week[week].append(score)
        values = [
            {
                "team_id": team_id,
                "week_start": week,
                "average": _published_mean(by_week[week]),
            }
            for week in missing
        ]
        # Two reports built at once freeze the same week once: the first insert wins, and
        # both read back what was stored.
        dialect = session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        await session.execute(
            insert(TeamWellbeingWeek)
            .values(values)
            .on_conflict_do_nothing(index_elements=["team_id", "week_start"])
        )
        rows = await session.execute(
            select(TeamWellbeingWeek.week_start, TeamWellbeingWeek.average).where(
                TeamWellbeingWeek.team_id == team_id,
                TeamWellbeingWeek.week_start.in_(missing),
            )
        )
        stored.update(dict(rows.all()))
    return stored


def weeks_back(current_week: date, count: int) -> list[date]:
    """The ``count`` weeks before ``current_week``, oldest first."""
    return [current_week - timedelta(weeks=back) for back in range(count, 0, -1)]


def _published_mean(scores: list[float]) -> float | None:
    return round(sum(scores) / len(scores), 1) if len(scores) >= MIN_RESPONDENTS else None
