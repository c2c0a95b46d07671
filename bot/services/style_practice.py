"""Management-style exercises: which scenario next, how an answer scores, accuracy per style."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.content.schema import Scenario


class Verdict(StrEnum):
    BEST = "best"
    ACCEPTABLE = "acceptable"
    MISS = "miss"


def score_choice(scenario: Scenario, chosen: str) -> Verdict:
    if chosen in scenario.best:
        return Verdict.BEST
    if chosen in scenario.acceptable:
        return Verdict.ACCEPTABLE
    return Verdict.MISS


def choose_next_scenario(
    scenarios: Sequence[Scenario], answered_ids: Sequence[str], user_id: int
) -> Scenario:
    """Unseen scenarios first, in a per-user order; once all are done, the least recently seen."""
    if not scenarios:
        raise ValueError("no scenarios")
    answered = set(answered_ids)
    fresh = [s for s in scenarios if s.id not in answered]
    if fresh:
        return min(
            fresh,
            key=lambda s: hashlib.blake2b(f"{user_id}:{s.id}".encode(), digest_size=8).digest(),
        )
    # answered_ids is oldest first; the first known one is the one seen longest ago.
    order = {scenario_id: index for index, scenario_id in reversed(list(enumerate(answered_ids)))}
    return min(scenarios, key=lambda s: order.get(s.id, -1))


@dataclass(frozen=True, slots=True)
class StyleAccuracy:
    style_id: str
    correct: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


def accuracy_per_style(
    answers: Iterable[tuple[str, str]], style_order: Sequence[str]
) -> list[StyleAccuracy]:
    """For each style: of the scenarios where it was the best fit, how many the user got.

    ``answers`` holds (best styles joined by commas, verdict) for each completed exercise.
    """
    correct: dict[str, int] = {}
    total: dict[str, int] = {}
    for best_styles, verdict in answers:
        for style_id in best_styles.split(","):
            total[style_id] = total.get(style_id, 0) + 1
            if verdict == Verdict.BEST:
                correct[style_id] = correct.get(style_id, 0) + 1
    return [
        StyleAccuracy(style_id, correct.get(style_id, 0), total[style_id])
        for style_id in style_order
        if style_id in total
    ]
