"""Settings: one pydantic-settings class, built once in ``main()`` and passed down."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DB_PATH = Path("data") / "salescoach.sqlite3"
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,}$")
# Telegram allows 1-256 of these; we ask for 32 or more so it cannot be guessed.
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{32,256}$")

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class Settings(BaseSettings):
    """Everything the bot reads from the environment or ``.env``."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = None
    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_DB_PATH.as_posix()}"
    # Dialogue (FSM) state in Redis instead of the database, for several instances.
    redis_url: str | None = None
    telegram_api_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"  # noqa: S104 - the webhook server listens for the load balancer
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    default_timezone: str = "Europe/Moscow"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    log_level: LogLevel = "INFO"
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    # Scheduled messages per second overall (Telegram allows about 30).
    delivery_rate: float = Field(default=25.0, gt=0, le=30)
    # Per-user fair use (bot/middlewares/throttle.py): updates a second, and the burst.
    throttle_rate: float = Field(default=2.0, gt=0, le=100)
    throttle_burst: int = Field(default=10, ge=1, le=1000)
    # Replies to one chat paced to Telegram's per-chat limit (bot/middlewares/pacing.py).
    # Off only for scripted tests, which type faster than anyone and would wait real seconds.
    reply_pacing: bool = True
    # /team charts and /export files a head may have drawn per minute, each (cached ones
    # are re-sent freely; bot/services/team_files.py).
    team_files_per_minute: int = Field(default=3, ge=1, le=1000)
    # Members a team may have; a join past it is refused politely.
    max_team_size: int = Field(default=300, ge=1, le=100_000)
    # Developer commands such as /due (the demo turns them on).
    dev_commands: bool = False
    # Where the coaching content lives; checked at start-up.
    content_dir: Path = Path(__file__).resolve().parents[1] / "content"

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_RE.match(value.get_secret_value()):
            raise ValueError("must look like 123456789:ABC... (the token BotFather gave you)")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError(
                "must be a SQLAlchemy URL such as sqlite+aiosqlite:///data/bot.sqlite3"
            )
        scheme = value.split("://", 1)[0]
        if scheme in {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}:
            raise ValueError(
                "use the asyncpg driver: postgresql+asyncpg://user:password@host:5432/dbname"
            )
        if scheme not in {"sqlite+aiosqlite", "postgresql+asyncpg"}:
            raise ValueError("driver must be sqlite+aiosqlite or postgresql+asyncpg")
        if scheme == "postgresql+asyncpg":
            try:
                url = make_url(value)
            except (ArgumentError, ValueError):
                raise ValueError("is not a valid URL (is the port a number?)") from None
            if not url.host or not url.database:
                raise ValueError(
                    "needs a host and a database: postgresql+asyncpg://user:password@host/dbname"
                )
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not re.match(r"^(rediss?|unix)://\S+$", value):
            raise ValueError("must be a URL such as redis://redis:6379/0")
        return value

    @field_validator("telegram_api_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s):// URL")
        return value.rstrip("/")

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET_RE.match(value.get_secret_value()):
            raise ValueError(
                "must be 32-256 characters of A-Z, a-z, 0-9, _ or - "
                "(make one with: openssl rand -hex 32)"
            )
        return value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
            if not all(p.isdigit() for p in parts):
                raise ValueError("must be Telegram user ids separated by commas")
            return [int(p) for p in parts]
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("content_dir")
    @classmethod
    def _content_dir_exists(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"{value} is not a folder")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def is_postgresql(self) -> bool:
        return self.database_url.startswith("postgresql")

    @property
    def sqlite_path(self) -> Path | None:
        """The database file for a file-based SQLite URL (None for memory or other engines)."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split(":///", 1)[-1]
        return None if path in ("", ":memory:") else Path(path)


class SettingsError(Exception):
    """A bad setting, already phrased as the one line the admin sees."""


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning pydantic's report into one line naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first.get("loc") or ()
        name = str(loc[0]).upper() if loc else "settings"
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        if not loc and "WEBHOOK_SECRET" in message:
            raise SettingsError(message) from None
        raise SettingsError(f"{name}: {message}") from None
