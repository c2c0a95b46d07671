"""Dialogue states. Stored in the database (bot/fsm_storage.py), so they survive restarts."""

from __future__ import annotations

from enum import StrEnum

from aiogram.fsm.state import State, StatesGroup


class Setup(StatesGroup):
    """The profile pickers, shared by first-time onboarding and /settings."""

    language = State()
    role = State()
    timezone = State()
    checkin_time = State()


class SetupFlow(StrEnum):
    """Where a picker returns when done: the next onboarding step, or the settings menu."""

    ONBOARDING = "onboarding"
    SETTINGS = "settings"


FLOW_KEY = "flow"
DEEP_LINK_KEY = "deep_link"


class Checkin(StatesGroup):
    """The daily check-in after the energy button: sales, calls and meetings, a note."""

    sales = State()
    activity = State()
    note = State()


class PlanInput(StatesGroup):
    amount = State()
    # Just after the plan is saved: a typed amount corrects it, anything else ends the dialogue.
    correction = State()


DAY_KEY = "day"
# The day whose saved check-in the user chose to fill in again (energy may then be replaced).
REDO_KEY = "redo"
# Answers «Пропустить» kept as they were in this pass ("sales", "activity", "note").
KEPT_KEY = "kept"
