"""Management-style exercises: scoring, scenario order, accuracy per style."""

from __future__ import annotations

from bot.content.schema import Scenario, Text
from bot.services.style_practice import (
    Verdict,
    accuracy_per_style,
    choose_next_scenario,
    score_choice,
)

T = Text(ru="т", en="t")


def _scenario(sid: str, best: list[str], acceptable: list[str] | None = None) -> Scenario:
    return Scenario(
        id=sid, situation=T, best=best, acceptable=acceptable or [], why=T, opening_line=T
    )


def test_scoring() -> None:
    scenario = _scenario("s", ["coaching"], ["supportive"])
    assert score_choice(scenario, "coaching") == Verdict.BEST
    assert score_choice(scenario, "supportive") == Verdict.ACCEPTABLE
    assert score_choice(scenario, "authoritarian") == Verdict.MISS
    two_best = _scenario("t", ["democratic", "supportive"])
    assert score_choice(two_best, "supportive") == Verdict.BEST


def test_unseen_scenarios_come_first_then_the_oldest() -> None:
    scenarios = [_scenario(f"s{i}", ["coaching"]) for i in range(4)]
    answered: list[str] = []
    for _ in scenarios:
        answered.append(choose_next_scenario(scenarios, answered, 5).id)
    assert sorted(answered) == ["s0", "s1", "s2", "s3"]
    assert choose_next_scenario(scenarios, answered, 5).id == answered[0]


def test_accuracy_counts_each_best_style() -> None:
    answers = [
        ("coaching", Verdict.BEST.value),
        ("coaching", Verdict.MISS.value),
        ("democratic,supportive", Verdict.BEST.value),
        ("authoritarian", Verdict.ACCEPTABLE.value),
    ]
    order = ["coaching", "democratic", "authoritarian", "transactional", "supportive"]
    result = {
        a.style_id: (a.correct, a.total, a.percent) for a in accuracy_per_style(answers, order)
    }
    assert result == {
        "coaching": (1, 2, 50),
        "democratic": (1, 1, 100),
        "authoritarian": (0, 1, 0),
        "supportive": (1, 1, 100),
    }


def test_a_miss_explains_why_not_the_chosen_style_in_both_languages() -> None:
    from bot.content import render
    from bot.content.loader import load_content
    from bot.domain.languages import Language
    from bot.i18n import I18n

    content = load_content()
    scenario = next(
        s for s in content.scenarios.values() if "supportive" not in (*s.best, *s.acceptable)
    )
    i18n = I18n()
    ru = render.style_feedback(
        i18n.translator(Language.RU), content, scenario, "supportive", Verdict.MISS, []
    )
    assert "Почему не «поддерживающий»" in ru
    assert "Чем рискует" not in ru
    en = render.style_feedback(
        i18n.translator(Language.EN), content, scenario, "authoritarian", Verdict.MISS, []
    )
    if "authoritarian" not in (*scenario.best, *scenario.acceptable):
        assert "Why not “directive”" in en
    assert "What your choice" not in en


def test_disputed_scenarios_accept_both_defensible_styles() -> None:
    from bot.content.loader import load_content

    scenarios = load_content().scenarios
    assert set(scenarios["end_of_month_rush"].best) == {"transactional", "authoritarian"}
    assert set(scenarios["underperformer_on_probation"].best) == {"supportive", "coaching"}
    assert set(scenarios["conflict_two_managers"].best) == {"coaching", "democratic"}
