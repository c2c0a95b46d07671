"""Teams: /team (create, or where I stand), invite links, the join consent, /leave, and the
head's member list with removal. The summary pages and /export live in team_report.py."""

from __future__ import annotations

import logging
import math
from datetime import datetime, tzinfo

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.content.schema import Content
from bot.db import teams as teams_db
from bot.db.models import User
from bot.db.team_models import TEAM_NAME_MAX, Team, TeamInvite
from bot.i18n import Html, I18n, Translator
from bot.services import teams as teams_service
from bot.services.people import Person, full_name
from bot.services.reminders import sync_team_weekly
from bot.services.team_files import TeamFiles
from bot.services.team_report import distinct_names, zone_of
from bot.services.teams import (
    CreatedTeam,
    CreateRefusal,
    InviteExpiry,
    IssuedInvite,
    JoinVerdict,
)
from handlers.editing import edit_text
from handlers.pending import Asker, Asking
from handlers.team_access import head_team_or_refuse
from handlers.team_keyboards import (
    InviteAction,
    JoinAction,
    RemoveStep,
    TeamCreateCb,
    TeamInviteCb,
    TeamJoinCb,
    TeamLeaveCb,
    TeamMembersCb,
    TeamRemoveCb,
    TeamShareCb,
    create_keyboard,
    invite_keyboard,
    join_keyboard,
    leave_keyboard,
    member_keyboard,
    members_keyboard,
    remove_confirm_keyboard,
)
from handlers.team_report import send_summary

logger = logging.getLogger(__name__)

MEMBERS_PER_PAGE = 10
NAME_SHOWN = 32  # characters of a person's or a team's name in lists and buttons


class TeamName(StatesGroup):
    """Waiting for the name of a new team."""

    name = State()


def person_name(user: User | None, *, with_username: bool = False) -> str:
    """One person as someone else sees them, outside a list: first and last name (else
    @username, else a short id); raw text. ``with_username`` adds the @username too, for a
    notice to the head, who may have several people of that name in the team."""
    if user is None:
        return "?"
    name = short(full_name(Person(user.id, user.first_name, user.username, user.last_name)))
    if with_username and user.username and not name.startswith("@"):
        name += f" (@{user.username})"
    return name


def short(text: str, limit: int = NAME_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def notify(bot: Bot, chat_id: int, text: str) -> None:
    """Tell someone else something; a person who blocked the bot simply doesn't hear it."""
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as exc:
        logger.info("Team notice to %s not delivered: %s", chat_id, exc)


async def respond(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Show ``text`` in place of the pressed message, or as a new message if it can't be."""
    if isinstance(callback.message, Message) and callback.message.text is not None:
        await edit_text(callback.message, text, markup)
    elif callback.bot is not None:
        await callback.bot.send_message(callback.from_user.id, text, reply_markup=markup)


# ---- /team -------------------------------------------------------------------------------


async def on_team_command(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
    content: Content,
    state: FSMContext,
    team_files: TeamFiles,
) -> None:
    if not user.is_onboarded:
        await message.answer(t("team-need-start"))
        return
    if await state.get_state() == TeamName.name.state:
        await state.clear()  # /team again instead of a name: start over
    standing = await teams_service.standing(session, user.id)
    if standing.headed is not None:
        await send_summary(
            bot, session, user, t, standing.headed, clock(), settings, content, team_files
        )
        return
    if standing.member_of is not None and standing.membership is not None:
        await send_member_status(bot, session, user, t, standing.member_of)
        return
    if teams_service.can_create_team(user):
        await message.answer(t("team-create-offer"), reply_markup=create_keyboard(t))
        return
    await message.answer(t("team-outsider"))


async def send_member_status(
    bot: Bot, session: AsyncSession, user: User, t: Translator, team: Team
) -> None:
    member = await teams_db.get_member(session, team.id, user.id)
    head = person_name(await session.get(User, team.head_id))
    sharing = bool(member and member.share_notes)
    lines = [
        t("team-member-status", team=team.name, head=head),
        t("team-member-notes-on" if sharing else "team-member-notes-off", head=head),
        t("team-member-leave-hint"),
    ]
    await bot.send_message(
        user.id, "\n\n".join(lines), reply_markup=member_keyboard(t, team.id, sharing=sharing)
    )


async def on_share(
    callback: CallbackQuery,
    callback_data: TeamShareCb,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    member = await teams_db.get_member(session, callback_data.team, user.id)
    team = await teams_db.get_team(session, callback_data.team)
    if member is None or team is None:
        await callback.answer(t("stale-button"))
        return
    if member.share_notes != callback_data.share:  # a second tap keeps the first moment
        await teams_db.set_share_notes(session, team.id, user.id, callback_data.share, clock())
    await callback.answer(
        t("team-share-saved-on" if callback_data.share else "team-share-saved-off")
    )
    head = person_name(await session.get(User, team.head_id))
    lines = [
        t("team-member-status", team=team.name, head=head),
        t("team-member-notes-on" if callback_data.share else "team-member-notes-off", head=head),
        t("team-member-leave-hint"),
    ]
    await respond(
        callback, "\n\n".join(lines), member_keyboard(t, team.id, sharing=callback_data.share)
    )


# ---- creating ----------------------------------------------------------------------------


async def on_create(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, user: User, t: Translator
) -> None:
    if not teams_service.can_create_team(user):
        await callback.answer(t("team-create-not-head"), show_alert=True)
        return
    existing = await teams_db.team_of_head(session, user.id)
    await callback.answer()
    if existing is not None:
        await respond(callback, t("team-already-exists", team=existing.name), None)
        return
    await state.set_state(TeamName.name)
    await respond(callback, t("team-ask-name", limit=TEAM_NAME_MAX), None)


async def on_team_name(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    name = teams_service.clean_team_name(message.text or "")
    if name is None:
        await message.answer(t("team-name-invalid", limit=TEAM_NAME_MAX))
        return
    now = clock()
    opened = await teams_service.open_team(session, user, name, now)
    await state.clear()
    if opened == CreateRefusal.NOT_HEAD:
        await message.answer(t("team-create-not-head"))
        return
    if not isinstance(opened, CreatedTeam):  # CreateRefusal.ALREADY_HEAD
        existing = await teams_db.team_of_head(session, user.id)
        await message.answer(t("team-already-exists", team=existing.name if existing else name))
        return
    created = opened.team
    await sync_team_weekly(session, user, now, settings.default_timezone)
    await message.answer(t("team-created", team=created.name))
    text, markup = await invite_view(
        bot, t, created, opened.first_invite, zone_of(user.timezone, settings.default_timezone)
    )
    await message.answer(text, reply_markup=markup)


async def on_team_name_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("team-name-text-please", limit=TEAM_NAME_MAX))


# ---- invite links ------------------------------------------------------------------------


async def invite_view(
    bot: Bot,
    t: Translator,
    team: Team,
    invite: IssuedInvite | TeamInvite | None,
    zone: tzinfo,
) -> tuple[str, InlineKeyboardMarkup]:
    """The link of a code just made; for a stored one only its validity (the database keeps
    the code's hash, not the code)."""
    if invite is None:
        return t("team-invite-none", team=team.name), invite_keyboard(t, team.id, active=False)
    validity = (
        t(
            "team-invite-until",
            until=invite.expires_at.astimezone(zone).strftime("%d.%m.%Y %H:%M"),
        )
        if invite.expires_at is not None
        else t("team-invite-forever")
    )
    if not isinstance(invite, IssuedInvite):
        text = t("team-invite-hidden", team=team.name, validity=Html(validity))
        return text, invite_keyboard(t, team.id, active=True)
    me = await bot.me()
    link = teams_service.invite_link(me.username or "", invite.code)
    text = t("team-invite-text", team=team.name, link=link, validity=Html(validity))
    return text, invite_keyboard(t, team.id, active=True)


async def on_invite(
    callback: CallbackQuery,
    callback_data: TeamInviteCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    await callback.answer()
    now = clock()
    action = callback_data.action
    if action == InviteAction.REVOKE:
        await teams_service.revoke_invite(session, team.id, now)
        await respond(callback, t("team-invite-revoked"), invite_keyboard(t, team.id, active=False))
        return
    invite: IssuedInvite | TeamInvite | None
    if action == InviteAction.SHOW:
        invite = await teams_service.active_invite(session, team.id, now)
    else:
        invite = await teams_service.issue_invite(session, team.id, InviteExpiry(action.value), now)
    text, markup = await invite_view(
        bot, t, team, invite, zone_of(user.timezone, settings.default_timezone)
    )
    await respond(callback, text, markup)


# ---- members -----------------------------------------------------------------------------


async def members_view(
    session: AsyncSession, t: Translator, team: Team, page: int, zone: tzinfo
) -> tuple[str, InlineKeyboardMarkup]:
    count = await teams_db.count_members(session, team.id)
    pages = max(1, math.ceil(count / MEMBERS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    rows = await teams_db.members_page(session, team.id, page * MEMBERS_PER_PAGE, MEMBERS_PER_PAGE)
    # Twelve people called Констанция must still be told apart.
    names = distinct_names(await teams_db.member_names(session, team.id), limit=NAME_SHOWN)
    if not rows:
        text = t("team-members-empty", team=team.name)
    else:
        lines = [t("team-members-title", team=team.name, count=count, page=page + 1, pages=pages)]
        for index, (member, person) in enumerate(rows, start=page * MEMBERS_PER_PAGE + 1):
            lines.append(
                t(
                    "team-member-line",
                    n=index,
                    name=names.get(person.id, person_name(person)),
                    # the head's own calendar day, not UTC's
                    date=member.joined_at.astimezone(zone).strftime("%d.%m.%Y"),
                )
            )
        text = "\n".join(lines)
    buttons = [(person.id, names.get(person.id, person_name(person))) for _, person in rows]
    return text, members_keyboard(t, team.id, buttons, page, pages)


async def on_members(
    callback: CallbackQuery,
    callback_data: TeamMembersCb,
    session: AsyncSession,
    user: User,
    t: Translator,
    settings: Settings,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    await callback.answer()
    text, markup = await members_view(
        session, t, team, callback_data.page, zone_of(user.timezone, settings.default_timezone)
    )
    await respond(callback, text, markup)


async def on_remove(
    callback: CallbackQuery,
    callback_data: TeamRemoveCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    i18n: I18n,
    settings: Settings,
) -> None:
    team = await head_team_or_refuse(callback, session, user, t, callback_data.team)
    if team is None:
        return
    member = await teams_db.get_member(session, team.id, callback_data.user)
    person = await session.get(User, callback_data.user)
    if callback_data.step == RemoveStep.NO:
        await callback.answer(t("team-remove-cancelled"))
        text, markup = await members_view(
            session, t, team, 0, zone_of(user.timezone, settings.default_timezone)
        )
        await respond(callback, text, markup)
        return
    if member is None or person is None:
        await callback.answer(t("team-member-gone"))
        text, markup = await members_view(
            session, t, team, 0, zone_of(user.timezone, settings.default_timezone)
        )
        await respond(callback, text, markup)
        return
    names = distinct_names(await teams_db.member_names(session, team.id), limit=NAME_SHOWN)
    name = names.get(person.id, person_name(person))
    if callback_data.step == RemoveStep.ASK:
        await callback.answer()
        await respond(
            callback,
            t("team-remove-confirm", name=name, team=team.name),
            remove_confirm_keyboard(t, team.id, person.id),
        )
        return
    await teams_db.remove_member(session, team.id, person.id)
    await callback.answer()
    text, markup = await members_view(
        session, t, team, 0, zone_of(user.timezone, settings.default_timezone)
    )
    await respond(callback, t("team-removed", name=name, team=team.name) + "\n\n" + text, markup)
    told = i18n.translator(person.language)
    await notify(
        bot, person.id, told("team-removed-notice", head=person_name(user), team=team.name)
    )


# ---- joining -----------------------------------------------------------------------------

_VERDICT_KEYS = {
    JoinVerdict.UNKNOWN: "join-unknown",
    JoinVerdict.REVOKED: "join-revoked",
    JoinVerdict.EXPIRED: "join-expired",
    JoinVerdict.OWN_TEAM: "join-own-team",
    JoinVerdict.ALREADY_MEMBER: "join-already",
    JoinVerdict.TEAM_FULL: "join-team-full",
}


async def show_join_preview(
    bot: Bot, session: AsyncSession, user: User, t: Translator, code: str, now: datetime
) -> None:
    """What opening an invite link shows: exactly what the head will see, then consent."""
    check = await teams_service.check_join(session, code, user.id, now)
    if check.verdict in _VERDICT_KEYS or check.team is None:
        team_name = check.team.name if check.team else ""
        await bot.send_message(
            user.id, t(_VERDICT_KEYS.get(check.verdict, "join-unknown"), team=team_name)
        )
        return
    head = person_name(check.head)
    text = t("join-preview", head=head, team=check.team.name)
    current = None
    if check.verdict == JoinVerdict.OTHER_TEAM and check.current_team is not None:
        current = short(check.current_team.name)
        text += "\n\n" + t("join-other-team", current=check.current_team.name, team=check.team.name)
    await bot.send_message(user.id, text, reply_markup=join_keyboard(t, code, current))


async def on_join(
    callback: CallbackQuery,
    callback_data: TeamJoinCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    clock: Clock,
    i18n: I18n,
    settings: Settings,
) -> None:
    await callback.answer()
    if callback_data.action == JoinAction.DECLINE:
        # «Нет» pressed after «Вступить» on the same message: the joining already happened,
        # so say so rather than pretend it didn't.
        check = await teams_service.check_join(session, callback_data.code, user.id, clock())
        if check.verdict == JoinVerdict.ALREADY_MEMBER and check.team is not None:
            await respond(callback, t("join-decline-too-late", team=check.team.name), None)
            return
        await respond(callback, t("join-declined"), None)
        return
    sharing = callback_data.action == JoinAction.JOIN_SHARING
    check = await teams_service.join_team(
        session,
        callback_data.code,
        user.id,
        clock(),
        share_notes=sharing,
        leave_current=callback_data.action == JoinAction.MOVE,
        max_members=settings.max_team_size,
    )
    team, head_user = check.team, check.head
    if check.verdict == JoinVerdict.OTHER_TEAM and callback_data.action != JoinAction.MOVE:
        # The user joined another team since the preview: show the preview again.
        await show_join_preview(bot, session, user, t, callback_data.code, clock())
        return
    if check.verdict not in (JoinVerdict.OK, JoinVerdict.OTHER_TEAM) or team is None:
        key = _VERDICT_KEYS.get(check.verdict, "join-unknown")
        await respond(callback, t(key, team=team.name if team else ""), None)
        return
    head = person_name(head_user)
    await respond(
        callback, t("join-done-notes" if sharing else "join-done", team=team.name, head=head), None
    )
    if head_user is not None:
        told = i18n.translator(head_user.language)
        await notify(
            bot,
            head_user.id,
            told("join-head-notice", name=person_name(user, with_username=True), team=team.name),
        )
    if check.verdict == JoinVerdict.OTHER_TEAM and check.current_team is not None:
        old_head = await session.get(User, check.current_team.head_id)
        if old_head is not None:
            told = i18n.translator(old_head.language)
            await notify(
                bot,
                old_head.id,
                told(
                    "leave-head-notice",
                    name=person_name(user, with_username=True),
                    team=check.current_team.name,
                ),
            )


# ---- leaving -----------------------------------------------------------------------------


async def on_leave(message: Message, session: AsyncSession, user: User, t: Translator) -> None:
    standing = await teams_service.standing(session, user.id)
    if standing.member_of is None:
        if standing.headed is not None:
            await message.answer(t("leave-head", team=standing.headed.name))
        else:
            await message.answer(t("leave-none"))
        return
    head = person_name(await session.get(User, standing.member_of.head_id))
    await message.answer(
        t("leave-confirm", team=standing.member_of.name, head=head),
        reply_markup=leave_keyboard(t, standing.member_of.id),
    )


async def on_leave_answer(
    callback: CallbackQuery,
    callback_data: TeamLeaveCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    t: Translator,
    i18n: I18n,
) -> None:
    member = await teams_db.get_member(session, callback_data.team, user.id)
    team = await teams_db.get_team(session, callback_data.team)
    if member is None or team is None:
        await callback.answer(t("leave-none"))
        await respond(callback, t("leave-none"), None)
        return
    await callback.answer()
    if not callback_data.confirm:
        await respond(callback, t("leave-cancelled", team=team.name), None)
        return
    await teams_db.remove_member(session, team.id, user.id)
    await respond(callback, t("leave-done", team=team.name), None)
    head = await session.get(User, team.head_id)
    if head is not None:
        told = i18n.translator(head.language)
        await notify(
            bot,
            head.id,
            told("leave-head-notice", name=person_name(user, with_username=True), team=team.name),
        )


async def _ask_team_name_again(asking: Asking) -> bool:
    await asking.bot.send_message(asking.user.id, asking.t("team-ask-name", limit=TEAM_NAME_MAX))
    return True


def pending_questions() -> dict[State, Asker]:
    return {TeamName.name: _ask_team_name_again}


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_team_command, Command("team"))
    router.message.register(on_leave, Command("leave"))
    router.message.register(on_team_name, TeamName.name, F.text, ~F.text.startswith("/"))
    router.message.register(on_team_name_not_text, TeamName.name, ~F.text)
    router.callback_query.register(on_create, TeamCreateCb.filter())
    router.callback_query.register(on_invite, TeamInviteCb.filter())
    router.callback_query.register(on_members, TeamMembersCb.filter())
    router.callback_query.register(on_remove, TeamRemoveCb.filter())
    router.callback_query.register(on_join, TeamJoinCb.filter())
    router.callback_query.register(on_leave_answer, TeamLeaveCb.filter())
    router.callback_query.register(on_share, TeamShareCb.filter())
    return router
