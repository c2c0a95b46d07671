"""Which tip comes next.

Rules: a cycle shows every tip of the role once, with no repeats; within a cycle, tips of the
facets the user liked come first and those they disliked last; ties break in an order that is
fixed per user and cycle (so two people on one team don't get the same sequence).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.content.schema import Tip

LIKED_TIP_BONUS = 1
DISLIKED_TIP_PENALTY = 5


@dataclass(frozen=True, slots=True)
class TipHistory:
    cycle: int
    seen_in_cycle: frozenset[str]
    votes: Mapping[str, int]  # tip id -> +1 / -1
    saved: frozenset[str] = frozenset()  # tip ids the user keeps in /saved


@dataclass(frozen=True, slots=True)
class NextTip:
    tip: Tip
    cycle: int


def facet_scores(tips: Sequence[Tip], votes: Mapping[str, int]) -> dict[str, int]:
    """The sum of the user's votes per facet."""
    by_id = {tip.id: tip for tip in tips}
    scores: dict[str, int] = {}
    for tip_id, vote in votes.items():
        tip = by_id.get(tip_id)
        if tip is not None:
            scores[tip.facet] = scores.get(tip.facet, 0) + vote
    return scores


def _tie_break(user_id: int, cycle: int, tip_id: str) -> bytes:
    return hashlib.blake2b(f"{user_id}:{cycle}:{tip_id}".encode(), digest_size=8).digest()


def choose_next_tip(tips: Sequence[Tip], history: TipHistory, user_id: int) -> NextTip:
    if not tips:
        raise ValueError("no tips for this role")
    cycle = history.cycle
    candidates = [tip for tip in tips if tip.id not in history.seen_in_cycle]
    if not candidates:  # everything seen: a new cycle starts
        cycle += 1
        candidates = list(tips)
    scores = facet_scores(tips, history.votes)

    def rank(tip: Tip) -> tuple[int, bytes]:
        own = history.votes.get(tip.id, 0)
        score = scores.get(tip.facet, 0) * 2
        score += LIKED_TIP_BONUS if own > 0 else 0
        score -= DISLIKED_TIP_PENALTY if own < 0 else 0
        return (-score, _tie_break(user_id, cycle, tip.id))

    return NextTip(min(candidates, key=rank), cycle)
