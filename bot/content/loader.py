"""Load content/ into typed objects and check it; a problem is one line: file, item, field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.schema import (
    Content,
    Objection,
    ObjectionCategory,
    ObjectionsFile,
    RoleCard,
    Rubric,
    ScenariosFile,
    StylesFile,
)
from bot.domain.roles import Role

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
MIN_TIPS_PER_ROLE = 20
MIN_SCENARIOS = 30
# The objection bank is a product promise (issue 4): enough variety that drills do not repeat
# within weeks, across the objections clients actually raise — including tenders, contract terms,
# payment terms, import substitution, "discount today" and "we chose another supplier" (issue 14).
MIN_OBJECTIONS = 120
MIN_OBJECTION_CATEGORIES = 16

ModelT = TypeVar("ModelT", bound=BaseModel)


class ContentError(Exception):
    """Bad content, phrased as one line: ``file: item X: field Y: what is wrong``."""

    def __init__(self, file: Path | str, message: str, *, item: str | None = None) -> None:
        self.file = str(file)
        self.item = item
        where = f"{self.file}: item {item}" if item else self.file
        super().__init__(f"{where}: {message}")


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read_yaml(path: Path, root: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(_relative(path, root), "file is missing") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ContentError(_relative(path, root), f"not valid YAML{where}") from None


def _item_id(raw: Any, loc: tuple[int | str, ...]) -> tuple[str | None, str]:
    """Walk the error location to the innermost item that has an id; the rest is the field."""
    item: str | None = None
    field_start = 0
    node = raw
    for index, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            item = node["id"]
            field_start = index + 1
    field = ".".join(str(p) for p in loc[field_start:]) or "(the item itself)"
    return item, field


def _validate(model: type[ModelT], raw: Any, file: str) -> ModelT:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        item, field = _item_id(raw, tuple(first["loc"]))
        raise ContentError(file, f"field {field}: {first['msg']}", item=item) from None


def _unique(ids: list[str], file: str, what: str) -> None:
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise ContentError(file, f"duplicate {what} id", item=value)
        seen.add(value)


def _check_role(card: RoleCard, file: str, path: Path) -> None:
    if path.stem != card.id.value:
        raise ContentError(file, f"field id: {card.id.value!r} does not match the file name")
    _unique([f.id for f in card.facets], file, "facet")
    _unique([k.id for k in card.kpis], file, "KPI")
    facets = {f.id for f in card.facets}
    kpis = {k.id for k in card.kpis}
    for tip in card.tips:
        if not tip.id.startswith(f"{card.id.value}."):
            raise ContentError(file, f"field id: must start with {card.id.value}.", item=tip.id)
        if tip.facet not in facets:
            raise ContentError(file, f"field facet: unknown facet {tip.facet!r}", item=tip.id)
        if tip.kpi not in kpis:
            raise ContentError(file, f"field kpi: unknown KPI {tip.kpi!r}", item=tip.id)
    unused = facets - {tip.facet for tip in card.tips}
    if unused:
        raise ContentError(file, "field facets: no tip for this facet", item=sorted(unused)[0])
    if len(card.tips) < MIN_TIPS_PER_ROLE:
        raise ContentError(
            file, f"field tips: {len(card.tips)} tips, at least {MIN_TIPS_PER_ROLE} needed"
        )


def load_content(root: Path = CONTENT_DIR) -> Content:
    """Read and cross-check every content file. Raises ContentError on the first problem."""
    roles: dict[Role, RoleCard] = {}
    tip_ids: list[str] = []
    for role in Role:
        path = root / "roles" / f"{role.value}.yaml"
        file = _relative(path, root)
        card = _validate(RoleCard, _read_yaml(path, root), file)
        _check_role(card, file, path)
        roles[role] = card
        tip_ids.extend(tip.id for tip in card.tips)
    for path in sorted((root / "roles").glob("*.yaml")):
        if Role.parse(path.stem) is None:
            raise ContentError(_relative(path, root), "no such role; the file is left without one")
    _unique(tip_ids, "content/roles", "tip")

    styles_path = root / "styles.yaml"
    styles_file = _relative(styles_path, root)
    styles = _validate(StylesFile, _read_yaml(styles_path, root), styles_file).styles
    _unique([s.id for s in styles], styles_file, "style")
    style_ids = {s.id for s in styles}

    scenarios_path = root / "scenarios.yaml"
    scenarios_file = _relative(scenarios_path, root)
    scenarios = _validate(ScenariosFile, _read_yaml(scenarios_path, root), scenarios_file).scenarios
    _unique([s.id for s in scenarios], scenarios_file, "scenario")
    for scenario in scenarios:
        for field in ("best", "acceptable"):
            for style_id in getattr(scenario, field):
                if style_id not in style_ids:
                    raise ContentError(
                        scenarios_file,
                        f"field {field}: unknown style {style_id!r}",
                        item=scenario.id,
                    )
        if set(scenario.best) & set(scenario.acceptable):
            raise ContentError(
                scenarios_file, "field acceptable: repeats a best style", item=scenario.id
            )
    if len(scenarios) < MIN_SCENARIOS:
        raise ContentError(
            scenarios_file, f"field scenarios: {len(scenarios)}, at least {MIN_SCENARIOS} needed"
        )

    categories, objections = load_objections(root / "objections", root)
    check_objection_minimums(categories, objections, _relative(root / "objections", root))
    rubric = load_rubric(root)

    return Content(
        roles=roles,
        styles={s.id: s for s in styles},
        scenarios={s.id: s for s in scenarios},
        objection_categories=categories,
        objections=objections,
        rubric=rubric,
    )


def load_rubric(root: Path = CONTENT_DIR) -> Rubric:
    path = root / "drills" / "rubric.yaml"
    return _validate(Rubric, _read_yaml(path, root), _relative(path, root))


def load_objections(
    directory: Path, root: Path = CONTENT_DIR
) -> tuple[dict[str, ObjectionCategory], dict[str, Objection]]:
    """Every ``<category>.yaml`` in the directory: categories in file order, objections by id."""
    categories: dict[str, ObjectionCategory] = {}
    objections: dict[str, Objection] = {}
    for path in sorted(directory.glob("*.yaml")):
        file = _relative(path, root)
        bank = _validate(ObjectionsFile, _read_yaml(path, root), file)
        category = bank.category
        if path.stem != category.id:
            raise ContentError(file, f"field category.id: {category.id!r} does not match the file")
        categories[category.id] = category
        for objection in bank.objections:
            if objection.category != category.id:
                raise ContentError(
                    file, f"field id: must start with {category.id}.", item=objection.id
                )
            if objection.id in objections:
                raise ContentError(file, "duplicate objection id", item=objection.id)
            objections[objection.id] = objection
    return categories, objections


def check_objection_minimums(
    categories: dict[str, ObjectionCategory],
    objections: dict[str, Objection],
    where: str,
    *,
    min_objections: int | None = None,
    min_categories: int | None = None,
) -> None:
    min_objections = MIN_OBJECTIONS if min_objections is None else min_objections
    min_categories = MIN_OBJECTION_CATEGORIES if min_categories is None else min_categories
    if len(objections) < min_objections:
        raise ContentError(where, f"{len(objections)} objections, at least {min_objections} needed")
    if len(categories) < min_categories:
        raise ContentError(where, f"{len(categories)} categories, at least {min_categories} needed")
