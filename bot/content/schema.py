"""The shape of every content file. Field errors name the field; the loader adds the file."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

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


class Style(Strict):
    id: str = Field(pattern=_ID)
    name: Text
    essence: Text
    fits: Text
    harms: Text
    example: Text


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


class Content(Strict):
    """Everything loaded and cross-checked; lookups by id."""

    roles: dict[Role, RoleCard]
    styles: dict[str, Style]
    scenarios: dict[str, Scenario]

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
