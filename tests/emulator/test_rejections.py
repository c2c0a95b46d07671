"""Every refusal, through a real aiogram Bot over HTTP: exception class and exact description.

The strings are Telegram's own (shared/telegram/errors.json); bots branch on them.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
)

from bot.devtools.emulator import BotAPIEmulator, EmulatedUser, Rejection
from tests.emulator.conftest import FakeClock, make_bot

CANT_PARSE = "Bad Request: can't parse entities: "


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(buttons)])


async def post(emu: BotAPIEmulator, method: str, **fields: Any) -> tuple[int, dict[str, Any]]:
    """A raw form POST, for malformed requests aiogram itself would never produce."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emu.base_url}/bot{emu.token}/{method}", data=fields) as response,
    ):
        return response.status, await response.json()


def assert_recorded(emu: BotAPIEmulator, method: str, code: int, description: str) -> None:
    assert emu.rejections[-1].method == method
    assert (emu.rejections[-1].code, emu.rejections[-1].description) == (code, description)


# ---- access ------------------------------------------------------------------------------


async def test_wrong_token_is_unauthorized(emu: BotAPIEmulator) -> None:
    intruder = make_bot(emu, token="654321:WRONG-TOKEN-abcdefghijklmnop")
    try:
        with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
            await intruder.get_me()
    finally:
        await intruder.session.close()
    assert emu.rejections == [Rejection("getMe", None, 401, "Unauthorized")]


class FooBar(TelegramMethod[bool]):
    __returning__ = bool
    __api_method__ = "fooBar"


async def test_unknown_method_is_not_found(emu: BotAPIEmulator, bot: Bot) -> None:
    with pytest.raises(TelegramNotFound) as caught:
        await bot(FooBar())
    assert caught.value.message == "Not Found: method not found"
    assert_recorded(emu, "fooBar", 404, "Not Found: method not found")


# ---- HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("a <b", "Unclosed start tag at byte offset 2"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
    ids=[
        "unknown-tag",
        "unclosed-tag",
        "stray-lt",
        "unclosed-start",
        "mismatch",
        "stray-end",
        "span",
    ],
)
async def test_html_telegram_cannot_parse(
    emu: BotAPIEmulator, bot: Bot, ann: EmulatedUser, text: str, detail: str
) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, text)
    assert caught.value.message == CANT_PARSE + detail
    assert emu.rejections == [Rejection("sendMessage", ann.chat_id, 400, CANT_PARSE + detail)]


async def test_unknown_named_entity_is_accepted_as_literal_text(
    emu: BotAPIEmulator, bot: Bot, ann: EmulatedUser
) -> None:
    # Real Telegram keeps "&foo;" verbatim rather than refusing (TDLib decode_html_entity).
    sent = await bot.send_message(ann.chat_id, "R&foo; &amp; D")
    assert sent.text == "R&foo; & D"
    assert emu.rejections == []


async def test_parse_mode_must_be_known(emu: BotAPIEmulator, bot: Bot, ann: EmulatedUser) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, "hi", parse_mode="BBCode")
    assert caught.value.message == "Bad Request: unsupported parse_mode"


# ---- lengths & emptiness -------------------------------------------------------------------


async def test_text_over_4096_after_parsing(bot: Bot, ann: EmulatedUser) -> None:
    await bot.send_message(ann.chat_id, "<b>" + "я" * 4096 + "</b>")  # tags don't count
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, "я" * 4097)
    assert caught.value.message == "Bad Request: message is too long"


async def test_raw_text_over_32k_bytes(bot: Bot, ann: EmulatedUser) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, "<i></i>" * 5000)
    assert caught.value.message == "Bad Request: text is too long"


async def test_edited_text_over_4096(bot: Bot, ann: EmulatedUser) -> None:
    sent = await bot.send_message(ann.chat_id, "short")
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.edit_message_text("x" * 4097, chat_id=ann.chat_id, message_id=sent.message_id)
    assert caught.value.message == "Bad Request: MESSAGE_TOO_LONG"


async def test_caption_over_1024(bot: Bot, ann: EmulatedUser) -> None:
    photo = BufferedInputFile(b"\xff\xd8", "p.jpg")
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_photo(ann.chat_id, photo, caption="c" * 1025)
    assert caught.value.message == "Bad Request: message caption is too long"


async def test_empty_text(bot: Bot, ann: EmulatedUser) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, "")
    assert caught.value.message == "Bad Request: message text is empty"


@pytest.mark.parametrize("text", ["   \n ", "<b></b>", "<i> </i>"])
async def test_text_empty_after_parsing(bot: Bot, ann: EmulatedUser, text: str) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, text)
    assert caught.value.message == "Bad Request: text must be non-empty"


# ---- keyboards -----------------------------------------------------------------------------


@pytest.mark.parametrize("data", ["x" * 65, "я" * 33])  # 65 and 66 bytes of UTF-8
async def test_callback_data_over_64_bytes(bot: Bot, ann: EmulatedUser, data: str) -> None:
    markup = keyboard(InlineKeyboardButton(text="Go", callback_data=data))
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, "pick", reply_markup=markup)
    assert caught.value.message == "Bad Request: BUTTON_DATA_INVALID"


async def test_callback_data_of_64_bytes_is_fine(bot: Bot, ann: EmulatedUser) -> None:
    markup = keyboard(InlineKeyboardButton(text="Go", callback_data="я" * 32))
    sent = await bot.send_message(ann.chat_id, "pick", reply_markup=markup)
    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "я" * 32


TEXT_BUTTONS = (
    "Bad Request: can't parse inline keyboard button: "
    "Text buttons are unallowed in the inline keyboard"
)


async def test_inline_button_without_action(bot: Bot, ann: EmulatedUser) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(
            ann.chat_id, "pick", reply_markup=keyboard(InlineKeyboardButton(text="Just text"))
        )
    assert caught.value.message == TEXT_BUTTONS


async def test_inline_button_with_empty_callback_data(bot: Bot, ann: EmulatedUser) -> None:
    markup = keyboard(InlineKeyboardButton(text="Empty", callback_data=""))
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, "pick", reply_markup=markup)
    assert caught.value.message == TEXT_BUTTONS


async def test_button_url_invalid(bot: Bot, ann: EmulatedUser) -> None:
    markup = keyboard(InlineKeyboardButton(text="Site", url="not a url"))
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, "see", reply_markup=markup)
    assert caught.value.message == "Bad Request: BUTTON_URL_INVALID"


async def test_reply_markup_too_long(bot: Bot, ann: EmulatedUser) -> None:
    rows = [[InlineKeyboardButton(text=str(i), callback_data=str(i))] for i in range(101)]
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(
            ann.chat_id, "many", reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
        )
    assert caught.value.message == "Bad Request: reply markup is too long"


async def test_reply_markup_not_json(emu: BotAPIEmulator, ann: EmulatedUser) -> None:
    status, body = await post(
        emu, "sendMessage", chat_id=str(ann.chat_id), text="hi", reply_markup="{not json"
    )
    assert status == 400
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: can't parse reply keyboard markup JSON object",
    }
    assert_recorded(emu, "sendMessage", 400, body["description"])


async def test_inline_keyboard_not_array_of_arrays(emu: BotAPIEmulator, ann: EmulatedUser) -> None:
    status, body = await post(
        emu,
        "sendMessage",
        chat_id=str(ann.chat_id),
        text="hi",
        reply_markup='{"inline_keyboard": [{"text": "a", "callback_data": "a"}]}',
    )
    assert status == 400
    assert body["description"] == (
        'Bad Request: Field "inline_keyboard" of the InlineKeyboardMarkup '
        "must be an Array of Arrays"
    )


# ---- commands ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "description", "error"),
    [
        ("Start", "Begin", "Bad Request: BOT_COMMAND_INVALID"),
        ("my-command", "Begin", "Bad Request: BOT_COMMAND_INVALID"),
        ("", "Begin", "Bad Request: command must be non-empty"),
        ("c" * 33, "Begin", "Bad Request: command length must not exceed 32"),
        ("start", "", "Bad Request: command description must be non-empty"),
        ("start", "d" * 257, "Bad Request: command description length must not exceed 256"),
    ],
    ids=["upper-case", "hyphen", "empty", "too-long", "no-description", "long-description"],
)
async def test_invalid_bot_commands(
    emu: BotAPIEmulator, bot: Bot, command: str, description: str, error: str
) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.set_my_commands([BotCommand(command=command, description=description)])
    assert caught.value.message == error
    assert emu.commands == {}


async def test_commands_not_a_json_array(emu: BotAPIEmulator) -> None:
    status, body = await post(emu, "setMyCommands", commands='{"command": "start"}')
    assert (status, body["description"]) == (400, "Bad Request: can't parse commands JSON object")


# ---- chats & users -------------------------------------------------------------------------


async def test_unknown_chat(emu: BotAPIEmulator, bot: Bot) -> None:
    emu.user(2002, first_name="Never wrote")  # a handle alone does not introduce the user
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(2002, "hello?")
    assert caught.value.message == "Bad Request: chat not found"
    assert emu.rejections == [Rejection("sendMessage", 2002, 400, "Bad Request: chat not found")]


async def test_chat_id_missing(emu: BotAPIEmulator) -> None:
    status, body = await post(emu, "sendMessage", text="to whom?")
    assert (status, body["description"]) == (400, "Bad Request: chat_id is empty")


async def test_blocked_user(emu: BotAPIEmulator, bot: Bot, ann: EmulatedUser) -> None:
    ann.block()
    with pytest.raises(TelegramForbiddenError) as caught:
        await bot.send_message(ann.chat_id, "still there?")
    assert caught.value.message == "Forbidden: bot was blocked by the user"
    assert_recorded(emu, "sendMessage", 403, "Forbidden: bot was blocked by the user")
    ann.unblock()
    await bot.send_message(ann.chat_id, "welcome back")


async def test_reply_to_unknown_message(bot: Bot, ann: EmulatedUser) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ann.chat_id, "re", reply_parameters=ReplyParameters(message_id=999))
    assert caught.value.message == "Bad Request: message to be replied not found"


async def test_wrong_file_identifier(bot: Bot, ann: EmulatedUser) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_document(ann.chat_id, "no-such-file-id")
    assert caught.value.message == "Bad Request: wrong file identifier/HTTP URL specified"


# ---- flood control -------------------------------------------------------------------------


async def test_per_chat_rate_limit(clock: FakeClock) -> None:
    emu = BotAPIEmulator(clock=clock, per_chat_rate=1.0)
    await emu.start()
    bot = make_bot(emu)
    try:
        ann = emu.user(1001)
        ann.send_nowait("hi")
        bob = emu.user(1002)
        bob.send_nowait("hi")
        await bot.send_message(ann.chat_id, "one")
        await bot.send_message(bob.chat_id, "another chat is not limited")
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(ann.chat_id, "two")
        assert caught.value.retry_after == 1
        # aiogram wraps the text; the original description is quoted at the end.
        assert caught.value.message.endswith(
            "Original description: Too Many Requests: retry after 1"
        )
        assert emu.rejections[-1] == Rejection(
            "sendMessage", ann.chat_id, 429, "Too Many Requests: retry after 1"
        )
        clock.advance(1.0)
        await bot.send_message(ann.chat_id, "two, later")
    finally:
        await bot.session.close()
        await emu.stop()


async def test_per_chat_burst_then_one_a_second(clock: FakeClock) -> None:
    """Telegram lets a short burst into a private chat; the emulator models it as at most
    ``burst`` messages in any ``burst / rate`` seconds."""
    emu = BotAPIEmulator(clock=clock, per_chat_rate=1.0, per_chat_burst=3)
    await emu.start()
    bot = make_bot(emu)
    try:
        emu.user(1001).send_nowait("hi")
        for i in range(3):
            await bot.send_message(1001, f"burst {i}")
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(1001, "fourth")
        assert caught.value.retry_after == 3
        clock.advance(3.0)
        await bot.send_message(1001, "fourth, later")
    finally:
        await bot.session.close()
        await emu.stop()


async def test_group_chats_have_their_own_per_minute_limit(clock: FakeClock) -> None:
    emu = BotAPIEmulator(clock=clock, per_chat_rate=1.0, group_rate=20 / 60, group_burst=20)
    await emu.start()
    bot = make_bot(emu)
    try:
        emu.remember_chat({"id": -100500, "type": "group", "title": "Sales"})
        for i in range(20):
            await bot.send_message(-100500, f"to the group {i}")
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(-100500, "21st")
        assert caught.value.retry_after == 60
        assert emu.rejections[-1] == Rejection(
            "sendMessage", -100500, 429, "Too Many Requests: retry after 60"
        )
        clock.advance(60.0)
        await bot.send_message(-100500, "a minute later")
    finally:
        await bot.session.close()
        await emu.stop()


async def test_global_rate_limit_counts_edits(clock: FakeClock) -> None:
    emu = BotAPIEmulator(clock=clock, global_rate=3.0)
    await emu.start()
    bot = make_bot(emu)
    try:
        users = [emu.user(1000 + i) for i in range(4)]
        for user in users:
            user.send_nowait("hi")
        first = await bot.send_message(users[0].chat_id, "1")
        await bot.send_message(users[1].chat_id, "2")
        await bot.edit_message_text(
            "1 edited", chat_id=users[0].chat_id, message_id=first.message_id
        )
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(users[3].chat_id, "4")
        assert caught.value.retry_after == 1
        clock.advance(0.5)
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(users[3].chat_id, "4")
        clock.advance(0.5)
        await bot.send_message(users[3].chat_id, "4")
    finally:
        await bot.session.close()
        await emu.stop()


async def test_retry_after_header_and_parameters(clock: FakeClock) -> None:
    emu = BotAPIEmulator(clock=clock, per_chat_rate=1 / 3)  # one message per 3 s
    await emu.start()
    try:
        emu.user(1001).send_nowait("hi")
        assert (await post(emu, "sendMessage", chat_id="1001", text="a"))[0] == 200
        clock.advance(1)
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"{emu.base_url}/bot{emu.token}/sendMessage", data={"chat_id": "1001", "text": "b"}
            ) as response,
        ):
            assert response.status == 429
            assert response.headers["Retry-After"] == "2"
            assert await response.json() == {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 2",
                "parameters": {"retry_after": 2},
            }
    finally:
        await emu.stop()


async def test_rate_limits_are_off_by_default(bot: Bot, ann: EmulatedUser) -> None:
    for i in range(40):
        await bot.send_message(ann.chat_id, f"burst {i}")


# ---- editing & deleting --------------------------------------------------------------------

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


async def test_edit_to_identical_text(bot: Bot, ann: EmulatedUser) -> None:
    markup = keyboard(InlineKeyboardButton(text="A", callback_data="a"))
    sent = await bot.send_message(ann.chat_id, "<b>same</b>", reply_markup=markup)
    with pytest.raises(TelegramBadRequest) as caught:
        # Different markup source, same result: Telegram compares what the user would see.
        await bot.edit_message_text(
            "<strong>same</strong>",
            chat_id=ann.chat_id,
            message_id=sent.message_id,
            reply_markup=markup,
        )
    assert caught.value.message == NOT_MODIFIED


async def test_edit_to_identical_markup(bot: Bot, ann: EmulatedUser) -> None:
    markup = keyboard(InlineKeyboardButton(text="A", callback_data="a"))
    sent = await bot.send_message(ann.chat_id, "pick", reply_markup=markup)
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.edit_message_reply_markup(
            chat_id=ann.chat_id, message_id=sent.message_id, reply_markup=markup
        )
    assert caught.value.message == NOT_MODIFIED


async def test_edit_unknown_message(bot: Bot, ann: EmulatedUser) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.edit_message_text("new", chat_id=ann.chat_id, message_id=4242)
    assert caught.value.message == "Bad Request: message to edit not found"


async def test_edit_users_own_message(bot: Bot, ann: EmulatedUser) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.edit_message_text("hijack", chat_id=ann.chat_id, message_id=1)
    assert caught.value.message == "Bad Request: message can't be edited"


async def test_edit_text_of_a_photo(bot: Bot, ann: EmulatedUser) -> None:
    sent = await bot.send_photo(ann.chat_id, BufferedInputFile(b"\xff\xd8", "p.jpg"))
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.edit_message_text("text", chat_id=ann.chat_id, message_id=sent.message_id)
    assert caught.value.message == "Bad Request: there is no text in the message to edit"


async def test_delete_unknown_message(bot: Bot, ann: EmulatedUser) -> None:
    sent = await bot.send_message(ann.chat_id, "bye")
    assert await bot.delete_message(ann.chat_id, sent.message_id)
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.delete_message(ann.chat_id, sent.message_id)
    assert caught.value.message == "Bad Request: message to delete not found"


# ---- callback queries ----------------------------------------------------------------------

QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


async def _pressed(bot: Bot, user: EmulatedUser) -> str:
    markup = keyboard(InlineKeyboardButton(text="Press me", callback_data="p"))
    await bot.send_message(user.chat_id, "go", reply_markup=markup)
    return user.press_nowait("Press me")


async def test_callback_answered_twice(bot: Bot, ann: EmulatedUser) -> None:
    query_id = await _pressed(bot, ann)
    assert await bot.answer_callback_query(query_id, text="ok")
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.answer_callback_query(query_id)
    assert caught.value.message == QUERY_TOO_OLD
    assert ann.callback_answers == [
        {
            "callback_query_id": query_id,
            "text": "ok",
            "show_alert": False,
            "url": None,
            "cache_time": None,
        }
    ]


async def test_callback_answered_after_timeout(
    bot: Bot, ann: EmulatedUser, clock: FakeClock
) -> None:
    query_id = await _pressed(bot, ann)
    clock.advance(15.5)
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.answer_callback_query(query_id)
    assert caught.value.message == QUERY_TOO_OLD


async def test_callback_unknown_id(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.answer_callback_query("no-such-query")
    assert caught.value.message == QUERY_TOO_OLD


async def test_callback_answer_text_over_200(bot: Bot, ann: EmulatedUser) -> None:
    query_id = await _pressed(bot, ann)
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.answer_callback_query(query_id, text="t" * 201)
    assert caught.value.message == "Bad Request: MESSAGE_TOO_LONG"
    assert await bot.answer_callback_query(query_id, text="t" * 200)


# ---- webhook -------------------------------------------------------------------------------


async def test_get_updates_while_webhook_is_set(bot: Bot) -> None:
    await bot.set_webhook("https://example.com/hook")
    with pytest.raises(TelegramConflictError) as caught:
        await bot.get_updates()
    assert caught.value.message == (
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first"
    )
    await bot.delete_webhook()
    assert await bot.get_updates() == []
