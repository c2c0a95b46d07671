from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "BOT_TOKEN",
        "DATABASE_URL",
        "REDIS_URL",
        "WEBHOOK_URL",
        "WEBHOOK_SECRET",
        "ADMIN_IDS",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_sqlite_under_data_and_moscow() -> None:
    settings = load_settings(_env_file=None)
    assert settings.database_url.startswith("sqlite+aiosqlite:///data/")
    assert settings.default_timezone == "Europe/Moscow"
    assert settings.bot_token is None


def test_admin_ids_from_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "1, 22,333")
    assert load_settings(_env_file=None).admin_ids == [1, 22, 333]


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("BOT_TOKEN", "not-a-token", "BOT_TOKEN"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus", "DEFAULT_TIMEZONE"),
        ("ADMIN_IDS", "1,abc", "ADMIN_IDS"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
        ("TELEGRAM_API_URL", "ftp://x", "TELEGRAM_API_URL"),
        ("WEBHOOK_SECRET", "has spaces", "WEBHOOK_SECRET"),
        ("WEBHOOK_SECRET", "x", "WEBHOOK_SECRET"),
        ("WEBHOOK_SECRET", "a" * 31, "WEBHOOK_SECRET"),
        ("DATABASE_URL", "postgresql://u:p@db:5432/sales", "postgresql+asyncpg"),
        ("DATABASE_URL", "postgresql+asyncpg://u:p@db:port/sales", "DATABASE_URL"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL"),
        ("DELIVERY_RATE", "100", "DELIVERY_RATE"),
    ],
)
def test_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message


def test_webhook_url_requires_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com")
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        load_settings(_env_file=None)


def _run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_without_token_exits_with_one_line_naming_it(tmp_path: Path) -> None:
    result = _run_cli("run", env={"HOME": str(tmp_path)})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "BOT_TOKEN" in lines[0]
    assert "make demo" in lines[0]


def test_bad_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    result = _run_cli("run", env={"DEFAULT_TIMEZONE": "Nowhere/Land", "HOME": str(tmp_path)})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DEFAULT_TIMEZONE" in lines[0]


def test_postgresql_and_redis_urls_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://sales:secret@db:5432/salescoach")
    monkeypatch.setenv("REDIS_URL", "redis://redis:6379/0")
    settings = load_settings(_env_file=None)
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.redis_url == "redis://redis:6379/0"
