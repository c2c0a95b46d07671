"""/export: the XLSX opens with openpyxl and holds the rows with real types under sheet names in
the head's language, starting with a Summary of what /team shows (trend, check-in rate, drills,
flag, attention reason, team totals) with autofilters and highlighting; the CSV parses and holds
the same rows with the separators the head's Excel expects; notes appear only for members who
share them, Cyrillic survives, control characters are dropped, a name that looks like a formula
stays text, and the file is named after the team."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import BurnoutSurvey, CheckIn, Plan
from bot.db.models import User
from bot.db.team_models import Team, TeamMember
from bot.domain.languages import Language
from bot.i18n import I18n
from bot.services.team_export import (
    ExportData,
    ExportHeaders,
    export_filename,
    export_headers,
    export_rows,
    objection_rows,
    to_csv,
    to_xlsx,
)

ZONE = "Europe/Moscow"
SUMMARY_SHEET, CHECKINS_SHEET, PLANS_SHEET = "Сводка", "Чек-ины", "План по месяцам"
NOW = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)
NOVEMBER, OCTOBER = date(2026, 11, 1), date(2026, 10, 1)
JOINED = datetime(2026, 6, 1, tzinfo=UTC)
ANNA, FORMULA, BORIS, HEAD = 10, 11, 12, 1
ANNA_NOTE = "Клиент «Ромашка» попросил КП; перезвонить во вторник\nи уточнить бюджет"
FORMULA_NAME = '=HYPERLINK("http://evil.example","жми")'

Factory = async_sessionmaker[AsyncSession]


def _user(user_id: int, name: str) -> User:
    # Weekdays only, so the hand-worked forecasts ignore 4 November.
    return User(id=user_id, first_name=name, language="ru", timezone=ZONE, work_calendar="none")


def _checkin(user_id: int, day: date, **fields: object) -> CheckIn:
    stamp = datetime.combine(day, time(15), tzinfo=UTC)
    return CheckIn(user_id=user_id, local_date=day, updated_at=stamp, completed_at=stamp, **fields)


def _plan(user_id: int, month: date, target: int) -> Plan:
    return Plan(user_id=user_id, month=month, target=Decimal(target), unit="money", updated_at=NOW)


@pytest.fixture
async def team(session_factory: Factory) -> int:
    async with session_factory() as session:
        session.add_all([_user(HEAD, "Head"), _user(ANNA, "Анна"), _user(FORMULA, FORMULA_NAME)])
        session.add(_user(BORIS, "Борис"))
        await session.flush()
        team = Team(head_id=HEAD, name="Продажи")
        session.add(team)
        await session.flush()
        session.add_all(
            [
                TeamMember(
                    team_id=team.id,
                    user_id=uid,
                    share_notes=shares,
                    joined_at=JOINED,
                    notes_shared_since=JOINED if shares else None,
                )
                for uid, shares in ((ANNA, True), (FORMULA, False), (BORIS, False))
            ]
        )
        session.add_all(
            [
                _plan(ANNA, OCTOBER, 800_000),
                _plan(ANNA, NOVEMBER, 1_000_000),
                _checkin(ANNA, date(2026, 10, 30), energy=3, sales_to_date=Decimal(720_000)),
                _checkin(
                    ANNA,
                    date(2026, 11, 18),
                    energy=4,
                    sales_to_date=Decimal("600000.50"),
                    calls=25,
                    meetings=3,
                    note=ANNA_NOTE,
                ),
                # Too old for the export (before September).
                _checkin(ANNA, date(2026, 7, 15), energy=5, note="старое"),
                _checkin(FORMULA, date(2026, 11, 17), energy=2, note="-1 сделка, =SUM(A1)"),
                _checkin(BORIS, date(2026, 11, 16), energy=5, calls=30, note="личное, не для РОПа"),
                _checkin(ANNA, date(2026, 11, 19), energy=4, note="звонок\x07 в\x1bторник"),
                _checkin(BORIS, date(2026, 9, 1), energy=4),
                # A raw survey: its answers must never appear, only the flag.
                BurnoutSurvey(
                    user_id=ANNA,
                    week_start=date(2026, 11, 9),  # a finished week: it drives the flag
                    answers="0000000",
                    score=85.7,
                    completed_at=NOW,
                ),
            ]
        )
        await session.commit()
        return team.id


async def _data(factory: Factory, team_id: int) -> ExportData:
    async with factory() as session:
        return await export_rows(session, team_id, NOW, ZONE)


def _headers(language: Language = Language.RU) -> ExportHeaders:
    return export_headers(I18n().translator(language))


async def test_rows_cover_three_months_with_notes_only_when_shared(
    session_factory: Factory, team: int
) -> None:
    data = await _data(session_factory, team)
    assert data.since == date(2026, 9, 1)
    got = [(row.name, row.day, row.note) for row in data.checkins]
    assert got == [
        ('=HYPERLINK("http://evil.example","жми")', date(2026, 11, 17), None),
        ("Анна", date(2026, 10, 30), None),
        ("Анна", date(2026, 11, 18), ANNA_NOTE),
        ("Анна", date(2026, 11, 19), "звонок\x07 в\x1bторник"),
        ("Борис", date(2026, 9, 1), None),
        ("Борис", date(2026, 11, 16), None),  # Борис doesn't share notes
    ]
    anna = data.checkins[2]
    assert anna.sales_to_date == Decimal("600000.50")
    assert anna.plan == Decimal(1_000_000)
    assert anna.attainment_pct == 60.0
    assert (anna.calls, anna.meetings, anna.energy) == (25, 3, 4)
    assert data.checkins[1].attainment_pct == 90.0  # October against October's plan
    boris = data.checkins[5]
    assert (boris.calls, boris.meetings) == (30, 0)  # "30" alone: no meetings, as the summary said
    assert data.checkins[4].meetings is None  # nothing typed at all stays empty

    plans = [(row.name, row.month, row.plan, row.attainment_pct, row.flag) for row in data.plans]
    assert plans == [
        (FORMULA_NAME, NOVEMBER, None, None, "amber"),
        ("Анна", OCTOBER, Decimal(800_000), 90.0, None),
        ("Анна", NOVEMBER, Decimal(1_000_000), 60.0, "red"),
        ("Борис", NOVEMBER, None, None, "green"),
    ]
    assert data.plans[2].forecast_pct is not None
    assert data.plans[1].forecast_pct is None


async def test_xlsx_opens_and_holds_typed_rows(session_factory: Factory, team: int) -> None:
    data = await _data(session_factory, team)
    headers = _headers()
    workbook = load_workbook(io.BytesIO(to_xlsx(data, headers)))
    assert workbook.sheetnames == [SUMMARY_SHEET, CHECKINS_SHEET, PLANS_SHEET, "Возражения"]

    sheet = workbook[CHECKINS_SHEET]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{1 + len(data.checkins)}"
    assert sheet.column_dimensions["A"].width >= 20
    assert sheet.column_dimensions["J"].width >= 40
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == headers.checkins
    assert rows[0][0] == "Сотрудник"
    assert len(rows) == 1 + len(data.checkins)
    name, user_id, day, energy, sales, plan, attainment, calls, meetings, note = rows[3]
    assert name == "Анна"
    assert user_id == ANNA
    assert isinstance(user_id, int)
    assert isinstance(day, datetime)
    assert day.date() == date(2026, 11, 18)
    assert energy == 4
    assert isinstance(sales, float)
    assert sales == pytest.approx(600000.5)
    assert plan == 1_000_000
    assert attainment == pytest.approx(60.0)
    assert (calls, meetings) == (25, 3)
    assert note == ANNA_NOTE
    assert rows[4][9] == "звонок вторник"  # control characters dropped, not a broken file
    assert rows[6][9] is None  # Борис's note is not there
    assert rows[6][7:9] == (30, 0)
    # The formula-like name is text, not a formula.
    formula_cell = sheet["A2"]
    assert formula_cell.value == FORMULA_NAME
    assert formula_cell.data_type == "s"
    assert sheet["C2"].is_date
    assert sheet["E4"].number_format == "#,##0.##"

    plans = list(workbook[PLANS_SHEET].iter_rows(values_only=True))
    assert plans[0] == headers.plans
    assert workbook[PLANS_SHEET].freeze_panes == "A2"
    assert [row[0] for row in plans[1:]] == [FORMULA_NAME, "Анна", "Анна", "Борис"]  # by name
    anna_now = plans[3]
    assert anna_now[0] == "Анна"
    assert isinstance(anna_now[2], datetime)
    assert anna_now[2].date() == NOVEMBER
    assert anna_now[3] == 1_000_000
    assert anna_now[4] == "деньги"
    assert anna_now[6] == pytest.approx(60.0)
    assert isinstance(anna_now[7], float)
    assert anna_now[8] == "красный"

    # No survey answers or scores anywhere.
    every_value = [
        value
        for name in workbook.sheetnames
        for row in workbook[name].iter_rows(values_only=True)
        for value in row
    ]
    assert "0000000" not in every_value
    assert 85.7 not in every_value
    assert "старое" not in every_value


async def test_summary_sheet_shows_what_team_shows(session_factory: Factory, team: int) -> None:
    data = await _data(session_factory, team)
    headers = _headers()
    sheet = load_workbook(io.BytesIO(to_xlsx(data, headers)))[SUMMARY_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == headers.summary
    assert rows[0][6:] == (
        "Динамика за неделю, п. п.",
        "Чек-ины за 14 дней, %",
        "Тренировки за неделю",
        "Самочувствие",
        "Нужно внимание",
    )
    members = rows[1:4]
    assert [row[0] for row in members] == [FORMULA_NAME, "Анна", "Борис"]  # by name, not by id
    anna = members[1]
    assert anna[1] == pytest.approx(60.0)
    assert anna[3] == pytest.approx(600000.5)
    assert anna[4] == 1_000_000
    assert anna[9] == "красный"
    assert anna[10] == "Признаки выгорания"  # the /team reason, without its emoji
    assert sheet.auto_filter.ref == "A1:K4"
    # Highlighting: the flag cell is filled in its colour.
    assert sheet["J3"].fill.start_color.rgb.endswith("FFC7CE")
    # The totals row, then the note on who is left out and why.
    totals = rows[5]
    assert totals[0] == "Итого по команде"
    assert totals[4] == 1_000_000
    assert sheet.cell(row=6, column=1).font.b
    assert "тем, кто вышел" in rows[-1][0]


async def test_csv_holds_the_same_rows(session_factory: Factory, team: int) -> None:
    data = await _data(session_factory, team)
    headers = _headers()
    raw = to_csv(data, headers)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == list(headers.checkins)

    sheet = load_workbook(io.BytesIO(to_xlsx(data, headers)))[CHECKINS_SHEET]
    xlsx_rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(xlsx_rows) == 1 + len(data.checkins)
    for csv_row, xlsx_row in zip(rows[1:], xlsx_rows[1:], strict=True):
        assert len(csv_row) == len(xlsx_row)
        name, user_id, day, energy, sales, plan, attainment, calls, meetings, note = csv_row
        assert name.removeprefix("'") == xlsx_row[0]
        assert int(user_id) == xlsx_row[1]
        assert date.fromisoformat(day) == xlsx_row[2].date()
        for text, value in zip(
            (energy, sales, plan, attainment, calls, meetings), xlsx_row[3:9], strict=True
        ):
            # Russian Excel reads "600000,5" as a number: a comma is the decimal mark.
            assert "." not in text
            assert (float(text.replace(",", ".")) if text else None) == (
                pytest.approx(value) if value is not None else None
            )
        assert (note or None) == (xlsx_row[9].removeprefix("'") if xlsx_row[9] else None)

    anna = rows[3]
    assert anna[0] == "Анна"
    assert anna[2] == "2026-11-18"
    assert anna[4] == "600000,50"
    assert anna[5] == "1000000"
    assert anna[6] == "60,0"
    assert anna[9] == ANNA_NOTE  # Cyrillic, «quotes», ; and a line break survive
    # A formula-like name can't run in a spreadsheet.
    assert rows[1][0] == "'" + FORMULA_NAME


async def test_english_files(session_factory: Factory, team: int) -> None:
    data = await _data(session_factory, team)
    headers = _headers(Language.EN)
    workbook = load_workbook(io.BytesIO(to_xlsx(data, headers)))
    assert workbook.sheetnames == ["Summary", "Check-ins", "Plan by month", "Objections"]
    assert next(workbook["Check-ins"].iter_rows(values_only=True))[:3] == (
        "Member",
        "Telegram ID",
        "Date",
    )
    assert next(workbook["Plan by month"].iter_rows(values_only=True))[-1] == "Wellbeing"
    rows = list(csv.reader(io.StringIO(to_csv(data, headers).decode("utf-8-sig")), delimiter=","))
    assert rows[3][4] == "600000.50"  # English Excel: "," between fields, "." in numbers


@pytest.mark.parametrize(
    ("team_name", "filename"),
    [
        ("Отдел продаж «Север»", "Отдел-продаж-Север-2026-11-26.xlsx"),
        ("../../etc/passwd", "etc-passwd-2026-11-26.xlsx"),
        ("   .   ", "team-2026-11-26.xlsx"),
        ("A" * 100, "A" * 40 + "-2026-11-26.xlsx"),
    ],
)
def test_files_are_named_after_the_team(team_name: str, filename: str) -> None:
    assert export_filename(team_name, "2026-11-26", "xlsx") == filename


async def test_an_empty_team_exports_headers_only(session_factory: Factory) -> None:
    async with session_factory() as session:
        session.add(_user(HEAD, "Head"))
        await session.flush()
        team = Team(head_id=HEAD, name="Пусто")
        session.add(team)
        await session.commit()
        team_id = team.id
    data = await _data(session_factory, team_id)
    assert data.checkins == ()
    assert data.plans == ()
    headers = _headers()
    workbook = load_workbook(io.BytesIO(to_xlsx(data, headers)))
    assert list(workbook[CHECKINS_SHEET].iter_rows(values_only=True)) == [headers.checkins]
    assert next(workbook[SUMMARY_SHEET].iter_rows(values_only=True)) == headers.summary
    rows = list(csv.reader(io.StringIO(to_csv(data, headers).decode("utf-8-sig")), delimiter=";"))
    assert rows == [list(headers.checkins)]


async def test_the_weeks_field_objections_have_a_sheet_without_names(
    session_factory: Factory, team: int
) -> None:
    data = await _data(session_factory, team)
    rows = objection_rows(
        [
            ("Цена", 3, 1, ["Дорого\x07 для нас", "У конкурента дешевле"]),
            ("Нет времени", 0, 2, []),
        ]
    )
    headers = _headers()
    workbook = load_workbook(io.BytesIO(to_xlsx(replace(data, objections=rows), headers)))
    assert workbook.sheetnames[-1] == "Возражения"
    sheet = list(workbook["Возражения"].iter_rows(values_only=True))
    assert sheet[0] == headers.objection_columns
    assert sheet[1] == ("Цена", 3, 1, 2, "Дорого для нас\nУ конкурента дешевле")
    assert sheet[2][:4] == ("Нет времени", 0, 2, -2)
