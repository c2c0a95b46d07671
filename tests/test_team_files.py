"""The data version of the heavy team files and the per-head limit, without Telegram."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.domain.languages import Language
from bot.services.team_chart import chart_labels
from bot.services.team_files import TeamFiles, chart_version
from bot.services.team_report import MemberFigures
from tests.test_team_chart import NOW, TODAY, _member, _report, _t


def _version(
    members: list[MemberFigures], *, language: Language = Language.RU, **fields: object
) -> str:
    report = replace(_report(members), **fields)  # type: ignore[arg-type]
    t = _t(language)
    return chart_version(report, chart_labels(t, report, "Север", TODAY), t.language)


def test_the_version_follows_the_data_and_ignores_the_moment_of_generation() -> None:
    members = [_member(1, "Анна"), _member(2, "Пётр")]
    base = _version(members)
    assert _version(members) == base
    assert _version(members, generated_at=NOW + timedelta(hours=3)) == base
    assert _version([_member(1, "Анна", attainment_pct=61.0), _member(2, "Пётр")]) != base
    assert _version([_member(1, "Анна")]) != base  # someone left
    assert _version(members, language=Language.EN) != base


def test_draws_are_limited_per_head_in_any_minute() -> None:
    files = TeamFiles(per_minute=2)
    files.count_use("chart", 7, NOW)
    assert files.wait_seconds("chart", 7, NOW) == 0
    files.count_use("chart", 7, NOW + timedelta(seconds=10))
    assert files.wait_seconds("chart", 7, NOW + timedelta(seconds=10)) == 50
    assert files.wait_seconds("chart", 8, NOW) == 0  # another head
    assert files.wait_seconds("export", 7, NOW) == 0  # another kind
    assert files.wait_seconds("chart", 7, NOW + timedelta(seconds=60)) == 0


def test_a_cached_file_is_found_only_for_its_version() -> None:
    files = TeamFiles()
    files.remember("chart", 1, "v1", ("F1", "F2"))
    assert files.cached("chart", 1, "v1") == ("F1", "F2")
    assert files.cached("chart", 1, "v2") is None
    assert files.cached("export", 1, "v1") is None
    files.remember("chart", 1, "v2", ("F3",))
    assert files.cached("chart", 1, "v1") is None  # one version per team and kind is kept
