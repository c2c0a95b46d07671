"""A language model loaded once per process, however many threads ask for it at once.

The first drills of a morning arrive together, and each prepares the scorer in a worker
thread (``drill_scoring.prepare``). ``functools.cache`` does not hold other callers back while
its function runs, so each of them loaded pymorphy3 and navec itself: the same half second of
CPU per thread on a two-core machine, and as many copies of the models (and of their loading's
scratch memory) at once, all but one thrown away. :func:`load_once` makes the others wait for
the first load and share it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class LoadOnce(Generic[T]):
    """Call to get the loaded value; the loader runs once, under a lock."""

    def __init__(self, loader: Callable[[], T]) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._value: list[T] = []  # empty until loaded; read without the lock once set
        functools.update_wrapper(self, loader)

    def __call__(self) -> T:
        if not self._value:
            with self._lock:
                if not self._value:
                    self._value.append(self._loader())
        return self._value[0]


def load_once(loader: Callable[[], T]) -> LoadOnce[T]:
    return LoadOnce(loader)
