"""What the emulator remembers: messages the bot sent, refusals, and the chat event log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

MessageKind = Literal["text", "photo", "document"]
LogAction = Literal["sent", "edited", "deleted"]


@dataclass
class BotMessage:
    """One message the bot sent, with edits applied in place."""

    message_id: int
    chat_id: int
    date: int
    kind: MessageKind
    html: str  # text or caption exactly as the bot sent it
    text: str  # what the user reads: text (or caption) after entity parsing
    entities: list[dict[str, Any]] = field(default_factory=list)
    parse_mode: str | None = None
    caption: str | None = None  # parsed caption, media messages only
    file_bytes: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    file_id: str | None = None
    reply_markup: dict[str, Any] | None = None
    edited: bool = False
    deleted: bool = False
    edit_date: int | None = None

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard")
        return rows if isinstance(rows, list) else []

    @property
    def buttons(self) -> list[list[str]]:
        """Inline button labels, row by row."""
        return [[str(button.get("text", "")) for button in row] for row in self.inline_keyboard]

    @property
    def reply_buttons(self) -> list[list[str]]:
        """Reply-keyboard button labels, row by row (buttons may be strings or objects)."""
        rows = (self.reply_markup or {}).get("keyboard")
        if not isinstance(rows, list):
            return []
        return [
            [str(b.get("text", "")) if isinstance(b, dict) else str(b) for b in row]
            for row in rows
            if isinstance(row, list)
        ]


@dataclass(frozen=True)
class Rejection:
    """A request the emulator refused, the way Telegram would have."""

    method: str
    chat_id: int | str | None
    code: int
    description: str


@dataclass(frozen=True)
class SentCall:
    """A successful outgoing call (send*, edit*, delete, chat action), in order."""

    method: str
    chat_id: int | None
    message_id: int | None
    at: float  # the emulator clock, so fan-out tests can check pacing


@dataclass(frozen=True)
class LogEntry:
    """One visible change in a chat, for ``send()`` replies and the demo printer."""

    seq: int
    chat_id: int
    message_id: int
    action: LogAction


@dataclass
class CallbackQueryRecord:
    query_id: str
    chat_id: int
    created_at: float
    answered: bool = False


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    filename: str | None = None
    mime_type: str | None = None
    path: str = ""
