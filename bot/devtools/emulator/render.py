"""Plain-text rendering of a message, roughly what a phone shows (for the terminal demo)."""

from __future__ import annotations

from typing import Any

from bot.devtools.emulator.html_parser import HtmlParseError, parse_html

QUOTE_BAR = "│ "


def render_plain(html: str) -> str:
    """Tags removed, entities unescaped, links as ``text (url)``, quotes prefixed with a bar."""
    try:
        parsed = parse_html(html)
    except HtmlParseError:
        return html  # Telegram would have refused it; show it raw rather than hide it
    return render_entities(parsed.text, parsed.entities)


def render_entities(text: str, entities: list[dict[str, Any]]) -> str:
    index = _utf16_to_index(text)
    inserts: list[tuple[int, int, str]] = []  # (position, order, what); order keeps ends first
    for entity in entities:
        start = index[min(entity["offset"], len(index) - 1)]
        end = index[min(entity["offset"] + entity["length"], len(index) - 1)]
        kind = entity.get("type")
        if kind == "text_link":
            url = str(entity.get("url", ""))
            label = text[start:end]
            if url not in (label, f"http://{label}/", f"http://{label}"):
                inserts.append((end, 0, f" ({url})"))
        elif kind in ("blockquote", "expandable_blockquote"):
            inserts.append((start, 1, QUOTE_BAR))
            inserts.extend(
                (pos + 1, 1, QUOTE_BAR) for pos in range(start, end - 1) if text[pos] == "\n"
            )
    pieces: list[str] = []
    last = 0
    for pos, _, what in sorted(inserts):
        pieces.append(text[last:pos])
        pieces.append(what)
        last = pos
    pieces.append(text[last:])
    return "".join(pieces)


def _utf16_to_index(text: str) -> list[int]:
    """Map every UTF-16 offset (including the end) to a Python string index."""
    mapping: list[int] = []
    for i, ch in enumerate(text):
        mapping.append(i)
        if ord(ch) > 0xFFFF:
            mapping.append(i)  # the low surrogate sits inside the same character
    mapping.append(len(text))
    return mapping
