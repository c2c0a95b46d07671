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
from aiogram.exceptions import TelegramBadRequest
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
from bot.services.team_chart import chart_labels
from bot.services.team_export import (
    export_filename,
    export_headers,
    export_rows,
    objection_rows,
)
from bot.services.team_files import TeamFiles, chart_version, export_version
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
    bot: Bot,
    chat_id: int,
    t: Translator,
    team: Team,
    report: TeamReport,
    today: date,
    files: TeamFiles,
    now: datetime,
) -> None:
    """The chart's images (one per 50 members), the caption on the first: re-sent by file_id
    when this version was sent before, drawn when the head's limit allows, else a note."""
    labels = chart_labels(t, report, team.name, today)
    caption = t("team-chart-caption", team=team.name)
    caption_or_none = caption if len(caption) <= CAPTION_LIMIT else None
    version = chart_version(report, labels, t.language)
    cached = files.cached("chart", team.id, version)
    if cached is not None and await _resend_photos(bot, chat_id, cached, caption_or_none):
        return
    wait = files.wait_seconds("chart", chat_id, now)
    if wait:
        await bot.send_message(
            chat_id, t("heavy-chart-later", wait=t("heavy-wait-seconds", count=wait))
        )
        return
    files.count_use("chart", chat_id, now)
    files.drew("chart")
    try:
        images = await asyncio.to_thread(files.render_chart, report, labels, t)
    except Exception:  # a chart is a bonus: the figures still go out
        logger.exception("Team chart failed for team %s", team.id)
        await bot.send_message(chat_id, t("team-chart-failed"))
        return
    file_ids: list[str] = []
    for number, png in enumerate(images, start=1):
        sent = await bot.send_photo(
            chat_id,
            BufferedInputFile(png, filename=f"team-{team.id}-{number}.png"),
            caption=caption_or_none if number == 1 else None,
        )
        if sent.photo:
            file_ids.append(sent.photo[-1].file_id)
    if len(file_ids) == len(images):
        files.remember("chart", team.id, version, tuple(file_ids))


async def _resend_photos(
    bot: Bot, chat_id: int, file_ids: tuple[str, ...], caption: str | None
) -> bool:
    """The chart's images again by file_id, the caption on the first; False if Telegram no
    longer knows the first (then the chart is drawn anew)."""
    for number, file_id in enumerate(file_ids, start=1):
        try:
            await bot.send_photo(chat_id, file_id, caption=caption if number == 1 else None)
        except TelegramBadRequest:
            if number == 1:
                return False
            raise
    return True


async def send_summary(
    bot: Bot,
    session: AsyncSession,
    head: User,
    t: Translator,
    team: Team,
    now: datetime,
    settings: Settings,
    content: Content,
    files: TeamFiles,
    page: int = 0,
) -> None:
    """The chart (when anyone has joined), then the page of the summary with its buttons."""
    report = await _report(session, team, now, settings)
    if report.members:
        today = now.astimezone(zone_of(head.timezone, settings.default_timezone)).date()
        await send_chart(bot, head.id, t, team, report, today, files, now)
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
    team_files: TeamFiles,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    await callback.answer()
    now = clock()
    if callback_data.fresh or not (
        isinstance(callback.message, Message) and callback.message.text is not None
    ):
        await send_summary(
            bot, session, user, t, team, now, settings, content, team_files, callback_data.page
        )
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
    files: TeamFiles,
) -> None:
    """Two documents: the XLSX workbook and the CSV of the check-ins; re-sent by file_id
    while the team's data is unchanged; at most ``files.per_minute`` exports a minute."""
    if await teams_db.count_members(session, team.id) == 0:
        await bot.send_message(head.id, t("team-export-empty"))
        return
    # Counted before the queries: the rows cost time even when the files are cached.
    wait = files.wait_seconds("export", head.id, now)
    if wait:
        await bot.send_message(
            head.id, t("heavy-export-later", wait=t("heavy-wait-seconds", count=wait))
        )
        return
    files.count_use("export", head.id, now)
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
    stamp = now.astimezone(zone_of(head.timezone, settings.default_timezone)).strftime("%Y-%m-%d")
    names = (
        export_filename(team.name, stamp, "xlsx"),
        export_filename(team.name, stamp, "csv"),
    )
    captions = (
        t("team-export-caption", team=team.name, format="XLSX"),
        t("team-export-caption", team=team.name, format="CSV"),
    )
    version = export_version(data, headers, t.language, "/".join(names))
    cached = files.cached("export", team.id, version)
    if cached is not None and await _resend_documents(bot, head.id, cached, captions):
        return
    files.drew("export")
    xlsx = await asyncio.to_thread(files.build_xlsx, data, headers)
    csv = await asyncio.to_thread(files.build_csv, data, headers)
    file_ids: list[str] = []
    for content_bytes, name, caption in zip((xlsx, csv), names, captions, strict=True):
        sent = await bot.send_document(
            head.id, BufferedInputFile(content_bytes, filename=name), caption=caption
        )
        if sent.document is not None:
            file_ids.append(sent.document.file_id)
    if len(file_ids) == len(names):
        files.remember("export", team.id, version, tuple(file_ids))


async def _resend_documents(
    bot: Bot, chat_id: int, file_ids: tuple[str, ...], captions: tuple[str, ...]
) -> bool:
    """The workbook and the CSV again by file_id; False if Telegram no longer knows them."""
    for number, (file_id, caption) in enumerate(zip(file_ids, captions, strict=True), start=1):
        try:
            await bot.send_document(chat_id, file_id, caption=caption)
        except TelegramBadRequest:
            if number == 1:
                return False
            raise
    return True


async def on_export_command(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
    content: Content,
    team_files: TeamFiles,
) -> None:
    team = await teams_db.team_of_head(session, user.id)
    if team is None:
        await message.answer(t("team-refused"))
        return
    await send_export(bot, session, user, t, team, clock(), settings, content, team_files)


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
    team_files: TeamFiles,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    await callback.answer()
    await send_export(bot, session, user, t, team, clock(), settings, content, team_files)


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
