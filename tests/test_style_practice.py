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
