"""Telegram's text formatting, as the Bot API applies it to the text a bot sends.

Ports of tdlib's HTML (markup_html.py), MarkdownV2 and legacy Markdown (markup_markdown.py)
parsers: the same accepted syntax and the same error texts (byte offsets are UTF-8 byte
offsets, as Telegram reports them). Entity offsets and lengths are in UTF-16 code units, as in
the real API. Also the small rules the fake server needs around them: trimming, UTF-16 lengths
and bot-command detection in what a user types.
"""

from __future__ import annotations

import re

from tests.fakes.bot_api.markup_html import HtmlParser
from tests.fakes.bot_api.markup_markdown import MarkdownParser, MarkdownV2Parser
from tests.fakes.bot_api.markup_parser import (
    Entity,
    EntityParseError,
    UnsupportedParseModeError,
    utf16_len,
)

__all__ = [
    "Entity",
    "EntityParseError",
    "UnsupportedParseModeError",
    "bot_command_entities",
    "parse_text",
    "trim_text",
    "utf16_len",
]

_BOT_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Parses text the way the Bot API does for parse_mode; raises EntityParseError."""
    mode = (parse_mode or "").lower()
    if not text or mode in ("", "none"):
        return text, []
    if mode == "html":
        return HtmlParser(text).parse()
    if mode == "markdownv2":
        return MarkdownV2Parser(text).parse()
    if mode == "markdown":
        return MarkdownParser(text).parse()
    raise UnsupportedParseModeError(parse_mode)


def trim_text(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Strips leading and trailing whitespace as Telegram does, keeping entities aligned."""
    stripped = text.strip(" \t\r\n\x0b")
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip(" \t\r\n\x0b"))])
    end = utf16_len(stripped)
    kept: list[Entity] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return stripped, kept


def bot_command_entities(text: str) -> list[Entity]:
    """Finds /commands in what a user typed, as Telegram clients mark them."""
    return [
        {
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
            "type": "bot_command",
        }
        for match in _BOT_COMMAND.finditer(text)
    ]
