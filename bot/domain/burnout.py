"""Burnout: the work-related subscale of the Copenhagen Burnout Inventory, and a wellbeing flag.

The CBI (Kristensen, Borritz, Villadsen & Christensen, 2005, *Work & Stress* 19(3)) work-related
subscale has 7 items answered on a 5-point scale. Items 1–6 ask how often / how much the person
feels worn out; item 7 ("Do you have enough energy for family and friends during leisure
time?") asks about the opposite, so it is reverse-scored. The score is the mean of the item
scores, 0–100; higher means more burnout.

Answers are stored as the position of the chosen option, 0..4, counted from "always" / "to a
very high degree" (0) to "never" / "to a very low degree" (4), the same for every item, so the
keyboard never changes and only the scoring knows which item is reversed.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction

ITEM_COUNT = 7
REVERSED_ITEMS = frozenset({6})  # 0-based: item 7, energy for family and friends
ANSWER_COUNT = 5
_STEP = 25.0  # 100 / (ANSWER_COUNT - 1)

ENERGY_MIN, ENERGY_MAX = 1, 5
ENERGY_WINDOW = 14  # days of daily energy the flag looks at
_LOW_ENERGY = 2
_FALL_RECENT = 3  # the "recent" part of the trend: the last 3 days
_FALL_MIN_VALUES = 5  # fewer values than this are not a trend
_FALL_THRESHOLD = Fraction(1)


class BurnoutBand(StrEnum):
    LOW = "low"  # below 50
    MODERATE = "moderate"  # 50 to below 75
    HIGH = "high"  # 75 to below 100
    SEVERE = "severe"  # 100


class WellbeingFlag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


def item_score(index: int, answer: int) -> float:
    """Score one item: 100/75/50/25/0 from "always" to "never", reversed for item 7."""
    if not 0 <= index < ITEM_COUNT:
        raise ValueError(f"item index {index} is not 0..{ITEM_COUNT - 1}")
    if not 0 <= answer < ANSWER_COUNT:
        raise ValueError(f"answer {answer} is not 0..{ANSWER_COUNT - 1}")
    position = answer if index in REVERSED_ITEMS else ANSWER_COUNT - 1 - answer
    return position * _STEP


def cbi_score(answers: Sequence[int]) -> float:
    """The subscale score, the mean of all 7 item scores.

    Incomplete questionnaires are refused rather than averaged over the answered items:
    the weekly survey saves only complete sets, so a short list means a bug upstream.
    """
    if len(answers) != ITEM_COUNT:
        raise ValueError(f"expected {ITEM_COUNT} answers, got {len(answers)}")
    # Item scores are multiples of 25, so the sum is exact and only the division rounds.
    return sum(item_score(index, answer) for index, answer in enumerate(answers)) / ITEM_COUNT


def band(score: float) -> BurnoutBand:
    """The band of a score, compared exactly: 74.99 is moderate, 75.0 is high."""
    if not 0.0 <= score <= 100.0:  # also refuses NaN
        raise ValueError(f"score {score} is not 0..100")
    if score < 50.0:
        return BurnoutBand.LOW
    if score < 75.0:
        return BurnoutBand.MODERATE
    if score < 100.0:
        return BurnoutBand.HIGH
    return BurnoutBand.SEVERE


def energy_falling(recent_energy: Sequence[int]) -> bool:
    """True if energy dropped: the mean of the last 3 days is at least 1.0 below the mean of
    the days before them, with at least 5 values. Fractions keep the 1.0 edge exact."""
    values = _energy_window(recent_energy)
    if len(values) < _FALL_MIN_VALUES:
        return False
    earlier, recent = values[:-_FALL_RECENT], values[-_FALL_RECENT:]
    drop = Fraction(sum(earlier), len(earlier)) - Fraction(sum(recent), len(recent))
    return drop >= _FALL_THRESHOLD


def wellbeing_flag(latest_cbi: float | None, recent_energy: Sequence[int]) -> WellbeingFlag:
    """Combine the latest weekly CBI score with the daily energy trend into a flag for the lead.

    ``recent_energy`` holds daily energy ratings 1–5, oldest first; only the last 14 are used.
    "Energy falling" is defined in :func:`energy_falling`.

    * RED — CBI ≥ 75; or CBI ≥ 50 and energy falling; or the last 3 energies are all ≤ 2.
    * AMBER — otherwise, CBI ≥ 50; or energy falling; or the last energy is ≤ 2.
    * GREEN — everything else, including no data at all (no score and no energy).

    The weekly score is the validated measure; the daily energy is noisier, so on its own it
    raises RED only when it stays low for three days in a row.
    """
    if latest_cbi is not None and not 0.0 <= latest_cbi <= 100.0:
        raise ValueError(f"CBI score {latest_cbi} is not 0..100")
    values = _energy_window(recent_energy)
    cbi = latest_cbi if latest_cbi is not None else 0.0
    falling = energy_falling(values)
    low_streak = len(values) >= _FALL_RECENT and all(
        value <= _LOW_ENERGY for value in values[-_FALL_RECENT:]
    )
    if cbi >= 75.0 or (cbi >= 50.0 and falling) or low_streak:
        return WellbeingFlag.RED
    if cbi >= 50.0 or falling or (values and values[-1] <= _LOW_ENERGY):
        return WellbeingFlag.AMBER
    return WellbeingFlag.GREEN


def _energy_window(recent_energy: Sequence[int]) -> Sequence[int]:
    for value in recent_energy:
        if not ENERGY_MIN <= value <= ENERGY_MAX:
            raise ValueError(f"energy {value} is not {ENERGY_MIN}..{ENERGY_MAX}")
    return recent_energy[-ENERGY_WINDOW:]
