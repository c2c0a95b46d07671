"""/me: my plan and forecast, energy trend, burnout score and wellbeing flag."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.db.models import User
from bot.i18n import Translator
from bot.services.checkins import local_today, plan_forecast, wellbeing
from handlers.checkin_views import me_text


async def on_me(
    message: Message,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    if not user.is_onboarded:
        await message.answer(t("plan-need-start"))
        return
    today = local_today(user, clock(), settings.default_timezone)
    forecast_data = await plan_forecast(session, user, today)
    health = await wellbeing(session, user.id, today)
    text = me_text(t, today, forecast_data, health, user.paused_until)
    if health.last_survey_week is not None:
        key = "me-survey-last" if health.survey_fresh else "me-survey-stale"
        text += "\n" + t(key, date=health.last_survey_week.strftime("%d.%m.%Y"))
    await message.answer(text)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_me, Command("me"))
    return router
