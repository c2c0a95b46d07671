"""aiogram routers, one per feature. The order matters: commands first, catch-all last."""

from __future__ import annotations

from aiogram import Router

from handlers import errors, fallback, info, privacy, settings, setup, start


def get_routers() -> list[Router]:
    return [
        errors.router,
        start.router,
        info.router,
        settings.router,
        privacy.router,
        setup.router,
        fallback.router,
    ]
