"""The Bot API methods the emulator answers, with Telegram's checks in Telegram's order.

Order matters when a request is wrong in two ways: the Bot API server checks its arguments
(text, parse_mode, markup) first, TDLib then checks the chat and the parsed text, and the
Telegram servers last refuse blocked users and flooding.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.devtools.emulator import errors, validation
from bot.devtools.emulator.errors import ApiError, bad_request
from bot.devtools.emulator.html_parser import ParsedText
from bot.devtools.emulator.models import BotMessage, MessageKind, StoredFile
from bot.devtools.emulator.params import Params

if TYPE_CHECKING:
    from bot.devtools.emulator.server import BotAPIEmulator

Handler = Callable[[Params], Awaitable[Any]]
WRONG_FILE_ID = "Bad Request: wrong file identifier/HTTP URL specified"


class MethodTable:
    def __init__(self, emu: BotAPIEmulator) -> None:
        self.emu = emu
        handlers: dict[str, Handler] = {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendDocument": self.send_document,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "deleteMessages": self.delete_messages,
            "answerCallbackQuery": self.answer_callback_query,
            "sendChatAction": self.send_chat_action,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setMyDescription": self.set_my_description,
            "getMyDescription": self.get_my_description,
            "setMyShortDescription": self.set_my_short_description,
            "getMyShortDescription": self.get_my_short_description,
            "setMyName": self.set_my_name,
            "getMyName": self.get_my_name,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "getFile": self.get_file,
            "close": self.always_true,
            "logOut": self.always_true,
        }
        # The Bot API server matches method names case-insensitively.
        self._handlers = {name.lower(): handler for name, handler in handlers.items()}

    def get(self, method: str) -> Handler | None:
        return self._handlers.get(method.lower())

    # ---- common checks -----------------------------------------------------------------------

    def chat(self, params: Params) -> int:
        raw = params.raw("chat_id")
        if raw in (None, ""):
            raise bad_request(errors.CHAT_ID_EMPTY)
        text = str(raw)
        if text.startswith("@"):
            for chat_id, chat in self.emu.chats.items():
                if f"@{chat.get('username', '')}".lower() == text.lower():
                    return chat_id
            raise bad_request(errors.CHAT_NOT_FOUND)
        try:
            chat_id = int(text)
        except ValueError:
            raise bad_request(errors.CHAT_NOT_FOUND) from None
        if chat_id not in self.emu.chats:
            raise bad_request(errors.CHAT_NOT_FOUND)
        return chat_id

    def reachable(self, chat_id: int) -> None:
        if chat_id in self.emu.blocked:
            raise ApiError(403, errors.BOT_BLOCKED)

    def flood(self, chat_id: int) -> None:
        wait = self.emu.flood.retry_after(chat_id)
        if wait is not None:
            raise errors.too_many_requests(wait)
        self.emu.flood.record(chat_id)

    def reply_target(self, params: Params, chat_id: int) -> None:
        reply = params.parsed("reply_parameters") or {}
        target = params.integer("reply_to_message_id") or reply.get("message_id")
        if not target:
            return
        allow = params.flag("allow_sending_without_reply") or reply.get(
            "allow_sending_without_reply"
        )
        known = target in self.emu.bot_messages.get(
            chat_id, {}
        ) or target in self.emu.user_message_ids.get(chat_id, set())
        if not known and not allow:
            raise bad_request(errors.REPLY_TO_NOT_FOUND)

    def bot_message(self, params: Params, chat_id: int, *, action: str) -> BotMessage:
        message_id = params.integer("message_id")
        messages = self.emu.bot_messages.get(chat_id, {})
        message = messages.get(message_id or 0)
        if message is None or message.deleted:
            if message_id in self.emu.user_message_ids.get(chat_id, set()):
                raise bad_request(errors.MESSAGE_CANT_BE_EDITED)
            raise bad_request(f"Bad Request: message to {action} not found")
        return message

    # ---- updates & identity ------------------------------------------------------------------

    async def get_me(self, params: Params) -> Any:
        return {
            **self.emu.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_updates(self, params: Params) -> Any:
        if self.emu.webhook_url:
            raise ApiError(409, errors.WEBHOOK_ACTIVE)
        limit = min(max(params.integer("limit") or 100, 1), 100)
        timeout = max(params.number("timeout") or 0.0, 0.0)
        allowed = params.parsed("allowed_updates")
        return await self.emu.updates.fetch(
            params.integer("offset"),
            limit,
            timeout,
            list(allowed) if isinstance(allowed, list) else None,
        )

    async def set_webhook(self, params: Params) -> Any:
        self.emu.webhook_url = params.text("url") or ""
        if params.flag("drop_pending_updates"):
            self.emu.updates.drop_pending()
        return True

    async def delete_webhook(self, params: Params) -> Any:
        self.emu.webhook_url = ""
        if params.flag("drop_pending_updates"):
            self.emu.updates.drop_pending()
        return True

    async def get_webhook_info(self, params: Params) -> Any:
        return {
            "url": self.emu.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": self.emu.updates.pending_count,
        }

    async def always_true(self, params: Params) -> Any:
        return True

    # ---- sending -----------------------------------------------------------------------------

    async def send_message(self, params: Params) -> Any:
        raw = params.text("text")
        parsed = validation.message_text(
            raw, params.text("parse_mode"), params.raw("entities"), edit=False
        )
        markup = validation.reply_markup(params.raw("reply_markup"))
        chat_id = self.chat(params)
        self.reply_target(params, chat_id)
        self.reachable(chat_id)
        self.flood(chat_id)
        message = self._new_message(
            chat_id, "text", raw or "", parsed, params.text("parse_mode"), markup
        )
        return self._deliver("sendMessage", message)

    async def send_photo(self, params: Params) -> Any:
        return await self._send_media(params, "photo", "photos")

    async def send_document(self, params: Params) -> Any:
        return await self._send_media(params, "document", "documents")

    async def _send_media(self, params: Params, kind: MessageKind, folder: str) -> Any:
        field = "photo" if kind == "photo" else "document"
        raw_caption = params.text("caption")
        parsed = validation.caption(
            raw_caption, params.text("parse_mode"), params.raw("caption_entities")
        )
        markup = validation.reply_markup(params.raw("reply_markup"))
        chat_id = self.chat(params)
        stored = self._input_file(params, field, folder)
        self.reply_target(params, chat_id)
        self.reachable(chat_id)
        self.flood(chat_id)
        message = self._new_message(
            chat_id,
            kind,
            raw_caption or "",
            parsed or ParsedText(""),
            params.text("parse_mode"),
            markup,
        )
        message.caption = parsed.text if parsed else None
        message.file_bytes = stored.data
        message.filename = stored.filename
        message.mime_type = stored.mime_type
        message.file_id = stored.file_id
        method = "sendPhoto" if kind == "photo" else "sendDocument"
        return self._deliver(method, message)

    def _input_file(self, params: Params, field: str, folder: str) -> StoredFile:
        value = params.text(field) or ""
        if value.startswith("attach://") and value[len("attach://") :] in params.uploads:
            upload = params.uploads[value[len("attach://") :]]
        elif field in params.uploads:
            upload = params.uploads[field]
        elif value in self.emu.files:
            return self.emu.files[value]
        elif value.startswith(("http://", "https://")):
            name = value.rstrip("/").rsplit("/", 1)[-1] or None
            return self.emu.store_file(b"", name, None, folder)
        else:
            raise bad_request(WRONG_FILE_ID)
        return self.emu.store_file(upload.data, upload.filename, upload.content_type, folder)

    def _new_message(
        self,
        chat_id: int,
        kind: MessageKind,
        raw: str,
        parsed: ParsedText,
        parse_mode: str | None,
        markup: dict[str, Any] | None,
    ) -> BotMessage:
        return BotMessage(
            message_id=self.emu.next_message_id(chat_id),
            chat_id=chat_id,
            date=int(time.time()),
            kind=kind,
            html=raw,
            text=parsed.text,
            entities=parsed.entities,
            parse_mode=parse_mode,
            reply_markup=markup,
        )

    def _deliver(self, method: str, message: BotMessage) -> dict[str, Any]:
        self.emu.bot_messages.setdefault(message.chat_id, {})[message.message_id] = message
        markup = message.reply_markup or {}
        if "keyboard" in markup:
            self.emu.reply_keyboards[message.chat_id] = markup
        elif markup.get("remove_keyboard"):
            self.emu.reply_keyboards[message.chat_id] = None
        self.emu.record_sent(method, message.chat_id, message.message_id)
        self.emu.add_log(message.chat_id, message.message_id, "sent")
        return self.emu.message_json(message)

    # ---- editing & deleting ------------------------------------------------------------------

    async def edit_message_text(self, params: Params) -> Any:
        raw = params.text("text")
        parse_mode = params.text("parse_mode")
        parsed = validation.message_text(raw, parse_mode, params.raw("entities"), edit=True)
        markup = validation.reply_markup(params.raw("reply_markup"))
        chat_id, message = self._edit_target(params)
        if message.kind != "text":
            raise bad_request(errors.NO_TEXT_TO_EDIT)
        self._not_modified(
            message, (parsed.text, parsed.entities), (message.text, message.entities), markup
        )
        self.reachable(chat_id)
        self.flood(chat_id)
        message.html, message.text, message.entities = raw or "", parsed.text, parsed.entities
        message.parse_mode = parse_mode
        return self._edited("editMessageText", message, markup)

    async def edit_message_caption(self, params: Params) -> Any:
        raw = params.text("caption")
        parse_mode = params.text("parse_mode")
        parsed = validation.caption(raw, parse_mode, params.raw("caption_entities"))
        markup = validation.reply_markup(params.raw("reply_markup"))
        chat_id, message = self._edit_target(params)
        if message.kind == "text":
            raise bad_request(errors.MESSAGE_CANT_BE_EDITED)
        new = (parsed.text, parsed.entities) if parsed else ("", [])
        old = (message.caption or "", message.entities)
        self._not_modified(message, new, old, markup)
        self.reachable(chat_id)
        self.flood(chat_id)
        message.html = raw or ""
        message.caption = parsed.text if parsed else None
        message.text = message.caption or ""
        message.entities = parsed.entities if parsed else []
        message.parse_mode = parse_mode
        return self._edited("editMessageCaption", message, markup)

    async def edit_message_reply_markup(self, params: Params) -> Any:
        markup = validation.reply_markup(params.raw("reply_markup"))
        chat_id, message = self._edit_target(params)
        self._not_modified(message, (), (), markup)
        self.reachable(chat_id)
        self.flood(chat_id)
        return self._edited("editMessageReplyMarkup", message, markup)

    def _edit_target(self, params: Params) -> tuple[int, BotMessage]:
        if params.text("inline_message_id"):
            # Inline mode is out of SalesCoach's scope; nothing was ever sent inline.
            raise bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
        chat_id = self.chat(params)
        return chat_id, self.bot_message(params, chat_id, action="edit")

    @staticmethod
    def _not_modified(
        message: BotMessage, new: tuple[Any, ...], old: tuple[Any, ...], markup: Any
    ) -> None:
        current = {"inline_keyboard": message.inline_keyboard} if message.inline_keyboard else None
        proposed = markup if markup and markup.get("inline_keyboard") else None
        if new == old and proposed == current:
            raise bad_request(errors.MESSAGE_NOT_MODIFIED)

    def _edited(
        self, method: str, message: BotMessage, markup: dict[str, Any] | None
    ) -> dict[str, Any]:
        # An edit without reply_markup removes the inline keyboard, as on Telegram.
        message.reply_markup = markup if markup and "inline_keyboard" in markup else None
        message.edited = True
        message.edit_date = int(time.time())
        self.emu.record_sent(method, message.chat_id, message.message_id)
        self.emu.add_log(message.chat_id, message.message_id, "edited")
        return self.emu.message_json(message)

    async def delete_message(self, params: Params) -> Any:
        chat_id = self.chat(params)
        message_id = params.integer("message_id") or 0
        if not self._delete(chat_id, message_id):
            raise bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
        self.emu.record_sent("deleteMessage", chat_id, message_id)
        return True

    async def delete_messages(self, params: Params) -> Any:
        chat_id = self.chat(params)
        ids = params.parsed("message_ids") or []
        # deleteMessages skips ids it cannot find instead of failing.
        for message_id in ids:
            if self._delete(chat_id, int(message_id)):
                self.emu.record_sent("deleteMessages", chat_id, int(message_id))
        return True

    def _delete(self, chat_id: int, message_id: int) -> bool:
        message = self.emu.bot_messages.get(chat_id, {}).get(message_id)
        if message is not None and not message.deleted:
            message.deleted = True
            self.emu.add_log(chat_id, message_id, "deleted")
            return True
        user_ids = self.emu.user_message_ids.get(chat_id, set())
        if message_id in user_ids:
            user_ids.discard(message_id)
            return True
        return False

    # ---- callbacks, actions, commands --------------------------------------------------------

    async def answer_callback_query(self, params: Params) -> Any:
        query_id = params.text("callback_query_id") or ""
        record = self.emu.callback_queries.get(query_id)
        expired = (
            record is None
            or record.answered
            or self.emu.clock() - record.created_at > self.emu.callback_answer_timeout
        )
        if expired or record is None:
            raise bad_request(errors.QUERY_TOO_OLD)
        validation.answer_text(params.text("text"))
        record.answered = True
        self.emu.callback_answers.setdefault(record.chat_id, []).append(
            {
                "callback_query_id": query_id,
                "text": params.text("text"),
                "show_alert": params.flag("show_alert"),
                "url": params.text("url"),
                "cache_time": params.integer("cache_time"),
            }
        )
        return True

    async def send_chat_action(self, params: Params) -> Any:
        chat_id = self.chat(params)
        self.reachable(chat_id)
        self.emu.record_sent("sendChatAction", chat_id, None)
        return True

    async def set_my_commands(self, params: Params) -> Any:
        commands = validation.bot_commands(params.raw("commands"))
        key = self._commands_key(params)
        if commands:
            self.emu.commands[key] = commands
        else:
            self.emu.commands.pop(key, None)
        return True

    async def get_my_commands(self, params: Params) -> Any:
        return self.emu.commands.get(self._commands_key(params), [])

    async def delete_my_commands(self, params: Params) -> Any:
        self.emu.commands.pop(self._commands_key(params), None)
        return True

    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        scope = params.parsed("scope") or {}
        kind = str(scope.get("type", "default"))
        if "chat_id" in scope:
            kind += f":{scope['chat_id']}"
        if "user_id" in scope:
            kind += f":{scope['user_id']}"
        return kind, params.text("language_code") or ""

    async def set_my_description(self, params: Params) -> Any:
        self._store_text(self.emu.descriptions, params, "description")
        return True

    async def get_my_description(self, params: Params) -> Any:
        lang = params.text("language_code") or ""
        return {"description": self.emu.descriptions.get(lang, "")}

    async def set_my_short_description(self, params: Params) -> Any:
        self._store_text(self.emu.short_descriptions, params, "short_description")
        return True

    async def get_my_short_description(self, params: Params) -> Any:
        lang = params.text("language_code") or ""
        return {"short_description": self.emu.short_descriptions.get(lang, "")}

    async def set_my_name(self, params: Params) -> Any:
        self._store_text(self.emu.names, params, "name")
        return True

    async def get_my_name(self, params: Params) -> Any:
        lang = params.text("language_code") or ""
        return {"name": self.emu.names.get(lang, self.emu.bot_first_name)}

    @staticmethod
    def _store_text(store: dict[str, str], params: Params, field: str) -> None:
        lang = params.text("language_code") or ""
        value = params.text(field) or ""
        if value:
            store[lang] = value
        else:
            store.pop(lang, None)

    async def get_file(self, params: Params) -> Any:
        stored = self.emu.files.get(params.text("file_id") or "")
        if stored is None:
            raise bad_request(WRONG_FILE_ID)
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.path,
        }
