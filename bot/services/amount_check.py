"""Whether a typed amount is worth confirming before it is saved.

A check-in's sales figure moves the forecast and the team total at once, so an amount that is
most likely a slip is echoed back first. The rules, each with the reason shown to the user:

* ``over_plan`` — the month's total would exceed 5× the month's plan (a plan of 1,5 млн and
  «1 млрд» typed);
* ``jump`` — the month's total would exceed 10× the total reported before (100 000 so far,
  then 1 500 000 — likely a zero too many); only when something above zero was reported;
* ``dot_thousands`` — the number was read as thousands from a dot («1.500» → 1 500), so the
  person sees how we read it.

Amounts in a currency other than roubles are not judged here: the handler refuses them.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from bot.domain.amounts import ParsedAmount

OVER_PLAN_MULTIPLE = Decimal(5)
JUMP_MULTIPLE = Decimal(10)


class AmountConcern(StrEnum):
    OVER_PLAN = "over_plan"
    JUMP = "jump"
    DOT_THOUSANDS = "dot_thousands"


def amount_concern(
    typed: ParsedAmount,
    new_total: Decimal,
    plan: Decimal | None,
    previous_total: Decimal | None,
) -> AmountConcern | None:
    """Why ``new_total`` (the month's sales after this answer) should be confirmed, or None."""
    if plan is not None and plan > 0 and new_total > OVER_PLAN_MULTIPLE * plan:
        return AmountConcern.OVER_PLAN
    if (
        previous_total is not None
        and previous_total > 0
        and new_total > (JUMP_MULTIPLE * previous_total)
    ):
        return AmountConcern.JUMP
    if typed.dot_thousands:
        return AmountConcern.DOT_THOUSANDS
    return None
