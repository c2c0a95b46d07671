"""The 1:1 preparation's text, from a Prep (bot/services/one_on_one.py) and locale strings.

Every line is bounded: the name is cut to NAME_SHOWN, the facts are a fixed set, at most three
categories, three questions and two openers of the content — far under Telegram's 4096.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal
from html import escape

from bot.content.schema import Content
from bot.i18n import Html, Translator
from bot.services import field_objections as field
from bot.services.one_on_one import Prep
from bot.services.team_report import UNITS, MemberFigures, attention_reason_key
from handlers.checkin_views import amount
from handlers.team_views import FLAG_EMOJI, NO_FLAG, percent, short

QUESTIONS_SHOWN = 3
OPENERS_SHOWN = 2


def _money(t: Translator, value: Decimal, unit: str | None) -> str:
    key = "plan-units" if unit == UNITS else "amount-in-roubles"
    return t(key, amount=amount(t, value))


def _decimal(t: Translator, value: float) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if t.language.value == "ru" else text


def _day(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%d.%m")


def _plan_lines(t: Translator, m: MemberFigures) -> list[str]:
    if not m.has_plan or m.plan is None:
        return [t("one-on-one-no-plan")]
    lines = [
        t(
            "one-on-one-plan",
            plan=Html(_money(t, m.plan, m.unit)),
            sales=Html(_money(t, m.sales_to_date or Decimal(0), m.unit)),
            attainment=percent(t, m.attainment_pct),
        )
    ]
    if m.forecast_pct is None:
        lines.append(t("one-on-one-forecast-none"))
    else:
        projected = (m.plan * Decimal(str(m.forecast_pct)) / 100).quantize(Decimal(1))
        lines.append(
            t(
                "one-on-one-forecast",
                forecast=percent(t, m.forecast_pct),
                projected=Html(_money(t, projected, m.unit)),
            )
        )
    if not m.enough_data:
        lines.append(t("one-on-one-not-enough-data"))
    return lines


def _activity_lines(t: Translator, content: Content, prep: Prep) -> list[str]:
    m = prep.member
    lines = [
        t("one-on-one-checkins", answered=m.answered_14d, count=m.due_14d)
        if m.due_14d
        else t("one-on-one-checkins-none")
    ]
    if m.activity_7d is None:
        lines.append(t("one-on-one-activity-none"))
    elif m.activity_weekly_baseline is None:
        lines.append(t("one-on-one-activity-recent", recent=m.activity_7d))
    else:
        lines.append(
            t(
                "one-on-one-activity",
                recent=m.activity_7d,
                usual=round(m.activity_weekly_baseline),
            )
        )
    energy = prep.energy
    if energy.recent is None or energy.earlier is None:
        lines.append(t("one-on-one-energy-few", count=energy.ratings))
    else:
        lines.append(
            t(
                "one-on-one-energy",
                recent=_decimal(t, energy.recent),
                earlier=_decimal(t, energy.earlier),
                count=energy.ratings,
            )
        )
    flag = FLAG_EMOJI.get(m.flag, NO_FLAG) if m.flag else NO_FLAG
    if m.last_survey_week is None:
        lines.append(t("one-on-one-wellbeing-no-survey", flag=flag))
    else:
        key = "one-on-one-wellbeing" if m.survey_fresh else "one-on-one-wellbeing-stale"
        lines.append(t(key, flag=flag, date=m.last_survey_week.strftime("%d.%m")))
    lines.append(t("one-on-one-drills", count=m.drills_this_week))
    if prep.weakest:
        items = [
            t(
                "one-on-one-weakest-item",
                category=field.category_name(t, content, skill.category),
                score=round(skill.proficiency or 0),
            )
            for skill in prep.weakest
        ]
        lines.append(t("one-on-one-weakest", categories=Html(", ".join(items))))
    else:
        lines.append(t("one-on-one-weakest-none"))
    return lines


def prep_text(t: Translator, content: Content, prep: Prep, zone: tzinfo) -> str:
    """The whole preparation as HTML; ``zone`` is the head's, for the dates."""
    item = prep.attention
    name = short(prep.member.name)
    style = content.styles.get(item.style)
    parts = [
        "\n".join(
            [
                t("one-on-one-title", name=name),
                t("one-on-one-reason", reason=Html(t(attention_reason_key(item.reason)))),
                *(
                    [
                        t(
                            "one-on-one-style",
                            style=style.name.get(t.language),
                            # Style texts may carry Telegram HTML (content/), like /style.
                            essence=Html(style.essence.get(t.language)),
                        )
                    ]
                    if style is not None
                    else []
                ),
            ]
        ),
        "\n".join(
            [
                t("one-on-one-facts-title"),
                *_plan_lines(t, prep.member),
                *_activity_lines(t, content, prep),
            ]
        ),
    ]
    if style is not None:
        talk = style.one_on_one
        # Content texts are HTML already (content/ may carry Telegram tags): Html, and the
        # name going into an opener is escaped here.
        questions = [
            t("one-on-one-question", n=number, line=Html(question.get(t.language)))
            for number, question in enumerate(talk.questions[:QUESTIONS_SHOWN], start=1)
        ]
        openers = [
            t(
                "one-on-one-opener",
                line=Html(opener.get(t.language).replace("{name}", escape(name))),
            )
            for opener in talk.openers[:OPENERS_SHOWN]
        ]
        parts.append("\n".join([t("one-on-one-questions-title"), *questions]))
        parts.append("\n".join([t("one-on-one-openers-title"), *openers]))
    if prep.talked_at is not None and prep.quiet_until is not None:
        parts.append(
            t(
                "one-on-one-quiet",
                date=_day(prep.talked_at, zone),
                until=_day(prep.quiet_until, zone),
            )
        )
    return "\n\n".join(parts)
