"""Tip rotation: no repeats within a cycle; votes reorder what comes next."""

from __future__ import annotations

from bot.content.schema import Text, Tip
from bot.services.tip_rotation import TipHistory, choose_next_tip


def _tips() -> list[Tip]:
    facets = ["prospecting", "closing", "crm"]
    return [
        Tip(id=f"r.{facet}.{n}", facet=facet, kpi="k", text=Text(ru="т", en="t"))
        for facet in facets
        for n in range(4)
    ]


def _run_cycle(tips: list[Tip], votes: dict[str, int], user_id: int = 7) -> list[str]:
    seen: list[str] = []
    cycle = 0
    for _ in tips:
        history = TipHistory(cycle=cycle, seen_in_cycle=frozenset(seen), votes=votes)
        chosen = choose_next_tip(tips, history, user_id)
        assert chosen.cycle == cycle
        seen.append(chosen.tip.id)
    return seen


def test_a_cycle_shows_every_tip_exactly_once() -> None:
    tips = _tips()
    order = _run_cycle(tips, {})
    assert sorted(order) == sorted(t.id for t in tips)


def test_after_a_full_cycle_a_new_one_starts() -> None:
    tips = _tips()
    history = TipHistory(cycle=0, seen_in_cycle=frozenset(t.id for t in tips), votes={})
    assert choose_next_tip(tips, history, 7).cycle == 1


def test_a_liked_facet_comes_first_and_a_disliked_one_last() -> None:
    tips = _tips()
    votes = {"r.crm.0": 1, "r.prospecting.0": -1}
    order = _run_cycle(tips, votes)
    facets = [tip_id.split(".")[1] for tip_id in order]
    assert facets[:4] == ["crm"] * 4
    assert facets[-4:] == ["prospecting"] * 4


def test_without_votes_the_order_differs_between_people() -> None:
    tips = _tips()
    assert _run_cycle(tips, {}, user_id=1) != _run_cycle(tips, {}, user_id=2)
    assert _run_cycle(tips, {}, user_id=1) == _run_cycle(tips, {}, user_id=1)


def test_feedback_changes_the_next_tip() -> None:
    tips = _tips()
    before = choose_next_tip(tips, TipHistory(0, frozenset(), {}), 3).tip
    liked_other = next(t for t in tips if t.facet != before.facet)
    after = choose_next_tip(tips, TipHistory(0, frozenset(), {liked_other.id: 1}), 3).tip
    assert after.facet == liked_other.facet
