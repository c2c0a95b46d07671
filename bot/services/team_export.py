"""/export: the team's check-ins and plan progress as an XLSX workbook and a CSV file.

What goes in (``export_rows``):

* the period is the head's current month and the :data:`EXPORT_MONTHS` − 1 months before it
  (about 90 days), so a year-old team still makes a small file;
* **Check-ins**: one row per member and local day — date, energy, the month's sales to date,
  that month's plan and the attainment it makes, calls, meetings, and the day's note only for
  members who chose to share notes with the head (``TeamMember.share_notes``; the note is not
  even read for the others). Survey answers are never exported;
* **Plan progress**: one row per member and month with a plan (and one for the current month
  even without a plan): plan, unit, the month's latest sales to date, attainment; for the
  current month also the forecast and the wellbeing flag — the only trace of the weekly survey
  the head may see — exactly as on /team.

Formats:

* XLSX (openpyxl, write-only for speed): sheets "Check-ins" and "Plan progress" with real dates
  and numbers (amounts as numbers with two decimals, percentages as numbers with one), a frozen
  header row and column widths;
* CSV: the "Check-ins" rows, UTF-8 with a BOM so Excel shows Cyrillic, ``;`` as the separator
  — what Excel expects in Russian (and most European) locales, where ``,`` is the decimal
  mark — ISO dates and ``.`` decimals so scripts parse it unchanged.

User text (names, notes) that starts like a formula (``= + - @``, tab, CR) is stored as text in
the XLSX and prefixed with ``'`` in the CSV, so a spreadsheet never runs it (CSV injection).

Both writers are CPU work: call them in a thread (``asyncio.to_thread``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]
from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import CheckIn, Plan
from bot.db.models import User
from bot.db.team_models import TeamMember
from bot.i18n import Translator
from bot.services.team_report import build_team_report, display_name, head_zone, load_members

EXPORT_MONTHS = 3
CHECKINS_SHEET = "Check-ins"
PLANS_SHEET = "Plan progress"
CSV_DELIMITER = ";"
MONEY_FORMAT = "#,##0.00"
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
_CHECKIN_WIDTHS = (24, 14, 12, 12, 18, 16, 14, 9, 10, 60)
_PLAN_WIDTHS = (24, 14, 10, 16, 10, 18, 14, 12, 14)


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
class ExportData:
    team_id: int
    generated_at: datetime
    since: date
    checkins: tuple[CheckinRow, ...]
    plans: tuple[PlanRow, ...]


@dataclass(frozen=True)
class ExportHeaders:
    """Translated column titles (in :data:`CHECKIN_COLUMNS` / :data:`PLAN_COLUMNS` order)
    and translated values of the unit and flag columns."""

    checkins: tuple[str, ...]
    plans: tuple[str, ...]
    units: dict[str, str]
    flags: dict[str, str]


def export_headers(t: Translator) -> ExportHeaders:
    return ExportHeaders(
        checkins=tuple(t(f"team-export-col-{column}") for column in CHECKIN_COLUMNS),
        plans=tuple(t(f"team-export-col-{column}") for column in PLAN_COLUMNS),
        units={unit: t(f"team-export-unit-{unit}") for unit in ("money", "units")},
        flags={flag: t(f"team-export-flag-{flag}") for flag in ("green", "amber", "red")},
    )


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
        select(User.id, User.first_name, User.username)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id)
    )
    names = {uid: display_name(first, username, uid) for uid, first, username in member_rows}

    plans: dict[tuple[int, date], tuple[Decimal, str]] = {}
    plan_rows = await session.execute(
        select(Plan.user_id, Plan.month, Plan.target, Plan.unit)
        .join(TeamMember, TeamMember.user_id == Plan.user_id)
        .where(TeamMember.team_id == team_id, Plan.month >= since, Plan.month <= until)
    )
    for uid, month, target, unit in plan_rows:
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
        )
        .join(TeamMember, TeamMember.user_id == CheckIn.user_id)
        .where(
            TeamMember.team_id == team_id,
            CheckIn.local_date >= since,
            CheckIn.local_date <= until,
        )
        .order_by(CheckIn.user_id, CheckIn.local_date)
    )
    checkins: list[CheckinRow] = []
    latest_sales: dict[tuple[int, date], Decimal] = {}
    for uid, day, energy, sales, calls, meetings, note in checkin_rows:
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
                meetings=meetings,
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
    return ExportData(
        team_id=team_id,
        generated_at=now,
        since=since,
        checkins=tuple(checkins),
        plans=tuple(plan_progress),
    )


# -- writers ---------------------------------------------------------------------------------


def _safe_text(text: str | None) -> str | None:
    """User text a spreadsheet must not read as a formula."""
    if text and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _checkin_values(row: CheckinRow) -> tuple[object, ...]:
    return (
        row.name,
        row.user_id,
        row.day,
        row.energy,
        row.sales_to_date,
        row.plan,
        row.attainment_pct,
        row.calls,
        row.meetings,
        row.note,
    )


def _plan_values(row: PlanRow, headers: ExportHeaders) -> tuple[object, ...]:
    return (
        row.name,
        row.user_id,
        row.month,
        row.plan,
        headers.units.get(row.unit, row.unit) if row.unit else None,
        row.sales_to_date,
        row.attainment_pct,
        row.forecast_pct,
        headers.flags.get(row.flag, row.flag) if row.flag else None,
    )


_CHECKIN_FORMATS = (None, "0", DATE_FORMAT, "0", MONEY_FORMAT, MONEY_FORMAT, PERCENT_FORMAT)
_PLAN_FORMATS = (None, "0", MONTH_FORMAT, MONEY_FORMAT, None, MONEY_FORMAT, PERCENT_FORMAT)
_TEXT_COLUMNS_CHECKINS = frozenset({0, 9})
_TEXT_COLUMNS_PLANS = frozenset({0, 4, 8})


def _write_sheet(
    sheet: WriteOnlyWorksheet,
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[tuple[object, ...]],
    formats: Sequence[str | None],
    text_columns: frozenset[int],
) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        cells: list[object] = []
        for index, value in enumerate(values):
            fmt = formats[index] if index < len(formats) else None
            if index in text_columns and isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if "\n" in value:
                    cell.alignment = wrap
                cells.append(cell)
            elif fmt is not None and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = fmt
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)


def to_xlsx(data: ExportData, headers: ExportHeaders) -> bytes:
    """The workbook: "Check-ins" and "Plan progress"."""
    workbook = Workbook(write_only=True)
    checkins = workbook.create_sheet(CHECKINS_SHEET)
    _write_sheet(
        checkins,
        headers.checkins,
        _CHECKIN_WIDTHS,
        (_checkin_values(row) for row in data.checkins),
        _CHECKIN_FORMATS,
        _TEXT_COLUMNS_CHECKINS,
    )
    plans = workbook.create_sheet(PLANS_SHEET)
    _write_sheet(
        plans,
        headers.plans,
        _PLAN_WIDTHS,
        (_plan_values(row, headers) for row in data.plans),
        _PLAN_FORMATS,
        _TEXT_COLUMNS_PLANS,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, str):
        return _safe_text(value) or ""
    return str(value)


def to_csv(data: ExportData, headers: ExportHeaders) -> bytes:
    """The "Check-ins" rows as CSV: UTF-8 with BOM, ``;``-separated, ISO dates, ``.`` decimals."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(headers.checkins)
    for row in data.checkins:
        writer.writerow([_csv_value(value) for value in _checkin_values(row)])
    return buffer.getvalue().encode("utf-8-sig")
