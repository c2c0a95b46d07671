"""The users' side of a private chat: send text, press the button labelled X, read replies.

Each action enqueues one update and waits until the bot has confirmed it, then returns the bot
messages sent or edited in this chat meanwhile, so tests read like a conversation.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from bot.devtools.emulator.models import BotMessage, CallbackQueryRecord

if TYPE_CHECKING:
    from bot.devtools.emulator.server import BotAPIEmulator

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_/<>])")
_TINY_JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


class EmulatedUser:
    def __init__(
        self,
        emu: BotAPIEmulator,
        user_id: int,
        first_name: str,
        language_code: str | None,
        username: str | None,
        last_name: str | None = None,
    ) -> None:
        self.emu = emu
        self.id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.username = username
        self.last_name = last_name
        self.timeout = 30.0  # upper bound to wait for the bot per action (a loaded CI box is slow)

    # ---- identities --------------------------------------------------------------------------

    @property
    def chat_id(self) -> int:
        return self.id  # a private chat's id is the user's id

    @property
    def user_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            body["last_name"] = self.last_name
        if self.username:
            body["username"] = self.username
        if self.language_code:
            body["language_code"] = self.language_code
        return body

    @property
    def chat_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            body["last_name"] = self.last_name
        if self.username:
            body["username"] = self.username
        return body

    # ---- actions -----------------------------------------------------------------------------

    async def send(self, text: str) -> list[BotMessage]:
        """Send a text message (a leading /command gets its bot_command entity)."""
        return await self._send_message(self._text_body(text))

    def send_nowait(self, text: str) -> int:
        """Enqueue a text message without waiting for the bot; returns the update_id."""
        return self.emu.push_update({"message": self._message_body(self._text_body(text))})

    async def send_sticker(self, emoji: str = "👍") -> list[BotMessage]:
        stored = self.emu.store_file(b"sticker", "sticker.webp", "image/webp", "stickers")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._send_message({"sticker": sticker})

    async def send_photo(self, caption: str | None = None) -> list[BotMessage]:
        stored = self.emu.store_file(_TINY_JPEG, "photo.jpg", "image/jpeg", "photos")
        size = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": 1,
            "height": 1,
            "file_size": len(_TINY_JPEG),
        }
        body: dict[str, Any] = {"photo": [size]}
        if caption:
            body["caption"] = caption
        return await self._send_message(body)

    async def send_voice(self, duration: int = 3) -> list[BotMessage]:
        stored = self.emu.store_file(b"OggS", "voice.ogg", "audio/ogg", "voice")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": 4,
        }
        return await self._send_message({"voice": voice})

    async def send_document(
        self, data: bytes, filename: str, mime_type: str = "application/octet-stream"
    ) -> list[BotMessage]:
        stored = self.emu.store_file(data, filename, mime_type, "documents")
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        return await self._send_message({"document": document})

    async def press(self, label: str) -> list[BotMessage]:
        """Press the inline button labelled ``label`` on the newest message that has it.

        An exact label wins; otherwise ``label`` may be a substring of exactly one button.
        """
        message, button = self.find_button(label)
        return await self._act(self._callback_update(message, button))

    async def press_button(self, message: BotMessage, index: int) -> list[BotMessage]:
        """Press the ``index``-th (0-based, row by row) inline button of ``message``."""
        buttons = [button for row in message.inline_keyboard for button in row]
        if not 0 <= index < len(buttons):
            raise AssertionError(f"message {message.message_id} has {len(buttons)} buttons")
        return await self._act(self._callback_update(message, buttons[index]))

    def text_update(self, text: str) -> dict[str, Any]:
        """The update a text message would be, for feeding a Dispatcher directly."""
        self.emu.remember_chat(self.chat_json)
        return {"message": self._message_body(self._text_body(text))}

    def press_update(self, label: str) -> dict[str, Any]:
        """The update pressing ``label`` would be, for feeding a Dispatcher directly."""
        message, button = self.find_button(label)
        return self._callback_update(message, button)

    def press_nowait(self, label: str) -> str:
        """Enqueue a button press without waiting for the bot; returns the callback query id."""
        message, button = self.find_button(label)
        update = self._callback_update(message, button)
        self.emu.push_update(update)
        return str(update["callback_query"]["id"])

    def _callback_update(self, message: BotMessage, button: dict[str, Any]) -> dict[str, Any]:
        data = button.get("callback_data")
        if not isinstance(data, str):
            kinds = sorted(key for key in button if key != "text")
            raise AssertionError(f"button {button.get('text')!r} has no callback_data ({kinds})")
        query_id = str(self.emu.bot_id * 1000 + self.emu.next_id())
        self.emu.callback_queries[query_id] = CallbackQueryRecord(
            query_id=query_id, chat_id=self.chat_id, created_at=self.emu.clock()
        )
        return {
            "callback_query": {
                "id": query_id,
                "from": self.user_json,
                "message": self.emu.message_json(message),
                "chat_instance": str(self.chat_id),
                "data": data,
            }
        }

    def find_button(self, label: str) -> tuple[BotMessage, dict[str, Any]]:
        live = [m for m in reversed(self.messages) if not m.deleted and m.inline_keyboard]
        for message in live:
            for row in message.inline_keyboard:
                for button in row:
                    if button.get("text") == label:
                        return message, button
        for message in live:
            partial = [
                button
                for row in message.inline_keyboard
                for button in row
                if label in str(button.get("text", ""))
            ]
            if len(partial) == 1:
                return message, partial[0]
            if partial:
                names = [str(b.get("text")) for b in partial]
                raise AssertionError(f"{label!r} matches several buttons: {names}")
        available = {m.message_id: m.buttons for m in live[:5]}
        raise AssertionError(
            f"no button {label!r} in chat {self.chat_id}; newest messages' buttons: {available}"
        )

    def block(self, *, notify: bool = True) -> None:
        """The user blocks the bot: sends now fail with 403, as on Telegram."""
        self.emu.blocked.add(self.chat_id)
        if notify:
            self._member_update("member", "kicked")

    def unblock(self, *, notify: bool = True) -> None:
        self.emu.blocked.discard(self.chat_id)
        if notify:
            self._member_update("kicked", "member")

    # ---- what the user sees ------------------------------------------------------------------

    @property
    def messages(self) -> list[BotMessage]:
        """All bot messages in this chat, edits applied, deleted ones flagged."""
        return self.emu.messages_in(self.chat_id)

    @property
    def last(self) -> BotMessage:
        visible = [m for m in self.messages if not m.deleted]
        if not visible:
            raise AssertionError(f"the bot has sent nothing to chat {self.chat_id}")
        return visible[-1]

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        return self.emu.callback_answers.get(self.chat_id, [])

    @property
    def reply_keyboard(self) -> list[list[str]]:
        """The reply keyboard currently shown under the input field."""
        markup = self.emu.reply_keyboards.get(self.chat_id)
        if not markup:
            return []
        return [
            [str(b.get("text", "")) if isinstance(b, dict) else str(b) for b in row]
            for row in markup.get("keyboard", [])
        ]

    # ---- internals ---------------------------------------------------------------------------

    @staticmethod
    def _text_body(text: str) -> dict[str, Any]:
        body: dict[str, Any] = {"text": text}
        command = _COMMAND.match(text)
        if command:
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
        return body

    def _message_body(self, body: dict[str, Any]) -> dict[str, Any]:
        if self.chat_id in self.emu.blocked:
            raise AssertionError(f"user {self.id} has blocked the bot; call unblock() first")
        message_id = self.emu.next_message_id(self.chat_id)
        self.emu.user_message_ids.setdefault(self.chat_id, set()).add(message_id)
        return {
            "message_id": message_id,
            "from": self.user_json,
            "chat": self.chat_json,
            "date": int(time.time()),
            **body,
        }

    async def _send_message(self, body: dict[str, Any]) -> list[BotMessage]:
        return await self._act({"message": self._message_body(body)})

    async def _act(self, update: dict[str, Any]) -> list[BotMessage]:
        mark = len(self.emu.log)
        update_id = self.emu.push_update(update)
        await self.emu.wait_processed(update_id, timeout=self.timeout)
        seen: dict[int, None] = {}
        for entry in self.emu.log[mark:]:
            if entry.chat_id == self.chat_id and entry.action in ("sent", "edited"):
                seen.setdefault(entry.message_id, None)
        chat = self.emu.bot_messages.get(self.chat_id, {})
        return [chat[message_id] for message_id in seen if message_id in chat]

    def _member_update(self, old: str, new: str) -> None:
        if self.chat_id not in self.emu.chats:
            return  # the bot never met this user, so Telegram would not tell it either
        self.emu.push_update(
            {
                "my_chat_member": {
                    "chat": self.chat_json,
                    "from": self.user_json,
                    "date": int(time.time()),
                    "old_chat_member": _member(old, self.emu.bot_user),
                    "new_chat_member": _member(new, self.emu.bot_user),
                }
            }
        )


def _member(status: str, bot_user: dict[str, Any]) -> dict[str, Any]:
    """A ChatMember; Telegram always gives a "kicked" one its until_date (0 = for ever)."""
    return {"status": status, "user": bot_user, **({"until_date": 0} if status == "kicked" else {})}
