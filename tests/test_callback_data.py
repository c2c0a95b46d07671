"""Every callback factory packs its largest value within Telegram's 64 bytes."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.domain.timezones import COMMON_ZONES
from handlers.privacy import DeleteMeCb
from handlers.setup_keyboards import (
    LanguageCb,
    RoleCb,
    SettingsCb,
    SettingsItem,
    TimeCb,
    ZoneCb,
)

LARGEST: list[CallbackData] = [
    *(LanguageCb(language=language) for language in Language),
    *(RoleCb(role=role) for role in Role),
    *(ZoneCb(zone=zone.zone) for zone in COMMON_ZONES),
    TimeCb(minutes=23 * 60 + 59),
    *(SettingsCb(item=item) for item in SettingsItem),
    DeleteMeCb(confirm=True),
    DeleteMeCb(confirm=False),
]


def test_packed_callback_data_fits() -> None:
    for value in LARGEST:
        packed = value.pack()
        assert 1 <= len(packed.encode()) <= 64, packed


def test_prefixes_are_unique() -> None:
    factories = {type(value) for value in LARGEST}
    prefixes = [factory.__prefix__ for factory in factories]
    assert len(prefixes) == len(set(prefixes))
