"""The terminal demo, driven through piped stdin, reading what it prints."""

from __future__ import annotations

import html
import io
from pathlib import Path

from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.filters import Command
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.devtools.demo import CONTROLS, DemoSession, register_control, run_demo
from bot.devtools.emulator import BotAPIEmulator


async def echo_bot(emu: BotAPIEmulator) -> None:
    """A stand-in bot: echoes, shows buttons, edits on press, sends a file."""
    bot = Bot(
        emu.token,
        session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    dp = Dispatcher()

    @dp.message(Command("start"))
    async def start(message: Message) -> None:
        menu = InlineKeyboardBuilder()
        menu.button(text="Русский", callback_data="ru")
        menu.button(text="English", callback_data="en")
        menu.adjust(1)
        await message.answer(
            '<b>Привет</b>, <a href="https://example.com/">сайт</a>\n'
            "<blockquote>цитата\nвторая</blockquote>",
            reply_markup=menu.as_markup(),
        )

    @dp.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer(f"Выбрано: {query.data}")
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"Язык: {query.data}")

    @dp.message(Command("file"))
    async def file(message: Message) -> None:
        await message.answer_document(BufferedInputFile(b"12345", "team.xlsx"), caption="Итоги")

    @dp.message(Command("keyboard"))
    async def keyboard(message: Message) -> None:
        markup = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Да")]])
        await message.answer("Готовы?", reply_markup=markup)

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        name = message.from_user.first_name if message.from_user else "?"
        await message.answer(html.escape(f"{name}: {message.text}"))

    try:
        await dp.start_polling(bot, handle_as_tasks=False, handle_signals=False)
    finally:
        await bot.session.close()


async def run(lines: list[str], tmp_path: Path) -> str:
    out = io.StringIO()
    await run_demo(
        stdin=io.StringIO("".join(line + "\n" for line in lines)),
        stdout=out,
        bot_runner=echo_bot,
        files_dir=tmp_path / "files",
    )
    return out.getvalue()


async def test_piped_conversation_with_buttons_and_edits(tmp_path: Path) -> None:
    output = await run(["/start", "!2", "hello <b>"], tmp_path)
    assert output.splitlines() == [
        "SalesCoach demo: you are Демо (id 1). Type /start to begin, !help for controls.",
        "Демо ▸ /start",
        "── 🤖 SalesCoach · #2",
        "Привет, сайт (https://example.com/)",
        "│ цитата",
        "│ вторая",
        "[1] Русский",
        "[2] English",
        "Демо ▸ !2",
        "(pressing [English])",
        "── 🤖 SalesCoach · #2 (edited)",
        "Язык: en",
        "  (toast: Выбрано: en)",
        "Демо ▸ hello <b>",
        "── 🤖 SalesCoach · #4",
        "Демо: hello <b>",
    ]


async def test_controls_never_reach_the_bot(tmp_path: Path) -> None:
    output = await run(
        ["!help", "!nope", "!!bang", "!7", "!user 2 Борис en", "hi", "!quit", "after quit"],
        tmp_path,
    )
    assert "  !user ID [Name] [lang]  switch to another demo user" in output
    assert "(unknown control !nope; type !help)" in output
    assert "Демо: !bang" in output  # "!!" sends the literal text
    assert "(no button [7] on the latest message with buttons)" in output
    assert "(now typing as Борис, id 2, language en)" in output
    assert "Борис: hi" in output
    assert "after quit" not in output
    assert "Демо: !help" not in output


async def test_files_are_saved_and_reply_keyboards_shown(tmp_path: Path) -> None:
    output = await run(["/file", "/keyboard", "!1"], tmp_path)
    saved = tmp_path / "files" / "1-2-team.xlsx"
    assert "[file team.xlsx, 5 bytes]" in output
    assert f"  (saved to {saved})" in output
    assert saved.read_bytes() == b"12345"
    assert "⌨ [1] Да" in output
    assert "(sending ⌨ Да)" in output
    assert "Демо: Да" in output


async def test_features_can_register_controls(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    @register_control("due", "!due KIND", "pretend a reminder is due")
    async def due(session: DemoSession, args: list[str]) -> None:
        calls.append(args)
        session.console.line(f"(due: {' '.join(args)})")

    try:
        output = await run(["!due checkin", "!help"], tmp_path)
    finally:
        del CONTROLS["due"]
    assert calls == [["checkin"]]
    assert "(due: checkin)" in output
    assert "  !due KIND  pretend a reminder is due" in output


async def test_real_bot_onboarding_through_the_demo(tmp_path: Path) -> None:
    out = io.StringIO()
    await run_demo(
        f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}",
        stdin=io.StringIO("/start\n!1\n"),
        stdout=out,
        files_dir=tmp_path / "files",
    )
    output = out.getvalue()
    assert "Здравствуйте, Демо" in output
    assert "[1] 🇷🇺 Русский ✓" in output
    assert "(pressing [🇷🇺 Русский ✓])" in output
    assert "(edited)" in output
    assert "Шаг 2 из 4" in output
    assert "Telegram would refuse" not in output
