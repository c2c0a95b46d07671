"""Texts and keyboards of check-ins, surveys, plans and /me. No SQL here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date
from pydantic import Field

from bot.db.checkin_models import Plan
from bot.domain.amounts import format_amount
from bot.domain.burnout import ITEM_COUNT, BurnoutBand, WellbeingFlag, band
from bot.domain.forecast import Forecast, ForecastStatus
from bot.i18n import Translator
from bot.services.checkins import PlanForecast, Wellbeing
from handlers.callback_fields import DayOrdinal, RowId, one_of
from handlers.inline_keyboard import button, markup

ENERGY_FACES = {1: "😫", 2: "😕", 3: "😐", 4: "🙂", 5: "🤩"}
SPARK = {1: "▁", 2: "▃", 3: "▅", 4: "▆", 5: "█"}
# Items 1–3 are answered in degrees, 4–7 in frequencies (as in the CBI).
DEGREE_ITEMS = frozenset({0, 1, 2})


class CheckinEnergyCb(CallbackData, prefix="ce"):
    day: DayOrdinal  # of the check-in's local day
    energy: Annotated[int, Field(ge=1, le=5)]


class CheckinSalesAction(CallbackData, prefix="cs"):
    action: Annotated[str, one_of(("same", "zero", "today", "total", "skip"))]


class CheckinSkipCb(CallbackData, prefix="ck"):
    step: Annotated[str, one_of(("activity", "note"))]


class CheckinRedoCb(CallbackData, prefix="cr"):
    day: DayOrdinal  # of the check-in's local day
    redo: bool


def redo_keyboard(t: Translator, day: date) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("checkin-redo-yes"), callback_data=CheckinRedoCb(day=day.toordinal(), redo=True)
    )
    builder.button(
        text=t("checkin-redo-no"), callback_data=CheckinRedoCb(day=day.toordinal(), redo=False)
    )
    builder.adjust(2)
    return builder.as_markup()


class SurveyStartCb(CallbackData, prefix="ss"):
    week: DayOrdinal  # of the week's Monday; only the current week is accepted


class SurveyAnswerCb(CallbackData, prefix="sa"):
    survey: RowId
    item: Annotated[int, Field(ge=0, le=15)]
    answer: Annotated[int, Field(ge=0, le=4)]


def long_date(t: Translator, day: date) -> str:
    return format_date(day, "EEE, d MMMM", locale=t.language.value)


def month_name(t: Translator, day: date) -> str:
    return format_date(day, "LLLL", locale=t.language.value)


def amount(t: Translator, value: Decimal) -> str:
    return format_amount(value, t.language.value)


def plan_value(t: Translator, plan: Plan) -> str:
    shown = amount(t, plan.target)
    return t("plan-units", amount=shown) if plan.unit == "units" else money(t, plan.target)


def money(t: Translator, value: Decimal) -> str:
    """An amount of money with the plan's currency beside it (plans are in roubles)."""
    return t("amount-in-roubles", amount=amount(t, value))


def energy_keyboard(day: date) -> InlineKeyboardMarkup:
    return markup(
        [
            button(f"{energy} {face}", CheckinEnergyCb(day=day.toordinal(), energy=energy))
            for energy, face in ENERGY_FACES.items()
        ]
    )


def sales_keyboard(t: Translator, mode: str, previous: Decimal | None) -> InlineKeyboardMarkup:
    rows = []
    if mode == "total" and previous is not None:
        same = t("checkin-button-same", amount=amount(t, previous))
        rows.append([button(same, CheckinSalesAction(action="same"))])
    if mode == "today":
        rows.append([button(t("checkin-button-zero"), CheckinSalesAction(action="zero"))])
    switch_to, label = (
        ("today", "checkin-button-switch-today")
        if mode == "total"
        else ("total", "checkin-button-switch-total")
    )
    rows.append([button(t(label), CheckinSalesAction(action=switch_to))])
    rows.append([button(t("checkin-button-skip"), CheckinSalesAction(action="skip"))])
    return markup(*rows)


def skip_keyboard(t: Translator, step: str) -> InlineKeyboardMarkup:
    return markup([button(t("checkin-button-skip"), CheckinSkipCb(step=step))])


def forecast_block(t: Translator, data: PlanForecast, today: date) -> str:
    result: Forecast = data.forecast
    if data.plan is None or result.status == ForecastStatus.NO_PLAN:
        return t("forecast-no-plan")
    plan = data.plan
    lines = [t("forecast-title", month=month_name(t, today), plan=plan_value(t, plan))]
    # The plan's currency beside every amount of money.
    show = amount if plan.unit == "units" else money
    if result.attainment_pct is not None:
        lines.append(
            t("forecast-done", done=show(t, result.to_date), pct=_pct(t, result.attainment_pct))
        )
    if result.status == ForecastStatus.PLAN_MET:
        lines.append(t("forecast-met"))
        return "\n".join(lines)
    needed = show(t, result.needed_per_day or Decimal(0))
    if result.status == ForecastStatus.NOT_STARTED:
        lines.append(t("forecast-not-started", needed=needed))
        return "\n".join(lines)
    if result.status == ForecastStatus.MONTH_OVER:
        shortfall = (plan.target - result.to_date).quantize(Decimal("0.01"))
        lines.append(t("forecast-month-over", needed=show(t, shortfall)))
        return "\n".join(lines)
    if result.projected is not None and result.projected_pct is not None:
        lines.append(
            t(
                "forecast-projected",
                projected=show(t, result.projected),
                pct=_pct(t, result.projected_pct),
            )
        )
    lines.append(t("forecast-needed", needed=needed, days=result.remaining_working_days))
    lines.append(
        t("forecast-on-track" if result.status == ForecastStatus.ON_TRACK else "forecast-behind")
    )
    return "\n".join(lines)


def _pct(t: Translator, value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:.1f}"
    return text.replace(".", ",") if t.language.value == "ru" else text


def band_title(t: Translator, score: float) -> str:
    keys = {
        BurnoutBand.LOW: "survey-band-low",
        BurnoutBand.MODERATE: "survey-band-moderate",
        BurnoutBand.HIGH: "survey-band-high",
        BurnoutBand.SEVERE: "survey-band-severe",
    }
    return t(keys[band(score)])


def score_text(score: float) -> str:
    return f"{score:.0f}"


def survey_question(t: Translator, item: int) -> str:
    return t(
        "survey-question",
        number=item + 1,
        total=ITEM_COUNT,
        question=t(f"survey-q{item + 1}"),
    )


def survey_keyboard(t: Translator, survey_id: int, item: int) -> InlineKeyboardMarkup:
    scale = "survey-degree" if item in DEGREE_ITEMS else "survey-freq"
    builder = InlineKeyboardBuilder()
    for answer in range(5):
        builder.button(
            text=t(f"{scale}-{answer}"),
            callback_data=SurveyAnswerCb(survey=survey_id, item=item, answer=answer),
        )
    builder.adjust(1)
    return builder.as_markup()


def survey_start_keyboard(t: Translator, week: date) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("survey-button-start"), callback_data=SurveyStartCb(week=week.toordinal())
    )
    return builder.as_markup()


def flag_line(t: Translator, flag: WellbeingFlag) -> str:
    return t(f"me-flag-{flag.value}")


def energy_line(t: Translator, energies: Sequence[int]) -> str:
    if not energies:
        return t("me-energy-none")
    spark = "".join(SPARK.get(e, "?") for e in energies)
    average = sum(energies) / len(energies)
    shown = f"{average:.1f}"
    return t(
        "me-energy",
        spark=spark,
        average=shown.replace(".", ",") if t.language.value == "ru" else shown,
    )


def burnout_lines(t: Translator, data: Wellbeing) -> list[str]:
    if not data.scores:
        return [t("me-burnout-none")]
    latest = data.scores[-1]
    lines = [t("me-burnout", score=score_text(latest), band=band_title(t, latest))]
    if len(data.scores) > 1:
        lines.append(t("me-burnout-trend", scores=" → ".join(score_text(s) for s in data.scores)))
    return lines


def me_text(
    t: Translator,
    today: date,
    forecast_data: PlanForecast,
    data: Wellbeing,
    paused_until: date | None,
) -> str:
    parts = [
        t("me-title"),
        forecast_block(t, forecast_data, today),
        "\n".join(
            [energy_line(t, data.energies), *burnout_lines(t, data), flag_line(t, data.flag)]
        ),
    ]
    if paused_until is not None and paused_until >= today:
        parts.append(t("me-paused", date=long_date(t, paused_until)))
    if data.flag == WellbeingFlag.RED:
        parts.append(t("support-steps"))
    return "\n\n".join(parts)
