"""Every key renders in every language with its variables; plurals come from CLDR."""

from __future__ import annotations

import re

from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.domain.timezones import COMMON_ZONES
from bot.i18n import I18n

_SAMPLE_ARGS = {
    "name": "<b>Ann & Co</b>",
    "input": "<script>",
    "question": "Q",
    "answer": "A",
    "summary": "S",
    "language": "L",
    "role": "R",
    "timezone": "T",
    "checkin": "C",
    "time": "09:30",
}


class _VariableCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:  # noqa: N802
        self.names.add(node.id.name)


_NUMERIC = {
    "number",
    "total",
    "count",
    "page",
    "pages",
    "correct",
    "percent",
    "score",
    "limit",
    "mastered",
}


def _sample(name: str) -> str | int:
    """A hostile value for text variables, a number for counts (plural rules need one)."""
    if name in _NUMERIC:
        return 21
    return _SAMPLE_ARGS.get(name, "<script> & <b>")


def _messages(source: str) -> dict[str, set[str]]:
    """Message id -> the variables it uses."""
    resource = FluentParser().parse(source)
    found: dict[str, set[str]] = {}
    for entry in resource.body:
        if isinstance(entry, ast.Junk):
            raise AssertionError(f"Fluent syntax error: {entry.annotations}")
        if isinstance(entry, ast.Message):
            collector = _VariableCollector()
            collector.visit(entry)
            found[entry.id.name] = collector.names
    return found


def _all_keys(i18n: I18n, language: Language) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for source in i18n.sources[language]:
        keys.update(_messages(source))
    return keys


def test_both_languages_have_the_same_keys_and_variables() -> None:
    i18n = I18n()
    ru = _all_keys(i18n, Language.RU)
    en = _all_keys(i18n, Language.EN)
    assert set(ru) == set(en)
    for key in ru:
        assert ru[key] == en[key], key


def test_every_key_renders_without_errors_and_escapes_arguments() -> None:
    i18n = I18n()
    for language in Language:
        bundle = i18n.bundle(language)
        for key, variables in _all_keys(i18n, language).items():
            message = bundle.get_message(key)
            assert message.value is not None, key
            args = {name: _sample(name) for name in variables}
            _, errors = bundle.format_pattern(message.value, args)
            assert errors == [], (language, key, errors)
            rendered = i18n.translator(language)(key, **args)
            assert "<script>" not in rendered
            assert "<b>Ann" not in rendered


def test_a_missing_variable_is_caught_by_this_suite() -> None:
    """Fluent renders a missing variable silently; the check above must not."""
    bundle = I18n().bundle(Language.RU)
    message = bundle.get_message("onboarding-bad-time")
    assert message.value is not None
    _, errors = bundle.format_pattern(message.value, {})
    assert errors


def test_every_role_and_zone_has_a_label() -> None:
    i18n = I18n()
    for language in Language:
        t = i18n.translator(language)
        for role in Role:
            assert t.has(f"role-{role}")
            assert t.has(f"help-role-{role}")
        for zone in COMMON_ZONES:
            assert t.has(zone.label_key)


def test_menu_descriptions_fit_telegram() -> None:
    i18n = I18n()
    for language in Language:
        for key in _all_keys(i18n, language):
            if key.startswith("cmd-"):
                text = i18n.translator(language)(key)
                assert 1 <= len(text) <= 256
                assert re.fullmatch(r"[a-z0-9_]{1,32}", key.removeprefix("cmd-"))


def test_long_arguments_are_not_truncated_or_refused() -> None:
    """Fluent refuses placeables over 2,500 characters; the translator must not."""
    t = I18n().translator(Language.EN)
    long_text = "Call the client & ask. " * 200
    rendered = t("style-guide-item", name="<b>", essence=long_text)
    assert long_text.replace("&", "&amp;") in rendered
    assert "&lt;b&gt;" in rendered
