"""UI strings from Fluent files (bot/locales/<lang>/*.ftl).

Arguments are HTML-escaped on the way in, so a user's name can never break Telegram's
HTML parser; pass :class:`Html` for a fragment that is already safe markup.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource

from bot.domain.languages import Language

logger = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
FALLBACK = Language.RU
_FLUENT_SAFE_LENGTH = 2000

ArgValue = str | int | float | Decimal | date | datetime | None


class Html(str):
    """A string that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def escape(text: str) -> str:
    """Escape user text for Telegram's HTML: ``&``, ``<`` and ``>`` (quotes are fine in text)."""
    return html.escape(text, quote=False)


@dataclass(frozen=True, slots=True)
class Translator:
    """Formats keys in one language; falls back to the main language for a missing key."""

    language: Language
    _bundles: Mapping[Language, FluentBundle]
    # Texts without arguments never change: formatted once per language, then reused.
    _static: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, key: str, **args: ArgValue) -> str:
        return self.get(key, **args)

    def get(self, key: str, **args: ArgValue) -> str:
        if not args:
            cached = self._static.get(key)
            if cached is None:
                cached = self._format(key, {})
                self._static[key] = cached
            return cached
        return self._format(key, args)

    def _format(self, key: str, args: Mapping[str, ArgValue]) -> str:
        safe_args: dict[str, ArgValue] = {}
        long_values: dict[str, str] = {}
        for name, value in args.items():
            if value is None:
                continue
            if isinstance(value, str):
                value = value if isinstance(value, Html) else escape(value)
                if len(value) > _FLUENT_SAFE_LENGTH:
                    # Fluent refuses placeables over 2,500 characters (a guard against
                    # runaway expansion); long ones go in after formatting instead.
                    marker = f"\ue000{name}\ue001"
                    long_values[marker] = value
                    value = marker
            safe_args[name] = value
        for language in (self.language, FALLBACK):
            bundle = self._bundles[language]
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    continue
                text, errors = bundle.format_pattern(message.value, safe_args)
                if errors:
                    logger.error("i18n %s/%s: %s", language, key, errors)
                result = str(text)
                for marker, long_value in long_values.items():
                    result = result.replace(marker, long_value)
                return result
        logger.error("i18n: no key %s", key)
        return key

    def has(self, key: str) -> bool:
        return self._bundles[self.language].has_message(key)


class I18n:
    """All languages, loaded once at start-up."""

    def __init__(self, locales_dir: Path = LOCALES_DIR) -> None:
        self._bundles: dict[Language, FluentBundle] = {}
        self._translators: dict[Language, Translator] = {}
        self.sources: dict[Language, list[str]] = {}
        for language in Language:
            bundle = FluentBundle([language.value], use_isolating=False)
            sources = []
            for path in sorted((locales_dir / language.value).glob("*.ftl")):
                source = path.read_text(encoding="utf-8")
                bundle.add_resource(FluentResource(source))
                sources.append(source)
            self._bundles[language] = bundle
            self.sources[language] = sources

    def translator(self, language: Language | str) -> Translator:
        try:
            lang = Language(language)
        except ValueError:
            lang = FALLBACK
        translator = self._translators.get(lang)
        if translator is None:
            translator = self._translators[lang] = Translator(lang, self._bundles)
        return translator

    def bundle(self, language: Language) -> FluentBundle:
        return self._bundles[language]
