"""`/start <payload>` deep links: parse once, route by kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# Telegram allows [A-Za-z0-9_-]{1,64} in a start payload.
_PAYLOAD_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_JOIN_RE = re.compile(r"^join_(?P<code>[A-Za-z0-9_-]{8,59})$")


class DeepLinkKind(StrEnum):
    JOIN_TEAM = "join_team"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class DeepLink:
    kind: DeepLinkKind
    value: str


def parse_start_payload(payload: str | None) -> DeepLink | None:
    """None when there is no payload; UNKNOWN when there is one we do not understand."""
    if payload is None or payload.strip() == "":
        return None
    payload = payload.strip()
    if not _PAYLOAD_RE.match(payload):
        return DeepLink(DeepLinkKind.UNKNOWN, "")
    join = _JOIN_RE.match(payload)
    if join:
        return DeepLink(DeepLinkKind.JOIN_TEAM, join["code"])
    return DeepLink(DeepLinkKind.UNKNOWN, payload)
