"""Chat with the real bot in a terminal, offline: the bot runs unchanged against the emulator.

Lines you type go to the bot as the current demo user's messages. Lines starting with ``!`` are
demo controls and never reach the bot (``!help`` lists them; ``!!text`` sends "!text"). Works
interactively and with piped input: each line waits until the bot has handled it, and the demo
ends cleanly at end of input.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sys
import threading
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.devtools.emulator import BotAPIEmulator, BotMessage, EmulatedUser, render_entities

logger = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/demo.sqlite3"
DEFAULT_FILES_DIR = Path("data") / "demo-files"
DEMO_USER_ID = 1
DEMO_USER_NAME = "Демо"
DEMO_LANGUAGE = "ru"
STARTUP_TIMEOUT = 60.0

BotRunner = Callable[[BotAPIEmulator], Coroutine[Any, Any, None]]
ControlHandler = Callable[["DemoSession", list[str]], Awaitable[None]]


@dataclass(frozen=True)
class Control:
    name: str
    usage: str
    help: str
    handler: ControlHandler


# The registry of ``!name`` controls; features add their own (e.g. ``!due checkin``).
CONTROLS: dict[str, Control] = {}


def register_control(
    name: str, usage: str, help_text: str
) -> Callable[[ControlHandler], ControlHandler]:
    def decorator(handler: ControlHandler) -> ControlHandler:
        CONTROLS[name] = Control(name, usage, help_text, handler)
        return handler

    return decorator


class Console:
    """Writes to the demo's stdout (a terminal or a test's buffer), flushing every line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


class DemoSession:
    """The REPL state: who is typing, what has been printed, which buttons are on screen."""

    def __init__(self, emu: BotAPIEmulator, console: Console, files_dir: Path) -> None:
        self.emu = emu
        self.console = console
        self.files_dir = files_dir
        self.user = emu.user(DEMO_USER_ID, first_name=DEMO_USER_NAME, language_code=DEMO_LANGUAGE)
        self.running = True
        self.printed = 0  # how much of emu.log is on screen
        self._answers_seen: dict[int, int] = {}
        self._rejections_seen = 0

    # ---- input -------------------------------------------------------------------------------

    async def handle_line(self, line: str) -> None:
        line = line.rstrip("\r\n")
        if not line.strip():
            return
        if line.startswith("!!"):
            await self.say(line[1:])
        elif line.startswith("!"):
            await self.control(line[1:])
        else:
            await self.say(line)

    async def say(self, text: str) -> None:
        await self.user.send(text)
        self.flush()

    async def control(self, command: str) -> None:
        name, *args = command.split()
        if name.isdigit():
            await self.press(int(name))
            return
        control = CONTROLS.get(name.lower())
        if control is None:
            self.console.line(f"(unknown control !{name}; type !help)")
            return
        await control.handler(self, args)
        self.flush()

    async def press(self, number: int) -> None:
        message = self.message_with_buttons()
        inline = [b for row in (message.inline_keyboard if message else []) for b in row]
        reply = [label for row in (message.reply_buttons if message else []) for label in row]
        if message is None or not 1 <= number <= len(inline) + len(reply):
            self.console.line(f"(no button [{number}] on the latest message with buttons)")
            return
        if number > len(inline):
            label = reply[number - len(inline) - 1]
            self.console.line(f"(sending ⌨ {label})")
            await self.say(label)
            return
        self.console.line(f"(pressing [{inline[number - 1].get('text', '')}])")
        await self.user.press_button(message, number - 1)
        self.flush()

    def message_with_buttons(self) -> BotMessage | None:
        for message in reversed(self.user.messages):
            if not message.deleted and (message.inline_keyboard or message.reply_buttons):
                return message
        return None

    # ---- output ------------------------------------------------------------------------------

    def flush(self) -> None:
        """Print every chat change not yet on screen, and any new callback answers."""
        entries = self.emu.log[self.printed :]
        self.printed = len(self.emu.log)
        for entry in entries:
            message = self.emu.bot_messages.get(entry.chat_id, {}).get(entry.message_id)
            if message is not None:
                self._print_message(message, entry.action)
        for chat_id, answers in self.emu.callback_answers.items():
            for answer in answers[self._answers_seen.get(chat_id, 0) :]:
                if answer.get("text"):
                    kind = "alert" if answer.get("show_alert") else "toast"
                    self.console.line(f"  ({kind}: {answer['text']})")
            self._answers_seen[chat_id] = len(answers)
        for rejection in self.emu.rejections[self._rejections_seen :]:
            self.console.line(
                f"(!! Telegram would refuse {rejection.method}: "
                f"{rejection.code} {rejection.description})"
            )
        self._rejections_seen = len(self.emu.rejections)

    def _print_message(self, message: BotMessage, action: str) -> None:
        name = f"🤖 {self.emu.bot_first_name}"
        if message.chat_id != self.user.chat_id:
            other = self.emu.users.get(message.chat_id)
            name += f" → {other.first_name if other else 'chat'} (id {message.chat_id})"
        if action == "deleted":
            self.console.line(f"{name}: (message #{message.message_id} deleted)")
            return
        suffix = " (edited)" if action == "edited" else ""
        self.console.line(f"── {name} · #{message.message_id}{suffix}")
        if message.kind == "photo":
            self.console.line(f"[photo: {message.caption or ''}]")
            self._save(message)
        elif message.kind == "document":
            size = len(message.file_bytes or b"")
            self.console.line(f"[file {message.filename or 'document'}, {size} bytes]")
            self._save(message)
            if message.caption:
                self.console.line(render_entities(message.caption, message.entities))
        else:
            self.console.line(render_entities(message.text, message.entities))
        self._print_buttons(message)

    def _print_buttons(self, message: BotMessage) -> None:
        number = 0
        for row in message.buttons:
            cells = []
            for label in row:
                number += 1
                cells.append(f"[{number}] {label}")
            self.console.line("  ".join(cells))
        for row in message.reply_buttons:
            cells = []
            for label in row:
                number += 1
                cells.append(f"[{number}] {label}")
            self.console.line("⌨ " + "  ".join(cells))

    def _save(self, message: BotMessage) -> None:
        if not message.file_bytes:
            return
        self.files_dir.mkdir(parents=True, exist_ok=True)
        default = "photo.jpg" if message.kind == "photo" else "file"
        name = re.sub(r"[^\w.\-]+", "_", Path(message.filename or default).name)
        path = self.files_dir / f"{message.chat_id}-{message.message_id}-{name}"
        path.write_bytes(message.file_bytes)
        self.console.line(f"  (saved to {path})")


# ---- built-in controls ---------------------------------------------------------------------


@register_control("help", "!help", "list the demo controls")
async def _help(session: DemoSession, args: list[str]) -> None:
    session.console.line("Type a message to send it to the bot. Demo controls:")
    session.console.line("  !N  press button [N] of the latest message with buttons")
    for control in CONTROLS.values():
        session.console.line(f"  {control.usage}  {control.help}")
    session.console.line("  !!text  send the literal text !text")
    session.console.line("Two users (teams): as the head (role: head of sales) send /team and")
    session.console.line("  create a team; then !user 2 Анна switches to a second person, !open")
    session.console.line("  opens the invite link the bot just sent (as /start join_...), and")
    session.console.line("  after onboarding Анна sees what the head will see and can join;")
    session.console.line("  !user 1 switches back to the head, whose /team now lists Анна.")


@register_control(
    "user", "!user ID [Name] [lang]", "switch to another demo user (created on first use)"
)
async def _switch_user(session: DemoSession, args: list[str]) -> None:
    if not args or not args[0].lstrip("-").isdigit():
        session.console.line("(usage: !user ID [Name] [lang])")
        return
    user_id = int(args[0])
    name = args[1] if len(args) > 1 else f"User{user_id}"
    language = args[2] if len(args) > 2 else DEMO_LANGUAGE
    session.user = session.emu.user(user_id, first_name=name, language_code=language)
    user: EmulatedUser = session.user
    session.console.line(
        f"(now typing as {user.first_name}, id {user.id}, language {user.language_code})"
    )


_START_LINK = re.compile(r"https://t\.me/\w+\?start=(?P<payload>[A-Za-z0-9_-]{1,64})")


@register_control(
    "open",
    "!open [link]",
    "open a t.me start link (default: the newest one the bot sent), e.g. a team invite",
)
async def _open_link(session: DemoSession, args: list[str]) -> None:
    if args:
        texts = [args[0]]
    else:  # the bot's messages, newest first, in every chat (the link went to the head)
        texts = [
            message.text
            for entry in reversed(session.emu.log)
            if (message := session.emu.bot_messages.get(entry.chat_id, {}).get(entry.message_id))
        ]
    for text in texts:
        found = _START_LINK.search(text)
        if found:
            session.console.line(f"(opening the link: /start {found['payload']})")
            await session.say(f"/start {found['payload']}")
            return
    session.console.line("(no t.me start link to open)")


@register_control(
    "due",
    "!due checkin|survey|nudge|team_weekly",
    "make that reminder due now and deliver it (the bot's /due developer command)",
)
async def _due(session: DemoSession, args: list[str]) -> None:
    await session.say(f"/due {args[0] if args else 'checkin'}")


@register_control("quit", "!quit", "leave the demo")
async def _quit(session: DemoSession, args: list[str]) -> None:
    session.running = False


# ---- running -------------------------------------------------------------------------------


async def read_line(stream: TextIO) -> str:
    """Read one line without blocking the event loop ("" at end of input).

    A daemon thread per line, not the default executor: a read still blocked on a terminal
    when the demo ends must not keep the interpreter from exiting.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def deliver(result: str | BaseException) -> None:
        if future.done():
            return
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)

    def work() -> None:
        try:
            line: str | BaseException = stream.readline()
        except (OSError, ValueError) as exc:
            line = exc
        loop.call_soon_threadsafe(deliver, line)

    threading.Thread(target=work, name="demo-stdin", daemon=True).start()
    return await future


def real_bot(database_url: str) -> BotRunner:
    """Run SalesCoach itself, pointed at the emulator and the demo database."""

    async def run(emu: BotAPIEmulator) -> None:
        from bot.app import run_polling
        from bot.config import load_settings

        settings = load_settings(
            bot_token=emu.token,
            telegram_api_url=emu.base_url,
            database_url=database_url,
            dev_commands=True,
        )
        if settings.sqlite_path is not None:
            settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        await run_polling(settings, handle_as_tasks=False)

    return run


async def _wait_until_polling(emu: BotAPIEmulator, bot_task: asyncio.Task[None]) -> None:
    polling = asyncio.create_task(emu.wait_polling(timeout=STARTUP_TIMEOUT))
    done, _ = await asyncio.wait({polling, bot_task}, return_when=asyncio.FIRST_COMPLETED)
    if bot_task in done:
        polling.cancel()
        bot_task.result()  # re-raise why the bot stopped
        raise RuntimeError("the bot stopped before it started polling")
    polling.result()


async def run_demo(
    database_url: str = DEFAULT_DATABASE_URL,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    bot_runner: BotRunner | None = None,
    files_dir: Path = DEFAULT_FILES_DIR,
) -> None:
    """Start the emulator and the bot, then chat until ``!quit`` or end of input."""
    source = stdin if stdin is not None else sys.stdin
    console = Console(stdout if stdout is not None else sys.stdout)
    emu = BotAPIEmulator()
    await emu.start()
    runner = bot_runner if bot_runner is not None else real_bot(database_url)
    bot_task = asyncio.create_task(runner(emu))
    try:
        await _wait_until_polling(emu, bot_task)
        session = DemoSession(emu, console, files_dir)
        await _repl(session, source)
    finally:
        # run_polling stops aiogram's polling loop itself when cancelled.
        bot_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await bot_task
        await emu.stop()


async def _repl(session: DemoSession, source: TextIO) -> None:
    interactive = _is_tty(source)
    greeting = "SalesCoach demo: you are Демо (id 1). Type /start to begin, !help for controls."
    session.console.line(greeting)
    # At a terminal, messages the bot sends on its own (reminders) appear as they come.
    printer = asyncio.create_task(_live_printer(session)) if interactive else None
    try:
        await _read_loop(session, source, interactive)
    finally:
        if printer is not None:
            printer.cancel()


async def _live_printer(session: DemoSession) -> None:
    emu = session.emu
    while True:
        await emu.log_changed.wait_for(lambda: len(emu.log) > session.printed)
        session.flush()


async def _read_loop(session: DemoSession, source: TextIO, interactive: bool) -> None:
    while session.running:
        if interactive:
            session.console.stream.write("> ")
            session.console.stream.flush()
        line = await read_line(source)
        if line == "":
            break  # end of input
        if not interactive and line.strip():
            # Piped input is not echoed by a terminal; show it so the transcript reads.
            session.console.line(f"{session.user.first_name} ▸ {line.rstrip()}")
        try:
            await session.handle_line(line)
        except (AssertionError, TimeoutError) as exc:
            session.console.line(f"(demo: {exc})")
        session.flush()


def _is_tty(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty()) if callable(isatty) else False
