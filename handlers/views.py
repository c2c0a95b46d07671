"""Texts assembled from locale strings and a user's profile. No aiogram, no SQL."""

from __future__ import annotations

from bot.commands import commands_for
from bot.db.models import User
from bot.domain.roles import Role
from bot.domain.timezones import COMMON_ZONES, InvalidTimezone, utc_offset_label
from bot.i18n import Html, Translator


def role_title(t: Translator, role: str | None) -> str:
    return t(f"role-{role}") if role and t.has(f"role-{role}") else t("not-set")


def language_title(t: Translator, language: str) -> str:
    return t(f"lang-name-{language}")


def timezone_title(t: Translator, zone: str | None) -> str:
    if not zone:
        return t("not-set")
    try:
        offset = utc_offset_label(zone)
    except InvalidTimezone:
        return zone
    for common in COMMON_ZONES:
        if common.zone == zone:
            return f"{t(common.label_key)} ({offset})"
    return zone if zone.startswith("UTC") else f"{zone} ({offset})"


def checkin_title(t: Translator, user: User) -> str:
    if user.checkin_time is None:
        return t("not-set")
    return t("settings-checkin-value", time=user.checkin_time.strftime("%H:%M"))


def settings_summary(t: Translator, user: User) -> Html:
    return Html(
        t(
            "settings-summary",
            language=language_title(t, user.language),
            role=role_title(t, user.role),
            timezone=timezone_title(t, user.timezone),
            checkin=checkin_title(t, user),
            tip=t("settings-tip-on" if user.tip_with_checkin else "settings-tip-off"),
        )
    )


def settings_screen(t: Translator, user: User, *, saved: bool = False) -> str:
    parts = [
        t("settings-title"),
        "",
        settings_summary(t, user),
        "",
        t("settings-tip-explained"),
        "",
        t("settings-hint"),
    ]
    if saved:
        parts.insert(0, t("settings-saved"))
    return "\n".join(parts)


def settings_closed_screen(t: Translator, user: User) -> str:
    """The menu after «Готово»: what is set, and no question left hanging."""
    return "\n".join([t("settings-title"), "", settings_summary(t, user), "", t("settings-closed")])


def help_text(t: Translator, user: User) -> str:
    """What the bot does for this role, and only the commands this role has (as in its menu)."""
    if not user.is_onboarded:
        return "\n\n".join([t("help-title"), t("help-need-start")])
    role = Role.parse(user.role)
    role_key = f"help-role-{role.value}" if role else "help-role-none"
    shown = commands_for(role)
    lines = [t("help-commands-title")]
    for name in shown:
        if name in ("resume", "start"):  # /resume shares the /pause line; /start needs none
            continue
        if name == "team":
            lines.append(
                t("help-line-team-head" if role == Role.HEAD_OF_SALES else "help-line-team")
            )
            continue
        lines.append(t(f"help-line-{name}"))
        if name == "settings":
            lines.append(t("help-line-cancel"))
    return "\n\n".join([t("help-title"), t(role_key), "\n".join(lines)])
