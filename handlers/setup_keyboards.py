"""Keyboards and typed callback data for the profile pickers and the settings menu."""

from __future__ import annotations

from datetime import time
from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from bot.domain.clock_time import minutes_of_day
from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.domain.timezones import COMMON_ZONES, utc_offset_label
from bot.i18n import Translator
from handlers.callback_fields import one_of

CHECKIN_TIME_CHOICES: tuple[time, ...] = (
    time(8, 0),
    time(8, 30),
    time(9, 0),
    time(9, 30),
    time(10, 0),
    time(11, 0),
    time(12, 0),
    time(17, 0),
    time(18, 0),
)
_MARK = " ✓"


class LanguageCb(CallbackData, prefix="lg"):
    language: Language


class RoleCb(CallbackData, prefix="rl"):
    role: Role


ZONE_IDS = frozenset(common.zone for common in COMMON_ZONES)


class ZoneCb(CallbackData, prefix="tz"):
    zone: Annotated[str, one_of(ZONE_IDS)]


class TimeCb(CallbackData, prefix="tm"):
    minutes: Annotated[int, Field(ge=0, le=24 * 60 - 1)]


class SettingsItem(StrEnum):
    LANGUAGE = "lang"
    ROLE = "role"
    TIMEZONE = "tz"
    TIME = "time"
    TIP = "tip"
    DONE = "done"


class SettingsCb(CallbackData, prefix="st"):
    item: SettingsItem


def language_keyboard(t: Translator, current: str | None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for language in Language:
        label = f"{t(f'lang-flag-{language}')} {t(f'lang-name-{language}')}"
        builder.button(
            text=label + (_MARK if language == current else ""),
            callback_data=LanguageCb(language=language),
        )
    builder.adjust(2)
    return builder.as_markup()


def role_keyboard(t: Translator, current: str | None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for role in Role:
        builder.button(
            text=t(f"role-{role}") + (_MARK if role == current else ""),
            callback_data=RoleCb(role=role),
        )
    builder.adjust(1)
    return builder.as_markup()


def zone_keyboard(t: Translator, current: str | None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for common in COMMON_ZONES:
        label = f"{t(common.label_key)} · {utc_offset_label(common.zone)}"
        builder.button(
            text=label + (_MARK if common.zone == current else ""),
            callback_data=ZoneCb(zone=common.zone),
        )
    builder.adjust(2)
    return builder.as_markup()


def time_keyboard(current: time | None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for choice in CHECKIN_TIME_CHOICES:
        builder.button(
            text=choice.strftime("%H:%M") + (_MARK if choice == current else ""),
            callback_data=TimeCb(minutes=minutes_of_day(choice)),
        )
    builder.adjust(3)
    return builder.as_markup()


def settings_keyboard(t: Translator, tip_with_checkin: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for item, key in (
        (SettingsItem.LANGUAGE, "settings-button-language"),
        (SettingsItem.ROLE, "settings-button-role"),
        (SettingsItem.TIMEZONE, "settings-button-timezone"),
        (SettingsItem.TIME, "settings-button-time"),
        (
            SettingsItem.TIP,
            "settings-button-tip-on" if tip_with_checkin else "settings-button-tip-off",
        ),
        (SettingsItem.DONE, "settings-button-done"),
    ):
        builder.button(text=t(key), callback_data=SettingsCb(item=item))
    builder.adjust(2, 2, 1, 1)
    return builder.as_markup()
