"""`content check`: the real content passes; each rule has a broken fixture that fails
with one line naming the file, the item and the field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.check import load_and_check
from bot.content.loader import CONTENT_DIR, MIN_SCENARIOS, MIN_TIPS_PER_ROLE, ContentError
from bot.domain.roles import Role

ROOT = Path(__file__).resolve().parents[1]
Mutation = Callable[[Path], None]


@pytest.fixture(scope="module")
def real_content() -> Any:
    return load_and_check()


def test_real_content_passes_with_the_promised_amounts(real_content: Any) -> None:
    for role in Role:
        tips = real_content.roles[role].tips
        assert len(tips) >= MIN_TIPS_PER_ROLE >= 20
        assert all(tip.text.ru and tip.text.en for tip in tips)
    assert len(real_content.scenarios) >= MIN_SCENARIOS >= 30
    assert set(real_content.styles) == {
        "coaching",
        "democratic",
        "authoritarian",
        "transactional",
        "supportive",
    }


def test_cli_prints_counts_per_role_and_language() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Content OK" in result.stdout
    for role in Role:
        assert role.value in result.stdout
    assert "scenarios:" in result.stdout


def _edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _role(name: str) -> Callable[[Callable[[Any], None]], Mutation]:
    def wrap(change: Callable[[Any], None]) -> Mutation:
        return lambda root: _edit_yaml(root / "roles" / f"{name}.yaml", change)

    return wrap


def _set_first_tip(field: str, value: Any) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        tip = data["tips"][0]
        if field.startswith("text.") and value is None:
            del tip["text"][field.split(".")[1]]
        elif field.startswith("text."):
            tip["text"][field.split(".")[1]] = value
        else:
            tip[field] = value

    return change


def _duplicate_tip(data: Any) -> None:
    data["tips"][1]["id"] = data["tips"][0]["id"]


def _orphan_facet(data: Any) -> None:
    data["facets"].append({"id": "lonely_facet", "ru": "Одинокий", "en": "Lonely"})


def _bad_style_reference(root: Path) -> None:
    _edit_yaml(root / "scenarios.yaml", lambda d: d["scenarios"][0].update(best=["telepathic"]))


def _too_few_scenarios(root: Path) -> None:
    _edit_yaml(root / "scenarios.yaml", lambda d: d.update(scenarios=d["scenarios"][:3]))


def _stray_role_file(root: Path) -> None:
    shutil.copy(root / "roles" / "sales_admin.yaml", root / "roles" / "chief_vibes_officer.yaml")


def _missing_role_file(root: Path) -> None:
    (root / "roles" / "sales_trainer.yaml").unlink()


def _broken_yaml(root: Path) -> None:
    (root / "styles.yaml").write_text("styles: [unclosed", encoding="utf-8")


def _wrong_role_id(root: Path) -> None:
    _edit_yaml(root / "roles" / "sales_admin.yaml", lambda d: d.update(id="sales_trainer"))


FIRST_TIP = "sales_manager.prospecting.1"
CASES: dict[str, tuple[Mutation, list[str]]] = {
    "duplicate id": (
        _role("sales_manager")(_duplicate_tip),
        ["sales_manager", "duplicate", FIRST_TIP],
    ),
    "a language missing": (
        _role("sales_manager")(_set_first_tip("text.en", None)),
        ["roles/sales_manager.yaml", FIRST_TIP, "text.en"],
    ),
    "blank text": (
        _role("sales_manager")(_set_first_tip("text.ru", "   ")),
        ["roles/sales_manager.yaml", FIRST_TIP, "text.ru"],
    ),
    "unknown facet": (
        _role("sales_manager")(_set_first_tip("facet", "astrology")),
        ["roles/sales_manager.yaml", FIRST_TIP, "field facet"],
    ),
    "unknown KPI": (
        _role("sales_manager")(_set_first_tip("kpi", "vibes")),
        ["roles/sales_manager.yaml", FIRST_TIP, "field kpi"],
    ),
    "HTML Telegram refuses": (
        _role("sales_manager")(_set_first_tip("text.ru", "<div>Позвоните клиенту</div>")),
        ["roles/sales_manager.yaml", FIRST_TIP, "text.ru", "parse"],
    ),
    "message over Telegram's limit": (
        _role("sales_manager")(_set_first_tip("text.en", "Call. " * 800)),
        ["roles/sales_manager.yaml", FIRST_TIP, "text.en", "4096"],
    ),
    "facet without a tip": (
        _role("sales_manager")(_orphan_facet),
        ["roles/sales_manager.yaml", "lonely_facet", "facets"],
    ),
    "reference to an unknown style": (
        _bad_style_reference,
        ["scenarios.yaml", "field best", "telepathic"],
    ),
    "too few scenarios": (_too_few_scenarios, ["scenarios.yaml", "at least"]),
    "a file left without a role": (_stray_role_file, ["chief_vibes_officer.yaml", "no such role"]),
    "a role without its file": (_missing_role_file, ["roles/sales_trainer.yaml", "missing"]),
    "not YAML": (_broken_yaml, ["styles.yaml", "not valid YAML"]),
    "role id not matching its file": (_wrong_role_id, ["roles/sales_admin.yaml", "field id"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_rejects_its_broken_fixture(case: str, tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    mutate, fragments = CASES[case]
    mutate(root)
    with pytest.raises(ContentError) as caught:
        load_and_check(root)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (case, message)


def test_the_bot_refuses_to_start_on_bad_content(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    _broken_yaml(root)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "BOT_TOKEN": "123456:TEST-TOKEN-abcdefghijklmnop",
            "CONTENT_DIR": str(root),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "TELEGRAM_API_URL": "http://127.0.0.1:9",  # never reached: content fails first
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "styles.yaml" in lines[0]
    assert "not valid YAML" in lines[0]
