"""The head's /team summary (text pages with ◀ ▶, and the chart) and /export.

Every command and every press checks that the person is the head of the team in question:
a member, an outsider, or a forged button carrying another team's id is refused politely.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import date, datetime

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.content.schema import Content
from bot.db import teams as teams_db
from bot.db.models import User
from bot.db.team_models import Team
from bot.i18n import Translator
from bot.services import field_objections as field
from bot.services.export_safety import clean_export
from bot.services.team_chart import chart_labels, render_team_chart
from bot.services.team_export import (
    export_filename,
    export_headers,
    export_rows,
    objection_rows,
    to_csv,
    to_xlsx,
)
from bot.services.team_report import TeamReport, build_team_report, zone_of
from handlers.editing import edit_text
from handlers.team_access import head_team_or_refuse
from handlers.team_keyboards import TeamExportCb, TeamPageCb, summary_keyboard
from handlers.team_views import ATTENTION_DETAILED, summary_pages, weekly_text

logger = logging.getLogger(__name__)

CAPTION_LIMIT = 1024


def prep_people(report: TeamReport, page: int) -> list[tuple[int, str]]:
    """Who gets a 1:1 preparation button: the detailed attention entries, on the first page
    where the attention list starts (handlers/one_on_one.py)."""
    if page != 0:
        return []
    return [(item.user_id, item.name) for item in report.attention[:ATTENTION_DETAILED]]


async def _report(
    session: AsyncSession, team: Team, now: datetime, settings: Settings
) -> TeamReport:
    return await build_team_report(session, team.id, now, settings.default_timezone)


def _pages(
    t: Translator, content: Content, team: Team, report: TeamReport, head: User, settings: Settings
) -> list[str]:
    today = report.generated_at.astimezone(zone_of(head.timezone, settings.default_timezone))
    return summary_pages(t, content, team.name, report, today.date())


async def send_chart(
    bot: Bot, chat_id: int, t: Translator, team: Team, report: TeamReport, today: date
) -> None:
    """The chart's images (one per 50 members), the caption on the first."""
    labels = chart_labels(t, report, team.name, today)
    try:
        images = await asyncio.to_thread(render_team_chart, report, labels, t)
    except Exception:  # a chart is a bonus: the figures still go out
        logger.exception("Team chart failed for team %s", team.id)
        await bot.send_message(chat_id, t("team-chart-failed"))
        return
    caption = t("team-chart-caption", team=team.name)
    for number, png in enumerate(images, start=1):
        await bot.send_photo(
            chat_id,
            BufferedInputFile(png, filename=f"team-{team.id}-{number}.png"),
            caption=caption if number == 1 and len(caption) <= CAPTION_LIMIT else None,
        )


async def send_summary(
    bot: Bot,
    session: AsyncSession,
    head: User,
    t: Translator,
    team: Team,
    now: datetime,
    settings: Settings,
    content: Content,
    page: int = 0,
) -> None:
    """The chart (when anyone has joined), then the page of the summary with its buttons."""
    report = await _report(session, team, now, settings)
    if report.members:
        today = now.astimezone(zone_of(head.timezone, settings.default_timezone)).date()
        await send_chart(bot, head.id, t, team, report, today)
    pages = _pages(t, content, team, report, head, settings)
    page = min(max(page, 0), len(pages) - 1)
    keyboard = summary_keyboard(t, team.id, page, len(pages), prep_people(report, page))
    await bot.send_message(head.id, pages[page], reply_markup=keyboard)


async def on_page(
    callback: CallbackQuery,
    callback_data: TeamPageCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
    content: Content,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    await callback.answer()
    now = clock()
    if callback_data.fresh or not (
        isinstance(callback.message, Message) and callback.message.text is not None
    ):
        await send_summary(bot, session, user, t, team, now, settings, content, callback_data.page)
        return
    report = await _report(session, team, now, settings)
    pages = _pages(t, content, team, report, user, settings)
    page = min(max(callback_data.page, 0), len(pages) - 1)
    keyboard = summary_keyboard(t, team.id, page, len(pages), prep_people(report, page))
    await edit_text(callback.message, pages[page], keyboard)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def send_export(
    bot: Bot,
    session: AsyncSession,
    head: User,
    t: Translator,
    team: Team,
    now: datetime,
    settings: Settings,
    content: Content,
) -> None:
    """Two documents: the XLSX workbook and the CSV of the check-ins."""
    if await teams_db.count_members(session, team.id) == 0:
        await bot.send_message(head.id, t("team-export-empty"))
        return
    data = await export_rows(session, team.id, now, settings.default_timezone)
    field_report = await field.field_report(
        session, team.id, now, head.timezone, settings.default_timezone
    )
    objections = objection_rows(
        (
            field.category_name(t, content, row.category),
            row.this_week,
            row.last_week,
            (text for _, text in row.examples),
        )
        for row in field_report.categories
    )
    data = clean_export(replace(data, objections=objections))
    headers = export_headers(t, (row.attention for row in data.summary if row.attention))
    xlsx = await asyncio.to_thread(to_xlsx, data, headers)
    csv = await asyncio.to_thread(to_csv, data, headers)
    stamp = now.astimezone(zone_of(head.timezone, settings.default_timezone)).strftime("%Y-%m-%d")
    await bot.send_document(
        head.id,
        BufferedInputFile(xlsx, filename=export_filename(team.name, stamp, "xlsx")),
        caption=t("team-export-caption", team=team.name, format="XLSX"),
    )
    await bot.send_document(
        head.id,
        BufferedInputFile(csv, filename=export_filename(team.name, stamp, "csv")),
        caption=t("team-export-caption", team=team.name, format="CSV"),
    )


async def on_export_command(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
    content: Content,
) -> None:
    team = await teams_db.team_of_head(session, user.id)
    if team is None:
        await message.answer(t("team-refused"))
        return
    await send_export(bot, session, user, t, team, clock(), settings, content)


async def on_export_button(
    callback: CallbackQuery,
    callback_data: TeamExportCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
    content: Content,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    await callback.answer()
    await send_export(bot, session, user, t, team, clock(), settings, content)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_export_command, Command("export"))
    router.callback_query.register(on_page, TeamPageCb.filter())
    router.callback_query.register(on_export_button, TeamExportCb.filter())
    return router


async def weekly_push(
    session: AsyncSession, t: Translator, head: User, now: datetime, default_zone: str
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The Monday message to a head: a short summary and a button to the full /team.
    None when they no longer lead a team (the reminder outlived it)."""
    team = await teams_db.team_of_head(session, head.id)
    if team is None:
        return None
    report = await build_team_report(session, team.id, now, head.timezone or default_zone)
    builder = InlineKeyboardBuilder()
    builder.button(text=t("team-button-open"), callback_data=TeamPageCb(team=team.id, fresh=True))
    return weekly_text(t, team.name, report), builder.as_markup()
