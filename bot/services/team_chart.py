"""The /team chart: plan attainment and forecast per member, and the team's wellbeing trend.

A PNG 1080 px wide (a phone screen's width in pixels, so Telegram shows it without scaling
text down), drawn with matplotlib's object API on the Agg canvas — no pyplot and no global
state, so renders can run in worker threads (callers use ``asyncio.to_thread``); a lock
serialises them anyway, because matplotlib's font cache is shared.

Top panel: one row per member, a light bar for the month-end forecast behind a dark bar for
the attainment so far, a dashed line at 100 % and a dot in the member's wellbeing colour.
Up to :data:`MAX_MEMBERS` rows; a larger team shows those needing attention first (by risk),
then the least on track, and says how many are shown. Bars past the right edge are clipped,
their numbers are not. Bottom panel: the team's weekly CBI mean over 8 weeks on the green /
amber / red bands; weeks with fewer than 3 answers are gaps, and with no week to show the
panel says so.
"""

from __future__ import annotations

import io
import math
import threading
from dataclasses import dataclass
from functools import cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # pyplot is never imported: no global figure state
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from bot.domain.burnout import WellbeingFlag
from bot.i18n import Translator
from bot.services.team_report import MemberFigures, TeamReport

MAX_MEMBERS = 25
WIDTH_PX = 1080
DPI = 150
NAME_CHARS = 18
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

_render_lock = threading.Lock()


@dataclass(frozen=True)
class ChartLabels:
    """Already translated texts of the chart."""

    title: str
    attainment: str
    forecast: str
    plan_line: str
    no_plan: str
    no_data: str
    wellbeing: str
    wellbeing_axis: str
    not_enough: str
    shown: str | None = None  # "Showing 25 of 200 …" when the team is cut down


def chart_members(report: TeamReport, limit: int = MAX_MEMBERS) -> list[MemberFigures]:
    """The members drawn, top to bottom: everyone by name, or for a large team those needing
    attention by risk, then the rest by forecast from the lowest (no forecast last)."""
    if len(report.members) <= limit:
        return list(report.members)
    by_id = {member.user_id: member for member in report.members}
    chosen = [by_id[item.user_id] for item in report.attention if item.user_id in by_id]
    picked = {member.user_id for member in chosen}
    rest = sorted(
        (member for member in report.members if member.user_id not in picked),
        key=lambda m: (
            m.forecast_pct is None,
            m.forecast_pct if m.forecast_pct is not None else 0.0,
            m.name.casefold(),
        ),
    )
    return (chosen + rest)[:limit]


def chart_labels(t: Translator, report: TeamReport, limit: int = MAX_MEMBERS) -> ChartLabels:
    """The labels in the head's language."""
    total = len(report.members)
    return ChartLabels(
        title=t("team-chart-title"),
        attainment=t("team-chart-attainment"),
        forecast=t("team-chart-forecast"),
        plan_line=t("team-chart-plan-line"),
        no_plan=t("team-chart-no-plan"),
        no_data=t("team-chart-no-data"),
        wellbeing=t("team-chart-wellbeing"),
        wellbeing_axis=t("team-chart-wellbeing-axis"),
        not_enough=t("team-chart-not-enough"),
        shown=t("team-chart-shown", count=limit, total=total) if total > limit else None,
    )


@cache
def _charmap() -> frozenset[int]:
    path = font_manager.findfont(FONT)
    return frozenset(FT2Font(path).get_charmap())


def chart_text(text: str, limit: int = NAME_CHARS) -> str:
    """User text made safe to draw: characters the font lacks dropped (no warnings, no
    boxes), "$" escaped so matplotlib never reads it as mathtext, long names shortened."""
    known = _charmap()
    cleaned = "".join(ch for ch in text if ord(ch) in known or ch.isspace())
    cleaned = " ".join(cleaned.split()) or "?"
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned.replace("$", r"\$")


def _label_text(text: str) -> str:
    """A translated label: only the mathtext escape (labels are ours, not user input)."""
    return text.replace("$", r"\$")


def _percent(value: float) -> str:
    return f"{value:.0f}%"


def render_team_chart(report: TeamReport, labels: ChartLabels) -> bytes:
    """The PNG of the chart; see the module docstring."""
    with _render_lock:
        return _render(report, labels)


def _render(report: TeamReport, labels: ChartLabels) -> bytes:
    members = chart_members(report)
    rows = max(len(members), 1)
    # Heights in inches, top to bottom: title and legend, bars, gap, trend, x labels.
    head, bars, gap, trend, foot = 0.95, 0.34 * rows + 0.1, 1.05, 2.1, 0.45
    height = head + bars + gap + trend + foot
    width = WIDTH_PX / DPI
    figure = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    left, right = 0.29, 0.97
    bars_axes = figure.add_axes((left, (foot + trend + gap) / height, right - left, bars / height))
    trend_axes = figure.add_axes((left, foot / height, right - left, trend / height))
    _draw_bars(bars_axes, members, labels)
    _draw_trend(trend_axes, report, labels)
    figure.text(
        0.03,
        1 - 0.12 / height,
        _label_text(labels.title),
        fontsize=13,
        fontweight="bold",
        va="top",
    )
    buffer = io.BytesIO()
    # Fast compression: the chart is mostly flat colour, and a render must stay well under 1 s.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 2})
    return buffer.getvalue()


def _draw_bars(axes: Axes, members: list[MemberFigures], labels: ChartLabels) -> None:
    values = [
        value
        for member in members
        for value in (member.attainment_pct, member.forecast_pct)
        if value is not None
    ]
    right = min(200.0, max([120.0, *(v * 1.08 for v in values)]))
    positions = list(range(len(members)))
    forecasts = [min(m.forecast_pct or 0.0, right) for m in members]
    attainments = [min(m.attainment_pct or 0.0, right) for m in members]
    axes.barh(positions, forecasts, height=0.78, color=FORECAST_COLOUR, label=labels.forecast)
    axes.barh(positions, attainments, height=0.42, color=ATTAINMENT_COLOUR, label=labels.attainment)
    axes.axvline(100, color=PLAN_LINE_COLOUR, linestyle="--", linewidth=1.2, label=labels.plan_line)
    for position, member in zip(positions, members, strict=True):
        note = _bar_note(member, labels)
        end = max(min(member.attainment_pct or 0.0, right), min(member.forecast_pct or 0.0, right))
        inside = end > right * 0.75
        axes.text(
            end - right * 0.01 if inside else end + right * 0.01,
            position,
            note,
            va="center",
            ha="right" if inside else "left",
            fontsize=8.5,
            color="#222222",
            bbox={"facecolor": "white", "alpha": 0.7, "pad": 1, "linewidth": 0} if inside else None,
        )
    axes.scatter(
        [-0.028] * len(members),
        positions,
        s=42,
        c=[FLAG_COLOURS.get(m.flag, NO_FLAG_COLOUR) if m.flag else NO_FLAG_COLOUR for m in members],
        transform=axes.get_yaxis_transform(),
        clip_on=False,
        zorder=3,
    )
    axes.set_yticks(positions, [chart_text(m.name) for m in members], fontsize=9.5)
    axes.tick_params(axis="y", pad=20, length=0)
    axes.set_ylim(len(members) - 0.5 if members else 0.5, -0.5)
    axes.set_xlim(0, right)
    axes.xaxis.set_major_formatter(lambda value, _: _percent(value))
    axes.tick_params(axis="x", labelsize=8.5)
    axes.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=3,
        frameon=False,
        fontsize=8.5,
        handlelength=1.4,
        columnspacing=1.0,
    )
    if labels.shown:
        axes.set_xlabel(_label_text(labels.shown), fontsize=8.5, color="#555555")
    if not members:
        axes.text(0.5, 0.5, _label_text(labels.no_data), transform=axes.transAxes, ha="center")


def _bar_note(member: MemberFigures, labels: ChartLabels) -> str:
    if not member.has_plan:
        if member.flag is None and member.response_rate_14d is None:
            return _label_text(labels.no_data)
        return _label_text(labels.no_plan)
    done = _percent(member.attainment_pct) if member.attainment_pct is not None else "—"
    if member.forecast_pct is None:
        return done
    return f"{done} → {_percent(member.forecast_pct)}"


def _draw_trend(axes: Axes, report: TeamReport, labels: ChartLabels) -> None:
    weeks = [week for week, _ in report.wellbeing_trend]
    values = [math.nan if value is None else value for _, value in report.wellbeing_trend]
    positions = list(range(len(weeks)))
    for low, high, colour in BANDS:
        axes.axhspan(low, high, color=colour, alpha=0.09, linewidth=0)
    if any(not math.isnan(value) for value in values):
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
                0.99,
                0.04,
                _label_text(labels.not_enough),
                transform=axes.transAxes,
                ha="right",
                fontsize=7.5,
                color="#666666",
            )
    else:
        axes.text(
            0.5,
            0.5,
            _label_text(labels.not_enough),
            transform=axes.transAxes,
            ha="center",
            va="center",
            fontsize=9.5,
            color="#555555",
        )
    axes.set_xticks(positions, [week.strftime("%d.%m") for week in weeks], fontsize=8.5)
    axes.set_xlim(-0.5, max(len(weeks) - 0.5, 0.5))
    axes.set_ylim(0, 100)
    axes.set_yticks([0, 25, 50, 75, 100])
    axes.tick_params(axis="y", labelsize=8.5)
    axes.set_ylabel(_label_text(labels.wellbeing_axis), fontsize=8.5)
    axes.set_title(_label_text(labels.wellbeing), fontsize=10.5, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
