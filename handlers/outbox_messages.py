"""What each kind of scheduled message says: the composer the delivery path calls."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.content.schema import Content
from bot.db.checkin_models import OutboxMessage
from bot.db.models import User
from bot.delivery import Composed, Composer
from bot.domain.schedule import monday_of
from bot.i18n import I18n
from bot.services.field_objections import PRACTICE_KIND
from bot.services.reminders import ReminderKind, schedule_nudge
from bot.services.team_report import zone_of
from handlers.checkin_views import energy_keyboard, long_date, survey_start_keyboard
from handlers.field_objections import compose_practice, field_week_line
from handlers.team_report import weekly_push

# Members without a zone of their own (rare: onboarding asks) count days in this one.
TEAM_DEFAULT_ZONE = Settings.model_fields["default_timezone"].default


def outbox_composer(i18n: I18n, content: Content | None = None) -> Composer:
    async def compose(session: AsyncSession, message: OutboxMessage, user: User) -> Composed | None:
        t = i18n.translator(user.language)
        day = message.local_date
        if message.kind == ReminderKind.CHECKIN:
            # Sent after the reader's midnight (the bot was down at check-in time): the prompt
            # asks about that day, not "today".
            sent = message.claimed_at or message.created_at
            sent_on = sent.astimezone(zone_of(user.timezone, TEAM_DEFAULT_ZONE)).date()
            key = "checkin-prompt" if sent_on <= day else "checkin-prompt-late"
            return Composed(t(key, date=long_date(t, day)), energy_keyboard(day))
        if message.kind == ReminderKind.NUDGE:
            return Composed(t("checkin-nudge", date=long_date(t, day)), energy_keyboard(day))
        if message.kind == ReminderKind.SURVEY:
            return Composed(t("survey-prompt"), survey_start_keyboard(t, monday_of(day)))
        if message.kind == ReminderKind.TEAM_WEEKLY:
            # As of the moment the reminder was claimed (Monday morning, the head's time).
            push = await weekly_push(session, t, user, message.created_at, TEAM_DEFAULT_ZONE)
            if push is None:
                return None
            # Last week's field objections (#15) close the Monday summary.
            week = await field_week_line(session, t, content, user, message.created_at)
            return Composed(push[0] + week, push[1])
        if message.kind == PRACTICE_KIND:
            return await compose_practice(session, t, content, message, user)
        return None  # an unknown kind from a newer or older release: skip it, don't crash

    return compose


async def after_send(
    session: AsyncSession, message: OutboxMessage, user: User, sent_at: datetime
) -> None:
    if message.kind == ReminderKind.CHECKIN:
        await schedule_nudge(session, user.id, sent_at)
