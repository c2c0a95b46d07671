"""Texts of the /team summary and the weekly push, from a TeamReport and locale strings.

The summary is cut into pages that each fit one Telegram message: lines are packed greedily,
a section's title is repeated ("continued") where it carries over, and every page starts with
the team's title and "page i of n". Lengths are measured in UTF-16 code units of the HTML,
which is never shorter than the text Telegram counts after parsing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.content.schema import Content
from bot.domain.burnout import WellbeingFlag
from bot.i18n import Html, Translator
from bot.services.team_report import (
    Attention,
    MemberFigures,
    TeamReport,
    attention_line_key,
    attention_reason_key,
)
from handlers.checkin_views import amount

MESSAGE_LIMIT = 4096
PAGE_BUDGET = 3900  # room to spare under MESSAGE_LIMIT for the page line
# Member names come shortened already, with what tells namesakes apart kept whole
# (bot/services/people.py); this only guards against something unexpectedly long.
NAME_SHOWN = 80
WEEKLY_NAMES = 5
# A head acts on a handful of people a day; the rest of a long list is named in one line.
ATTENTION_DETAILED = 10
NAMES_PER_LINE = 8

FLAG_EMOJI = {
    WellbeingFlag.GREEN: "🟢",
    WellbeingFlag.AMBER: "🟡",
    WellbeingFlag.RED: "🔴",
}
NO_FLAG = "⚪"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def short(text: str, limit: int = NAME_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def percent(t: Translator, value: float | None) -> str:
    return t("team-summary-na") if value is None else f"{value:.0f}%"


def trend_text(t: Translator, value: float | None) -> str:
    if value is None:
        return t("team-summary-na")
    if round(value) > 0:
        return f"▲{value:.0f}"
    if round(value) < 0:
        return f"▼{abs(value):.0f}"
    return "＝0"


def money(t: Translator, value: Decimal | None, unit: str | None) -> str:
    """An amount with its unit beside it: pieces, or the plan's currency (roubles)."""
    if value is None:
        return t("team-summary-na")
    shown = amount(t, value)
    key = "plan-units" if unit == "units" else "amount-in-roubles"
    return Html(t(key, amount=shown))


def member_line(t: Translator, figures: MemberFigures) -> str:
    line = _figures_line(t, figures)
    extras = []  # the minimum-data and freshness notes of bot/services/team_report.py
    if not figures.enough_data:
        extras.append(t("team-member-not-enough-data"))
    if figures.last_survey_week is not None:
        key = "team-member-survey-date" if figures.survey_fresh else "team-member-survey-stale"
        extras.append(t(key, date=figures.last_survey_week.strftime("%d.%m")))
    return " · ".join([line, *extras])


def _figures_line(t: Translator, figures: MemberFigures) -> str:
    return t(
        "team-summary-member-line",
        flag=FLAG_EMOJI.get(figures.flag, NO_FLAG) if figures.flag else NO_FLAG,
        name=short(figures.name),
        attainment=(
            percent(t, figures.attainment_pct) if figures.has_plan else t("team-summary-no-plan")
        ),
        forecast=percent(t, figures.forecast_pct),
        trend=trend_text(t, figures.trend_pts),
        response=percent(
            t, None if figures.response_rate_14d is None else figures.response_rate_14d * 100
        ),
        drills=figures.drills_this_week,
    )


def style_name(t: Translator, content: Content, style_id: str) -> str:
    style = content.styles.get(style_id)
    return style.name.get(t.language) if style is not None else style_id


def attention_line(t: Translator, content: Content, n: int, item: Attention) -> str:
    name = short(item.name)
    return t(
        "team-summary-attention-line",
        n=n,
        name=name,
        # Rendered (and escaped) already: Html, so they are not escaped twice.
        reason=Html(t(attention_reason_key(item.reason))),
        style=style_name(t, content, item.style),
        line=Html(t(attention_line_key(item.reason), name=name)),
    )


def header_lines(t: Translator, report: TeamReport) -> list[str]:
    if report.team_attainment_pct is None:
        lines = [t("team-summary-no-plans")]
    else:
        lines = [
            t(
                "team-summary-totals",
                attainment=percent(t, report.team_attainment_pct),
                forecast=percent(t, report.team_forecast_pct),
                sales=money(t, report.total_sales, report.total_unit),
                plan=money(t, report.total_plan, report.total_unit),
            )
        ]
    if report.wellbeing_average is None:
        lines.append(t("team-summary-wellbeing-few"))
    else:
        lines.append(t("team-summary-wellbeing", score=round(report.wellbeing_average)))
    return lines


@dataclass(frozen=True, slots=True)
class _Section:
    title: str
    lines: list[str]


def summary_pages(
    t: Translator, content: Content, team_name: str, report: TeamReport, today: date
) -> list[str]:
    """The summary as pages of HTML, each within Telegram's 4096 characters."""
    title = t("team-summary-title", team=team_name, date=today.strftime("%d.%m.%Y"))
    if not report.members:
        return [title + "\n\n" + t("team-summary-empty")]
    head = "\n".join(header_lines(t, report))
    attention = [
        attention_line(t, content, n, item)
        for n, item in enumerate(report.attention[:ATTENTION_DETAILED], start=1)
    ]
    rest = report.attention[ATTENTION_DETAILED:]
    if rest:
        # Names in short lines, so the pager can break a long list between them.
        attention.append(t("team-summary-attention-more", count=len(rest)))
        for start in range(0, len(rest), NAMES_PER_LINE):
            chunk = rest[start : start + NAMES_PER_LINE]
            attention.append(
                t("team-summary-attention-names", names=", ".join(short(i.name) for i in chunk))
            )
    attention = attention or [t("team-summary-attention-none")]
    # Off the list for a week after a 1:1 (bot/services/one_on_one_talks.py), named in short
    # lines so the pager can break a long list between them.
    talked = [short(item.name) for item, _ in report.talked]
    for start in range(0, len(talked), NAMES_PER_LINE):
        names = ", ".join(talked[start : start + NAMES_PER_LINE])
        key = "one-on-one-talked" if start == 0 else "team-summary-attention-names"
        attention.append(t(key, names=names))
    sections = [
        _Section(t("team-summary-attention-title"), attention),
        _Section(t("team-summary-members-title"), [member_line(t, m) for m in report.members]),
    ]
    continued = t("team-summary-continued")
    page_line = t("team-summary-page", page=999, pages=999)
    budget = PAGE_BUDGET - utf16_len(title) - utf16_len(page_line) - 4

    bodies: list[list[str]] = [[head]]
    used = utf16_len(head)
    for section in sections:
        started = False  # a line of this section is on some page already
        on_page = False  # its title is on the current page
        for line in section.lines:
            prefix = [] if on_page else ["", section.title]
            cost = sum(utf16_len(part) + 1 for part in [*prefix, line])
            if used + cost > budget and bodies[-1]:
                bodies.append([])
                used = 0
                shown = f"{section.title} {continued}" if started else section.title
                prefix = [shown]
                cost = sum(utf16_len(part) + 1 for part in [*prefix, line])
            bodies[-1].extend([*prefix, line])
            used += cost
            started = on_page = True
    pages = []
    for index, body in enumerate(bodies, start=1):
        parts = [title]
        if len(bodies) > 1:
            parts.append(t("team-summary-page", page=index, pages=len(bodies)))
        pages.append("\n".join(parts) + "\n\n" + "\n".join(body))
    return pages


def weekly_text(t: Translator, team_name: str, report: TeamReport) -> str:
    if not report.members:
        return t("team-weekly-empty", team=team_name)
    if report.attention:
        names = ", ".join(short(item.name) for item in report.attention[:WEEKLY_NAMES])
        if len(report.attention) > WEEKLY_NAMES:
            names += f" +{len(report.attention) - WEEKLY_NAMES}"
        attention = t("team-weekly-attention", names=names)
    else:
        attention = t("team-weekly-attention-none")
    return t(
        "team-weekly",
        team=team_name,
        attainment=percent(t, report.team_attainment_pct),
        forecast=percent(t, report.team_forecast_pct),
        attention=Html(attention),
    )
