"""Telegram's HTML parse mode, ported from TDLib's ``parse_html`` (td/telegram/MessageEntity.cpp).

The bot's HTML is only useful if Telegram accepts it, so the emulator must reject exactly what
Telegram rejects and accept exactly what it accepts. The scanner therefore works on UTF-8 bytes
(error messages quote *byte* offsets) and counts entity offsets in UTF-16 code units, the way
TDLib does. Notable faithful quirks: unknown named entities such as ``&laquo;`` stay literal text
rather than failing, ``</>`` closes whatever is open, and attribute values without quotes are
lower-cased name tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_NAMED_ENTITIES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
# TDLib's is_space() counts NUL as space, which is what stops its scans at the end of the string.
_SPACES = frozenset(b" \t\r\n\x0b\x00")
_SIMPLE_TYPES = {
    "i": "italic",
    "em": "italic",
    "b": "bold",
    "strong": "bold",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
# TDLib's MessageEntity::get_type_priority: ties on (offset, length) are ordered by this.
_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "date_time": 95,
    "custom_emoji": 99,
}
_USER_LINK = re.compile(r"^tg://user\?id=(\d{1,18})$", re.IGNORECASE)
_HOST = re.compile(r"^[\w.-]+(:\d{1,5})?$")


class HtmlParseError(ValueError):
    """TDLib's parse error text, e.g. ``Unsupported start tag "div" at byte offset 0``."""


@dataclass(frozen=True)
class ParsedText:
    """Plain text as the recipient sees it, plus Bot API ``MessageEntity`` dicts."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    result_pos: int  # where the tag's content starts in the output buffer
    extra: dict[str, str] = field(default_factory=dict)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_FOUR_BYTE_LEADS = bytes(range(0xF0, 0x100))
_MARKUP = re.compile(rb"[&<]")


def _utf16_units(chunk: bytes) -> int:
    """UTF-16 code units of a UTF-8 run: one per lead byte, two for a 4-byte sequence (a
    surrogate pair in UTF-16)."""
    leads = len(chunk.translate(None, _CONTINUATION_BYTES))
    return leads + len(chunk) - len(chunk.translate(None, _FOUR_BYTE_LEADS))


def _decode_entity(data: bytes, pos: int) -> tuple[int, int]:
    """Return (code point, position after the entity), or (0, pos) when it is not one."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    end = pos + 1
    code = 0
    if at(pos + 1) == ord("#"):
        end += 1
        if at(pos + 2) == ord("x"):
            end += 1
            while chr(at(end)) in "0123456789abcdefABCDEF" and at(end) != 0:
                code = code * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while ord("0") <= at(end) <= ord("9"):
                code = code * 10 + at(end) - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while chr(at(end)).isascii() and chr(at(end)).isalpha():
            end += 1
        name = data[pos + 1 : end]
        if name not in _NAMED_ENTITIES:
            return 0, pos  # unsupported named entity: TDLib keeps it as literal text
        code = ord(_NAMED_ENTITIES[name])
    if at(end) == ord(";"):
        end += 1
    return code, end


def checked_link(url: str) -> str | None:
    """Approximate TDLib's LinkManager::get_checked_link: a normalised URL or None."""
    if not url or any(ch.isspace() for ch in url):
        return None
    lowered = url.lower()
    if lowered.startswith(("tg:", "ton:")):
        return url
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    if not _HOST.match(host) or ("." not in host and host.split(":")[0] != "localhost"):
        return None
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{parts.scheme}://{parts.netloc}{path}{query}{fragment}"


def parse_html(html: str) -> ParsedText:
    """Parse Telegram HTML; raise :class:`HtmlParseError` with TDLib's message on bad markup."""
    data = html.encode("utf-8", "surrogatepass")
    return _Parser(data).run()


class _Parser:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.size = len(data)
        self.out = bytearray()
        self.utf16 = 0
        self.entities: list[dict[str, Any]] = []
        self.stack: list[_OpenTag] = []
        self.need_utf8_check = False

    def at(self, i: int) -> int:
        # C-string semantics: reading past the end yields NUL, which TDLib's loops test for.
        return self.data[i] if i < self.size else 0

    def is_space(self, i: int) -> bool:
        return self.at(i) in _SPACES

    def run(self) -> ParsedText:
        i = 0
        while i < self.size:
            c = self.data[i]
            if c == ord("&"):
                code, after = _decode_entity(self.data, i)
                if code:
                    self._append_code_point(code)
                    i = after
                    continue
            if c != ord("<"):
                # Plain text up to the next tag or entity is copied in one piece.
                match = _MARKUP.search(self.data, i + 1)
                end = match.start() if match else self.size
                chunk = self.data[i:end]
                self.utf16 += _utf16_units(chunk)
                self.out += chunk
                i = end
                continue
            i = self._start_tag(i) if self.at(i + 1) != ord("/") else self._end_tag(i)
        if self.stack:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        try:
            text = self.out.decode("utf-8")
        except UnicodeDecodeError:
            raise HtmlParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            ) from None
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        self.entities.sort(key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)))
        return ParsedText(text, self.entities)

    def _append_code_point(self, code: int) -> None:
        if 0xD800 <= code <= 0xDFFF:
            self.need_utf8_check = True
        self.utf16 += 2 if code > 0xFFFF else 1
        self.out += chr(code).encode("utf-8", "surrogatepass")

    def _start_tag(self, begin: int) -> int:
        i = begin + 1
        while not self.is_space(i) and self.at(i) != ord(">"):
            i += 1
        if self.at(i) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
        name = self.data[begin + 1 : i].decode("utf-8", "replace").lower()
        if name not in SUPPORTED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {begin}')
        tag = _OpenTag(name, "", self.utf16, len(self.out))
        i = self._attributes(tag, begin, i)
        if name == "span" and tag.argument != "spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        self.stack.append(tag)
        return i + 1  # skip '>'

    def _attributes(self, tag: _OpenTag, begin: int, i: int) -> int:
        while self.at(i) != ord(">"):
            while self.at(i) != 0 and self.is_space(i):
                i += 1
            if self.at(i) == ord(">"):
                break
            attr_begin = i
            while not self.is_space(i) and self.at(i) not in b"=>/\"'":
                i += 1
            attr_name = self.data[attr_begin:i].decode("utf-8", "replace")
            if not attr_name:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{tag.name}" at byte offset {begin}'
                )
            while self.at(i) != 0 and self.is_space(i):
                i += 1
            if self.at(i) != ord("="):
                if self.at(i) == 0:
                    raise HtmlParseError(f'Unclosed start tag "{tag.name}" at byte offset {begin}')
                if tag.name == "blockquote" and attr_name == "expandable":
                    tag.argument = "1"
                continue
            i += 1
            while self.at(i) != 0 and self.is_space(i):
                i += 1
            if self.at(i) == 0:
                raise HtmlParseError(f'Unclosed start tag "{tag.name}" at byte offset {begin}')
            value, i = self._attribute_value(i)
            if self.at(i) == 0:
                raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
            self._use_attribute(tag, attr_name, value)
        return i

    def _attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote not in (ord("'"), ord('"')):
            # A name token: letters, digits, periods, hyphens; case-insensitive.
            token_begin = i
            while self.at(i) != 0 and (
                (chr(self.at(i)).isascii() and chr(self.at(i)).isalnum()) or self.at(i) in b".-"
            ):
                i += 1
            if not self.is_space(i) and self.at(i) != ord(">"):
                raise HtmlParseError(f"Unexpected end of name token at byte offset {token_begin}")
            return self.data[token_begin:i].decode("ascii").lower(), i
        i += 1
        value = bytearray()
        while self.at(i) != quote and self.at(i) != 0:
            if self.data[i] == ord("&"):
                code, after = _decode_entity(self.data, i)
                if code:
                    value += chr(code).encode("utf-8", "surrogatepass")
                    i = after
                    continue
            value.append(self.data[i])
            i += 1
        if self.at(i) == quote:
            i += 1
        return value.decode("utf-8", "replace"), i

    @staticmethod
    def _use_attribute(tag: _OpenTag, name: str, value: str) -> None:
        if tag.name == "a" and name == "href":
            tag.argument = value
        elif tag.name == "code" and name == "class" and value.startswith("language-"):
            tag.argument = value[len("language-") :]
        elif tag.name == "span" and name == "class" and value.startswith("tg-"):
            tag.argument = value[len("tg-") :]
        elif tag.name == "tg-emoji" and name == "emoji-id":
            tag.argument = value
        elif tag.name == "blockquote" and name == "expandable":
            tag.argument = "1"
        elif tag.name == "tg-time" and name in ("unix", "format"):
            tag.extra[name] = value

    def _end_tag(self, begin: int) -> int:
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while not self.is_space(i) and self.at(i) != ord(">"):
            i += 1
        end_name = self.data[begin + 2 : i].decode("utf-8", "replace").lower()
        while self.is_space(i) and self.at(i) != 0:
            i += 1
        if self.at(i) != ord(">"):
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}")
        tag = self.stack[-1]
        if end_name and end_name != tag.name:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {begin}, "
                f'expected "</{tag.name}>", found "</{end_name}>"'
            )
        if self.utf16 > tag.utf16_offset:
            self._close(tag)
        self.stack.pop()
        return i + 1

    def _close(self, tag: _OpenTag) -> None:
        offset = tag.utf16_offset
        length = self.utf16 - offset
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and last["offset"] == offset and last["length"] == length
        if tag.name in _SIMPLE_TYPES:
            self._add(_SIMPLE_TYPES[tag.name], offset, length)
        elif tag.name == "tg-emoji":
            if not tag.argument.isdigit() or int(tag.argument) == 0:
                raise HtmlParseError("Invalid custom emoji identifier specified")
            self._add("custom_emoji", offset, length, custom_emoji_id=tag.argument)
        elif tag.name == "tg-time":
            unix = tag.extra.get("unix", "")
            if unix.lstrip("-").isdigit():
                extra: dict[str, Any] = {"unix_time": int(unix)}
                if tag.extra.get("format"):
                    extra["date_time_format"] = tag.extra["format"]
                self._add("date_time", offset, length, **extra)
        elif tag.name == "a":
            self._close_link(tag, offset, length)
        elif tag.name == "pre":
            # <code class="language-x"> directly inside <pre> makes one pre entity with a language.
            if same_span and last is not None and last["type"] == "code" and last.get("language"):
                last["type"] = "pre"
            else:
                self._add("pre", offset, length)
        elif tag.name == "code":
            if same_span and last is not None and last["type"] == "pre" and tag.argument:
                last["language"] = tag.argument
            else:
                extra = {"language": tag.argument} if tag.argument else {}
                self._add("code", offset, length, **extra)
        elif tag.name == "blockquote":
            kind = "expandable_blockquote" if tag.argument else "blockquote"
            self._add(kind, offset, length)

    def _close_link(self, tag: _OpenTag, offset: int, length: int) -> None:
        url = tag.argument or self.out[tag.result_pos :].decode("utf-8", "replace")
        user = _USER_LINK.match(url)
        if user:
            mention = {"id": int(user.group(1)), "is_bot": False, "first_name": ""}
            self._add("text_mention", offset, length, user=mention)
            return
        checked = checked_link(url)
        if checked is not None:
            self._add("text_link", offset, length, url=checked)

    def _add(self, kind: str, offset: int, length: int, **extra: Any) -> None:
        self.entities.append({"type": kind, "offset": offset, "length": length, **extra})
