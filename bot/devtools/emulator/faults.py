"""Injectable faults: make the emulator fail the way api.telegram.org sometimes does.

Tests queue faults on ``emulator.faults``; each matching Bot API call consumes one and fails
instead of running, so nothing the bot asked for happens on a faulted call::

    emulator.faults.rate_limit(retry_after=1, method="sendMessage", times=3)
    emulator.faults.server_error(502, chat_id=42)          # "Bad Gateway", once
    emulator.faults.timeout(delay=3.0, method="sendMessage") # hold past the client's timeout
    emulator.faults.drop(method="answerCallbackQuery")      # close the socket, no answer

Kinds:

* ``rate_limit`` — HTTP 429 ``Too Many Requests: retry after N`` with ``parameters.retry_after``.
* ``server_error`` — HTTP 500/502/503/504 with Telegram's short description.
* ``timeout`` — the request is held ``delay`` seconds, then the connection is closed without an
  answer; choose ``delay`` beyond the client's request timeout. The call is *not* performed
  (pass ``performed=True`` to model the nastier case where Telegram did it but the answer
  never arrived — the source of at-least-once duplicates).
* ``drop`` — the connection is closed at once without an answer; not performed either (also
  takes ``performed=True``).

A filter (``method``, ``chat_id``) limits which calls a fault matches; ``getUpdates`` is
never matched unless named, so polling keeps working. ``times`` is how many calls it fails
(``None``: until :meth:`FaultPlan.clear`). ``every`` fails only every n-th matching call, for
a steady trickle of faults during a fan-out. Every fired fault is recorded in
``emulator.faults.fired``; injected refusals are *not* added to ``emulator.rejections``, which
stays the list of things the bot did wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

FaultKind = Literal["rate_limit", "server_error", "timeout", "drop"]

SERVER_ERRORS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    kind: FaultKind
    method: str | None = None
    chat_id: int | None = None
    times: int | None = 1
    every: int = 1
    retry_after: int = 1
    status: int = 502
    delay: float = 0.0
    performed: bool = False
    seen: int = field(default=0, init=False)

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.method is None:
            if method == "getUpdates":
                return False
        elif self.method != method:
            return False
        return self.chat_id is None or self.chat_id == chat_id


@dataclass(frozen=True, slots=True)
class FiredFault:
    kind: FaultKind
    method: str
    chat_id: int | None


class FaultPlan:
    """The queue of faults an emulator will inject; see the module docstring."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self.fired: list[FiredFault] = []

    def add(self, fault: Fault) -> Fault:
        if fault.every < 1:
            raise ValueError("every must be at least 1")
        self._faults.append(fault)
        return fault

    def rate_limit(
        self,
        retry_after: int = 1,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        times: int | None = 1,
        every: int = 1,
    ) -> Fault:
        return self.add(Fault("rate_limit", method, chat_id, times, every, retry_after=retry_after))

    def server_error(
        self,
        status: int = 502,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        times: int | None = 1,
        every: int = 1,
    ) -> Fault:
        if status not in SERVER_ERRORS:
            raise ValueError(f"status must be one of {sorted(SERVER_ERRORS)}")
        return self.add(Fault("server_error", method, chat_id, times, every, status=status))

    def timeout(
        self,
        delay: float,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        times: int | None = 1,
        every: int = 1,
        performed: bool = False,
    ) -> Fault:
        return self.add(
            Fault("timeout", method, chat_id, times, every, delay=delay, performed=performed)
        )

    def drop(
        self,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        times: int | None = 1,
        every: int = 1,
        performed: bool = False,
    ) -> Fault:
        return self.add(Fault("drop", method, chat_id, times, every, performed=performed))

    def clear(self) -> None:
        self._faults.clear()

    @property
    def pending(self) -> list[Fault]:
        return list(self._faults)

    def count(self, kind: FaultKind | None = None) -> int:
        return sum(1 for fired in self.fired if kind is None or fired.kind == kind)

    def take(self, method: str, raw_chat_id: Any) -> Fault | None:
        """The fault this call triggers, if any (consuming one of its ``times``)."""
        chat_id = _chat_id(raw_chat_id)
        for fault in self._faults:
            if not fault.matches(method, chat_id):
                continue
            fault.seen += 1
            if fault.seen % fault.every:
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
            self.fired.append(FiredFault(fault.kind, method, chat_id))
            return fault
        return None


def _chat_id(raw: Any) -> int | None:
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.lstrip("-").isdigit():
        return int(raw)
    return None
