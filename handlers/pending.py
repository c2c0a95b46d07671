"""Asking the pending question again: which dialogue step waits for which question.

The dialogue step is committed before its question is sent (docs/ARCHITECTURE.md, "Commit
before every reply"), so a crash in between leaves a saved step whose question never reached
the user: the chat still shows the previous question and its buttons. The user's next press of
such a button, /start or /help then gets the pending question again, asked from what is saved
(the database and the dialogue's FSM data), never from what the lost message said.

Each feature owns its steps: its module has ``pending_questions()`` → {state: asker}, and
``handlers.get_pending_questions()`` collects them into one :class:`PendingQuestions`, which
the Dispatcher hands to handlers as ``pending_questions``. A test checks that every dialogue
state of every handler module has an asker (or is declared not to be a question).

Asking again writes nothing but a note of when it was done (bot/fsm_steps.py): a double tap
on an old button, or /start pressed twice, asks once; a press moments after the step began in
this process is the second tap of the press that began it. Either gets
:attr:`Reask.JUST_ASKED` (the question is right above) instead of a second copy.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import Enum

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.content.schema import Content
from bot.db.models import User
from bot.fsm_steps import just_asked, mark_asked
from bot.i18n import Translator


@dataclass(frozen=True, slots=True)
class Asking:
    """What an asker may read to put its question again: the saved step and its data, the
    database, the user (their language is ``t``'s)."""

    bot: Bot
    session: AsyncSession
    state: FSMContext
    user: User
    t: Translator
    content: Content
    settings: Settings
    clock: Clock


# Sends the step's question again; False when what is saved no longer supports it (the
# drill's attempt is gone, a draft lost its team): the dialogue is then closed.
Asker = Callable[[Asking], Awaitable[bool]]


class Reask(Enum):
    ASKED = "asked"
    JUST_ASKED = "just_asked"  # a double tap: the question is right above
    NOTHING = "nothing"  # no dialogue is open (or it could not go on and was closed)


class PendingQuestions:
    def __init__(self, askers: Mapping[State, Asker]) -> None:
        self._askers = {str(step.state): asker for step, asker in askers.items()}

    def covers(self, state: str | None) -> bool:
        return state is not None and state in self._askers

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self._askers)

    async def ask_again(
        self, asking: Asking, *, preface: str | None = None, force: bool = False
    ) -> Reask:
        """Ask the current step's question again, after ``preface`` if given. ``force`` for a
        deliberate request (/start, /help): it is answered even right after the question."""
        current = await asking.state.get_state()
        asker = self._askers.get(current) if current is not None else None
        if asker is None:
            return Reask.NOTHING
        if not force and await just_asked(asking.state):
            return Reask.JUST_ASKED
        await mark_asked(asking.state)
        if preface is not None:
            await asking.bot.send_message(asking.user.id, preface)
        if await asker(asking):
            return Reask.ASKED
        await asking.state.clear()
        return Reask.NOTHING
