"""Run magic and state filters on the event loop instead of in a worker thread.

aiogram calls a filter that is not a coroutine through ``asyncio.to_thread``. An ``F`` magic
filter resolves synchronously, and so does a dialogue state used as a filter
(``register(handler, Drill.answer)``): each one checked for an update costs a thread hop (tens
of microseconds of handing over, far more on a busy machine) for a few attribute reads or one
string comparison. A plain text message used to make 51 such hops before reaching the
fallback. After the routers are assembled, every such filter in the tree is wrapped in a
coroutine that evaluates it in place. Other filters are untouched.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.fsm.state import State


def _cheap_and_sync(filter_object: FilterObject) -> bool:
    if filter_object.awaitable:
        return False
    return filter_object.magic is not None or isinstance(filter_object.callback, State)


def _resolve_inline(filter_object: FilterObject) -> None:
    resolve = filter_object.callback

    async def resolve_on_loop(*args: Any, **kwargs: Any) -> Any:
        return resolve(*args, **kwargs)

    filter_object.callback = resolve_on_loop
    filter_object.awaitable = True


def resolve_magic_filters_inline(root: Router) -> int:
    """Wrap every magic and state filter under ``root``; returns how many were wrapped."""
    wrapped = 0
    for router in root.chain_tail:
        for observer in router.observers.values():
            filter_lists = [observer._handler.filters or []]  # the router-wide .filter(...)s
            filter_lists += [handler.filters or [] for handler in observer.handlers]
            for filters in filter_lists:
                for filter_object in filters:
                    if _cheap_and_sync(filter_object):
                        _resolve_inline(filter_object)
                        wrapped += 1
    return wrapped
