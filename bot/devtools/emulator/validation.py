"""Argument checks shared by the Bot API methods, in the order the real server applies them."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from bot.devtools.emulator import errors
from bot.devtools.emulator.errors import bad_request
from bot.devtools.emulator.html_parser import (
    HtmlParseError,
    ParsedText,
    checked_link,
    parse_html,
    utf16_len,
)

logger = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_RAW_TEXT_BYTES = 1 << 15  # tba get_formatted_text: checked before any parsing
MAX_CALLBACK_DATA_BYTES = 64
MAX_ANSWER_TEXT = 200
MAX_BUTTONS = 100  # unofficial threshold (tginfo/Telegram-Limits)
MAX_MARKUP_BYTES = 10 * 1024
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]+$")
# fix_formatted_text trims these from both ends of a message.
_TRIM = " \t\r\n\x0b\x0c"


def parse_formatted(raw: str, parse_mode: str | None, entities: Any) -> ParsedText:
    """Parse ``raw`` per ``parse_mode`` (or take explicit ``entities``); raise ApiError."""
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_RAW_TEXT_BYTES:
        raise bad_request(errors.TEXT_IS_TOO_LONG)
    mode = (parse_mode or "").strip()
    if mode.lower() == "html":
        try:
            parsed = parse_html(raw)
        except HtmlParseError as exc:
            raise errors.cant_parse_entities(str(exc)) from None
    elif mode.lower() in {"markdown", "markdownv2"}:
        # SalesCoach speaks HTML only; Markdown is accepted as plain text rather than half-parsed.
        logger.warning("emulator: parse_mode %s is not parsed, text kept as sent", mode)
        parsed = ParsedText(raw, [])
    elif mode:
        raise bad_request(errors.UNSUPPORTED_PARSE_MODE)
    else:
        parsed = ParsedText(raw, _entities_param(entities))
    return _trim(parsed)


def _entities_param(value: Any) -> list[dict[str, Any]]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _trim(parsed: ParsedText) -> ParsedText:
    """Telegram strips surrounding whitespace; entities are shifted and clipped to match."""
    text = parsed.text
    stripped_left = text.lstrip(_TRIM)
    left = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip(_TRIM)
    size = utf16_len(result)
    entities: list[dict[str, Any]] = []
    for entity in parsed.entities:
        start = max(entity["offset"] - left, 0)
        end = min(entity["offset"] + entity["length"] - left, size)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(result, entities)


def message_text(
    raw: str | None, parse_mode: str | None, entities: Any, *, edit: bool
) -> ParsedText:
    if not raw:
        raise bad_request(errors.MESSAGE_TEXT_EMPTY)
    parsed = parse_formatted(raw, parse_mode, entities)
    if not parsed.text:
        raise bad_request(errors.TEXT_MUST_BE_NON_EMPTY)
    if len(parsed.text) > MAX_TEXT:
        # sendMessage is pre-checked by TDLib; an edit hits the server's MTProto error instead.
        raise bad_request(errors.EDITED_MESSAGE_TOO_LONG if edit else errors.MESSAGE_IS_TOO_LONG)
    return parsed


def caption(raw: str | None, parse_mode: str | None, entities: Any) -> ParsedText | None:
    if not raw:
        return None
    parsed = parse_formatted(raw, parse_mode, entities)
    if len(parsed.text) > MAX_CAPTION:
        raise bad_request(errors.CAPTION_TOO_LONG)
    return parsed if parsed.text else None


def reply_markup(value: Any) -> dict[str, Any] | None:
    """Validate a reply_markup parameter (JSON string or object) and return it as a dict."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise bad_request(errors.REPLY_MARKUP_BAD_JSON) from None
    if not isinstance(value, dict):
        raise bad_request(errors.REPLY_MARKUP_BAD_JSON)
    if len(json.dumps(value, ensure_ascii=False).encode()) > MAX_MARKUP_BYTES:
        raise bad_request(errors.REPLY_MARKUP_TOO_LONG)
    if "inline_keyboard" in value:
        _check_inline_keyboard(value["inline_keyboard"])
    elif "keyboard" in value:
        _check_rows(value["keyboard"])
    return value


def _check_rows(rows: Any) -> int:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(errors.INLINE_KEYBOARD_NOT_ARRAYS)
    count = sum(len(row) for row in rows)
    if count > MAX_BUTTONS:
        raise bad_request(errors.REPLY_MARKUP_TOO_LONG)
    return count


def _check_inline_keyboard(rows: Any) -> None:
    _check_rows(rows)
    for row in rows:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not any(key in button for key in _INLINE_ACTIONS):
        raise bad_request(errors.TEXT_BUTTONS_UNALLOWED)
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or data == "":
            raise bad_request(errors.TEXT_BUTTONS_UNALLOWED)
        if len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise bad_request(errors.BUTTON_DATA_INVALID)
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or checked_link(url) is None:
            raise bad_request(errors.BUTTON_URL_INVALID)


def answer_text(text: str | None) -> None:
    if text and len(text) > MAX_ANSWER_TEXT:
        raise bad_request(errors.ANSWER_TEXT_TOO_LONG)


def bot_commands(value: Any) -> list[dict[str, str]]:
    """Validate setMyCommands' ``commands`` the way TDLib's BotCommand.cpp does."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise bad_request(errors.COMMANDS_BAD_JSON) from None
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise bad_request(errors.COMMANDS_BAD_JSON)
    result: list[dict[str, str]] = []
    for item in value:
        command = str(item.get("command", "")).strip()
        command = command.removeprefix("/")
        description = str(item.get("description", "")).strip()
        if not command:
            raise bad_request(errors.COMMAND_EMPTY)
        if len(command) > 32:
            raise bad_request(errors.COMMAND_TOO_LONG)
        if not _COMMAND_RE.match(command):
            raise bad_request(errors.BOT_COMMAND_INVALID)
        if not description:
            raise bad_request(errors.COMMAND_DESCRIPTION_EMPTY)
        if len(description) > 256:
            raise bad_request(errors.COMMAND_DESCRIPTION_TOO_LONG)
        result.append({"command": command, "description": description})
    return result
