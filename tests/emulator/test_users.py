"""Driving a real aiogram Dispatcher from the user's side: send, press, read replies."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.filters import Command
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.devtools.emulator import BotAPIEmulator
from tests.emulator.conftest import StartBot


def coach() -> Dispatcher:
    """A tiny bot with the shapes SalesCoach uses: keyboards, edits, files, callbacks."""
    dp = Dispatcher()

    @dp.message(Command("start"))
    async def start(message: Message) -> None:
        menu = InlineKeyboardBuilder()
        menu.button(text="🇷🇺 Русский ✓", callback_data="lang:ru")
        menu.button(text="🇬🇧 English", callback_data="lang:en")
        menu.button(text="Сайт", url="https://example.com/")
        await message.answer("<b>Привет!</b> Выберите язык:", reply_markup=menu.as_markup())

    @dp.callback_query(F.data.startswith("lang:"))
    async def language(query: CallbackQuery, bot: Bot) -> None:
        await query.answer("Сохранено")
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"Язык: {query.data}")
        await query.message.answer_document(
            BufferedInputFile(b"PK\x03\x04", "report.xlsx"), caption="<i>Отчёт</i>"
        )

    @dp.message(Command("keyboard"))
    async def reply_keyboard(message: Message) -> None:
        markup = ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text="Да"), KeyboardButton(text="Нет")]]
        )
        await message.answer("Готовы?", reply_markup=markup)

    @dp.message(F.sticker)
    async def sticker(message: Message) -> None:
        await message.answer("Ответьте текстом, пожалуйста")

    @dp.message(F.photo)
    async def photo(message: Message, bot: Bot) -> None:
        assert message.photo is not None
        file = await bot.get_file(message.photo[-1].file_id)
        assert file.file_path is not None
        data = await bot.download_file(file.file_path)
        assert data is not None
        await message.answer(f"Фото: {len(data.read())} байт")

    @dp.message(F.voice)
    async def voice(message: Message) -> None:
        await message.answer("Голосовые пока не понимаю")

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    return dp


@pytest.fixture
async def running(start_bot: StartBot, emu: BotAPIEmulator) -> Any:
    await start_bot(coach())
    yield
    assert emu.rejections == []


async def test_send_returns_the_replies(emu: BotAPIEmulator, running: None) -> None:
    ann = emu.user(1001, first_name="Ann")
    assert emu.user(1001) is ann
    replies = await ann.send("/start")
    assert [r.text for r in replies] == ["Привет! Выберите язык:"]
    reply = replies[0]
    assert reply.html == "<b>Привет!</b> Выберите язык:"
    assert reply.entities == [{"type": "bold", "offset": 0, "length": 7}]
    assert reply.buttons == [["🇷🇺 Русский ✓", "🇬🇧 English", "Сайт"]]
    assert (reply.kind, reply.chat_id, reply.edited, reply.deleted) == ("text", 1001, False, False)
    assert ann.last is reply


async def test_press_exact_then_unique_substring(emu: BotAPIEmulator, running: None) -> None:
    ann = emu.user(1001)
    await ann.send("/start")
    replies = await ann.press("English")  # substring of exactly one button
    edited, document = replies
    assert (edited.text, edited.edited, edited.buttons) == ("Язык: lang:en", True, [])
    assert (document.kind, document.filename, document.file_bytes) == (
        "document",
        "report.xlsx",
        b"PK\x03\x04",
    )
    assert (document.caption, document.html) == ("Отчёт", "<i>Отчёт</i>")
    assert ann.callback_answers[-1]["text"] == "Сохранено"
    assert [m.message_id for m in ann.messages] == [2, 3]


async def test_press_explains_missing_and_ambiguous_buttons(
    emu: BotAPIEmulator, running: None
) -> None:
    ann = emu.user(1001)
    await ann.send("/start")
    with pytest.raises(AssertionError, match=r"no button 'Deutsch'.*English"):
        await ann.press("Deutsch")
    with pytest.raises(AssertionError, match="several buttons"):
        await ann.press(" ")
    with pytest.raises(AssertionError, match="no callback_data"):
        await ann.press("Сайт")


async def test_reply_keyboard_and_non_text_messages(emu: BotAPIEmulator, running: None) -> None:
    ann = emu.user(1001)
    replies = await ann.send("/keyboard")
    assert replies[0].reply_buttons == [["Да", "Нет"]]
    assert ann.reply_keyboard == [["Да", "Нет"]]
    assert [r.text for r in await ann.send_sticker()] == ["Ответьте текстом, пожалуйста"]
    assert [r.text for r in await ann.send_voice()] == ["Голосовые пока не понимаю"]
    assert [r.text for r in await ann.send_photo()] == ["Фото: 22 байт"]


async def test_groups_and_edited_messages_via_push_update(
    emu: BotAPIEmulator, running: None
) -> None:
    group = {"id": -100200, "type": "supergroup", "title": "Sales"}
    sender = {"id": 1001, "is_bot": False, "first_name": "Ann"}
    update_id = emu.push_update(
        {"message": {"message_id": 7, "date": 0, "chat": group, "from": sender, "text": "hi all"}}
    )
    await emu.wait_processed(update_id)
    assert [m.text for m in emu.messages_in(-100200)] == ["hi all"]
    assert len(emu.sent_messages(-100200)) == 1


async def test_block_sends_my_chat_member_and_stops_sends(emu: BotAPIEmulator, bot: Bot) -> None:
    ann = emu.user(1001)
    first = ann.send_nowait("hi")
    ann.block()
    updates = await bot.get_updates(offset=first + 1)
    member = updates[0].my_chat_member
    assert member is not None
    assert member.new_chat_member.status == "kicked"
    with pytest.raises(AssertionError, match="blocked the bot"):
        await ann.send("hello?")


async def test_unblock_sends_an_update_aiogram_can_read(emu: BotAPIEmulator, bot: Bot) -> None:
    # Both sides of the change are ChatMember objects: the "kicked" one needs its until_date,
    # or aiogram refuses the whole getUpdates batch and polling stalls.
    ann = emu.user(1002)
    first = ann.send_nowait("hi")
    ann.block()
    ann.unblock()
    updates = await bot.get_updates(offset=first + 1)
    changes = [u.my_chat_member for u in updates]
    assert [(c.old_chat_member.status, c.new_chat_member.status) for c in changes if c] == [
        ("member", "kicked"),
        ("kicked", "member"),
    ]


async def test_commands_are_stored_per_scope_and_language(emu: BotAPIEmulator, bot: Bot) -> None:
    ru = [BotCommand(command="start", description="Начать")]
    await bot.set_my_commands(ru, language_code="ru")
    await bot.set_my_commands(
        [BotCommand(command="/team", description="Команда")], scope=BotCommandScopeChat(chat_id=5)
    )
    await bot.set_my_commands(ru, scope=BotCommandScopeAllPrivateChats())
    assert emu.commands == {
        ("default", "ru"): [{"command": "start", "description": "Начать"}],
        ("chat:5", ""): [{"command": "team", "description": "Команда"}],
        ("all_private_chats", ""): [{"command": "start", "description": "Начать"}],
    }
    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["start"]
    assert await bot.get_my_commands() == []
    await bot.delete_my_commands(language_code="ru")
    assert ("default", "ru") not in emu.commands


async def test_descriptions_and_misc_methods(emu: BotAPIEmulator, bot: Bot) -> None:
    await bot.set_my_description("Тренер продаж", language_code="ru")
    await bot.set_my_short_description("Коуч")
    assert emu.descriptions == {"ru": "Тренер продаж"}
    assert emu.short_descriptions == {"": "Коуч"}
    me = await bot.get_me()
    assert (me.username, me.is_bot) == ("SalesCoachBot", True)
    ann = emu.user(1001)
    ann.send_nowait("hi")
    assert await bot.send_chat_action(ann.chat_id, "typing")
    assert await bot.close()
    assert [call.method for call in emu.sent] == ["sendChatAction"]
