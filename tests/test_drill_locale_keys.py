"""Every string of the drill feature's locale files is used by the code, in both languages: a
key left behind when the feedback was rewritten («drill-step-present», «drill-improve») is a
text nobody reviews any more and that drifts from what the bot says."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from bot.content.schema import DrillStep, PenaltyKind
from bot.services.drill_schedule import Rating
from bot.services.drill_scoring import RefusalKind, StepNote

ROOT = Path(__file__).resolve().parent.parent
FILES = ("drills.ftl", "drill_scoring.ftl")
_KEY = re.compile(r"^([a-z][a-z0-9_-]*) =", re.MULTILINE)
# A key the code builds at run time (t(f"drill-grade-{int(rating)}")): its prefix, and the
# values its variable part can take. A prefix missing here fails the test, so a new built key
# is listed rather than letting every key with its prefix pass.
_BUILT_FROM = {
    "drill-grade-": {str(int(r)) for r in Rating},
    "drill-step-": {s.value for s in DrillStep},
    "drill-absent-": {s.value for s in DrillStep},
    "drill-penalty-": {p.value for p in PenaltyKind},
    "drill-penalty-hint-": {p.value for p in PenaltyKind},
    "drill-refused-": {r.value for r in RefusalKind},
    "drill-note-": {f"{s.value}-{n.value}" for s, n in itertools.product(DrillStep, StepNote)},
}
_BUILT = re.compile(r"""f["']([a-z][a-z0-9_-]*-)\{""")


def _code() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("bot", "handlers")
        for path in (ROOT / folder).rglob("*.py")
    )


def _keys(language: str, name: str) -> set[str]:
    return set(_KEY.findall((ROOT / "bot" / "locales" / language / name).read_text("utf-8")))


@pytest.mark.parametrize("name", FILES)
def test_both_languages_have_the_same_keys(name: str) -> None:
    assert _keys("ru", name) == _keys("en", name)


def test_every_key_the_code_builds_is_listed_here() -> None:
    built = {prefix for prefix in _BUILT.findall(_code()) if prefix.startswith("drill-")}
    assert built <= set(_BUILT_FROM)


@pytest.mark.parametrize("name", FILES)
def test_every_key_is_used(name: str) -> None:
    code = _code()
    built = {prefix for prefix in _BUILT.findall(code) if prefix in _BUILT_FROM}

    def used(key: str) -> bool:
        return f'"{key}"' in code or any(
            key.startswith(prefix) and key[len(prefix) :] in _BUILT_FROM[prefix] for prefix in built
        )

    assert sorted(key for key in _keys("ru", name) if not used(key)) == []
