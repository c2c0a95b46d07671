"""Objections a team writes about its own product: checked like content, drilled like the
library (FSRS), and seen by that team only.

A company objection becomes a drill as a :class:`TeamObjection`, the library's ``Objection``
with an id of the form ``team:<id>`` (library ids never contain a colon, so the two can't
collide in ``drill_cards``) and its category stored rather than read from the id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.schema import (
    Content,
    DrillStep,
    FollowUp,
    FollowUpTrigger,
    Market,
    ModelAnswer,
    Objection,
    PenaltyKind,
    Technique,
    Text,
    Words,
)
from bot.db import field_objections as field_db
from bot.db import teams as teams_db
from bot.db.field_objection_models import CompanyObjection
from bot.db.models import User
from bot.db.team_models import Team
from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.services.drill_scoring import DrillResult, score_answer

TEAM_ID_PREFIX = "team:"
CLIENT_MIN, CLIENT_MAX = 15, 500
CONCERN_MIN, CONCERN_MAX = 10, 300
ANSWER_MIN, ANSWER_MAX = 80, 1500
MAX_PER_TEAM = 200
# Keywords for the value step: the longest content words of the client's line and the concern.
KEYWORDS = 6

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTEXT = Text(
    ru="Клиент вашей компании; возражение добавила ваша команда.",
    en="A client of your company; your team added this objection.",
)
_MISTAKES = [
    Text(
        ru="Спорить с клиентом или сразу давать скидку",
        en="Arguing with the client or offering a discount at once",
    ),
    Text(
        ru="Не выяснить, что на самом деле беспокоит клиента",
        en="Not finding out what really worries the client",
    ),
]


# The client's second turn in a drill: the author writes one objection, not its push-backs,
# so every company objection gets this fallback.
_FOLLOW_UP = FollowUp(
    when=FollowUpTrigger.ANY,
    client=Text(
        ru="Красиво говорите, но меня вы пока не убедили. Почему это должно сработать у нас?",
        en="That sounds nice, but you haven't convinced me yet. Why would it work for us?",
    ),
)


class TeamObjection(Objection):
    """A company objection in the shape the drill flow expects."""

    id: str = Field(pattern=r"^team:\d+$")
    answers: list[ModelAnswer] = Field(min_length=1, max_length=3)
    category_id: str
    team_id: int

    @property
    def category(self) -> str:
        return self.category_id


def drill_id(objection_id: int) -> str:
    return f"{TEAM_ID_PREFIX}{objection_id}"


def parse_drill_id(value: str) -> int | None:
    if not value.startswith(TEAM_ID_PREFIX):
        return None
    rest = value[len(TEAM_ID_PREFIX) :]
    return int(rest) if rest.isdigit() else None


def _keywords(*texts: str) -> list[str]:
    from bot.services.objection_categories import content_lemmas

    words = {w for text in texts for w in content_lemmas(text) if len(w) >= 5}
    chosen = sorted(words, key=lambda w: (-len(w), w))[:KEYWORDS]
    return chosen or ["клиент"]


def as_drill(row: CompanyObjection) -> TeamObjection:
    """The stored objection as a drill; the author's one language serves both."""
    keywords = _keywords(row.client, row.concern)
    return TeamObjection(
        id=drill_id(row.id),
        market=[Market.B2B, Market.B2C],
        roles=list(Role),
        context=_CONTEXT,
        client=Text(ru=row.client, en=row.client),
        answers=[ModelAnswer(technique=Technique.ACVN, text=Text(ru=row.answer, en=row.answer))],
        mistakes=_MISTAKES,
        keywords=Words(ru=keywords, en=keywords),
        concern=Text(ru=row.concern, en=row.concern),
        follow_ups=[_FOLLOW_UP],
        category_id=row.category,
        team_id=row.team_id,
    )


def score_model_answer(
    answer: str, objection: Objection, content: Content, language: Language
) -> DrillResult:
    """The one call into the drill scorer (bot/services/drill_scoring.py is being reworked:
    a change of its signature is fixed here and nowhere else)."""
    return score_answer(answer, objection, content.rubric, language)


# ---- checking a draft --------------------------------------------------------------------


class DraftField(StrEnum):
    CLIENT = "client"
    CONCERN = "concern"
    ANSWER = "answer"


LIMITS: dict[DraftField, tuple[int, int]] = {
    DraftField.CLIENT: (CLIENT_MIN, CLIENT_MAX),
    DraftField.CONCERN: (CONCERN_MIN, CONCERN_MAX),
    DraftField.ANSWER: (ANSWER_MIN, ANSWER_MAX),
}


class TextProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


def clean_text(text: str) -> str:
    """Control characters out, runs of spaces collapsed, lines kept."""
    text = _CONTROL.sub("", text)
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return "\n".join(line for line in lines if line)


def check_text(field: DraftField, text: str) -> TextProblem | None:
    low, high = LIMITS[field]
    if len(text) < low:
        return TextProblem.TOO_SHORT
    if len(text) > high:
        return TextProblem.TOO_LONG
    return None


@dataclass(frozen=True, slots=True)
class Draft:
    team_id: int
    category: str
    client: str
    concern: str
    answer: str
    language: Language


@dataclass(frozen=True, slots=True)
class AnswerCheck:
    """How the drill scorer rates the model answer; it passes with every step of
    acknowledge → clarify → value → next step and no penalty."""

    score: int
    missing: tuple[DrillStep, ...]
    penalties: tuple[PenaltyKind, ...]

    @property
    def passed(self) -> bool:
        return not self.missing and not self.penalties


def draft_objection(draft: Draft, objection_id: int = 0) -> TeamObjection:
    row = CompanyObjection(
        id=objection_id,
        team_id=draft.team_id,
        category=draft.category,
        client=draft.client,
        concern=draft.concern,
        answer=draft.answer,
        language=draft.language.value,
    )
    return as_drill(row)


def check_answer(draft: Draft, content: Content) -> AnswerCheck:
    result = score_model_answer(draft.answer, draft_objection(draft), content, draft.language)
    return AnswerCheck(result.score, result.missing, result.penalties)


# ---- storing -----------------------------------------------------------------------------


async def authoring_team(session: AsyncSession, user: User) -> Team | None:
    """The team whose objections this user may write: the team they head, or, for a sales
    trainer, the team they are in."""
    headed = await teams_db.team_of_head(session, user.id)
    if headed is not None:
        return headed
    if Role.parse(user.role) == Role.SALES_TRAINER:
        member = await teams_db.membership(session, user.id)
        if member is not None:
            return await teams_db.get_team(session, member.team_id)
    return None


async def save_new(
    session: AsyncSession, draft: Draft, author_id: int, now: datetime
) -> CompanyObjection | None:
    """None when the team already has the maximum number."""
    if len(await field_db.team_company_objections(session, draft.team_id)) >= MAX_PER_TEAM:
        return None
    row = CompanyObjection(
        team_id=draft.team_id,
        author_id=author_id,
        category=draft.category,
        client=draft.client,
        concern=draft.concern,
        answer=draft.answer,
        language=draft.language.value,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def editable(
    session: AsyncSession, objection_id: int, user_id: int
) -> CompanyObjection | None:
    """The objection when this user wrote it; None for anyone else."""
    row = await field_db.get_company_objection(session, objection_id)
    return row if row is not None and row.author_id == user_id else None


async def exists(session: AsyncSession, objection_id: int) -> bool:
    return await field_db.get_company_objection(session, objection_id) is not None


async def remove(session: AsyncSession, row: CompanyObjection) -> None:
    await session.delete(row)


async def team_objections(session: AsyncSession, team_id: int) -> list[TeamObjection]:
    return [as_drill(row) for row in await field_db.team_company_objections(session, team_id)]


async def team_of_user(session: AsyncSession, user_id: int) -> int | None:
    """The team whose drills this user gets: the one they are in, or the one they head."""
    return await teams_db.team_id_of_user(session, user_id)
