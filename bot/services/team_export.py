"""/export: the team's summary, check-ins and plan progress as an XLSX workbook and a CSV file.

What goes in (``export_rows``):

* the period is the head's current month and the :data:`EXPORT_MONTHS` − 1 months before it
  (about 90 days), so a year-old team still makes a small file;
* **Summary** (first sheet): one row per member with what /team shows — attainment, forecast,
  sales and plan, the week's trend, the 14-day check-in rate, drills this week, the wellbeing
  flag and the attention reason — a totals row for the team, and a note on what is left out;
* **Check-ins**: one row per member and local day — date, energy, the month's sales to date,
  that month's plan and the attainment it makes, calls, meetings (0 when the member gave only
  calls, as their check-in summary showed), and the day's note only for members who chose to
  share notes with the head (``TeamMember.share_notes``; the note is not even read for the
  others) and only if written since they switched sharing on. Only check-ins written since
  the member joined: days from the joining day on, and of that day only what was answered
  after the moment of joining (bot/services/team_privacy.py). Survey answers are never exported;
* **Objections**: the categories of the objections members logged this week (``/objection``
  and the check-in's last step), this week's and last week's counts and up to three phrasings,
  never with their authors' names, as on /team;
* **Plan by month**: one row per member and month with a plan (and one for the current month
  even without a plan): plan, unit, the month's latest sales to date, attainment; for the
  current month also the forecast and the wellbeing flag, exactly as on /team.

Every sheet is sorted by name (then date or month), never by Telegram id. People who left the
team are not in the file: the consent screen promised them the head stops seeing their figures
when they leave, and the Summary sheet says so.

Formats:

* XLSX (openpyxl, write-only for speed, imported only when an export is made): sheet names in
  the head's language, real dates and numbers (amounts with thousands separators, percentages
  with one decimal), a frozen header row, an autofilter, column widths, the wellbeing flag as a
  coloured cell, forecasts under 70 % in red, the totals row in bold;
* CSV: the check-ins, UTF-8 with a BOM so Excel shows Cyrillic, written the way the head's
  spreadsheet reads it: for Russian ``;`` between fields and ``,`` as the decimal mark (what
  Excel expects in Russian locales, so numbers stay numbers), for English ``,`` and ``.``;
  ISO dates in both.

User text (names, notes) that starts like a formula (``= + - @``, tab, CR) is stored as text in
the XLSX and prefixed with ``'`` in the CSV, so a spreadsheet never runs it (CSV injection);
control characters, which the XLSX format cannot hold, are removed.

Both writers are CPU work: call them in a thread (``asyncio.to_thread``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import CheckIn, Plan
from bot.db.models import User
from bot.db.team_models import TeamMember
from bot.i18n import Translator
from bot.services.team_privacy import note_visible
from bot.services.team_report import (
    TeamReport,
    attention_reason_key,
    build_team_report,
    distinct_names,
    head_zone,
    load_members,
    written_since_joining,
    zone_of,
)

EXPORT_MONTHS = 3
MONEY_FORMAT = "#,##0.##"
PERCENT_FORMAT = "0.0"
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CHECKIN_COLUMNS = (
    "name",
    "user-id",
    "date",
    "energy",
    "sales",
    "plan",
    "attainment",
    "calls",
    "meetings",
    "note",
)
PLAN_COLUMNS = (
    "name",
    "user-id",
    "month",
    "plan",
    "unit",
    "sales",
    "attainment",
    "forecast",
    "flag",
)
SUMMARY_COLUMNS = (
    "name",
    "attainment",
    "forecast",
    "sales",
    "plan",
    "unit",
    "trend",
    "checkin-rate",
    "drills",
    "flag",
    "attention",
)
OBJECTION_COLUMNS = ("category", "this-week", "last-week", "change", "examples")
_OBJECTION_WIDTHS = (28, 14, 14, 12, 80)
_CHECKIN_WIDTHS = (26, 14, 12, 12, 18, 16, 14, 9, 10, 60)
_PLAN_WIDTHS = (26, 14, 10, 16, 10, 18, 14, 12, 14)
_SUMMARY_WIDTHS = (26, 14, 12, 18, 16, 10, 14, 16, 14, 16, 40)
LOW_FORECAST_PCT = 70.0
FLAG_FILLS = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
LOW_FORECAST_FONT = "C00000"
# What the XLSX format cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, without importing it).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LEADING_SYMBOLS = re.compile(r"^[^\w«\"(]+")


@dataclass(frozen=True)
class CheckinRow:
    name: str
    user_id: int
    day: date
    energy: int | None
    sales_to_date: Decimal | None
    plan: Decimal | None
    attainment_pct: float | None
    calls: int | None
    meetings: int | None
    note: str | None  # only for members who share notes


@dataclass(frozen=True)
class PlanRow:
    name: str
    user_id: int
    month: date
    plan: Decimal | None
    unit: str | None  # "money" or "units"
    sales_to_date: Decimal | None
    attainment_pct: float | None
    forecast_pct: float | None  # the current month only
    flag: str | None  # "green" / "amber" / "red", the current month only


@dataclass(frozen=True)
class SummaryRow:
    """A member as /team shows them."""

    name: str
    user_id: int
    attainment_pct: float | None
    forecast_pct: float | None
    sales_to_date: Decimal | None
    plan: Decimal | None
    unit: str | None
    trend_pts: float | None
    response_rate_pct: float | None
    drills_this_week: int
    flag: str | None
    attention: str | None  # the reason id, when the member needs attention


@dataclass(frozen=True)
class ObjectionRow:
    """A category of the objections the team logged this week (texts without authors)."""

    category: str  # the category's name in the head's language
    this_week: int
    last_week: int
    examples: str  # up to three phrasings, one per line


@dataclass(frozen=True)
class ExportData:
    team_id: int
    generated_at: datetime
    since: date
    checkins: tuple[CheckinRow, ...]
    plans: tuple[PlanRow, ...]
    summary: tuple[SummaryRow, ...] = ()
    total_sales: Decimal | None = None
    total_plan: Decimal | None = None
    total_unit: str | None = None
    team_attainment_pct: float | None = None
    team_forecast_pct: float | None = None
    objections: tuple[ObjectionRow, ...] = ()


@dataclass(frozen=True)
class ExportHeaders:
    """Translated texts of the files: sheet names, column titles (in :data:`CHECKIN_COLUMNS`
    / :data:`PLAN_COLUMNS` / :data:`SUMMARY_COLUMNS` order), values of the unit, flag and
    attention columns, the totals label, the Summary sheet's note, and the CSV dialect."""

    checkins: tuple[str, ...]
    plans: tuple[str, ...]
    units: dict[str, str]
    flags: dict[str, str]
    summary: tuple[str, ...] = ()
    reasons: dict[str, str] | None = None
    summary_sheet: str = "Summary"
    checkins_sheet: str = "Check-ins"
    plans_sheet: str = "Plan by month"
    objections_sheet: str = "Objections"
    objection_columns: tuple[str, ...] = ()
    totals: str = "Team total"
    note: str = ""
    csv_delimiter: str = ";"
    csv_decimal_mark: str = ","


def _plain_label(text: str) -> str:
    """A /team label without its leading emoji, for a spreadsheet cell."""
    return _LEADING_SYMBOLS.sub("", text).strip()


def export_headers(t: Translator, reasons: Iterable[str] = ()) -> ExportHeaders:
    from bot.services.team_report import AttentionReason

    return ExportHeaders(
        checkins=tuple(t(f"team-export-col-{column}") for column in CHECKIN_COLUMNS),
        plans=tuple(t(f"team-export-col-{column}") for column in PLAN_COLUMNS),
        units={unit: t(f"team-export-unit-{unit}") for unit in ("money", "units")},
        flags={flag: t(f"team-export-flag-{flag}") for flag in ("green", "amber", "red")},
        summary=tuple(t(f"team-export-col-{column}") for column in SUMMARY_COLUMNS),
        reasons={
            reason: _plain_label(t(attention_reason_key(reason)))
            for reason in {*(r.value for r in AttentionReason), *reasons}
        },
        summary_sheet=t("team-export-sheet-summary"),
        checkins_sheet=t("team-export-sheet-checkins"),
        plans_sheet=t("team-export-sheet-plans"),
        objections_sheet=t("team-export-sheet-objections"),
        objection_columns=tuple(t(f"team-export-col-{column}") for column in OBJECTION_COLUMNS),
        totals=t("team-export-totals"),
        note=t("team-export-note"),
        csv_delimiter=t("team-export-csv-delimiter"),
        csv_decimal_mark=t("team-export-decimal-mark"),
    )


def export_filename(team_name: str, stamp: str, extension: str) -> str:
    """ "Отдел-продаж-Север-2026-11-26.xlsx": the team's name in words a file system accepts."""
    words = re.findall(r"\w+", team_name)
    name = "-".join(words)[:40].strip("-_") or "team"
    return f"{name}-{stamp}.{extension}"


def _months_back(month: date, count: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 - count, 12)
    return date(year, index + 1, 1)


def _pct(part: Decimal | None, whole: Decimal | None) -> float | None:
    if part is None or not whole:
        return None
    return round(float(part / whole * 100), 1)


async def export_rows(
    session: AsyncSession,
    team_id: int,
    now: datetime,
    default_zone: str,
    *,
    months: int = EXPORT_MONTHS,
) -> ExportData:
    """The rows of the export; see the module docstring."""
    report = await build_team_report(session, team_id, now, default_zone)
    current_month = now.astimezone(await head_zone(session, team_id, default_zone)).date()
    current_month = current_month.replace(day=1)
    since = _months_back(current_month, months - 1)
    # A member east of the head may already be in the next month: keep their rows too.
    until = current_month + timedelta(days=62)

    member_rows = await session.execute(
        select(User.id, User.first_name, User.username, User.last_name)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id)
    )
    names = distinct_names(
        [(uid, first, username, last) for uid, first, username, last in member_rows]
    )

    plans: dict[tuple[int, date], tuple[Decimal, str]] = {}
    plan_rows = await session.execute(
        select(
            Plan.user_id, Plan.month, Plan.target, Plan.unit, TeamMember.joined_at, User.timezone
        )
        .join(TeamMember, TeamMember.user_id == Plan.user_id)
        .join(User, User.id == Plan.user_id)
        .where(TeamMember.team_id == team_id, Plan.month >= since, Plan.month <= until)
    )
    for uid, month, target, unit, joined_at, zone_name in plan_rows:
        # Months that ended before the member joined (their own calendar) are not the head's.
        joined = joined_at.astimezone(zone_of(zone_name, default_zone)).date()
        if month >= joined.replace(day=1):
            plans[(uid, month)] = (target, unit)

    checkin_rows = await session.execute(
        select(
            CheckIn.user_id,
            CheckIn.local_date,
            CheckIn.energy,
            CheckIn.sales_to_date,
            CheckIn.calls,
            CheckIn.meetings,
            case((TeamMember.share_notes, CheckIn.note), else_=None),
            TeamMember.joined_at,
            TeamMember.notes_shared_since,
            func.coalesce(CheckIn.completed_at, CheckIn.updated_at),
            User.timezone,
        )
        .join(TeamMember, TeamMember.user_id == CheckIn.user_id)
        .join(User, User.id == CheckIn.user_id)
        .where(
            TeamMember.team_id == team_id,
            written_since_joining(),
            CheckIn.local_date >= since,
            CheckIn.local_date <= until,
        )
        .order_by(CheckIn.user_id, CheckIn.local_date)
    )
    checkins: list[CheckinRow] = []
    latest_sales: dict[tuple[int, date], Decimal] = {}
    for (
        uid,
        day,
        energy,
        sales,
        calls,
        meetings,
        shared_note,
        joined_at,
        shared_since,
        written_at,
        zone_name,
    ) in checkin_rows:
        # Data from the moment the member joined (their local date); a note only if it was
        # written while sharing was on (bot/services/team_privacy.py).
        if day < joined_at.astimezone(zone_of(zone_name, default_zone)).date():
            continue
        note = shared_note if note_visible(shared_since, written_at) else None
        month = day.replace(day=1)
        plan = plans.get((uid, month))
        month_plan = plan[0] if plan else None
        if sales is not None:
            latest_sales[(uid, month)] = sales  # rows come in date order
        checkins.append(
            CheckinRow(
                name=names.get(uid, str(uid)),
                user_id=uid,
                day=day,
                energy=energy,
                sales_to_date=sales,
                plan=month_plan,
                attainment_pct=_pct(sales, month_plan),
                calls=calls,
                # "25" alone means 25 calls and no meetings, as the check-in summary said.
                meetings=meetings if meetings is not None or calls is None else 0,
                note=note or None,
            )
        )
    checkins.sort(key=lambda row: (row.name.casefold(), row.user_id, row.day))

    plan_progress: list[PlanRow] = []
    todays = {m.user_id: m.today for m in await load_members(session, team_id, now, default_zone)}
    for member in report.members:
        current = todays.get(member.user_id, current_month).replace(day=1)
        member_months = {month for uid, month in plans if uid == member.user_id} | {current}
        for month in sorted(member_months):
            plan = plans.get((member.user_id, month))
            sales = latest_sales.get((member.user_id, month))
            is_current = month == current
            plan_progress.append(
                PlanRow(
                    name=member.name,
                    user_id=member.user_id,
                    month=month,
                    plan=plan[0] if plan else None,
                    unit=plan[1] if plan else None,
                    sales_to_date=sales,
                    attainment_pct=_pct(sales or Decimal(0), plan[0]) if plan else None,
                    forecast_pct=member.forecast_pct if is_current else None,
                    flag=member.flag.value if is_current and member.flag is not None else None,
                )
            )
    plan_progress.sort(key=lambda row: (row.name.casefold(), row.user_id, row.month))
    return ExportData(
        team_id=team_id,
        generated_at=now,
        since=since,
        checkins=tuple(checkins),
        plans=tuple(plan_progress),
        summary=summary_rows(report),
        total_sales=report.total_sales,
        total_plan=report.total_plan,
        total_unit=report.total_unit,
        team_attainment_pct=report.team_attainment_pct,
        team_forecast_pct=report.team_forecast_pct,
    )


def objection_rows(
    categories: Iterable[tuple[str, int, int, Iterable[str]]],
) -> tuple[ObjectionRow, ...]:
    """The week's field objections per category: (name, this week, last week, phrasings)."""
    return tuple(
        ObjectionRow(name, this_week, last_week, "\n".join(_clean(text) or "" for text in texts))
        for name, this_week, last_week, texts in categories
    )


def summary_rows(report: TeamReport) -> tuple[SummaryRow, ...]:
    """One row per member, by name, with the figures and the attention reason of /team."""
    reasons = {item.user_id: item.reason for item in report.attention}
    rows = [
        SummaryRow(
            name=member.name,
            user_id=member.user_id,
            attainment_pct=_round(member.attainment_pct) if member.has_plan else None,
            forecast_pct=_round(member.forecast_pct),
            sales_to_date=member.sales_to_date,
            plan=member.plan,
            unit=member.unit,
            trend_pts=_round(member.trend_pts),
            response_rate_pct=_round(
                member.response_rate_14d * 100 if member.response_rate_14d is not None else None
            ),
            drills_this_week=member.drills_this_week,
            flag=member.flag.value if member.flag is not None else None,
            attention=reasons.get(member.user_id),
        )
        for member in report.members
    ]
    rows.sort(key=lambda row: (row.name.casefold(), row.user_id))
    return tuple(rows)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# -- writers ---------------------------------------------------------------------------------


def _clean(text: str | None) -> str | None:
    """User text without control characters (which the XLSX format cannot hold)."""
    return _CONTROL.sub("", text) if text else text


def _safe_text(text: str | None) -> str | None:
    """User text a spreadsheet must not read as a formula."""
    text = _clean(text)
    if text and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _checkin_values(row: CheckinRow) -> tuple[object, ...]:
    return (
        _clean(row.name),
        row.user_id,
        row.day,
        row.energy,
        row.sales_to_date,
        row.plan,
        row.attainment_pct,
        row.calls,
        row.meetings,
        _clean(row.note),
    )


def _plan_values(row: PlanRow, headers: ExportHeaders) -> tuple[object, ...]:
    return (
        _clean(row.name),
        row.user_id,
        row.month,
        row.plan,
        headers.units.get(row.unit, row.unit) if row.unit else None,
        row.sales_to_date,
        row.attainment_pct,
        row.forecast_pct,
        headers.flags.get(row.flag, row.flag) if row.flag else None,
    )


def _summary_values(row: SummaryRow, headers: ExportHeaders) -> tuple[object, ...]:
    reasons = headers.reasons or {}
    return (
        _clean(row.name),
        row.attainment_pct,
        row.forecast_pct,
        row.sales_to_date,
        row.plan,
        headers.units.get(row.unit, row.unit) if row.unit else None,
        row.trend_pts,
        row.response_rate_pct,
        row.drills_this_week,
        headers.flags.get(row.flag, row.flag) if row.flag else None,
        reasons.get(row.attention, row.attention) if row.attention else None,
    )


_CHECKIN_FORMATS = (None, "0", DATE_FORMAT, "0", MONEY_FORMAT, MONEY_FORMAT, PERCENT_FORMAT)
_PLAN_FORMATS = (
    None,
    "0",
    MONTH_FORMAT,
    MONEY_FORMAT,
    None,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    PERCENT_FORMAT,
)
_SUMMARY_FORMATS = (
    None,
    PERCENT_FORMAT,
    PERCENT_FORMAT,
    MONEY_FORMAT,
    MONEY_FORMAT,
    None,
    "+0.0;-0.0;0",
    "0",
    "0",
)
_TEXT_COLUMNS_CHECKINS = frozenset({0, 9})
_TEXT_COLUMNS_PLANS = frozenset({0, 4, 8})
_TEXT_COLUMNS_SUMMARY = frozenset({0, 5, 9, 10})
_SUMMARY_FLAG, _SUMMARY_FORECAST = 9, 2


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Sheet"


def _write_sheet(
    sheet: object,
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Sequence[tuple[object, ...]],
    formats: Sequence[str | None],
    text_columns: frozenset[int],
    style: object = None,
) -> None:
    """Header, rows and autofilter; ``style(cell, column, values)`` may highlight a cell."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"  # type: ignore[attr-defined]
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"  # type: ignore[attr-defined]
    bold = Font(bold=True)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    sheet.append(header_cells)  # type: ignore[attr-defined]
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        cells: list[object] = []
        for index, value in enumerate(values):
            fmt = formats[index] if index < len(formats) else None
            cell = WriteOnlyCell(sheet, value=value)
            if index in text_columns and isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if "\n" in value:
                    cell.alignment = wrap
            elif fmt is not None and value is not None:
                cell.number_format = fmt
            if callable(style):
                style(cell, index, values)
            cells.append(cell)
        sheet.append(cells)  # type: ignore[attr-defined]


def _summary_style(headers: ExportHeaders) -> object:
    from openpyxl.styles import Font, PatternFill

    fills = {
        headers.flags.get(flag, flag): PatternFill("solid", start_color=colour, end_color=colour)
        for flag, colour in FLAG_FILLS.items()
    }
    red = Font(color=LOW_FORECAST_FONT, bold=True)
    bold = Font(bold=True)

    def style(cell: object, column: int, values: tuple[object, ...]) -> None:
        value = values[column]
        if column == _SUMMARY_FLAG and isinstance(value, str) and value in fills:
            cell.fill = fills[value]  # type: ignore[attr-defined]
        elif column == _SUMMARY_FORECAST and isinstance(value, float):
            if value < LOW_FORECAST_PCT:
                cell.font = red  # type: ignore[attr-defined]
        elif column == len(values) - 1 and value:
            cell.font = bold  # type: ignore[attr-defined]

    return style


def _append_totals(sheet: object, data: ExportData, headers: ExportHeaders) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    values: list[object] = [headers.totals, data.team_attainment_pct, data.team_forecast_pct]
    values += [data.total_sales, data.total_plan]
    values.append(headers.units.get(data.total_unit, "") if data.total_unit else None)
    cells = []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        fmt = _SUMMARY_FORMATS[index]
        if fmt is not None and value is not None:
            cell.number_format = fmt
        cells.append(cell)
    sheet.append([])  # type: ignore[attr-defined]
    sheet.append(cells)  # type: ignore[attr-defined]


def to_xlsx(data: ExportData, headers: ExportHeaders) -> bytes:
    """The workbook: Summary, Check-ins, Plan by month (names in the head's language)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_sheet_title(headers.summary_sheet))
    _write_sheet(
        summary,
        headers.summary,
        _SUMMARY_WIDTHS,
        [_summary_values(row, headers) for row in data.summary],
        _SUMMARY_FORMATS,
        _TEXT_COLUMNS_SUMMARY,
        _summary_style(headers),
    )
    _append_totals(summary, data, headers)
    if headers.note:
        summary.append([])
        note = WriteOnlyCell(summary, value=headers.note)
        note.font = Font(italic=True, color="555555")
        summary.append([note])
    checkins = workbook.create_sheet(_sheet_title(headers.checkins_sheet))
    _write_sheet(
        checkins,
        headers.checkins,
        _CHECKIN_WIDTHS,
        [_checkin_values(row) for row in data.checkins],
        _CHECKIN_FORMATS,
        _TEXT_COLUMNS_CHECKINS,
    )
    plans = workbook.create_sheet(_sheet_title(headers.plans_sheet))
    _write_sheet(
        plans,
        headers.plans,
        _PLAN_WIDTHS,
        [_plan_values(row, headers) for row in data.plans],
        _PLAN_FORMATS,
        _TEXT_COLUMNS_PLANS,
    )
    objections = workbook.create_sheet(_sheet_title(headers.objections_sheet))
    _write_sheet(
        objections,
        headers.objection_columns,
        _OBJECTION_WIDTHS,
        [
            (
                row.category,
                row.this_week,
                row.last_week,
                row.this_week - row.last_week,
                row.examples,
            )
            for row in data.objections
        ],
        (None, "0", "0", "+0;-0;0"),
        frozenset({0, 4}),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_number(value: Decimal | float, decimal_mark: str) -> str:
    if isinstance(value, float):
        text = f"{value:.1f}"
    else:
        text = format(value.quantize(Decimal("0.01")), "f")
        if text.endswith(".00"):
            text = text[:-3]
    return text.replace(".", decimal_mark)


def _csv_value(value: object, decimal_mark: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return _csv_number(value, decimal_mark)
    if isinstance(value, str):
        return _safe_text(value) or ""
    return str(value)


def to_csv(data: ExportData, headers: ExportHeaders) -> bytes:
    """The check-ins as CSV: UTF-8 with BOM, ISO dates, separators as the head's Excel reads."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=headers.csv_delimiter, lineterminator="\r\n")
    writer.writerow(headers.checkins)
    for row in data.checkins:
        writer.writerow(
            [_csv_value(value, headers.csv_decimal_mark) for value in _checkin_values(row)]
        )
    return buffer.getvalue().encode("utf-8-sig")
