"""The 1:1 quiet week's "worse" rule, the energy trend, and the preparation's text in both
languages at its longest (bot/services/one_on_one*.py, handlers/one_on_one_views.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.content.loader import load_content
from bot.domain.burnout import WellbeingFlag
from bot.domain.languages import Language
from bot.i18n import I18n
from bot.services.field_objections import Skill
from bot.services.one_on_one import Prep, energy_trend
from bot.services.one_on_one_talks import WORSE_BY, Talk, is_worse, split_attention
from bot.services.team_report import Attention, AttentionReason, MemberFigures
from handlers.one_on_one_views import prep_text

NOW = datetime(2026, 3, 11, 7, 0, tzinfo=UTC)


def item(user_id: int, risk: float, reason: str = "behind_plan") -> Attention:
    return Attention(user_id, f"User {user_id}", reason, "authoritarian", risk)


def test_worse_means_at_least_half_a_band_more_urgent() -> None:
    talk = Talk(1, NOW, AttentionReason.AMBER_FLAG.value, 41.0)
    assert not is_worse(talk, 41.0)  # unchanged
    assert not is_worse(talk, 41.0 + WORSE_BY - 0.01)
    assert is_worse(talk, 41.0 + WORSE_BY)
    assert is_worse(talk, 108.0)  # amber → red
    assert not is_worse(talk, 30.0)  # milder


def test_split_keeps_members_with_a_worse_reason_on_the_list() -> None:
    talks = {1: Talk(1, NOW, "behind_plan", 72.0), 2: Talk(2, NOW, "amber_flag", 41.0)}
    shown, quiet = split_attention([item(1, 73.0), item(2, 106.0), item(3, 50.0)], talks)
    assert [a.user_id for a in shown] == [2, 3]
    assert [(a.user_id, talk.risk) for a, talk in quiet] == [(1, 72.0)]


def test_energy_trend_needs_five_ratings() -> None:
    assert energy_trend((4, 4, 3, 3)).recent is None
    trend = energy_trend((5, 4, 3, 2, 2))
    assert (trend.ratings, trend.earlier) == (5, 4.5)
    assert trend.recent == pytest.approx(7 / 3)


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("reason", list(AttentionReason))
def test_the_longest_preparation_fits(language: Language, reason: AttentionReason) -> None:
    content = load_content()
    t = I18n().translator(language)
    name = "<b>&" * 40
    figures = MemberFigures(
        user_id=1,
        name=name,
        attainment_pct=12345.6,
        forecast_pct=99999.9,
        trend_pts=None,
        response_rate_14d=0.1,
        drills_this_week=999,
        flag=WellbeingFlag.RED,
        energy_avg_7d=1.0,
        has_plan=True,
        plan=Decimal("9999999999999"),
        sales_to_date=Decimal("9999999999999"),
        unit="money",
        enough_data=False,
        last_survey_week=date(2026, 3, 2),
        survey_fresh=False,
        energies_14d=(5,) * 11 + (1, 1, 1),
        answered_14d=1,
        due_14d=14,
        activity_7d=99999,
        activity_weekly_baseline=99999.0,
    )
    style = {
        AttentionReason.BEHIND_PLAN: "authoritarian",
        AttentionReason.LOW_ACTIVITY_CLOSE_TO_PLAN: "transactional",
        AttentionReason.STALLING_STAR: "coaching",
    }.get(reason, "supportive")
    weakest = [Skill(category, 9, 1.0) for category in list(content.objection_categories)[:3]]
    prep = Prep(
        member=figures,
        attention=Attention(1, name, reason.value, style, 100.0),
        talked_at=NOW,
        energy=energy_trend(figures.energies_14d),
        weakest=weakest,
    )
    text = prep_text(t, content, prep, UTC)
    assert len(text) < 4096
    assert "<b>&" not in text  # the name is escaped everywhere
    assert "{name}" not in text
    assert content.styles[style].one_on_one.questions[2].get(language) in text
