"""Export data with every control character removed, whatever is in old rows.

Input is cleaned on the way in (bot/middlewares/clean_input.py), but rows stored before
that — or written by any other path — may still hold one, and openpyxl refuses the whole
workbook for a single U+0001 in a note. Cleaning here, between the query and the writers,
keeps the writers (bot/services/team_export.py) as they are; it walks the dataclasses
generically, so a column added there is cleaned too.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from bot.domain.text_safety import strip_control
from bot.services.team_export import ExportData

Row = TypeVar("Row")


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, tuple):
        return tuple(_clean_value(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return _clean_row(value)
    return value


def _clean_row(row: Row) -> Row:
    changes = {field.name: _clean_value(getattr(row, field.name)) for field in fields(row)}  # type: ignore[arg-type]
    return replace(row, **changes)  # type: ignore[type-var]


def clean_export(data: ExportData) -> ExportData:
    return _clean_row(data)
