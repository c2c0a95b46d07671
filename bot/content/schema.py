"""The shape of every content file. Field errors name the field; the loader adds the file."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.domain.languages import Language
from bot.domain.roles import Role

_ID = r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """One piece of text in both languages."""

    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @field_validator("ru", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    def get(self, language: Language | str) -> str:
        return self.ru if language == Language.RU else self.en


class NamedItem(Strict):
    """A KPI or a facet: an id and a name in both languages."""

    id: str = Field(pattern=_ID)
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def name(self, language: Language | str) -> str:
        return self.ru if language == Language.RU else self.en


class Tip(Strict):
    id: str = Field(pattern=_ID)
    facet: str
    kpi: str
    text: Text


class RoleCard(Strict):
    id: Role
    title: Text
    summary: Text
    zones: list[Text] = Field(min_length=1)
    kpis: list[NamedItem] = Field(min_length=1)
    facets: list[NamedItem] = Field(min_length=1)
    self_check: list[Text] = Field(min_length=1)
    tips: list[Tip] = Field(min_length=1)

    def facet(self, facet_id: str) -> NamedItem:
        return next(f for f in self.facets if f.id == facet_id)

    def kpi(self, kpi_id: str) -> NamedItem:
        return next(k for k in self.kpis if k.id == kpi_id)


class OneOnOne(Strict):
    """A 1:1 in this style: questions for the head to ask and lines to open with.

    The 1:1 preparation (bot/services/one_on_one.py) shows the first three questions and the
    first two openers; an opener may name the person with ``{name}`` (no other braces)."""

    questions: list[Text] = Field(min_length=3)
    openers: list[Text] = Field(min_length=2)

    @field_validator("openers")
    @classmethod
    def _only_name_placeholder(cls, openers: list[Text]) -> list[Text]:
        for opener in openers:
            for text in (opener.ru, opener.en):
                if "{" in text.replace("{name}", "") or "}" in text.replace("{name}", ""):
                    raise ValueError("only the {name} placeholder may appear in braces")
        return openers


class Style(Strict):
    id: str = Field(pattern=_ID)
    name: Text
    essence: Text
    fits: Text
    harms: Text
    example: Text
    one_on_one: OneOnOne


class StylesFile(Strict):
    styles: list[Style] = Field(min_length=1)


class Scenario(Strict):
    id: str = Field(pattern=_ID)
    situation: Text
    best: list[str] = Field(min_length=1, max_length=2)
    acceptable: list[str] = Field(default_factory=list, max_length=3)
    why: Text
    opening_line: Text


class ScenariosFile(Strict):
    scenarios: list[Scenario] = Field(min_length=1)


class Technique(StrEnum):
    """Named ways to handle an objection (content/drills/rubric.yaml describes each)."""

    ACVN = "acvn"  # acknowledge → clarify → value → next step
    SPIN = "spin"
    FEEL_FELT_FOUND = "feel_felt_found"
    BOOMERANG = "boomerang"


class Market(StrEnum):
    B2B = "b2b"
    B2C = "b2c"


class DrillStep(StrEnum):
    """The rubric's steps, in the order a good answer takes them."""

    ACKNOWLEDGE = "acknowledge"
    CLARIFY = "clarify"
    VALUE = "value"
    NEXT_STEP = "next_step"


class PenaltyKind(StrEnum):
    ARGUING = "arguing"
    INSTANT_DISCOUNT = "instant_discount"
    BUT_AFTER_AGREEING = "but_after_agreeing"


def _words(values: list[str]) -> list[str]:
    cleaned = [" ".join(value.split()) for value in values]
    if any(not value for value in cleaned):
        raise ValueError("must not contain blank entries")
    return cleaned


class Words(Strict):
    """Words or short phrases per language: Russian in dictionary form, English as words."""

    ru: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)

    @field_validator("ru", "en")
    @classmethod
    def _not_blank(cls, value: list[str]) -> list[str]:
        return _words(value)

    def get(self, language: Language | str) -> list[str]:
        return self.ru if language == Language.RU else self.en


class ModelAnswer(Strict):
    technique: Technique
    text: Text


class FollowUpTrigger(StrEnum):
    """Which weak step of the rep's first answer a client's second push-back reacts to;
    ``any`` is the fallback when no specific one matches."""

    NO_ACKNOWLEDGE = "no_acknowledge"
    NO_QUESTION = "no_question"
    NO_VALUE = "no_value"
    NO_NEXT_STEP = "no_next_step"
    ANY = "any"


class FollowUp(Strict):
    """The client's in-character second turn when the rep's first answer was weak at ``when``."""

    when: FollowUpTrigger
    client: Text


class Objection(Strict):
    id: str = Field(pattern=_ID)
    market: list[Market] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    context: Text
    client: Text
    answers: list[ModelAnswer] = Field(min_length=2, max_length=3)
    mistakes: list[Text] = Field(min_length=1)
    keywords: Words
    # What the client is really worried about: the value step must address it.
    concern: Text
    # One or two push-backs for the second turn, chosen by the first answer's weakest step.
    follow_ups: list[FollowUp] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct_techniques(self) -> Objection:
        techniques = [answer.technique for answer in self.answers]
        if len(set(techniques)) != len(techniques):
            raise ValueError("answers: each model answer must use a different technique")
        return self

    @model_validator(mode="after")
    def _follow_ups_cover_every_weak_step(self) -> Objection:
        triggers = [follow_up.when for follow_up in self.follow_ups]
        if len(set(triggers)) != len(triggers):
            raise ValueError("follow_ups: each push-back must react to a different weak step")
        specific = set(FollowUpTrigger) - {FollowUpTrigger.ANY}
        if FollowUpTrigger.ANY not in triggers and not specific <= set(triggers):
            raise ValueError(
                "follow_ups: one push-back needs `when: any`, the fallback for a weak step"
                " no other push-back names"
            )
        return self

    def follow_up(self, weak: FollowUpTrigger) -> FollowUp | None:
        """The push-back for this weak step, else the ``any`` fallback."""
        found = {follow_up.when: follow_up for follow_up in self.follow_ups}
        return found.get(weak) or found.get(FollowUpTrigger.ANY)

    @property
    def category(self) -> str:
        return self.id.split(".", 1)[0]


class ObjectionCategory(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: Text


class ObjectionsFile(Strict):
    category: ObjectionCategory
    objections: list[Objection] = Field(min_length=1)


class TechniqueInfo(Strict):
    name: Text
    description: Text
    # The steps a model answer of this technique must show: SPIN leads with questions and
    # need not acknowledge; a boomerang turns the objection itself into the argument.
    requires: list[DrillStep] = Field(min_length=1)


class StepRule(Strict):
    """How to spot a step, and the line that shows how to add it when it is missing."""

    markers: Words
    hint: Text


class NextStepRule(StepRule):
    """A concrete next step has two of three in one sentence: an action (``markers``: a call,
    a meeting, a demo), a day or a time (``when``), a proposal (``proposal``: "let's")."""

    when: Words
    proposal: Words


class Steps(Strict):
    acknowledge: StepRule
    clarify: StepRule  # markers: how a question starts, for questions typed without "?"
    value: StepRule
    next_step: NextStepRule


class PenaltyRule(Strict):
    markers: Words
    hint: Text


class ButRule(Strict):
    agreement: Words
    contrast: Words
    hint: Text


class Penalties(Strict):
    arguing: PenaltyRule
    instant_discount: PenaltyRule
    but_after_agreeing: ButRule


class Rubric(Strict):
    # Just before a marker, these cancel it: "не понимаю", "без скидки".
    negations: Words
    techniques: dict[Technique, TechniqueInfo]
    steps: Steps
    penalties: Penalties

    @model_validator(mode="after")
    def _every_technique(self) -> Rubric:
        missing = [t.value for t in Technique if t not in self.techniques]
        if missing:
            raise ValueError(f"techniques: no entry for {', '.join(missing)}")
        return self

    def step(self, step: DrillStep) -> StepRule:
        rule: StepRule = getattr(self.steps, step.value)
        return rule

    def penalty_hint(self, kind: PenaltyKind) -> Text:
        rule: PenaltyRule | ButRule = getattr(self.penalties, kind.value)
        return rule.hint


class Content(Strict):
    """Everything loaded and cross-checked; lookups by id."""

    roles: dict[Role, RoleCard]
    styles: dict[str, Style]
    scenarios: dict[str, Scenario]
    objection_categories: dict[str, ObjectionCategory]
    objections: dict[str, Objection]
    rubric: Rubric

    def objection_category(self, objection: Objection) -> ObjectionCategory:
        return self.objection_categories[objection.category]

    def tips_for(self, role: Role) -> list[Tip]:
        return list(self.roles[role].tips)

    def tip(self, tip_id: str) -> tuple[RoleCard, Tip] | None:
        role_id = tip_id.split(".", 1)[0]
        role = Role.parse(role_id)
        if role is None or role not in self.roles:
            return None
        card = self.roles[role]
        found = next((tip for tip in card.tips if tip.id == tip_id), None)
        return (card, found) if found else None
