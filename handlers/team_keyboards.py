"""Typed callback data and keyboards of the team screens.

Every factory that acts on a team carries the team id; the handlers check on every press
that the person pressing heads that team, so a forged or forwarded button does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from bot.i18n import Html, Translator
from bot.services.teams import InviteExpiry
from handlers.callback_fields import Page, RowId, TelegramId


class TeamCreateCb(CallbackData, prefix="ta"):
    pass


class InviteAction(StrEnum):
    SHOW = "s"
    WEEK = InviteExpiry.WEEK.value
    MONTH = InviteExpiry.MONTH.value
    NEVER = InviteExpiry.NEVER.value
    REVOKE = "r"


class TeamInviteCb(CallbackData, prefix="ti"):
    team: RowId
    action: InviteAction


class TeamMembersCb(CallbackData, prefix="tb"):
    team: RowId
    page: Page = 0


class RemoveStep(StrEnum):
    ASK = "a"
    YES = "y"
    NO = "n"


class TeamRemoveCb(CallbackData, prefix="tr"):
    team: RowId
    user: TelegramId
    step: RemoveStep


class TeamPageCb(CallbackData, prefix="tq"):
    team: RowId
    page: Page = 0
    fresh: bool = False  # send the summary anew (with the chart) instead of editing


class TeamExportCb(CallbackData, prefix="tx"):
    team: RowId


class JoinAction(StrEnum):
    JOIN = "j"
    JOIN_SHARING = "s"
    MOVE = "m"
    DECLINE = "d"


class TeamJoinCb(CallbackData, prefix="tj"):
    # The code as it came in the link: at most 59 characters (bot/domain/deeplinks.py),
    # which with the prefix and the action is exactly Telegram's 64 bytes.
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,59}$")]
    action: JoinAction


class TeamLeaveCb(CallbackData, prefix="tl"):
    team: RowId
    confirm: bool


class TeamShareCb(CallbackData, prefix="th"):
    team: RowId
    share: bool


def create_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("team-button-create"), callback_data=TeamCreateCb())
    return builder.as_markup()


def invite_keyboard(t: Translator, team_id: int, *, active: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("team-button-invite-week"),
        callback_data=TeamInviteCb(team=team_id, action=InviteAction.WEEK),
    )
    builder.button(
        text=t("team-button-invite-month"),
        callback_data=TeamInviteCb(team=team_id, action=InviteAction.MONTH),
    )
    builder.button(
        text=t("team-button-invite-never"),
        callback_data=TeamInviteCb(team=team_id, action=InviteAction.NEVER),
    )
    rows = [3]
    if active:
        builder.button(
            text=t("team-button-invite-revoke"),
            callback_data=TeamInviteCb(team=team_id, action=InviteAction.REVOKE),
        )
        rows.append(1)
    builder.button(text=t("team-button-summary"), callback_data=TeamPageCb(team=team_id))
    rows.append(1)
    builder.adjust(*rows)
    return builder.as_markup()


def head_menu_buttons(builder: InlineKeyboardBuilder, t: Translator, team_id: int) -> int:
    """The head's menu row: invite, members, export. Returns how many buttons were added."""
    builder.button(
        text=t("team-button-invite"),
        callback_data=TeamInviteCb(team=team_id, action=InviteAction.SHOW),
    )
    builder.button(text=t("team-button-members"), callback_data=TeamMembersCb(team=team_id))
    builder.button(text=t("team-button-export"), callback_data=TeamExportCb(team=team_id))
    return 3


def summary_keyboard(
    t: Translator,
    team_id: int,
    page: int,
    pages: int,
    prep: Sequence[tuple[int, str]] = (),
) -> InlineKeyboardMarkup:
    """Paging, the 1:1 preparation per attention entry in ``prep`` (id, plain name), the
    head's menu and the field report."""
    builder = InlineKeyboardBuilder()
    rows: list[int] = []
    if prep:
        from handlers.one_on_one import prep_buttons  # it imports this module's TeamPageCb

        rows.extend(prep_buttons(builder, t, team_id, prep))
    if pages > 1:
        nav = 0
        if page > 0:
            builder.button(
                text=t("team-button-prev"), callback_data=TeamPageCb(team=team_id, page=page - 1)
            )
            nav += 1
        if page < pages - 1:
            builder.button(
                text=t("team-button-next"), callback_data=TeamPageCb(team=team_id, page=page + 1)
            )
            nav += 1
        rows.append(nav)
    rows.append(head_menu_buttons(builder, t, team_id))
    # Objections heard this week, practice and skills: handlers/field_objections.py.
    from handlers.field_objections import FieldReportCb

    builder.button(text=t("field-button-report"), callback_data=FieldReportCb(team=team_id))
    rows.append(1)
    builder.adjust(*rows)
    return builder.as_markup()


def members_keyboard(
    t: Translator,
    team_id: int,
    members: list[tuple[int, str]],
    page: int,
    pages: int,
) -> InlineKeyboardMarkup:
    """A remove button per member shown (id, plain name), then paging and the way back."""
    builder = InlineKeyboardBuilder()
    rows: list[int] = []
    for user_id, name in members:
        builder.button(
            text=t("team-button-remove", name=Html(name)),  # button labels are plain text
            callback_data=TeamRemoveCb(team=team_id, user=user_id, step=RemoveStep.ASK),
        )
        rows.append(1)
    nav = 0
    if page > 0:
        builder.button(
            text=t("team-button-prev"), callback_data=TeamMembersCb(team=team_id, page=page - 1)
        )
        nav += 1
    if page < pages - 1:
        builder.button(
            text=t("team-button-next"), callback_data=TeamMembersCb(team=team_id, page=page + 1)
        )
        nav += 1
    if nav:
        rows.append(nav)
    builder.button(text=t("team-button-summary"), callback_data=TeamPageCb(team=team_id))
    builder.button(
        text=t("team-button-invite"),
        callback_data=TeamInviteCb(team=team_id, action=InviteAction.SHOW),
    )
    rows.append(2)
    builder.adjust(*rows)
    return builder.as_markup()


def remove_confirm_keyboard(t: Translator, team_id: int, user_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("team-button-remove-yes"),
        callback_data=TeamRemoveCb(team=team_id, user=user_id, step=RemoveStep.YES),
    )
    builder.button(
        text=t("team-button-remove-no"),
        callback_data=TeamRemoveCb(team=team_id, user=user_id, step=RemoveStep.NO),
    )
    builder.adjust(2)
    return builder.as_markup()


def join_keyboard(t: Translator, code: str, current: str | None) -> InlineKeyboardMarkup:
    """Consent buttons. ``current`` is the name of the team the user is in now, if any."""
    builder = InlineKeyboardBuilder()
    if current is None:
        builder.button(
            text=t("join-button-yes"), callback_data=TeamJoinCb(code=code, action=JoinAction.JOIN)
        )
        builder.button(
            text=t("join-button-share"),
            callback_data=TeamJoinCb(code=code, action=JoinAction.JOIN_SHARING),
        )
    else:
        builder.button(
            text=t("join-button-move", current=Html(current)),  # plain text, not HTML
            callback_data=TeamJoinCb(code=code, action=JoinAction.MOVE),
        )
    builder.button(
        text=t("join-button-no"), callback_data=TeamJoinCb(code=code, action=JoinAction.DECLINE)
    )
    builder.adjust(1)
    return builder.as_markup()


def leave_keyboard(t: Translator, team_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("leave-button-yes"), callback_data=TeamLeaveCb(team=team_id, confirm=True)
    )
    builder.button(
        text=t("leave-button-no"), callback_data=TeamLeaveCb(team=team_id, confirm=False)
    )
    builder.adjust(2)
    return builder.as_markup()


def member_keyboard(t: Translator, team_id: int, *, sharing: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if sharing:
        builder.button(
            text=t("team-button-share-off"), callback_data=TeamShareCb(team=team_id, share=False)
        )
    else:
        builder.button(
            text=t("team-button-share-on"), callback_data=TeamShareCb(team=team_id, share=True)
        )
    return builder.as_markup()
