"""The /team chart is a valid, legible PNG for one member, for 200, and for members with no
data; hostile names neither break it nor make matplotlib warn."""

from __future__ import annotations

import io
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import matplotlib.image
import numpy as np
import pytest

from bot.domain.burnout import WellbeingFlag
from bot.domain.languages import Language
from bot.i18n import I18n
from bot.services.team_chart import (
    MAX_MEMBERS,
    WIDTH_PX,
    ChartLabels,
    chart_labels,
    chart_members,
    chart_text,
    render_team_chart,
)
from bot.services.team_report import Attention, MemberFigures, TeamReport

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOW = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)
WEEK = date(2026, 11, 16)


def _member(user_id: int, name: str, **fields: object) -> MemberFigures:
    values: dict[str, object] = {
        "attainment_pct": 60.0,
        "forecast_pct": 95.0,
        "trend_pts": 12.0,
        "response_rate_14d": 0.9,
        "drills_this_week": 3,
        "flag": WellbeingFlag.GREEN,
        "energy_avg_7d": 4.0,
        "has_plan": True,
    }
    values.update(fields)
    return MemberFigures(user_id=user_id, name=name, **values)  # type: ignore[arg-type]


def _empty(user_id: int, name: str) -> MemberFigures:
    return MemberFigures(
        user_id=user_id,
        name=name,
        attainment_pct=None,
        forecast_pct=None,
        trend_pts=None,
        response_rate_14d=None,
        drills_this_week=0,
        flag=None,
        energy_avg_7d=None,
        has_plan=False,
    )


def _trend(values: list[float | None]) -> tuple[tuple[date, float | None], ...]:
    start = WEEK - timedelta(weeks=len(values) - 1)
    return tuple((start + timedelta(weeks=n), value) for n, value in enumerate(values))


def _report(
    members: list[MemberFigures],
    attention: tuple[Attention, ...] = (),
    trend: tuple[tuple[date, float | None], ...] | None = None,
) -> TeamReport:
    return TeamReport(
        team_id=1,
        generated_at=NOW,
        members=tuple(sorted(members, key=lambda m: m.name.casefold())),
        attention=attention,
        total_plan=None,
        total_sales=None,
        team_attainment_pct=None,
        team_forecast_pct=None,
        wellbeing_average=None,
        wellbeing_trend=trend if trend is not None else _trend([None] * 8),
        responders_this_week=0,
    )


def _labels(report: TeamReport, language: Language = Language.RU) -> ChartLabels:
    return chart_labels(I18n().translator(language), report)


def _decode(png: bytes) -> np.ndarray:
    assert png.startswith(PNG_SIGNATURE)
    image = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert isinstance(image, np.ndarray)
    return image


def _check_png(png: bytes) -> tuple[int, int]:
    image = _decode(png)
    height, width = image.shape[:2]
    assert width == WIDTH_PX
    assert 600 <= height <= 2400, height  # a phone screen's width, a scrollable height
    # Not a blank canvas: plenty of non-white pixels.
    assert float((image[..., :3] < 0.9).any(axis=-1).mean()) > 0.02
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return width, height
    with Image.open(io.BytesIO(png)) as decoded:
        decoded.verify()
    with Image.open(io.BytesIO(png)) as decoded:
        assert decoded.format == "PNG"
        assert decoded.size == (width, height)
    return width, height


def test_one_member() -> None:
    report = _report(
        [_member(1, "Анна Петрова")],
        trend=_trend([40.0, 45.0, None, 52.0, 60.0, 55.0, 48.0, 50.0]),
    )
    png = render_team_chart(report, _labels(report))
    _check_png(png)


def test_two_hundred_members_show_the_most_urgent_first() -> None:
    members = [
        _member(n, f"Менеджер {n:03d}", attainment_pct=float(n % 130), forecast_pct=float(n))
        for n in range(200)
    ]
    attention = tuple(
        Attention(
            user_id=n,
            name=f"Менеджер {n:03d}",
            reason="red_flag",
            style="supportive",
            risk=200.0 - n,
        )
        for n in (150, 20, 199)
    )
    report = _report(members, attention, _trend([50.0 + n for n in range(8)]))
    labels = _labels(report, Language.EN)
    assert labels.shown == f"Showing {MAX_MEMBERS} of 200: those needing attention first"
    shown = chart_members(report)
    assert len(shown) == MAX_MEMBERS
    assert [m.user_id for m in shown[:3]] == [150, 20, 199]
    # Then the least on track: the lowest forecasts.
    assert [m.user_id for m in shown[3:6]] == [0, 1, 2]
    _width, height = _check_png(render_team_chart(report, labels))
    small = _report(members[:5])
    _, small_height = _check_png(render_team_chart(small, _labels(small)))
    assert height > small_height  # the rows grow with the members shown, up to the limit


def test_a_small_team_is_shown_whole_in_name_order() -> None:
    report = _report([_member(n, name) for n, name in enumerate(["Вера", "Анна", "Борис"])])
    assert [m.name for m in chart_members(report)] == ["Анна", "Борис", "Вера"]
    assert _labels(report).shown is None


def test_members_with_no_data_and_no_wellbeing_answers() -> None:
    report = _report(
        [
            _empty(1, "Новичок"),
            _empty(2, ""),
            _member(3, "Без плана", has_plan=False, attainment_pct=None, forecast_pct=None),
        ]
    )
    png = render_team_chart(report, _labels(report))
    _check_png(png)


def test_no_members_at_all() -> None:
    report = _report([])
    _check_png(render_team_chart(report, _labels(report)))


def test_extreme_values_are_clipped_not_broken() -> None:
    report = _report(
        [
            _member(1, "Over", attainment_pct=950.0, forecast_pct=2400.0),
            _member(2, "Zero", attainment_pct=0.0, forecast_pct=0.0, flag=WellbeingFlag.RED),
            _member(3, "Amber", flag=WellbeingFlag.AMBER, forecast_pct=None),
        ],
        trend=_trend([0.0, 100.0, None, None, None, None, None, 75.0]),
    )
    _check_png(render_team_chart(report, _labels(report)))


def test_hostile_names_render_without_warnings() -> None:
    names = [
        "$\\frac{1}{0}$ money $",
        "<b>Ann & Co</b>",
        "Дмитрий 🚀🔥",
        "مرحبا",  # a script the font lacks
        "x" * 300,
        "\u200b\u200b",
    ]
    report = _report([_member(n, name) for n, name in enumerate(names)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_team_chart(report, _labels(report))
    _check_png(png)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Анна", "Анна"),
        ("$5 deal$", r"\$5 deal\$"),
        ("A" * 40, "A" * 17 + "…"),
        ("   ", "?"),
        ("Ann\n\tLee", "Ann Lee"),
    ],
)
def test_chart_text(raw: str, shown: str) -> None:
    assert chart_text(raw) == shown


def test_renders_in_parallel_threads_identically() -> None:
    report = _report(
        [_member(n, f"M{n}") for n in range(30)],
        trend=_trend([30.0, None, 50.0, 55.0, 60.0, 40.0, None, 45.0]),
    )
    labels = _labels(report)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: render_team_chart(report, labels), range(3)))
    for png in results:
        _check_png(png)
    assert results[0] == results[1] == results[2]
