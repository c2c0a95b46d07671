"""The /team chart: plan attainment and forecast per member, and the team's wellbeing trend.

Made to be forwarded upstairs as it is: the title names the team and the month, a subtitle
gives the date and the team's totals, every member is drawn (a large team gets several
images, :data:`ROWS_PER_IMAGE` rows each, numbered "1/3"), and a footer says what the dots
mean and when the data was read.

Each image is a PNG 1080 px wide (a phone screen's width in pixels, so Telegram shows it
without scaling text down) and never more than Telegram's photo limits (width + height
≤ 10 000, a ratio of at most 20). It is drawn with matplotlib's object API on the Agg canvas
— no pyplot and no global state, so renders can run in worker threads (callers use
``asyncio.to_thread``); a lock serialises them anyway, because matplotlib's font cache is
shared. matplotlib is imported only here, and this module only when a chart is drawn.

Rows, top to bottom: those needing attention (red flags first, then amber, then the other
reasons, each by risk), then everyone else from the best forecast down; a thin rule and a
small heading separate the two groups. Each row: the name (wrapped onto a second line rather
than cut), a dot in the member's wellbeing colour, a light bar for the month-end forecast
behind a dark bar for the attainment so far, and — in a column of its own to the right, so
numbers never sit on a bar or on the 100 % line — "done → forecast" and the amounts. Bars
longer than the axis (which grows to :data:`MAX_AXIS_PCT`) end in an arrow.

Bottom panel: the team's published weekly burnout (CBI) mean. Two or more weeks make a line;
a single week is written out as a number rather than drawn as a lone dot; none gives a
sentence saying when the figure appears.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from bot.domain.burnout import WellbeingFlag
from bot.i18n import Html, Translator
from bot.services.team_report import MemberFigures, TeamReport

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ROWS_PER_IMAGE = 50
MAX_IMAGES = 10
WIDTH_PX = 1080
DPI = 150
NAME_CHARS = 24  # per line; a longer name wraps onto a second line
NAME_LINES = 2
MAX_AXIS_PCT = 300.0
FONT = "DejaVu Sans"

ATTAINMENT_COLOUR = "#1f5fa8"
FORECAST_COLOUR = "#a9c8ec"
PLAN_LINE_COLOUR = "#444444"
FLAG_COLOURS = {
    WellbeingFlag.GREEN: "#2e9d4a",
    WellbeingFlag.AMBER: "#f0a202",
    WellbeingFlag.RED: "#d64033",
}
NO_FLAG_COLOUR = "#c8c8c8"
BANDS = ((0.0, 50.0, "#2e9d4a"), (50.0, 75.0, "#f0a202"), (75.0, 100.0, "#d64033"))
MUTED = "#555555"

# Layout, in inches (the figure is 7.2 in wide at 150 dpi).
ROW_IN = 0.36
GROUP_HEADING_IN = 0.34
HEAD_IN = 1.25
TREND_IN = 2.0
NOTE_IN = 0.9  # the trend panel when it holds a sentence instead of a line
TREND_GAP_IN = 0.8
FOOT_IN = 0.75
NAMES_RIGHT = 0.285  # figure fraction where the name column ends (dots sit just after)
BARS_LEFT, BARS_RIGHT = 0.33, 0.72
NUMBERS_LEFT = 0.745

_render_lock = threading.Lock()

_FLAG_ORDER = {WellbeingFlag.RED: 0, WellbeingFlag.AMBER: 1}


@dataclass(frozen=True)
class ChartLabels:
    """Already translated texts of the chart."""

    title: str  # "«North»: plan for November 2026"
    subtitle: str  # "As of 26 November · sold 12.3M of 15M (82%), forecast 110%"
    attainment: str
    forecast: str
    plan_line: str
    no_plan: str
    no_data: str
    wellbeing: str
    wellbeing_axis: str
    wellbeing_note: str | None  # instead of a line: no published week yet, or just one
    wellbeing_gaps: str  # what a gap in the line means
    group_attention: str
    group_rest: str
    dots: tuple[tuple[str, str], ...]  # (colour, meaning) for the footer's key
    footer: str
    pages: tuple[str, ...]  # "(1/3)" per image; empty for a single image


@dataclass(frozen=True)
class ChartRow:
    member: MemberFigures
    needs_attention: bool


def chart_rows(report: TeamReport) -> list[ChartRow]:
    """Every member once, in drawing order (see the module docstring)."""
    by_id = {member.user_id: member for member in report.members}
    risk = {item.user_id: item.risk for item in report.attention}
    flagged = [by_id[uid] for uid in risk if uid in by_id]
    flagged.sort(key=lambda m: (_FLAG_ORDER.get(m.flag, 2) if m.flag else 2, -risk[m.user_id]))
    picked = {member.user_id for member in flagged}
    rest = sorted(
        (member for member in report.members if member.user_id not in picked),
        key=lambda m: (
            m.forecast_pct is None and m.attainment_pct is None,
            -(m.forecast_pct if m.forecast_pct is not None else (m.attainment_pct or 0.0)),
            m.name.casefold(),
        ),
    )
    return [ChartRow(m, True) for m in flagged] + [ChartRow(m, False) for m in rest]


def chart_pages(report: TeamReport, per_image: int = ROWS_PER_IMAGE) -> list[list[ChartRow]]:
    """The rows split into images of at most ``per_image`` rows (at least one image)."""
    rows = chart_rows(report)
    pages = [rows[start : start + per_image] for start in range(0, len(rows), per_image)]
    return pages[:MAX_IMAGES] or [[]]


# -- texts -----------------------------------------------------------------------------------


def compact_amount(t: Translator, value: Decimal, unit: str | None) -> str:
    """An amount short enough for a chart column: "1,2 млн", "850 тыс.", "45 шт."."""
    number = float(value)
    if unit == "units":
        return t("team-chart-units", amount=_number(t, number, 0))
    if abs(number) >= 1_000_000:
        digits = 2 if abs(number) < 10_000_000 else 1
        return t("team-chart-millions", amount=_number(t, number / 1_000_000, digits))
    if abs(number) >= 1_000:
        return t("team-chart-thousands", amount=_number(t, number / 1_000, 1))
    return t("team-chart-money", amount=_number(t, number, 0))


def _number(t: Translator, value: float, digits: int) -> str:
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if t("team-chart-decimal-mark") == ",":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def _totals_line(t: Translator, report: TeamReport) -> str | None:
    if report.total_plan is None or report.total_sales is None or not report.total_plan:
        return None
    line = t(
        "team-chart-totals",
        sales=compact_amount(t, report.total_sales, report.total_unit),
        plan=compact_amount(t, report.total_plan, report.total_unit),
        pct=_percent(report.team_attainment_pct or 0.0),
    )
    if report.team_forecast_pct is not None:
        line += t("team-chart-totals-forecast", forecast=_percent(report.team_forecast_pct))
    return line


def _wellbeing_note(t: Translator, report: TeamReport) -> str | None:
    known = [(week, value) for week, value in report.wellbeing_trend if value is not None]
    if not known:
        return t("team-chart-wellbeing-none")
    if len(known) > 1:
        return None
    week, value = known[0]
    band = "low" if value < BANDS[1][0] else "mid" if value < BANDS[2][0] else "high"
    return t(
        "team-chart-wellbeing-single",
        week=week.strftime("%d.%m"),
        value=f"{value:.0f}",
        band=t(f"team-chart-band-{band}"),
    )


def chart_labels(t: Translator, report: TeamReport, team_name: str, today: date) -> ChartLabels:
    """The labels in the head's language; ``today`` is the head's local date."""
    month = t(f"team-chart-month-{today.month}", year=str(today.year))
    totals = _totals_line(t, report)
    as_of = t("team-chart-as-of", day=str(today.day), month=t(f"team-chart-of-month-{today.month}"))
    count = len(chart_pages(report))
    return ChartLabels(
        # Drawn, not sent as HTML: the name as typed («A & B»), not its escaped form.
        title=t("team-chart-title", team=Html(chart_text(team_name, 40)), month=month),
        subtitle=f"{as_of} · {totals}" if totals else as_of,
        attainment=t("team-chart-attainment"),
        forecast=t("team-chart-forecast"),
        plan_line=t("team-chart-plan-line"),
        no_plan=t("team-chart-no-plan"),
        no_data=t("team-chart-no-data"),
        wellbeing=t("team-chart-wellbeing"),
        wellbeing_axis=t("team-chart-wellbeing-axis"),
        wellbeing_note=_wellbeing_note(t, report),
        wellbeing_gaps=t("team-chart-not-enough"),
        group_attention=t("team-chart-group-attention"),
        group_rest=t("team-chart-group-rest"),
        dots=(
            (FLAG_COLOURS[WellbeingFlag.GREEN], t("team-chart-dot-green")),
            (FLAG_COLOURS[WellbeingFlag.AMBER], t("team-chart-dot-amber")),
            (FLAG_COLOURS[WellbeingFlag.RED], t("team-chart-dot-red")),
            (NO_FLAG_COLOUR, t("team-chart-dot-none")),
        ),
        footer=t("team-chart-footer"),
        pages=(
            tuple(t("team-chart-page", page=n + 1, pages=count) for n in range(count))
            if count > 1
            else ()
        ),
    )


def member_amounts(t: Translator, member: MemberFigures) -> str | None:
    """ "1,2 млн из 1,5 млн" for the numbers column; None without a plan."""
    if not member.has_plan or member.plan is None:
        return None
    sold = member.sales_to_date if member.sales_to_date is not None else Decimal(0)
    return t(
        "team-chart-amounts",
        sales=compact_amount(t, sold, member.unit),
        plan=compact_amount(t, member.plan, member.unit),
    )


@cache
def _charmap() -> frozenset[int]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(FONT)
    return frozenset(FT2Font(path).get_charmap())


def chart_text(text: str, limit: int = NAME_CHARS * NAME_LINES) -> str:
    """User text made safe to draw: characters the font lacks dropped (no warnings, no
    boxes), "$" escaped so matplotlib never reads it as mathtext, very long text shortened."""
    known = _charmap()
    cleaned = "".join(ch for ch in text if ord(ch) in known or ch.isspace())
    cleaned = " ".join(cleaned.split()) or "?"
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned.replace("$", r"\$")


def name_lines(name: str) -> str:
    """A member's name on one or two lines of at most :data:`NAME_CHARS` characters."""
    text = chart_text(name)
    lines = textwrap.wrap(
        text, NAME_CHARS, break_on_hyphens=True, break_long_words=True, max_lines=NAME_LINES
    )
    return "\n".join(lines) if lines else "?"


def _label_text(text: str) -> str:
    """A translated label: only the mathtext escape (labels are ours, not user input)."""
    return text.replace("$", r"\$")


def _percent(value: float) -> str:
    return f"{value:.0f}%"


# -- drawing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedChart:
    """One image of the chart and the members on it."""

    png: bytes
    user_ids: tuple[int, ...]


def render_team_chart(report: TeamReport, labels: ChartLabels, t: Translator) -> list[bytes]:
    """The chart's PNG images, one per :data:`ROWS_PER_IMAGE` members."""
    return [image.png for image in render_chart_images(report, labels, t)]


def render_chart_images(
    report: TeamReport, labels: ChartLabels, t: Translator
) -> list[RenderedChart]:
    pages = chart_pages(report)
    amounts = {m.user_id: member_amounts(t, m) for m in report.members}
    with _render_lock:
        return [
            RenderedChart(
                _render(report, labels, rows, amounts, index, len(pages)),
                tuple(row.member.user_id for row in rows),
            )
            for index, rows in enumerate(pages)
        ]


def _render(
    report: TeamReport,
    labels: ChartLabels,
    rows: Sequence[ChartRow],
    amounts: dict[int, str | None],
    index: int,
    pages: int,
) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    headings = _group_breaks(rows)
    slots = max(len(rows), 1) + len(headings)
    bars = ROW_IN * slots + 0.15
    last = index == pages - 1
    trend_in = TREND_IN if labels.wellbeing_note is None else NOTE_IN
    trend = (TREND_GAP_IN + trend_in) if last else 0.0
    height = HEAD_IN + bars + trend + FOOT_IN
    width = WIDTH_PX / DPI
    figure = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    bottom = (FOOT_IN + trend) / height
    bars_axes = figure.add_axes((BARS_LEFT, bottom, BARS_RIGHT - BARS_LEFT, bars / height))
    _draw_bars(bars_axes, rows, headings, labels, amounts)
    if last:
        left = BARS_LEFT if labels.wellbeing_note is None else 0.03
        trend_axes = figure.add_axes(
            (left, (FOOT_IN + 0.1) / height, 0.955 - left, (trend_in - 0.25) / height)
        )
        _draw_trend(trend_axes, report, labels)
    _draw_header(figure, height, labels, index)
    _draw_footer(figure, height, labels)
    buffer = io.BytesIO()
    # Fast compression: the chart is mostly flat colour, and a render must stay well under 1 s.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 2})
    return buffer.getvalue()


def _group_breaks(rows: Sequence[ChartRow]) -> dict[int, bool]:
    """Row index → the group that starts there (True: needs attention), when both groups
    are on the image; a team where nobody needs attention gets no headings."""
    if not rows or all(not row.needs_attention for row in rows):
        return {}
    breaks = {0: rows[0].needs_attention}
    for position in range(1, len(rows)):
        if rows[position].needs_attention != rows[position - 1].needs_attention:
            breaks[position] = rows[position].needs_attention
    return breaks


def _draw_header(figure: Figure, height: float, labels: ChartLabels, index: int) -> None:
    title = _label_text(labels.title)
    if labels.pages:
        title += "  " + labels.pages[min(index, len(labels.pages) - 1)]
    figure.text(0.03, 1 - 0.12 / height, title, fontsize=13, fontweight="bold", va="top")
    figure.text(
        0.03, 1 - 0.5 / height, _label_text(labels.subtitle), fontsize=9, color=MUTED, va="top"
    )


def _draw_footer(figure: Figure, height: float, labels: ChartLabels) -> None:
    """The key of the dot colours, then what the forecast is."""
    from matplotlib.lines import Line2D

    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    y = 0.45 / height
    x = 0.03
    for colour, meaning in labels.dots:
        figure.add_artist(
            Line2D(
                [x + 0.006],
                [y],
                marker="o",
                markersize=6,
                color=colour,
                linestyle="",
                transform=figure.transFigure,
            )
        )
        text = figure.text(
            x + 0.016, y, _label_text(meaning), fontsize=7.5, color=MUTED, va="center"
        )
        x += 0.016 + text.get_window_extent(renderer).width / figure.bbox.width + 0.025
    figure.text(0.03, 0.2 / height, _label_text(labels.footer), fontsize=7, color="#888888")


def _draw_bars(
    axes: Axes,
    rows: Sequence[ChartRow],
    headings: dict[int, bool],
    labels: ChartLabels,
    amounts: dict[int, str | None],
) -> None:
    members = [row.member for row in rows]
    values = [
        value
        for member in members
        for value in (member.attainment_pct, member.forecast_pct)
        if value is not None
    ]
    right = min(MAX_AXIS_PCT, max([120.0, *(v * 1.05 for v in values)]))
    right = math.ceil(right / 25.0) * 25.0
    # Each row's y slot; a group heading takes a slot of its own above its first row.
    positions: list[float] = []
    slot = 0.0
    heading_slots: list[tuple[float, bool]] = []
    for index in range(len(rows)):
        if index in headings:
            heading_slots.append((slot, headings[index]))
            slot += GROUP_HEADING_IN / ROW_IN
        positions.append(slot)
        slot += 1.0
    total_slots = max(slot, 1.0)
    forecasts = [min(m.forecast_pct or 0.0, right) for m in members]
    attainments = [min(m.attainment_pct or 0.0, right) for m in members]
    axes.barh(positions, forecasts, height=0.78, color=FORECAST_COLOUR, label=labels.forecast)
    axes.barh(positions, attainments, height=0.42, color=ATTAINMENT_COLOUR, label=labels.attainment)
    axes.axvline(100, color=PLAN_LINE_COLOUR, linestyle="--", linewidth=1.2, label=labels.plan_line)
    for position, member in zip(positions, members, strict=True):
        longest = max(member.attainment_pct or 0.0, member.forecast_pct or 0.0)
        if longest > right:  # the bar goes on past the axis: say so with an arrow
            axes.annotate(
                "",
                xy=(right * 1.035, position),
                xytext=(right * 0.985, position),
                arrowprops={"arrowstyle": "-|>", "color": ATTAINMENT_COLOUR, "linewidth": 1.2},
                annotation_clip=False,
            )
    for heading_slot, attention in heading_slots:
        text = labels.group_attention if attention else labels.group_rest
        axes.text(
            -0.005,
            heading_slot - 0.05,
            _label_text(text),
            transform=axes.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=8.5,
            fontweight="bold",
            color=MUTED,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
            zorder=4,
        )
        if heading_slot > 0:
            axes.axhline(heading_slot - 0.45, color="#bbbbbb", linewidth=0.8, clip_on=False)
    axes.set_ylim(total_slots - 0.5, -0.5)
    axes.set_xlim(0, right)
    # Names and dots to the left, numbers to the right, all in figure coordinates on the row.
    transform = axes.get_yaxis_transform()
    for position, member in zip(positions, members, strict=True):
        axes.text(
            (NAMES_RIGHT - BARS_LEFT) / (BARS_RIGHT - BARS_LEFT),
            position,
            name_lines(member.name),
            transform=transform,
            ha="right",
            va="center",
            fontsize=9 if "\n" not in name_lines(member.name) else 7.8,
            linespacing=1.0,
            clip_on=False,
        )
        note, amount = _row_numbers(member, labels, amounts.get(member.user_id))
        numbers_x = (NUMBERS_LEFT - BARS_LEFT) / (BARS_RIGHT - BARS_LEFT)
        axes.text(
            numbers_x,
            position - (0.17 if amount else 0.0),
            note,
            transform=transform,
            ha="left",
            va="center",
            fontsize=8.5,
            fontweight="bold" if amount else "normal",
            color="#222222",
            clip_on=False,
        )
        if amount:
            axes.text(
                numbers_x,
                position + 0.2,
                _label_text(amount),
                transform=transform,
                ha="left",
                va="center",
                fontsize=7.5,
                color=MUTED,
                clip_on=False,
            )
    axes.scatter(  # the wellbeing dots, one collection for every row
        [(NAMES_RIGHT + 0.02 - BARS_LEFT) / (BARS_RIGHT - BARS_LEFT)] * len(members),
        positions,
        s=42,
        c=[FLAG_COLOURS.get(m.flag, NO_FLAG_COLOUR) if m.flag else NO_FLAG_COLOUR for m in members],
        transform=transform,
        clip_on=False,
        zorder=3,
    )
    axes.set_yticks([])
    axes.xaxis.set_major_formatter(lambda value, _: _percent(value))
    axes.tick_params(axis="x", labelsize=8)
    axes.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.legend(
        loc="lower left",
        bbox_to_anchor=(-0.0, 1.0),
        ncol=3,
        frameon=False,
        fontsize=8,
        handlelength=1.4,
        columnspacing=1.0,
    )
    if not members:
        axes.text(0.5, 0.5, _label_text(labels.no_data), transform=axes.transAxes, ha="center")


def _row_numbers(
    member: MemberFigures, labels: ChartLabels, amount: str | None
) -> tuple[str, str | None]:
    """The numbers column of a row: "82% → 146%" and, with a plan, the amounts."""
    if not member.has_plan:
        if member.flag is None and member.response_rate_14d is None:
            return _label_text(labels.no_data), None
        return _label_text(labels.no_plan), None
    done = _percent(member.attainment_pct) if member.attainment_pct is not None else "—"
    if member.forecast_pct is None:
        return done, amount
    return f"{done} → {_percent(member.forecast_pct)}", amount


def _draw_trend(axes: Axes, report: TeamReport, labels: ChartLabels) -> None:
    weeks = [week for week, _ in report.wellbeing_trend]
    values = [math.nan if value is None else value for _, value in report.wellbeing_trend]
    axes.set_title(_label_text(labels.wellbeing), fontsize=10, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if labels.wellbeing_note is not None:  # no line from fewer than two published weeks
        axes.set_xticks([])
        axes.set_yticks([])
        for side in ("left", "bottom"):
            axes.spines[side].set_visible(False)
        axes.text(
            0.0,
            0.45,
            "\n".join(textwrap.wrap(_label_text(labels.wellbeing_note), 95)),
            transform=axes.transAxes,
            ha="left",
            va="center",
            fontsize=9,
            color=MUTED,
        )
        return
    positions = list(range(len(weeks)))
    for low, high, colour in BANDS:
        axes.axhspan(low, high, color=colour, alpha=0.09, linewidth=0)
    axes.plot(positions, values, color="#333333", marker="o", linewidth=2, markersize=5)
    for position, value in zip(positions, values, strict=True):
        if not math.isnan(value):
            axes.annotate(
                f"{value:.0f}",
                (position, value),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=8,
            )
    if any(math.isnan(value) for value in values):
        axes.text(
            1.0,
            1.02,
            _label_text(labels.wellbeing_gaps),
            transform=axes.transAxes,
            ha="right",
            va="bottom",
            fontsize=7,
            color="#666666",
        )
    axes.set_xticks(positions, [week.strftime("%d.%m") for week in weeks], fontsize=8)
    axes.set_xlim(-0.5, max(len(weeks) - 0.5, 0.5))
    axes.set_ylim(0, 100)
    axes.set_yticks([0, 25, 50, 75, 100])
    axes.tick_params(axis="y", labelsize=8)
    axes.set_ylabel(_label_text(labels.wellbeing_axis), fontsize=8)
