"""The CBI work-related subscale and the wellbeing flag built on it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.burnout import (
    ITEM_COUNT,
    REVERSED_ITEMS,
    BurnoutBand,
    WellbeingFlag,
    band,
    cbi_score,
    energy_falling,
    item_score,
    wellbeing_flag,
)

ALWAYS, OFTEN, SOMETIMES, SELDOM, NEVER = range(5)


def test_constants_match_the_inventory() -> None:
    assert ITEM_COUNT == 7
    assert frozenset({6}) == REVERSED_ITEMS


@pytest.mark.parametrize(
    ("answer", "regular", "reversed_"),
    [
        (ALWAYS, 100.0, 0.0),
        (OFTEN, 75.0, 25.0),
        (SOMETIMES, 50.0, 50.0),
        (SELDOM, 25.0, 75.0),
        (NEVER, 0.0, 100.0),
    ],
)
def test_item_score(answer: int, regular: float, reversed_: float) -> None:
    for index in range(6):
        assert item_score(index, answer) == regular
    assert item_score(6, answer) == reversed_


@pytest.mark.parametrize(("index", "answer"), [(-1, 0), (7, 0), (0, -1), (0, 5)])
def test_item_score_refuses_out_of_range(index: int, answer: int) -> None:
    with pytest.raises(ValueError, match="not"):
        item_score(index, answer)


def test_all_sometimes_is_exactly_fifty() -> None:
    assert cbi_score([SOMETIMES] * 7) == 50.0


def test_item_seven_is_reversed() -> None:
    # Items 1–6 "always" = 100 each, item 7 "always" has energy for friends = 0.
    assert cbi_score([ALWAYS] * 7) == pytest.approx(600 / 7)
    assert cbi_score([ALWAYS] * 7) == pytest.approx(85.714, abs=0.001)
    # Never having energy for family and friends is the worst answer to item 7.
    assert cbi_score([ALWAYS] * 6 + [NEVER]) == 100.0
    assert cbi_score([NEVER] * 7) == pytest.approx(100 / 7)
    assert cbi_score([NEVER] * 6 + [ALWAYS]) == 0.0


def test_worked_example() -> None:
    # often, sometimes, often, always, sometimes, seldom; item 7 seldom has energy → 75.
    answers = [OFTEN, SOMETIMES, OFTEN, ALWAYS, SOMETIMES, SELDOM, SELDOM]
    assert cbi_score(answers) == pytest.approx((75 + 50 + 75 + 100 + 50 + 25 + 75) / 7)
    assert cbi_score(answers) == pytest.approx(64.286, abs=0.001)
    assert band(cbi_score(answers)) == BurnoutBand.MODERATE
    # Often tired on all six, and never the energy for friends: 6 × 75 + 100 = 550 → 78.6.
    assert band(cbi_score([OFTEN] * 6 + [NEVER])) == BurnoutBand.HIGH


@pytest.mark.parametrize("answers", [[], [SOMETIMES] * 6, [SOMETIMES] * 8])
def test_cbi_refuses_incomplete_answers(answers: list[int]) -> None:
    with pytest.raises(ValueError, match="expected 7 answers"):
        cbi_score(answers)


@given(st.lists(st.integers(0, 4), min_size=7, max_size=7))
def test_cbi_is_within_scale(answers: list[int]) -> None:
    score = cbi_score(answers)
    assert 0.0 <= score <= 100.0
    band(score)  # every reachable score has a band


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.0, BurnoutBand.LOW),
        (49.99, BurnoutBand.LOW),
        (50.0, BurnoutBand.MODERATE),
        (74.99, BurnoutBand.MODERATE),
        (75.0, BurnoutBand.HIGH),
        (99.99, BurnoutBand.HIGH),
        (100.0, BurnoutBand.SEVERE),
    ],
)
def test_band_edges(score: float, expected: BurnoutBand) -> None:
    assert band(score) == expected


@pytest.mark.parametrize("score", [-0.1, 100.1, float("nan")])
def test_band_refuses_off_scale(score: float) -> None:
    with pytest.raises(ValueError, match=r"not 0\.\.100"):
        band(score)


@pytest.mark.parametrize(
    ("energies", "falling"),
    [
        ([], False),
        ([5, 5, 2, 2], False),  # four values are not a trend
        ([4, 4, 3, 3, 3], True),  # 4.0 → 3.0: a drop of exactly 1.0
        ([4, 4, 4, 3, 3, 4], False),  # 4.0 → 3.33
        ([4, 3, 3, 3, 2, 2], True),  # 3.33 → 2.33, exactly 1.0 (exact arithmetic)
        ([2, 2, 5, 5, 5], False),  # rising
        ([5] * 11 + [4, 4, 4], True),  # 5.0 → 4.0
        ([1] + [5] * 10 + [4, 4, 4], False),  # the 1 is within 14 days: 4.64 → 4.0
        ([1] + [5] * 11 + [4, 4, 4], True),  # the 1 is the 15th value, out of the window
    ],
)
def test_energy_falling(energies: list[int], falling: bool) -> None:
    assert energy_falling(energies) is falling


def test_energy_window_is_fourteen_days() -> None:
    # Counting the old 5s would make 3.0 → 2.33 look like a fall of 1.29.
    assert not energy_falling([5] * 5 + [3] * 11 + [3, 2, 2])
    # Counting the old 1s would hide a real fall from 4.0 to 3.0.
    assert energy_falling([1] * 5 + [4] * 11 + [3, 3, 3])


@pytest.mark.parametrize(
    ("cbi", "energies", "flag"),
    [
        (None, [], WellbeingFlag.GREEN),  # no data
        (0.0, [], WellbeingFlag.GREEN),
        (49.9, [4, 4, 4], WellbeingFlag.GREEN),
        (None, [4, 4, 4, 4, 4, 3], WellbeingFlag.GREEN),
        (75.0, [], WellbeingFlag.RED),
        (100.0, [5, 5, 5], WellbeingFlag.RED),
        (74.9, [], WellbeingFlag.AMBER),
        (50.0, [], WellbeingFlag.AMBER),
        (50.0, [4, 4, 3, 3, 3], WellbeingFlag.RED),  # moderate and falling
        (49.9, [4, 4, 3, 3, 3], WellbeingFlag.AMBER),  # falling alone
        (None, [4, 4, 3, 3, 3], WellbeingFlag.AMBER),
        (None, [5, 2], WellbeingFlag.AMBER),  # last energy low
        (None, [2, 2], WellbeingFlag.AMBER),  # two low days are not yet a streak
        (None, [2, 2, 1], WellbeingFlag.RED),  # three low days in a row
        (10.0, [5, 5, 5, 2, 1, 2], WellbeingFlag.RED),
        (None, [2, 2, 3], WellbeingFlag.GREEN),  # recovered
        (None, [1, 1, 1, 1, 1, 3], WellbeingFlag.GREEN),
    ],
)
def test_wellbeing_flag(cbi: float | None, energies: list[int], flag: WellbeingFlag) -> None:
    assert wellbeing_flag(cbi, energies) == flag


@pytest.mark.parametrize(("cbi", "energies"), [(101.0, []), (-1.0, []), (None, [0]), (None, [6])])
def test_wellbeing_flag_refuses_off_scale(cbi: float | None, energies: list[int]) -> None:
    with pytest.raises(ValueError, match="not"):
        wellbeing_flag(cbi, energies)


@given(
    st.one_of(st.none(), st.floats(0.0, 100.0)),
    st.lists(st.integers(1, 5), max_size=20),
)
def test_wellbeing_flag_is_monotonic_in_cbi(cbi: float | None, energies: list[int]) -> None:
    """A worse weekly score never gives a better flag."""
    order = [WellbeingFlag.GREEN, WellbeingFlag.AMBER, WellbeingFlag.RED]
    base = order.index(wellbeing_flag(cbi, energies))
    assert order.index(wellbeing_flag(100.0, energies)) >= base
