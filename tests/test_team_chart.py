"""The /team chart a head can forward upstairs as it is: every member drawn (several images for
a big team, each within Telegram's photo limits), the team name, month and totals in the title,
those needing attention grouped (red, then amber), names whole, numbers in their own column, and
no lone dot for a single week of wellbeing data. Hostile names neither break it nor make
matplotlib warn."""

from __future__ import annotations

import io
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import matplotlib.image
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.burnout import WellbeingFlag
from bot.domain.languages import Language
from bot.i18n import I18n, Translator
from bot.services.team_chart import (
    ROWS_PER_IMAGE,
    WIDTH_PX,
    ChartLabels,
    chart_labels,
    chart_pages,
    chart_rows,
    chart_text,
    compact_amount,
    member_amounts,
    name_lines,
    render_chart_images,
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


TODAY = date(2026, 11, 26)


def _t(language: Language = Language.RU) -> Translator:
    return I18n().translator(language)


def _labels(report: TeamReport, language: Language = Language.RU) -> ChartLabels:
    return chart_labels(_t(language), report, "Отдел продаж «Север»", TODAY)


def _render(report: TeamReport, language: Language = Language.RU) -> list[bytes]:
    return render_team_chart(report, _labels(report, language), _t(language))


def _decode(png: bytes) -> np.ndarray:
    assert png.startswith(PNG_SIGNATURE)
    image = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert isinstance(image, np.ndarray)
    return image


def _check_png(png: bytes) -> tuple[int, int]:
    image = _decode(png)
    height, width = image.shape[:2]
    assert width == WIDTH_PX
    # Telegram's photo limits: width + height at most 10 000, a ratio of at most 20.
    assert width + height <= 10_000, height
    assert height / width <= 20
    assert height >= 600
    # Not a blank canvas: plenty of non-white pixels.
    assert float((image[..., :3] < 0.9).any(axis=-1).mean()) > 0.02
    from PIL import Image

    with Image.open(io.BytesIO(png)) as decoded:
        decoded.verify()
    return width, height


def test_one_member() -> None:
    report = _report(
        [_member(1, "Анна Петрова")],
        trend=_trend([40.0, 45.0, None, 52.0, 60.0, 55.0, 48.0, 50.0]),
    )
    images = _render(report)
    assert len(images) == 1
    _check_png(images[0])


def test_title_names_the_team_and_the_month_and_gives_the_totals() -> None:
    report = _report([_member(1, "Анна")])
    report = TeamReport(
        **{
            **report.__dict__,
            "total_plan": Decimal(15_000_000),
            "total_sales": Decimal(12_345_000),
            "team_attainment_pct": 82.3,
            "team_forecast_pct": 110.4,
            "total_unit": "money",
        }
    )
    ru = _labels(report)
    assert ru.title == "Отдел продаж «Север» — план на ноябрь 2026"
    assert ru.subtitle == (
        "Данные на 26 ноября · команда продала 12,3 млн из 15 млн (82%), прогноз 110%"
    )
    en = _labels(report, Language.EN)
    assert en.title == "Отдел продаж «Север»: plan for November 2026"
    assert "12.3M of 15M (82%), forecast 110%" in en.subtitle


def test_forty_members_are_all_drawn() -> None:
    members = [_member(n, f"Констанция {n}") for n in range(40)]
    report = _report(members)
    rows = chart_rows(report)
    assert sorted(row.member.user_id for row in rows) == list(range(40))
    images = render_chart_images(report, _labels(report), _t())
    assert len(images) == 1
    assert sorted(images[0].user_ids) == list(range(40))
    _check_png(images[0].png)


def test_a_big_team_gets_several_images_each_within_telegram_limits() -> None:
    members = [
        _member(n, f"Менеджер {n:03d}", attainment_pct=float(n % 130), forecast_pct=float(n))
        for n in range(120)
    ]
    report = _report(members, trend=_trend([50.0 + n for n in range(8)]))
    labels = _labels(report, Language.EN)
    images = render_chart_images(report, labels, _t(Language.EN))
    assert len(images) == 3
    assert labels.pages == ("(1 of 3)", "(2 of 3)", "(3 of 3)")
    assert [len(image.user_ids) for image in images] == [ROWS_PER_IMAGE, ROWS_PER_IMAGE, 20]
    drawn = [uid for image in images for uid in image.user_ids]
    assert sorted(drawn) == list(range(120))  # everyone exactly once
    for image in images:
        _check_png(image.png)


def test_attention_first_red_then_amber_together_then_the_rest_by_forecast() -> None:
    members = [
        _member(1, "Амбер-1", flag=WellbeingFlag.AMBER),
        _member(2, "Отстаёт", forecast_pct=40.0),
        _member(3, "Амбер-2", flag=WellbeingFlag.AMBER),
        _member(4, "Красный", flag=WellbeingFlag.RED),
        _member(5, "Лидер", forecast_pct=150.0),
        _member(6, "Середина", forecast_pct=100.0),
    ]
    # The report lists attention by risk, which interleaves the two amber members.
    attention = tuple(
        Attention(user_id=uid, name="", reason=reason, style="supportive", risk=risk)
        for uid, reason, risk in (
            (4, "red_flag", 105.0),
            (1, "amber_flag", 85.0),
            (2, "behind_plan", 75.0),
            (3, "amber_flag", 40.0),
        )
    )
    rows = chart_rows(_report(members, attention))
    assert [row.member.user_id for row in rows] == [4, 1, 3, 2, 5, 6]
    assert [row.needs_attention for row in rows] == [True, True, True, True, False, False]


def test_names_are_wrapped_not_cut() -> None:
    name = "Екатерина Великая-Долгорукова"
    lines = name_lines(name)
    assert lines.replace("\n", " ").replace("- ", "-") == name
    assert all(len(line) <= 24 for line in lines.split("\n"))


def test_amounts_are_short_and_in_the_readers_language() -> None:
    ru, en = _t(), _t(Language.EN)
    assert compact_amount(ru, Decimal(1_234_567), "money") == "1,23 млн"
    assert compact_amount(ru, Decimal(12_500), "money") == "12,5 тыс."
    assert compact_amount(ru, Decimal(850_000), "money") == "850 тыс."
    assert compact_amount(ru, Decimal(45), "units") == "45 шт."
    assert compact_amount(en, Decimal(1_234_567), "money") == "1.23M"
    member = _member(
        1, "A", plan=Decimal(1_500_000), sales_to_date=Decimal(1_200_000), unit="money"
    )
    assert member_amounts(ru, member) == "1,2 млн из 1,5 млн"
    assert member_amounts(ru, _member(2, "B", has_plan=False)) is None


def test_a_single_week_of_wellbeing_is_a_sentence_not_a_lone_dot() -> None:
    single = _report([_member(1, "A")], trend=_trend([None] * 7 + [62.0]))
    labels = _labels(single)
    assert labels.wellbeing_note == (
        "Неделя с 16.11: 62 из 100, риск умеренный. Линия появится со второй такой недели."
    )
    _check_png(_render(single)[0])
    none = _labels(_report([_member(1, "A")]))
    assert none.wellbeing_note is not None
    assert "минимум трое" in none.wellbeing_note
    line = _labels(_report([_member(1, "A")], trend=_trend([None] * 6 + [50.0, 62.0])))
    assert line.wellbeing_note is None


def test_members_with_no_data_and_no_wellbeing_answers() -> None:
    report = _report(
        [
            _empty(1, "Новичок"),
            _empty(2, ""),
            _member(3, "Без плана", has_plan=False, attainment_pct=None, forecast_pct=None),
        ]
    )
    _check_png(_render(report)[0])


def test_no_members_at_all() -> None:
    report = _report([])
    images = _render(report)
    assert len(images) == 1
    _check_png(images[0])


def test_extreme_values_end_in_an_arrow_not_a_broken_chart() -> None:
    report = _report(
        [
            _member(1, "Over", attainment_pct=950.0, forecast_pct=2400.0),
            _member(2, "Zero", attainment_pct=0.0, forecast_pct=0.0, flag=WellbeingFlag.RED),
            _member(3, "Amber", flag=WellbeingFlag.AMBER, forecast_pct=None),
        ],
        trend=_trend([0.0, 100.0, None, None, None, None, None, 75.0]),
    )
    _check_png(_render(report)[0])


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
        images = _render(report)
    _check_png(images[0])


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Анна", "Анна"),
        ("$5 deal$", r"\$5 deal\$"),
        ("A" * 60, "A" * 47 + "…"),
        ("   ", "?"),
        ("Ann\n\tLee", "Ann Lee"),
    ],
)
def test_chart_text(raw: str, shown: str) -> None:
    assert chart_text(raw) == shown


_flags = st.sampled_from([None, WellbeingFlag.GREEN, WellbeingFlag.AMBER, WellbeingFlag.RED])
_pcts = st.one_of(st.none(), st.floats(min_value=0, max_value=5000, allow_nan=False))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_flags, _pcts, _pcts, st.booleans()), min_size=0, max_size=130),
    st.data(),
)
def test_every_member_is_drawn_once_and_amber_stays_together(
    shape: list[tuple[WellbeingFlag | None, float | None, float | None, bool]],
    data: st.DataObject,
) -> None:
    members = [
        _member(n, f"M{n}", flag=flag, attainment_pct=done, forecast_pct=forecast, has_plan=plan)
        for n, (flag, done, forecast, plan) in enumerate(shape)
    ]
    risks = [data.draw(st.floats(0, 120)) for _ in members]
    attention = tuple(
        Attention(user_id=m.user_id, name=m.name, reason="x", style="supportive", risk=risk)
        for m, risk in zip(members, risks, strict=True)
        if m.flag in (WellbeingFlag.AMBER, WellbeingFlag.RED) or risk < 20
    )
    report = _report(members, attention)
    pages = chart_pages(report)
    drawn = [row.member.user_id for page in pages for row in page]
    assert sorted(drawn) == sorted(m.user_id for m in members)
    assert all(len(page) <= ROWS_PER_IMAGE for page in pages)
    flags = [row.member.flag for page in pages for row in page if row.needs_attention]
    colours = [f for f in flags if f in (WellbeingFlag.RED, WellbeingFlag.AMBER)]
    assert colours == sorted(colours, key=lambda f: f != WellbeingFlag.RED)
    assert flags[: len(colours)] == colours  # red, then amber, then the other reasons


def test_renders_in_parallel_threads_identically() -> None:
    report = _report(
        [_member(n, f"M{n}") for n in range(30)],
        trend=_trend([30.0, None, 50.0, 55.0, 60.0, 40.0, None, 45.0]),
    )
    labels = _labels(report)
    t = _t()
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: render_team_chart(report, labels, t)[0], range(3)))
    for png in results:
        _check_png(png)
    assert results[0] == results[1] == results[2]
