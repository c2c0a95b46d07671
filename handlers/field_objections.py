"""From the field to practice: /objection (and the check-in's optional last step) logs an
objection a rep heard; the head's "Objections and skills" page from /team shows the week's
field report, the practice in force and who did it, and each member's skill per category;
"Practise this week" assigns a category; members see what their head sees."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.content.schema import Content
from bot.db import teams as teams_db
from bot.db.checkin_models import OutboxMessage
from bot.db.models import User
from bot.db.team_models import Team
from bot.delivery import Composed
from bot.i18n import Html, Translator, escape
from bot.services import field_objections as field
from bot.services.field_objections import category_name
from bot.services.objection_categories import OTHER
from bot.services.team_report import distinct_names, zone_of
from handlers.callback_fields import ContentKey, RowId
from handlers.drills import DrillNextCb
from handlers.editing import edit_text
from handlers.pending import Asker, Asking
from handlers.team_access import head_team_or_refuse
from handlers.teams import NAME_SHOWN, person_name

REPORT_CATEGORIES = 6  # practise buttons under the report
MESSAGE_LIMIT = 4000


class FieldObjectionInput(StatesGroup):
    text = State()


SOURCE_KEY = "field_source"


class FieldCategoryCb(CallbackData, prefix="fc"):
    objection: RowId
    category: ContentKey


class FieldAllCategoriesCb(CallbackData, prefix="fa"):
    objection: RowId


class FieldSkipCb(CallbackData, prefix="fs"):
    pass


class FieldReportCb(CallbackData, prefix="fr"):
    team: RowId


class PractiseCb(CallbackData, prefix="fp"):
    team: RowId
    category: ContentKey


class PractiseMenuCb(CallbackData, prefix="fq"):
    team: RowId


def fit(parts: list[str]) -> str:
    """Join the parts; when too long for one message, drop whole lines from the end (each
    line is complete markup, so nothing is cut inside a tag) and mark the cut."""
    lines = "\n\n".join(parts).split("\n")
    while len("\n".join(lines)) > MESSAGE_LIMIT - 2 and len(lines) > 1:
        lines.pop()
    if len(lines) < len("\n\n".join(parts).split("\n")):
        lines.append("…")
    return "\n".join(lines)


# ---- logging -----------------------------------------------------------------------------


def skip_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("field-button-skip"), callback_data=FieldSkipCb())
    return builder.as_markup()


async def ask_field_objection(
    bot: Bot, session: AsyncSession, state: FSMContext, user: User, t: Translator, *, red: bool
) -> None:
    """The check-in's optional last step: one question, skipped with one tap. Asked of team
    members (their answers feed the team's report; anyone can use /objection), and not after
    a check-in that ended with support steps for a red wellbeing flag."""
    if red or await teams_db.membership(session, user.id) is None:
        return
    await state.set_state(FieldObjectionInput.text)
    await state.update_data({SOURCE_KEY: field.Source.CHECKIN.value})
    await bot.send_message(user.id, t("field-ask-checkin"), reply_markup=skip_keyboard(t))


def proposals_keyboard(
    t: Translator, content: Content, objection_id: int, proposals: list[str]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for category in proposals:
        builder.button(
            text=category_name(t, content, category),
            callback_data=FieldCategoryCb(objection=objection_id, category=category),
        )
    if OTHER not in proposals:
        builder.button(
            text=t("field-category-other"),
            callback_data=FieldCategoryCb(objection=objection_id, category=OTHER),
        )
    builder.button(
        text=t("field-button-all"), callback_data=FieldAllCategoriesCb(objection=objection_id)
    )
    builder.adjust(1)
    return builder.as_markup()


async def _log(
    message: Message,
    text: str,
    source: field.Source,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    logged = await field.log_objection(
        session, content, user, text, source, clock(), settings.default_timezone
    )
    key = "field-logged-team" if logged.objection.team_id is not None else "field-logged"
    await message.answer(
        t(key, text=logged.objection.text),
        reply_markup=proposals_keyboard(t, content, logged.objection.id, logged.proposals),
    )


async def on_objection_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    if not user.is_onboarded:
        await message.answer(t("fallback-need-start"))
        return
    if command.args and command.args.strip():
        await _log(
            message, command.args, field.Source.COMMAND, session, content, user, t, clock, settings
        )
        return
    await state.set_state(FieldObjectionInput.text)
    await state.update_data({SOURCE_KEY: field.Source.COMMAND.value})
    await message.answer(t("field-ask"), reply_markup=skip_keyboard(t))


async def on_objection_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    data = await state.get_data()
    try:
        source = field.Source(data.get(SOURCE_KEY, field.Source.COMMAND.value))
    except ValueError:
        source = field.Source.COMMAND
    await state.clear()
    await _log(message, message.text or "", source, session, content, user, t, clock, settings)


async def on_objection_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("field-text-please"), reply_markup=skip_keyboard(t))


async def on_skip(callback: CallbackQuery, state: FSMContext, t: Translator) -> None:
    if await state.get_state() == FieldObjectionInput.text.state:
        await state.clear()
    await callback.answer(t("field-skipped"))
    if isinstance(callback.message, Message):
        await edit_text(callback.message, callback.message.html_text, None)


async def on_category(
    callback: CallbackQuery,
    callback_data: FieldCategoryCb,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
) -> None:
    row = await field.set_category(
        session, content, callback_data.objection, user.id, callback_data.category
    )
    if row is None:
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await edit_text(
            callback.message,
            t("field-saved", text=row.text, category=category_name(t, content, row.category)),
            None,
        )


async def on_all_categories(
    callback: CallbackQuery,
    callback_data: FieldAllCategoriesCb,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
) -> None:
    row = await field.get_own(session, callback_data.objection, user.id)
    if row is None or not isinstance(callback.message, Message):
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    categories = [*content.objection_categories, OTHER]
    builder = InlineKeyboardBuilder()
    for category in categories:
        builder.button(
            text=category_name(t, content, category),
            callback_data=FieldCategoryCb(objection=row.id, category=category),
        )
    builder.adjust(2)
    await edit_text(callback.message, callback.message.html_text, builder.as_markup())


# ---- the head's page ---------------------------------------------------------------------


def trend(t: Translator, now_count: int, before: int) -> str:
    if before == 0:
        return t("field-trend-new")
    if now_count > before:
        return t("field-trend-up", count=now_count - before)
    if now_count < before:
        return t("field-trend-down", count=before - now_count)
    return t("field-trend-same")


def report_text(
    t: Translator, content: Content, report: field.FieldReport, numbered: list[int] | None = None
) -> str:
    """The week's report. With ``numbered``, examples get numbers (their ids are appended to
    the list, for the head's "turn into a company objection" buttons)."""
    if not report.categories:
        return t("field-report-empty")
    lines = [t("field-report-title", count=report.total)]
    for item in report.categories:
        lines.append(
            t(
                "field-report-line",
                category=category_name(t, content, item.category),
                count=item.this_week,
                trend=trend(t, item.this_week, item.last_week),
            )
        )
        for example_id, example in item.examples:
            if numbered is None:
                lines.append(t("field-report-example", text=example))
            else:
                numbered.append(example_id)
                lines.append(t("field-report-example-numbered", number=len(numbered), text=example))
    return "\n".join(lines)


def level_text(t: Translator, skill: field.Skill) -> str:
    if skill.level is None:
        return t("skill-level-few", count=skill.attempts, need=field.MIN_ATTEMPTS)
    return t(f"skill-level-{skill.level.value}", score=round(skill.proficiency or 0))


async def _names(session: AsyncSession, team_id: int, ids: list[int]) -> dict[int, str]:
    """Members as the head tells them apart on every team screen (bot/services/people.py)."""
    names = distinct_names(await teams_db.member_names(session, team_id), limit=NAME_SHOWN)
    for user_id in ids:
        if user_id not in names:
            names[user_id] = person_name(await session.get(User, user_id))
    return names


async def head_page(
    session: AsyncSession,
    content: Content,
    team: Team,
    head: User,
    t: Translator,
    now: datetime,
    settings: Settings,
) -> tuple[str, InlineKeyboardMarkup]:
    report = await field.field_report(
        session, team.id, now, head.timezone, settings.default_timezone
    )
    examples: list[int] = []
    parts = [t("field-page-title", team=team.name), report_text(t, content, report, examples)]
    members = await field.team_members(session, team.id)
    names = await _names(session, team.id, members)
    progress = await field.practice_progress(session, team.id, now)
    head_tz = zone_of(head.timezone, settings.default_timezone)
    if progress:
        lines = [t("practice-title")]
        for item in progress:
            done = [names[m] for m, n in item.answered.items() if n > 0 and m in names]
            lines.append(
                t(
                    "practice-line",
                    category=category_name(t, content, item.category),
                    done=len(done),
                    total=len(item.answered),
                    # the head's own calendar day, not UTC's
                    until=item.ends_at.astimezone(head_tz).strftime("%d.%m"),
                )
            )
            for member, count in item.answered.items():
                lines.append(t("practice-member", name=names.get(member, "?"), count=count))
        parts.append("\n".join(lines))
    # Drills from before joining are the member's own (the consent screen's promise).
    joined = await field.member_joins(session, team.id)
    per_member, pooled = await field.skills_by_member(session, members, now, joined)
    weakest = field.weakest(pooled)
    skill_lines = [t("skill-title", need=field.MIN_ATTEMPTS)]
    if weakest:
        skill_lines.append(
            t(
                "skill-team-weakest",
                categories=", ".join(category_name(t, content, s.category) for s in weakest),
            )
        )
    shown = False
    for member in members:
        skills = per_member.get(member, [])
        if not skills:
            continue
        shown = True
        rendered = "; ".join(
            f"{escape(category_name(t, content, s.category))} — {level_text(t, s)}" for s in skills
        )
        skill_lines.append(t("skill-member", name=names[member], skills=Html(rendered)))
    if not shown:
        skill_lines.append(t("skill-empty"))
    parts.append("\n".join(skill_lines))
    text = fit(parts)
    builder = InlineKeyboardBuilder()
    for counted in report.categories[:REPORT_CATEGORIES]:
        if counted.category in content.objection_categories:
            builder.button(
                text=t(
                    "field-button-practise", category=category_name(t, content, counted.category)
                ),
                callback_data=PractiseCb(team=team.id, category=counted.category),
            )
    builder.button(text=t("field-button-practise-any"), callback_data=PractiseMenuCb(team=team.id))
    # The company page imports this module's helpers, so its buttons are imported here.
    from handlers.company_objections import CompanyFromFieldCb, CompanyListCb

    builder.button(text=t("company-button-list"), callback_data=CompanyListCb(team=team.id))
    for number, example_id in enumerate(examples, start=1):
        builder.button(
            text=t("field-button-to-company", number=number),
            callback_data=CompanyFromFieldCb(field=example_id),
        )
    rows = sum(
        1
        for c in report.categories[:REPORT_CATEGORIES]
        if c.category in content.objection_categories
    )
    builder.adjust(*([1] * (rows + 2)), 5)
    return text, builder.as_markup()


async def on_report(
    callback: CallbackQuery,
    callback_data: FieldReportCb,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    await callback.answer()
    text, markup = await head_page(session, content, team, user, t, clock(), settings)
    await bot.send_message(user.id, text, reply_markup=markup)


async def on_practise_menu(
    callback: CallbackQuery,
    callback_data: PractiseMenuCb,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None or not isinstance(callback.message, Message):
        return
    await callback.answer()
    builder = InlineKeyboardBuilder()
    for category in content.objection_categories:
        builder.button(
            text=category_name(t, content, category),
            callback_data=PractiseCb(team=team.id, category=category),
        )
    builder.adjust(2)
    await callback.message.answer(t("practice-pick"), reply_markup=builder.as_markup())


async def on_practise(
    callback: CallbackQuery,
    callback_data: PractiseCb,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    if callback_data.category not in content.objection_categories:
        await callback.answer(t("stale-button"))
        return
    assigned = await field.assign_practice(
        session, team.id, callback_data.category, user.id, clock(), settings.default_timezone
    )
    await callback.answer()
    key = "practice-renewed" if assigned.renewed else "practice-assigned"
    if isinstance(callback.message, Message):
        await callback.message.answer(
            t(
                key,
                category=category_name(t, content, callback_data.category),
                count=assigned.notified,
                days=field.PRACTICE_DAYS,
            )
        )


# ---- what a member sees ------------------------------------------------------------------


async def on_my_objections(
    message: Message,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    """A member's view of what their head sees: the team's report (no names in it), the
    practice in force, and their own skill levels; plus their own last logged objections."""
    now = clock()
    parts = [t("field-mine-title")]
    own = await field.own_objections(session, user.id)
    if own:
        parts.append(
            "\n".join(
                t(
                    "field-mine-line",
                    text=row.text,
                    category=category_name(t, content, row.category),
                )
                for row in own
            )
        )
    else:
        parts.append(t("field-mine-empty"))
    member = await teams_db.membership(session, user.id)
    if member is not None:
        team = await teams_db.get_team(session, member.team_id)
        head = await session.get(User, team.head_id) if team is not None else None
        report = await field.field_report(
            session, member.team_id, now, head.timezone if head else None, settings.default_timezone
        )
        parts.append(t("field-mine-head-sees", head=person_name(head)))
        parts.append(report_text(t, content, report))
        per_member, _ = await field.skills_by_member(session, [user.id], now)
        skills = per_member.get(user.id, [])
        if skills:
            parts.append(
                "\n".join(
                    t(
                        "skill-own-line",
                        category=category_name(t, content, s.category),
                        level=level_text(t, s),
                    )
                    for s in skills
                )
            )
        practice = await field.member_practice(session, user.id, now)
        if practice:
            parts.append(
                t(
                    "practice-own",
                    categories=", ".join(category_name(t, content, a.category) for a in practice),
                )
            )
    await message.answer(fit(parts))


async def field_week_line(
    session: AsyncSession, t: Translator, content: Content | None, head: User, now: datetime
) -> str:
    """For the head's Monday summary: last week's top categories, or nothing."""
    team = await teams_db.team_of_head(session, head.id)
    if team is None or content is None:
        return ""
    top = await field.last_week_top(session, team.id, now, head.timezone, "UTC")
    if not top:
        return ""
    listed = ", ".join(f"{category_name(t, content, c)} — {n}" for c, n in top)
    return "\n\n" + t("field-weekly-line", categories=listed)


# ---- the outbox message ------------------------------------------------------------------


async def compose_practice(
    session: AsyncSession,
    t: Translator,
    content: Content | None,
    message: OutboxMessage,
    user: User,
) -> Composed | None:
    """The "practise this week" message, at the member's check-in time. Skipped when the
    practice has ended or they left the team since."""
    practice = await field.member_practice(session, user.id, message.next_attempt_at)
    if not practice:
        return None
    names = [
        category_name(t, content, a.category) if content is not None else a.category
        for a in practice
    ]
    builder = InlineKeyboardBuilder()
    builder.button(text=t("practice-button-start"), callback_data=DrillNextCb())
    return Composed(
        t("practice-message", categories=", ".join(names), days=field.PRACTICE_DAYS),
        builder.as_markup(),
    )


async def _ask_objection_again(asking: Asking) -> bool:
    """/objection's question, or the check-in's last step (they are worded differently)."""
    source = (await asking.state.get_data()).get(SOURCE_KEY)
    key = "field-ask-checkin" if source == field.Source.CHECKIN.value else "field-ask"
    await asking.bot.send_message(
        asking.user.id, asking.t(key), reply_markup=skip_keyboard(asking.t)
    )
    return True


def pending_questions() -> dict[State, Asker]:
    return {FieldObjectionInput.text: _ask_objection_again}


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_objection_command, Command("objection"))
    router.message.register(on_my_objections, Command("my_objections"))
    router.message.register(
        on_objection_text, FieldObjectionInput.text, F.text, ~F.text.startswith("/")
    )
    router.message.register(on_objection_not_text, FieldObjectionInput.text, ~F.text)
    router.callback_query.register(on_skip, FieldSkipCb.filter())
    router.callback_query.register(on_category, FieldCategoryCb.filter())
    router.callback_query.register(on_all_categories, FieldAllCategoriesCb.filter())
    router.callback_query.register(on_report, FieldReportCb.filter())
    router.callback_query.register(on_practise_menu, PractiseMenuCb.filter())
    router.callback_query.register(on_practise, PractiseCb.filter())
    return router
