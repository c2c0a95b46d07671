"""The objection bank and the rubric: the schema's rules fail with one line naming the file,
the objection and the field; the minimums are real; `content check` prints counts."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content import loader
from bot.content.check import summary
from bot.content.loader import ContentError, load_objections, load_rubric
from bot.content.schema import FollowUpTrigger, Technique

FIXTURES = Path(__file__).parent / "fixtures" / "objections"
FIRST = "price.competitor_cheaper"


def _edit(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _first(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    return lambda root: _edit(root / "price.yaml", lambda d: change(d["objections"][0]))


def _del_en_client(o: dict[str, Any]) -> None:
    del o["client"]["en"]


CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "duplicate id": (
        _first(lambda o: o.update(id="price.too_expensive")),
        ["price.yaml", "duplicate", "price.too_expensive"],
    ),
    "id outside its category": (
        _first(lambda o: o.update(id="no_time.cheaper")),
        ["price.yaml", "no_time.cheaper", "must start with price."],
    ),
    "a language missing": (_first(_del_en_client), ["price.yaml", FIRST, "client.en"]),
    "unknown role": (
        _first(lambda o: o.update(roles=["sales_manager", "wizard"])),
        ["price.yaml", FIRST, "roles.1"],
    ),
    "unknown technique": (
        _first(lambda o: o["answers"][0].update(technique="hypnosis")),
        ["price.yaml", FIRST, "answers.0.technique"],
    ),
    "one model answer": (
        _first(lambda o: o.update(answers=o["answers"][:1])),
        ["price.yaml", FIRST, "answers"],
    ),
    "the same technique twice": (
        _first(lambda o: o["answers"][1].update(technique="acvn")),
        ["price.yaml", FIRST, "different technique"],
    ),
    "unknown market": (
        _first(lambda o: o.update(market=["b2g"])),
        ["price.yaml", FIRST, "market.0"],
    ),
    "category not matching its file": (
        lambda root: _edit(root / "price.yaml", lambda d: d["category"].update(id="cost")),
        ["price.yaml", "category.id"],
    ),
    "blank keyword": (
        _first(lambda o: o["keywords"].update(ru=["цена", " "])),
        ["price.yaml", FIRST, "keywords.ru"],
    ),
    "no concern": (_first(lambda o: o.pop("concern")), ["price.yaml", FIRST, "concern"]),
    "no follow-ups": (_first(lambda o: o.pop("follow_ups")), ["price.yaml", FIRST, "follow_ups"]),
    "concern without English": (
        _first(lambda o: o["concern"].pop("en")),
        ["price.yaml", FIRST, "concern.en"],
    ),
    "unknown follow-up trigger": (
        _first(lambda o: o["follow_ups"][0].update(when="no_smile")),
        ["price.yaml", FIRST, "follow_ups.0.when"],
    ),
    "blank follow-up line": (
        _first(lambda o: o["follow_ups"][0]["client"].update(ru="  ")),
        ["price.yaml", FIRST, "follow_ups.0.client.ru"],
    ),
    "no fallback follow-up": (
        _first(lambda o: o.update(follow_ups=o["follow_ups"][:1])),
        ["price.yaml", FIRST, "when: any"],
    ),
    "two follow-ups for one weak step": (
        _first(lambda o: o["follow_ups"][1].update(when="no_question")),
        ["price.yaml", FIRST, "different weak step"],
    ),
    "empty follow-ups": (
        _first(lambda o: o.update(follow_ups=[])),
        ["price.yaml", FIRST, "follow_ups"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_objection_rule_rejects_its_broken_fixture(case: str, tmp_path: Path) -> None:
    root = tmp_path / "objections"
    shutil.copytree(FIXTURES, root)
    mutate, fragments = CASES[case]
    mutate(root)
    with pytest.raises(ContentError) as caught:
        load_objections(root, tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (case, message)


def test_follow_ups_pick_the_weak_step_else_the_fallback() -> None:
    _, objections = load_objections(FIXTURES)
    objection = objections[FIRST]
    assert "стоимость" in objection.concern.ru
    vague = objection.follow_up(FollowUpTrigger.NO_QUESTION)
    assert vague is not None
    assert vague.when is FollowUpTrigger.NO_QUESTION
    fallback = objection.follow_up(FollowUpTrigger.NO_VALUE)
    assert fallback is not None
    assert fallback.when is FollowUpTrigger.ANY


def test_follow_ups_covering_every_weak_step_need_no_fallback(tmp_path: Path) -> None:
    root = tmp_path / "objections"
    shutil.copytree(FIXTURES, root)
    line = {"ru": "И что?", "en": "So what?"}
    steps = ["no_acknowledge", "no_question", "no_value", "no_next_step"]
    _first(lambda o: o.update(follow_ups=[{"when": s, "client": line} for s in steps]))(root)
    _, objections = load_objections(root, tmp_path)
    assert objections[FIRST].follow_up(FollowUpTrigger.ANY) is None
    assert objections[FIRST].follow_up(FollowUpTrigger.NO_VALUE) is not None


def test_minimums_are_enforced(monkeypatch: pytest.MonkeyPatch) -> None:
    categories, objections = load_objections(FIXTURES)
    with pytest.raises(ContentError, match="3 objections, at least 120 needed"):
        loader.check_objection_minimums(categories, objections, "content/objections")
    monkeypatch.setattr(loader, "MIN_OBJECTIONS", 3)
    with pytest.raises(ContentError, match="2 categories, at least 16 needed"):
        loader.check_objection_minimums(categories, objections, "content/objections")
    monkeypatch.setattr(loader, "MIN_OBJECTION_CATEGORIES", 2)
    loader.check_objection_minimums(categories, objections, "content/objections")


def test_rubric_names_every_technique_and_rejects_a_missing_one(tmp_path: Path) -> None:
    rubric = load_rubric()
    assert set(rubric.techniques) == set(Technique)
    root = tmp_path / "content"
    (root / "drills").mkdir(parents=True)
    shutil.copy(loader.CONTENT_DIR / "drills" / "rubric.yaml", root / "drills" / "rubric.yaml")
    _edit(root / "drills" / "rubric.yaml", lambda d: d["techniques"].pop("boomerang"))
    with pytest.raises(ContentError, match=r"rubric\.yaml.*no entry for boomerang"):
        load_rubric(root)


def test_summary_counts_objections_per_category(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MIN_OBJECTIONS", 0)
    monkeypatch.setattr(loader, "MIN_OBJECTION_CATEGORIES", 0)
    real = loader.load_content()
    categories, objections = load_objections(FIXTURES)
    content = real.model_copy(update={"objection_categories": categories, "objections": objections})
    text = summary(content)
    assert "objections: 3 in 2 categories" in text
    price = next(line for line in text.splitlines() if line.startswith("price "))
    assert price.split() == ["price", "2", "2", "1"]  # count, b2b, b2c
    rated = next(line for line in text.splitlines() if line.startswith("model answers the"))
    high = int(rated.split(": ")[1].split(" of ")[0])
    assert rated.endswith(" of 12")
    # Every answer the scorer does not rate high is listed, with the command that shows why.
    listed = [line for line in text.splitlines() if line.startswith("  incomplete: ")]
    assert len(listed) == 12 - high
    assert all("python -m bot drill score" in line for line in listed)


NEW_CATEGORIES = (
    "legal_terms",
    "payment_terms",
    "tender",
    "import_substitution",
    "discount_today",
    "chose_competitor",
)


def test_the_six_issue_14_categories_hold_six_objections_each() -> None:
    categories, objections = load_objections(loader.CONTENT_DIR / "objections")
    for category in NEW_CATEGORIES:
        assert category in categories
        items = [o for o in objections.values() if o.category == category]
        assert len(items) >= 6, category
        for objection in items:
            assert len({a.technique for a in objection.answers}) >= 2
            assert objection.concern.ru != objection.concern.en
            assert objection.follow_ups
