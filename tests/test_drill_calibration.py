"""The drill scorer against tests/data/drill_calibration.yaml: answers labelled by hand, before
the scorer was tuned. `make bench` prints where every label landed (bench/drill_calibration.py);
this holds the thresholds of issue #14."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.drill_calibration import (
    BAD_LABELS,
    GOOD_LABELS,
    Scored,
    bad_share,
    good_share,
    load_calibration,
    score_all,
)
from bot.content.loader import load_content


@pytest.fixture(scope="module")
def scored() -> list[Scored]:
    return score_all(load_content(), load_calibration())


def test_the_set_is_big_and_varied_enough(scored: list[Scored]) -> None:
    labels = Counter(s.item.label for s in scored)
    assert len(scored) >= 200
    assert len({s.item.objection for s in scored}) >= 20
    for label in (
        "good",
        "paraphrase",
        "partial",
        "generic",
        "salad",
        "rude",
        "off_topic",
        "wrong_language",
        "copied",
    ):
        assert labels[label] >= 20, label


def test_good_answers_score_seventy_or_more(scored: list[Scored]) -> None:
    misses = [
        f"{s.item.objection}: {s.result.score} {s.result.refusal} {s.item.text[:60]}"
        for s in scored
        if s.item.label in GOOD_LABELS and (s.result.refusal or s.result.score < 70)
    ]
    assert good_share(scored) >= 0.90, misses


def test_salad_rude_off_topic_and_copied_score_thirty_or_less_or_are_refused(
    scored: list[Scored],
) -> None:
    misses = [
        f"{s.item.label} {s.item.objection}: {s.result.score} {s.item.text[:60]}"
        for s in scored
        if s.item.label in BAD_LABELS and s.band not in ("≤30", "refused")
    ]
    assert bad_share(scored) >= 0.95, misses


def test_answers_in_the_wrong_language_are_refused(scored: list[Scored]) -> None:
    wrong = [s for s in scored if s.item.label == "wrong_language"]
    assert all(s.result.refusal is not None for s in wrong)


def test_generic_templates_score_below_good_answers(scored: list[Scored]) -> None:
    def median(label: str) -> float:
        values = sorted(s.result.score for s in scored if s.item.label == label)
        return values[len(values) // 2]

    assert median("generic") < 70 <= median("good")
    assert median("partial") < 70
