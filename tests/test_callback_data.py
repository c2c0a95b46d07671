"""Every callback factory packs its largest value within Telegram's 64 bytes."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.domain.timezones import COMMON_ZONES
from bot.services.company_objections import DraftField
from bot.services.drill_schedule import NEW_PER_DAY_CHOICES, Rating
from handlers.callback_fields import SQL_INT_MAX, TELEGRAM_ID_MAX
from handlers.company_objections import (
    CompanyAddCb,
    CompanyCategoryCb,
    CompanyEditCb,
    CompanyFromFieldCb,
    CompanyListCb,
    CompanyRemoveCb,
)
from handlers.drills import DrillGradeCb, DrillLimitCb, DrillNextCb, ProgressCb
from handlers.field_objections import (
    FieldAllCategoriesCb,
    FieldCategoryCb,
    FieldReportCb,
    FieldSkipCb,
    PractiseCb,
    PractiseMenuCb,
)
from handlers.one_on_one import OneOnOneDoneCb, OneOnOnePrepCb
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
    *(DrillGradeCb(attempt=SQL_INT_MAX, rating=rating) for rating in Rating),
    DrillNextCb(),
    ProgressCb(),
    *(DrillLimitCb(value=value) for value in NEW_PER_DAY_CHOICES),
    FieldCategoryCb(objection=SQL_INT_MAX, category="x" * 32),
    FieldAllCategoriesCb(objection=SQL_INT_MAX),
    FieldSkipCb(),
    FieldReportCb(team=SQL_INT_MAX),
    PractiseCb(team=SQL_INT_MAX, category="x" * 32),
    PractiseMenuCb(team=SQL_INT_MAX),
    CompanyListCb(team=SQL_INT_MAX),
    CompanyAddCb(),
    CompanyCategoryCb(category="x" * 32),
    CompanyFromFieldCb(field=SQL_INT_MAX),
    *(CompanyEditCb(objection=SQL_INT_MAX, field=field) for field in DraftField),
    CompanyRemoveCb(objection=SQL_INT_MAX, confirm=True),
    OneOnOnePrepCb(team=SQL_INT_MAX, user=TELEGRAM_ID_MAX),
    OneOnOneDoneCb(team=SQL_INT_MAX, user=TELEGRAM_ID_MAX),
]


def test_packed_callback_data_fits() -> None:
    for value in LARGEST:
        packed = value.pack()
        assert 1 <= len(packed.encode()) <= 64, packed


def test_prefixes_are_unique() -> None:
    factories = {type(value) for value in LARGEST}
    prefixes = [factory.__prefix__ for factory in factories]
    assert len(prefixes) == len(set(prefixes))


def test_prefixes_are_unique_across_every_handler_module() -> None:
    """Factories outside LARGEST too: a clash would route one feature's button to another."""
    import handlers

    handlers.get_routers()  # imports every handler module
    pending = list(CallbackData.__subclasses__())
    factories: list[type[CallbackData]] = []
    while pending:
        factory = pending.pop()
        factories.append(factory)
        pending.extend(factory.__subclasses__())
    prefixes = [f.__prefix__ for f in factories if f.__module__.startswith("handlers")]
    assert len(prefixes) == len(set(prefixes)), sorted(prefixes)
