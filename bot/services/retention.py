"""How long we keep rows that only ever grow, and the purge the ticker runs.

- Outbox rows that were sent: 90 days. Nothing reads a sent row after its day (the nudge
  and the delivery report look at today's), and at a few rows per user per day the table
  would otherwise grow without end.
- Invites: 30 days after they expired or were revoked. Until then a person opening an old
  link is told it expired or was revoked rather than that it never existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import OutboxMessage
from bot.db.team_models import TeamInvite

SENT_OUTBOX_KEPT = timedelta(days=90)
DEAD_INVITE_KEPT = timedelta(days=30)
PURGE_EVERY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class PurgeReport:
    outbox: int
    invites: int


async def purge_old_rows(session: AsyncSession, now: datetime) -> PurgeReport:
    """Delete what is past its keeping time; the caller commits."""
    sent = await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status == "sent", OutboxMessage.sent_at < now - SENT_OUTBOX_KEPT
        )
    )
    invite_cutoff = now - DEAD_INVITE_KEPT
    invites = await session.execute(
        delete(TeamInvite).where(
            or_(TeamInvite.expires_at < invite_cutoff, TeamInvite.revoked_at < invite_cutoff)
        )
    )
    return PurgeReport(
        int(getattr(sent, "rowcount", 0) or 0), int(getattr(invites, "rowcount", 0) or 0)
    )
