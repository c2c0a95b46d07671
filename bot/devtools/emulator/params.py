"""Request arguments as aiogram (or curl) sends them: query string, form, multipart or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str | None
    content_type: str | None


@dataclass
class Params:
    values: dict[str, Any] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        if value in (None, ""):
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            return None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in {"true", "1", "yes"}
        return bool(value)

    def parsed(self, name: str) -> Any:
        """A complex field: aiogram sends it as a JSON string, JSON bodies send it as is."""
        value = self.values.get(name)
        if isinstance(value, str):
            return json.loads(value)
        return value


async def read_params(request: web.Request) -> Params:
    params = Params(values=dict(request.query))
    if request.method != "POST" or not request.body_exists:
        return params
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.values.update(body)
        return params
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params.uploads[key] = Upload(value.file.read(), value.filename, value.content_type)
        else:
            params.values[key] = value
    return params
