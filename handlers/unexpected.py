"""Updates from places the bot does not work: groups, channels and edited messages.

SalesCoach is a one-to-one coach. In a group or supergroup it answers only /start and /help,
pointing to the private chat, and stays silent otherwise (no chatter in a team's chat); channel
posts are not ours and get no handler. An edited message in the private chat is not
re-processed — answers are read once, when sent — so the bot says so politely, once per
edited message, and changes nothing.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.i18n import Translator

_GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}


async def on_group_start(message: Message, bot: Bot, t: Translator) -> None:
    me = await bot.me()
    await message.reply(t("unexpected-private-only", bot=f"@{me.username}"))


async def on_edited(message: Message, t: Translator) -> None:
    await message.reply(t("unexpected-edited"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_group_start, F.chat.type.in_(_GROUPS), CommandStart())
    router.message.register(on_group_start, F.chat.type.in_(_GROUPS), Command("help"))
    router.edited_message.register(on_edited, F.chat.type == ChatType.PRIVATE)
    return router
