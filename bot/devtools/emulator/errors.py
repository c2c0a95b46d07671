"""Bot API error answers, word for word as the real server sends them.

Every string here comes from ``shared/telegram/errors.json`` (compiled from tdlib/telegram-bot-api
and tdlib/td). aiogram picks its exception class from the HTTP status, and bots match on the
description text, so both must be exact.
"""

from __future__ import annotations

MESSAGE_TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_MUST_BE_NON_EMPTY = "Bad Request: text must be non-empty"
MESSAGE_IS_TOO_LONG = "Bad Request: message is too long"
EDITED_MESSAGE_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
TEXT_IS_TOO_LONG = "Bad Request: text is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
UNSUPPORTED_PARSE_MODE = "Bad Request: unsupported parse_mode"
CANT_PARSE_ENTITIES = "Bad Request: can't parse entities: {detail}"
MESSAGE_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
MESSAGE_TO_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
MESSAGE_CANT_BE_EDITED = "Bad Request: message can't be edited"
NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
REPLY_TO_NOT_FOUND = "Bad Request: message to be replied not found"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
ANSWER_TEXT_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
TEXT_BUTTONS_UNALLOWED = (
    "Bad Request: can't parse inline keyboard button: "
    "Text buttons are unallowed in the inline keyboard"
)
INLINE_KEYBOARD_NOT_ARRAYS = (
    'Bad Request: Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
)
REPLY_MARKUP_BAD_JSON = "Bad Request: can't parse reply keyboard markup JSON object"
REPLY_MARKUP_TOO_LONG = "Bad Request: reply markup is too long"
BUTTON_URL_INVALID = "Bad Request: BUTTON_URL_INVALID"
BOT_COMMAND_INVALID = "Bad Request: BOT_COMMAND_INVALID"
COMMAND_EMPTY = "Bad Request: command must be non-empty"
COMMAND_TOO_LONG = "Bad Request: command length must not exceed 32"
COMMAND_DESCRIPTION_EMPTY = "Bad Request: command description must be non-empty"
COMMAND_DESCRIPTION_TOO_LONG = "Bad Request: command description length must not exceed 256"
COMMANDS_BAD_JSON = "Bad Request: can't parse commands JSON object"
CHAT_NOT_FOUND = "Bad Request: chat not found"
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
BOT_BLOCKED = "Forbidden: bot was blocked by the user"
TOO_MANY_REQUESTS = "Too Many Requests: retry after {retry_after}"
METHOD_NOT_FOUND = "Not Found: method not found"
UNAUTHORIZED = "Unauthorized"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


class ApiError(Exception):
    """A refusal the emulator answers with ``{"ok": false, ...}``."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


def bad_request(description: str) -> ApiError:
    return ApiError(400, description)


def cant_parse_entities(detail: str) -> ApiError:
    # The detail keeps TDLib's capitalisation ("Unsupported start tag ..."), as errors.json shows.
    return ApiError(400, CANT_PARSE_ENTITIES.format(detail=detail))


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, TOO_MANY_REQUESTS.format(retry_after=retry_after), retry_after=retry_after)
