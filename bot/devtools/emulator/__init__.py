"""A local Telegram Bot API emulator for end-to-end tests and the terminal demo."""

from bot.devtools.emulator.errors import ApiError
from bot.devtools.emulator.faults import Fault, FaultPlan, FiredFault
from bot.devtools.emulator.html_parser import HtmlParseError, ParsedText, parse_html
from bot.devtools.emulator.latency import Latency
from bot.devtools.emulator.models import BotMessage, LogEntry, Rejection, SentCall
from bot.devtools.emulator.render import render_entities, render_plain
from bot.devtools.emulator.server import DEFAULT_TOKEN, BotAPIEmulator
from bot.devtools.emulator.users import EmulatedUser

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotAPIEmulator",
    "BotMessage",
    "EmulatedUser",
    "Fault",
    "FaultPlan",
    "FiredFault",
    "HtmlParseError",
    "Latency",
    "LogEntry",
    "ParsedText",
    "Rejection",
    "SentCall",
    "parse_html",
    "render_entities",
    "render_plain",
]
