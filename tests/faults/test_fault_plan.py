"""The emulator's fault queue on its own: which calls a fault matches, and how often."""

from __future__ import annotations

import pytest

from bot.devtools.emulator import FaultPlan


def test_a_fault_fires_on_matching_calls_only_and_is_used_up() -> None:
    plan = FaultPlan()
    plan.server_error(503, method="sendMessage", chat_id=7, times=2)
    assert plan.take("sendMessage", 8) is None
    assert plan.take("answerCallbackQuery", 7) is None
    first = plan.take("sendMessage", "7")  # chat ids arrive as form strings too
    assert first is not None
    assert first.status == 503
    assert plan.take("sendMessage", 7) is not None
    assert plan.take("sendMessage", 7) is None
    assert plan.count("server_error") == 2
    assert plan.pending == []


def test_polling_is_spared_unless_named() -> None:
    plan = FaultPlan()
    plan.drop(times=None)
    assert plan.take("getUpdates", None) is None
    assert plan.take("sendMessage", 1) is not None
    plan.clear()
    plan.timeout(3.0, method="getUpdates")
    assert plan.take("getUpdates", None) is not None


def test_every_nth_call_for_a_steady_trickle() -> None:
    plan = FaultPlan()
    plan.rate_limit(2, times=None, every=3)
    fired = [plan.take("sendMessage", n) is not None for n in range(9)]
    assert fired == [False, False, True] * 3
    assert all(f.kind == "rate_limit" for f in plan.fired)


def test_bad_arguments_are_refused() -> None:
    plan = FaultPlan()
    with pytest.raises(ValueError, match="status"):
        plan.server_error(404)
    with pytest.raises(ValueError, match="every"):
        plan.drop(every=0)
