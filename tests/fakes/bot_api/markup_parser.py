"""What the three parsers of Telegram's text formatting share (see markup.py).

A parse works on the text's UTF-8 bytes so that error offsets match Telegram's, and counts
entity offsets and lengths in UTF-16 code units, as the real API does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

Entity = dict[str, Any]

SPACES = frozenset(b" \t\r\n\x00\x0b")
_URL = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|tg:|mailto:)\S+$|^[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$"
)


class EntityParseError(ValueError):
    """The text does not parse in the requested parse mode; str() is Telegram's explanation."""


class UnsupportedParseModeError(ValueError):
    """The parse_mode is none of HTML, MarkdownV2, Markdown (any case) or empty."""


def utf16_len(text: str) -> int:
    """Returns the length of text in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def valid_url(url: str) -> str | None:
    """Returns the URL a link entity gets (http:// added to a bare host), or None if invalid."""
    if not _URL.match(url):
        return None
    return url if "://" in url or url.startswith(("tg:", "mailto:")) else f"http://{url}"


@dataclass
class OpenEntity:
    """An entity whose start was seen and whose end was not, yet."""

    kind: str
    argument: str
    utf16_offset: int
    out_offset: int
    begin: int


class TextParser:
    """One parse of one text: the output so far, its UTF-16 length and its entities."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.out = bytearray()
        self.utf16 = 0
        self.entities: list[Entity] = []

    def at(self, i: int) -> int:
        return self.data[i] if i < len(self.data) else 0

    def put(self, byte: int) -> None:
        self.out.append(byte)
        if byte & 0xC0 != 0x80:
            self.utf16 += 2 if byte >= 0xF0 else 1

    def put_text(self, text: str) -> None:
        self.out += text.encode("utf-8")
        self.utf16 += utf16_len(text)

    def add(self, kind: str, opened: OpenEntity, **extra: Any) -> None:
        length = self.utf16 - opened.utf16_offset
        if length > 0:
            self.entities.append(
                {"offset": opened.utf16_offset, "length": length, "type": kind, **extra}
            )

    def result(self) -> tuple[str, list[Entity]]:
        entities = [
            {k: v for k, v in e.items() if not (e["type"] == "code" and k == "language")}
            for e in sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        ]
        return self.out.decode("utf-8", errors="replace"), entities


def skip_one_newline(data: bytes, i: int) -> int:
    """Skips the one line break (CR, LF or a pair of them) that may follow ``` and its language."""
    first = data[i] if i < len(data) else 0
    if first not in (ord("\n"), ord("\r")):
        return i
    second = data[i + 1] if i + 1 < len(data) else 0
    return i + 2 if second in (ord("\n"), ord("\r")) and second != first else i + 1
