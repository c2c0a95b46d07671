"""BotAPIEmulator: a local Bot API server over real HTTP, plus the handles tests drive it with.

The bot under test talks to it exactly as to api.telegram.org (aiogram with
``TelegramAPIServer.from_base(emu.base_url)``), so the real polling loop, middlewares and
serialisation run unchanged. Tests play the users' side through :meth:`BotAPIEmulator.user`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.devtools.emulator import errors
from bot.devtools.emulator.errors import ApiError
from bot.devtools.emulator.faults import SERVER_ERRORS, Fault, FaultPlan
from bot.devtools.emulator.latency import Latency
from bot.devtools.emulator.methods import Handler, MethodTable
from bot.devtools.emulator.models import (
    BotMessage,
    CallbackQueryRecord,
    LogAction,
    LogEntry,
    Rejection,
    SentCall,
    StoredFile,
)
from bot.devtools.emulator.params import Params, read_params
from bot.devtools.emulator.ratelimit import FloodControl
from bot.devtools.emulator.updates import Signal, UpdateQueue
from bot.devtools.emulator.users import EmulatedUser

logger = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456:TEST-TOKEN-abcdefghijklmnop"  # noqa: S105 - a fake token for local runs
MESSAGE_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
_CHAT_KEYS = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
)


class BotAPIEmulator:
    """In-process Bot API server with Telegram's limits and exact error answers."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "SalesCoachBot",
        *,
        bot_first_name: str = "SalesCoach",
        clock: Callable[[], float] = time.monotonic,
        per_chat_rate: float | None = None,
        global_rate: float | None = None,
        per_chat_burst: int | None = None,
        group_rate: float | None = None,
        group_burst: int | None = None,
        callback_answer_timeout: float = 15.0,
        latency: float = 0.0,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.clock = clock
        self.callback_answer_timeout = callback_answer_timeout
        self.flood = FloodControl(
            per_chat_rate,
            global_rate,
            clock,
            per_chat_burst=per_chat_burst,
            per_group=group_rate,
            group_burst=group_burst,
        )

        self.rejections: list[Rejection] = []
        self.sent: list[SentCall] = []
        self.log: list[LogEntry] = []
        self.log_changed = Signal()
        # {(scope key, language_code): [{"command": ..., "description": ...}]}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.webhook_url = ""
        # Fault injection for tests: called before every method with its name and chat id;
        # it may raise ApiError (a 429, a 5xx), sleep (a timeout) or stop the bot (a crash).
        self.before_call: Callable[[str, Any], Awaitable[None]] | None = None
        # First-class faults (429, 5xx, timeouts, dropped connections): see faults.py.
        self.faults = FaultPlan()
        # The network round trip each call costs (seconds; 0 = loopback): see latency.py.
        self.latency = Latency(latency)

        self.updates = UpdateQueue()
        self.chats: dict[int, dict[str, Any]] = {}
        self.blocked: set[int] = set()
        self.bot_messages: dict[int, dict[int, BotMessage]] = {}
        self.user_message_ids: dict[int, set[int]] = {}
        self.reply_keyboards: dict[int, dict[str, Any] | None] = {}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.callback_answers: dict[int, list[dict[str, Any]]] = {}
        self.files: dict[str, StoredFile] = {}
        self._users: dict[int, EmulatedUser] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._ids = itertools.count(1)
        self._methods = MethodTable(self)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # ---- lifecycle ---------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_port = self._runner.addresses[0][1]  # the real port when port=0 asked for any
        self.base_url = f"http://{host}:{bound_port}"
        logger.info("Bot API emulator listening on %s", self.base_url)

    async def stop(self) -> None:
        self.updates.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def wait_polling(self, timeout: float = 30.0) -> None:  # noqa: ASYNC109 - public API
        """Return once the bot has made its first getUpdates call."""
        try:
            async with asyncio.timeout(timeout):
                await self.updates.polling.wait()
        except TimeoutError:
            raise TimeoutError(f"the bot did not start polling within {timeout:g}s") from None

    # ---- the users' side ---------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        language_code: str | None = "ru",
        username: str | None = None,
        last_name: str | None = None,
    ) -> EmulatedUser:
        """The handle for a private-chat user; the same object on every call for one id."""
        if user_id not in self._users:
            self._users[user_id] = EmulatedUser(
                self, user_id, first_name, language_code, username, last_name
            )
        return self._users[user_id]

    @property
    def users(self) -> dict[int, EmulatedUser]:
        return dict(self._users)

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (without update_id); its chats become known to the bot."""
        for key in _CHAT_KEYS:
            body = update.get(key)
            if isinstance(body, dict) and isinstance(body.get("chat"), dict):
                self.remember_chat(body["chat"])
                if isinstance(body.get("message_id"), int):  # the bot may reply to it
                    chat_id = int(body["chat"]["id"])
                    self.user_message_ids.setdefault(chat_id, set()).add(body["message_id"])
        query = update.get("callback_query")
        if isinstance(query, dict) and isinstance(query.get("message"), dict):
            self.remember_chat(query["message"]["chat"])
        return self.updates.push(update)

    async def wait_processed(self, update_id: int, timeout: float = 30.0) -> None:  # noqa: ASYNC109
        await self.updates.wait_processed(update_id, timeout)

    def messages_in(self, chat_id: int) -> list[BotMessage]:
        return sorted(self.bot_messages.get(chat_id, {}).values(), key=lambda m: m.message_id)

    def sent_messages(self, chat_id: int | None = None) -> list[SentCall]:
        """Successful sendMessage/sendPhoto/sendDocument calls, optionally for one chat."""
        return [
            call
            for call in self.sent
            if call.method in MESSAGE_METHODS and (chat_id is None or call.chat_id == chat_id)
        ]

    # ---- shared state helpers (used by methods.py and users.py) -----------------------------

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def remember_chat(self, chat: dict[str, Any]) -> None:
        self.chats[int(chat["id"])] = dict(chat)

    def next_message_id(self, chat_id: int) -> int:
        # In a private chat both sides share one message_id sequence.
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def next_id(self) -> int:
        return next(self._ids)

    def add_log(self, chat_id: int, message_id: int, action: LogAction) -> None:
        self.log.append(LogEntry(len(self.log) + 1, chat_id, message_id, action))
        self.log_changed.notify()

    def record_sent(self, method: str, chat_id: int | None, message_id: int | None) -> None:
        self.sent.append(SentCall(method, chat_id, message_id, self.clock()))

    def message_json(self, message: BotMessage) -> dict[str, Any]:
        """The Bot API Message object for a bot message, as the bot or a callback sees it."""
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.bot_user,
            "chat": self.chats.get(message.chat_id, {"id": message.chat_id, "type": "private"}),
            "date": message.date,
        }
        if message.edit_date is not None:
            body["edit_date"] = message.edit_date
        if message.kind == "text":
            body["text"] = message.text
            if message.entities:
                body["entities"] = message.entities
        else:
            body.update(self._media_json(message))
        if message.inline_keyboard:
            body["reply_markup"] = {"inline_keyboard": message.inline_keyboard}
        return body

    def _media_json(self, message: BotMessage) -> dict[str, Any]:
        stored = self.files.get(message.file_id or "")
        size = len(message.file_bytes or b"")
        unique = stored.file_unique_id if stored else ""
        body: dict[str, Any] = {}
        if message.kind == "photo":
            body["photo"] = [
                {
                    "file_id": message.file_id,
                    "file_unique_id": unique,
                    "width": 1280,
                    "height": 720,
                    "file_size": size,
                }
            ]
        else:
            document: dict[str, Any] = {"file_id": message.file_id, "file_unique_id": unique}
            if message.filename:
                document["file_name"] = message.filename
            if message.mime_type:
                document["mime_type"] = message.mime_type
            document["file_size"] = size
            body["document"] = document
        if message.caption is not None:
            body["caption"] = message.caption
            if message.entities:
                body["caption_entities"] = message.entities
        return body

    def store_file(
        self, data: bytes, filename: str | None, mime_type: str | None, folder: str
    ) -> StoredFile:
        serial = self.next_id()
        file_id = f"EMU{folder[:3].upper()}{serial:08d}"
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=f"U{serial:08d}",
            data=data,
            filename=filename,
            mime_type=mime_type,
            path=f"{folder}/file_{serial}{_extension(filename)}",
        )
        self.files[file_id] = stored
        return stored

    # ---- HTTP --------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        round_trip = self.latency.round_trip(method)
        await self.latency.travel(round_trip / 2)  # the request on its way to Telegram
        response = await self._serve(request, method)
        await self.latency.travel(round_trip / 2)  # the answer on its way back
        return response

    async def _serve(self, request: web.Request, method: str) -> web.Response:
        chat_id: int | str | None = None
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, errors.UNAUTHORIZED)
            handler = self._methods.get(method)
            if handler is None:
                raise ApiError(404, errors.METHOD_NOT_FOUND)
            params = await read_params(request)
            chat_id = params.raw("chat_id")
            if self.before_call is not None:
                await self.before_call(method, chat_id)
            fault = self.faults.take(method, chat_id)
            if fault is not None:
                return await self._inject(request, fault, handler, params)
            result = await handler(params)
        except ApiError as exc:
            return self._refuse(method, chat_id, exc)
        except (ValueError, TypeError) as exc:
            # A malformed argument aiogram would never send; answer like Telegram's generic 400.
            logger.warning("emulator: bad arguments for %s: %s", method, exc)
            return self._refuse(method, chat_id, ApiError(400, f"Bad Request: {exc}"))
        return _json_response(200, {"ok": True, "result": result})

    async def _inject(
        self,
        request: web.Request,
        fault: Fault,
        handler: Handler,
        params: Params,
    ) -> web.Response:
        """Answer ``request`` with an injected fault instead of performing it."""
        if fault.kind == "rate_limit":
            description = errors.TOO_MANY_REQUESTS.format(retry_after=fault.retry_after)
            return _json_response(
                429,
                {
                    "ok": False,
                    "error_code": 429,
                    "description": description,
                    "parameters": {"retry_after": fault.retry_after},
                },
                {"Retry-After": str(fault.retry_after)},
            )
        if fault.kind == "server_error":
            description = SERVER_ERRORS[fault.status]
            return _json_response(
                fault.status,
                {"ok": False, "error_code": fault.status, "description": description},
            )
        if fault.performed:
            with contextlib.suppress(ApiError, ValueError, TypeError):
                await handler(params)
        if fault.kind == "timeout":
            await asyncio.sleep(fault.delay)
        if request.transport is not None:
            request.transport.abort()  # the client sees the connection reset, no answer
        return web.Response(status=500)

    def _refuse(self, method: str, chat_id: Any, exc: ApiError) -> web.Response:
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        self.rejections.append(Rejection(method, chat_id, exc.code, exc.description))
        logger.info("emulator refused %s (chat %s): %s", method, chat_id, exc.description)
        body: dict[str, Any] = {
            "ok": False,
            "error_code": exc.code,
            "description": exc.description,
        }
        headers: dict[str, str] = {}
        if exc.retry_after is not None:
            body["parameters"] = {"retry_after": exc.retry_after}
            headers["Retry-After"] = str(exc.retry_after)
        return _json_response(exc.code, body, headers)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json_response(
                401, {"ok": False, "error_code": 401, "description": errors.UNAUTHORIZED}
            )
        path = request.match_info["path"]
        stored = next((f for f in self.files.values() if f.path == path), None)
        if stored is None:
            return _json_response(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return web.Response(body=stored.data, content_type="application/octet-stream")


def _json_response(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        headers=headers,
    )


def _extension(filename: str | None) -> str:
    if filename and "." in filename:
        return "." + filename.rsplit(".", 1)[1]
    return ""
