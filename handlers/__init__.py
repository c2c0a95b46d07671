"""aiogram routers, one per feature. The order matters: commands first, catch-all last.

Each module builds its router in ``create_router()`` rather than at import time, so a process
can build more than one Dispatcher (a restart in tests, several bots) without aiogram's
"Router is already attached" error.
"""

from __future__ import annotations

from aiogram import Router

from handlers import (
    errors,
    fallback,
    info,
    privacy,
    role_card,
    settings,
    setup,
    start,
    styles,
    tips,
)


def get_routers() -> list[Router]:
    return [
        errors.create_router(),
        start.create_router(),
        info.create_router(),
        settings.create_router(),
        privacy.create_router(),
        tips.create_router(),
        role_card.create_router(),
        styles.create_router(),
        setup.create_router(),
        fallback.create_router(),
    ]
