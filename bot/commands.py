"""Command menus: a general one for every private chat, and one per person for their role.

The menu is what Telegram shows under "/"; a sales manager should not see /style or /export.
Telegram picks the most specific menu it has for a chat, so each person who finished onboarding
gets a menu scoped to their own chat (``BotCommandScopeChat``) in their language; everyone else
sees the general menu, set at start-up per language.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat

from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.i18n import I18n, Translator

logger = logging.getLogger(__name__)

MENU_COMMANDS: tuple[str, ...] = (
    "checkin",
    "me",
    "plan",
    "tip",
    "drill",
    "progress",
    "objection",
    "role",
    "style",
    "team",
    "export",
    "leave",
    "saved",
    "pause",
    "resume",
    "settings",
    "help",
    "privacy",
    "delete_me",
    "start",
)

# Commands only some roles have a use for; every other command is for everyone.
_ONLY_FOR: dict[str, frozenset[Role]] = {
    # Management-style practice: the head of sales, and the trainer who teaches it.
    "style": frozenset({Role.HEAD_OF_SALES, Role.SALES_TRAINER}),
    # The team's figures go to the person who heads the team.
    "export": frozenset({Role.HEAD_OF_SALES}),
    # A head of sales leads a team rather than joining one.
    "leave": frozenset(set(Role) - {Role.HEAD_OF_SALES}),
}
# Before a role is known: the general menu, without the role-specific commands.
_GENERAL_HIDDEN = frozenset({"style", "export"})


def commands_for(role: Role | None) -> tuple[str, ...]:
    """The commands a person with ``role`` sees, in menu order (None: not chosen yet)."""
    if role is None:
        return tuple(name for name in MENU_COMMANDS if name not in _GENERAL_HIDDEN)
    return tuple(name for name in MENU_COMMANDS if name not in _ONLY_FOR or role in _ONLY_FOR[name])


def menu(i18n: I18n, language: Language, role: Role | None = None) -> list[BotCommand]:
    return translated_menu(i18n.translator(language), role)


def translated_menu(t: Translator, role: Role | None) -> list[BotCommand]:
    return [BotCommand(command=name, description=t(f"cmd-{name}")) for name in commands_for(role)]


async def set_command_menus(bot: Bot, i18n: I18n) -> None:
    scope = BotCommandScopeAllPrivateChats()
    # English is the menu for every language we do not speak; Russian users get their own.
    await bot.set_my_commands(menu(i18n, Language.EN), scope=scope)
    await bot.set_my_commands(menu(i18n, Language.RU), scope=scope, language_code="ru")


async def set_personal_menu(bot: Bot, t: Translator, chat_id: int, role: str | None) -> None:
    """This person's menu for their role, in the language of ``t``; a refusal is logged, not
    raised (the general menu still works)."""
    try:
        await bot.set_my_commands(
            translated_menu(t, Role.parse(role)), scope=BotCommandScopeChat(chat_id=chat_id)
        )
    except TelegramAPIError as exc:
        logger.info("Menu for chat %s not set: %s", chat_id, exc)


async def drop_personal_menu(bot: Bot, chat_id: int) -> None:
    """Back to the general menu (after /delete_me)."""
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=chat_id))
    except TelegramAPIError as exc:
        logger.info("Menu for chat %s not dropped: %s", chat_id, exc)
