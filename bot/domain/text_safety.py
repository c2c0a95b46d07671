"""Control characters out of text we store, show or export.

Telegram's clients strip most of them, but not every path does (a bot API client, an edited
message, an old row), and one is enough to break things downstream: openpyxl refuses a cell
with U+0000–U+0008, U+000B, U+000C or U+000E–U+001F (IllegalCharacterError), and the whole
export fails. Tab, line feed and carriage return are kept — they are how people write.
"""

from __future__ import annotations

import re

# C0 controls except \t \n \r: exactly what XML 1.0 (so XLSX) refuses.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_control(text: str) -> str:
    return _CONTROL.sub("", text)


def strip_control_optional(text: str | None) -> str | None:
    return None if text is None else strip_control(text)
