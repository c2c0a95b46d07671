"""aiogram routers, one per feature. The order matters: commands first, catch-all last.

Each module builds its router in ``create_router()`` rather than at import time, so a process
can build more than one Dispatcher (a restart in tests, several bots) without aiogram's
"Router is already attached" error.
"""

from __future__ import annotations

from aiogram import Router

from handlers import (
    cancel,
    checkin,
    company_objections,
    dev,
    drills,
    errors,
    fallback,
    field_objections,
    info,
    me,
    one_on_one,
    operator,
    pause,
    plan,
    privacy,
    role_card,
    settings,
    setup,
    start,
    styles,
    survey,
    team_report,
    teams,
    tips,
    unexpected,
)
from handlers.pending import PendingQuestions


def get_routers(*, dev_commands: bool = False) -> list[Router]:
    routers = [
        errors.create_router(),
        start.create_router(),
        cancel.create_router(),
        unexpected.create_router(),
        info.create_router(),
        settings.create_router(),
        privacy.create_router(),
        tips.create_router(),
        role_card.create_router(),
        styles.create_router(),
        drills.create_router(),
        plan.create_router(),
        me.create_router(),
        operator.create_router(),
        pause.create_router(),
        checkin.create_router(),
        survey.create_router(),
        teams.create_router(),
        team_report.create_router(),
        one_on_one.create_router(),
        field_objections.create_router(),
        company_objections.create_router(),
        setup.create_router(),
    ]
    if dev_commands:
        routers.append(dev.create_router())
    routers.append(fallback.create_router())
    return routers


def get_pending_questions() -> PendingQuestions:
    """Every dialogue step's question, asked again when it may have been lost; each feature
    owns its own steps (handlers/pending.py)."""
    return PendingQuestions(
        {
            **setup.pending_questions(),
            **checkin.pending_questions(),
            **plan.pending_questions(),
            **drills.pending_questions(),
            **teams.pending_questions(),
            **field_objections.pending_questions(),
            **company_objections.pending_questions(),
        }
    )
