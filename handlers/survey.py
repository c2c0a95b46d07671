"""The weekly burnout survey (CBI work-related scale), one question per screen."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.db import checkins as checkins_db
from bot.db.checkin_models import BurnoutSurvey
from bot.db.models import User
from bot.domain.burnout import ITEM_COUNT, BurnoutBand, band, cbi_score
from bot.domain.schedule import monday_of
from bot.i18n import Translator
from bot.services.checkins import local_today
from handlers.checkin_views import (
    SurveyAnswerCb,
    SurveyStartCb,
    band_title,
    score_text,
    survey_keyboard,
    survey_question,
)
from handlers.editing import edit_text

_ADVICE = {
    BurnoutBand.LOW: "survey-advice-low",
    BurnoutBand.MODERATE: "survey-advice-moderate",
}


async def on_start(
    callback: CallbackQuery,
    callback_data: SurveyStartCb,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    today = local_today(user, clock(), settings.default_timezone)
    # Only this week's survey: an old or forged week would back-fill history.
    if callback_data.week != monday_of(today).toordinal() or not isinstance(
        callback.message, Message
    ):
        await callback.answer(t("stale-button"))
        return
    survey = await checkins_db.get_or_create_survey(
        session, user.id, date.fromordinal(callback_data.week)
    )
    await callback.answer()
    if survey.completed_at is not None:
        await edit_text(callback.message, t("survey-already"), None)
        return
    item = survey.answers.find("-")
    await edit_text(callback.message, survey_question(t, item), survey_keyboard(t, survey.id, item))


async def on_answer(
    callback: CallbackQuery,
    callback_data: SurveyAnswerCb,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    survey = await checkins_db.get_survey(session, callback_data.survey)
    valid = (
        survey is not None
        and survey.user_id == user.id
        and 0 <= callback_data.item < ITEM_COUNT
        and 0 <= callback_data.answer <= 4
        and isinstance(callback.message, Message)
    )
    if not valid or survey is None or not isinstance(callback.message, Message):
        await callback.answer(t("stale-button"))
        return
    if survey.completed_at is not None:
        # A double tap, or a press after the result was lost with a crash: show it (again).
        await callback.answer(t("survey-already"))
        await edit_text(callback.message, await _result_text(session, t, survey), None)
        return
    await callback.answer()
    answers = list(survey.answers)
    answers[callback_data.item] = str(callback_data.answer)
    survey.answers = "".join(answers)
    next_item = survey.answers.find("-")
    if next_item >= 0:
        await edit_text(
            callback.message,
            survey_question(t, next_item),
            survey_keyboard(t, survey.id, next_item),
        )
        return
    survey.score = cbi_score([int(a) for a in survey.answers])
    survey.completed_at = clock()
    await session.flush()
    await edit_text(callback.message, await _result_text(session, t, survey), None)


async def _result_text(session: AsyncSession, t: Translator, survey: BurnoutSurvey) -> str:
    score = survey.score or 0
    scores = await checkins_db.survey_scores(session, survey.user_id)
    parts = [t("survey-result", score=score_text(score), band=band_title(t, score))]
    if len(scores) > 1:
        parts[0] += "\n" + t("survey-trend", previous=score_text(scores[-2]))
    result = band(score)
    parts.append(t(_ADVICE[result]) if result in _ADVICE else t("support-steps"))
    parts.append(t("survey-source"))
    return "\n\n".join(parts)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    router.callback_query.register(on_start, SurveyStartCb.filter())
    router.callback_query.register(on_answer, SurveyAnswerCb.filter())
    return router
