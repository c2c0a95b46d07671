"""Command menus per language, set at start-up with setMyCommands."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

from bot.domain.languages import Language
from bot.i18n import I18n

MENU_COMMANDS: tuple[str, ...] = (
    "checkin",
    "me",
    "plan",
    "tip",
    "drill",
    "progress",
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


def menu(i18n: I18n, language: Language) -> list[BotCommand]:
    t = i18n.translator(language)
    return [BotCommand(command=name, description=t(f"cmd-{name}")) for name in MENU_COMMANDS]


async def set_command_menus(bot: Bot, i18n: I18n) -> None:
    scope = BotCommandScopeAllPrivateChats()
    # English is the menu for every language we do not speak; Russian users get their own.
    await bot.set_my_commands(menu(i18n, Language.EN), scope=scope)
    await bot.set_my_commands(menu(i18n, Language.RU), scope=scope, language_code="ru")
