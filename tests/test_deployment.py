"""docker-compose.yml agrees with the Dockerfile and with the settings the bot reads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = {
    "BOT_TOKEN": "123456:TEST-TOKEN-abcdefghijklmnop",
    "BOT_DOMAIN": "bot.example.com",
    "POSTGRES_PASSWORD": "pw",
    "WEBHOOK_SECRET": "s3cret-at-least-32-characters-long",
}
_VARIABLE = re.compile(r"\$\{(\w+)(?::([?-])([^}]*))?\}")


def _interpolate(value: str) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}, with SAMPLE as the environment."""

    def one(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        if name in SAMPLE:
            return SAMPLE[name]
        assert kind == "-", f"${{{name}}} has no default and no sample value"
        return rest

    return _VARIABLE.sub(one, value)


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _bots(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: s
        for name, s in compose["services"].items()
        if "DATABASE_URL" in s.get("environment", {})
    }


def test_every_bot_setting_is_one_the_bot_reads_and_is_valid() -> None:
    bots = _bots(_compose())
    assert len(bots) >= 2, "two replicas"
    known = {name.upper() for name in Settings.model_fields}
    for name, service in bots.items():
        environment = {
            key: _interpolate(str(value)) for key, value in service["environment"].items()
        }
        assert set(environment) <= known, (name, set(environment) - known)
        settings = load_settings(_env_file=None, **{k.lower(): v for k, v in environment.items()})
        assert settings.is_postgresql
        assert settings.redis_url is not None
        assert settings.webhook_url == "https://bot.example.com"
    rates = [float(service["environment"]["DELIVERY_RATE"]) for service in bots.values()]
    assert sum(rates) <= 30, "the replicas together stay under Telegram's ~30 messages/s"


def test_the_proxy_reaches_every_replica_on_the_port_the_image_exposes() -> None:
    compose = _compose()
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    exposed = re.search(r"^EXPOSE (\d+)", dockerfile, re.MULTILINE)
    assert exposed is not None
    port = exposed.group(1)
    bots = _bots(compose)
    for service in bots.values():
        assert str(service["environment"]["WEBHOOK_PORT"]) == port
        assert service["build"] == "."
    command = compose["services"]["proxy"]["command"]
    targets = [command[i + 1] for i, part in enumerate(command) if part == "--to"]
    assert sorted(targets) == sorted(f"{name}:{port}" for name in bots)
    depends = {name for service in bots.values() for name in service["depends_on"]}
    assert depends <= set(compose["services"])


_PINNED = re.compile(r"^[\w./-]+:\d+\.\d+(\.\d+)?(-[\w.-]+)?(@sha256:[0-9a-f]{64})?$")


def test_every_base_image_is_pinned_to_a_release() -> None:
    """`python:3.11-slim` or `postgres:16` change under us on every rebuild; a release
    number (or a digest) changes only when we bump it."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    images = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("FROM ")]
    images += [
        service["image"]
        for service in _compose()["services"].values()
        if "image" in service and "build" not in service
    ]
    assert len(images) >= 4, images
    loose = [image for image in images if not _PINNED.match(image)]
    assert not loose, f"pin these to a release: {loose}"
