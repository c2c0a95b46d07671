"""Supported interface languages and the guess from Telegram's ``language_code``."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    RU = "ru"
    EN = "en"


# People whose Telegram is set to a language of the region usually read Russian best.
_RUSSIAN_READERS = {"ru", "uk", "be", "kk", "ky", "uz", "tg", "hy", "az", "ka", "tk"}


def guess_language(language_code: str | None) -> Language:
    if not language_code:
        return Language.RU
    base = language_code.split("-", 1)[0].lower()
    if base in _RUSSIAN_READERS:
        return Language.RU
    return Language.EN
