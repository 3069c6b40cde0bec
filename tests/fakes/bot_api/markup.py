"""Telegram's text formatting, as the Bot API applies it to the text a bot sends.

Ports of tdlib's HTML, MarkdownV2 and legacy Markdown parsers: the same accepted syntax and the
same error texts (byte offsets are UTF-8 byte offsets, as Telegram reports them). Entity offsets
and lengths are in UTF-16 code units, as in the real API. Also the small rules the fake server
needs around them: trimming, UTF-16 lengths and bot-command detection in what a user types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

Entity = dict[str, Any]

_HTML_TAGS = frozenset(
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
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_HTML_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_SPACES = frozenset(b" \t\r\n\x00\x0b")
_LT, _GT, _AMP, _EQ, _SLASH = ord("<"), ord(">"), ord("&"), ord("="), ord("/")
_BOT_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")
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


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Parses text the way the Bot API does for parse_mode; raises EntityParseError."""
    mode = (parse_mode or "").lower()
    if not text or mode in ("", "none"):
        return text, []
    if mode == "html":
        return _Parser(text).html()
    if mode == "markdownv2":
        return _Parser(text).markdown_v2()
    if mode == "markdown":
        return _Parser(text).markdown_v1()
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


def _valid_url(url: str) -> str | None:
    if not _URL.match(url):
        return None
    return url if "://" in url or url.startswith(("tg:", "mailto:")) else f"http://{url}"


@dataclass
class _Open:
    """An entity whose start was seen and whose end was not, yet."""

    kind: str
    argument: str
    utf16_offset: int
    out_offset: int
    begin: int


class _Parser:
    """One parse of one text; works on UTF-8 bytes so that error offsets match Telegram's."""

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

    def add(self, kind: str, opened: _Open, **extra: Any) -> None:
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

    # HTML

    def html(self) -> tuple[str, list[Entity]]:
        nested: list[_Open] = []
        i = 0
        while i < len(self.data):
            c = self.data[i]
            if c == _AMP:
                decoded = _decode_html_entity(self.data, i)
                if decoded is not None:
                    self.put_text(decoded[0])
                    i = decoded[1]
                    continue
            if c != _LT:
                self.put(c)
                i += 1
                continue
            if self.at(i + 1) != _SLASH:
                i = self._html_start_tag(i, nested)
            else:
                i = self._html_end_tag(i, nested)
        if nested:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{nested[-1].kind}"'
            )
        return self.result()

    def _html_start_tag(self, begin: int, nested: list[_Open]) -> int:
        i = begin + 1
        while self.at(i) not in _SPACES and self.at(i) != _GT:
            i += 1
        if self.at(i) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        tag = self.data[begin + 1 : i].decode("utf-8", errors="replace").lower()
        if tag not in _HTML_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
        argument = ""
        while self.at(i) != _GT:
            while self.at(i) != 0 and self.at(i) in _SPACES:
                i += 1
            if self.at(i) == _GT:
                break
            name_begin = i
            while self.at(i) not in _SPACES and self.at(i) not in (_EQ, _GT):
                i += 1
            name = self.data[name_begin:i].decode("utf-8", errors="replace")
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                )
            while self.at(i) != 0 and self.at(i) in _SPACES:
                i += 1
            if self.at(i) != _EQ and tag == "blockquote" and name == "expandable":
                argument = "1"
                continue
            if self.at(i) != _EQ:
                raise EntityParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {begin}'
                )
            i += 1
            while self.at(i) != 0 and self.at(i) in _SPACES:
                i += 1
            if self.at(i) == 0:
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            value, i = self._html_attribute_value(i)
            if self.at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            argument = _html_argument(tag, name, value, argument)
        if tag == "span" and argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
            )
        nested.append(_Open(tag, argument, self.utf16, len(self.out), begin))
        return i + 1

    def _html_attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote not in (ord("'"), ord('"')):
            start = i
            while chr(self.at(i)).isascii() and (chr(self.at(i)).isalnum() or self.at(i) in b".-"):
                i += 1
            if self.at(i) not in _SPACES and self.at(i) != _GT:
                raise EntityParseError(f"Unexpected end of name token at byte offset {start}")
            return self.data[start:i].decode("ascii").lower(), i
        i += 1
        value = bytearray()
        while self.at(i) != quote and self.at(i) != 0:
            if self.at(i) == _AMP:
                decoded = _decode_html_entity(self.data, i)
                if decoded is not None:
                    value += decoded[0].encode("utf-8")
                    i = decoded[1]
                    continue
            value.append(self.at(i))
            i += 1
        if self.at(i) == quote:
            i += 1
        return value.decode("utf-8", errors="replace"), i

    def _html_end_tag(self, begin: int, nested: list[_Open]) -> int:
        if not nested:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while self.at(i) not in _SPACES and self.at(i) != _GT:
            i += 1
        end_name = self.data[begin + 2 : i].decode("utf-8", errors="replace")
        while self.at(i) != 0 and self.at(i) in _SPACES:
            i += 1
        if self.at(i) != _GT:
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        opened = nested.pop()
        if end_name and end_name != opened.kind:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{opened.kind}>", '
                f'found "</{end_name}>"'
            )
        self._close_html_entity(opened)
        return i + 1

    def _close_html_entity(self, opened: _Open) -> None:
        tag, argument = opened.kind, opened.argument
        if tag in _HTML_ENTITY_TYPES:
            self.add(_HTML_ENTITY_TYPES[tag], opened)
        elif tag == "tg-emoji":
            if not re.fullmatch(r"-?\d{1,19}", argument):
                raise EntityParseError("Invalid custom emoji identifier specified")
            self.add("custom_emoji", opened, custom_emoji_id=argument)
        elif tag == "a":
            url = argument or self.out[opened.out_offset :].decode("utf-8", errors="replace")
            valid = _valid_url(url)
            if valid is not None:
                self.add("text_link", opened, url=valid)
        elif tag == "code":
            self.add("code", opened, **({"language": argument} if argument else {}))
        elif tag == "pre":
            last = self.entities[-1] if self.entities else None
            length = self.utf16 - opened.utf16_offset
            if (
                last is not None
                and last["type"] == "code"
                and last["offset"] == opened.utf16_offset
                and last["length"] == length
            ):
                self.entities[-1] = {**last, "type": "pre"}
            else:
                self.add("pre", opened)
        else:  # blockquote
            self.add("expandable_blockquote" if argument else "blockquote", opened)

    # MarkdownV2

    def markdown_v2(self) -> tuple[str, list[Entity]]:
        nested: list[_Open] = []
        quote_start: int | None = None
        i = 0
        while i < len(self.data):
            c = self.data[i]
            if c == ord("\\") and 0 < self.at(i + 1) <= 126:
                self.put(self.data[i + 1])
                i += 2
                continue
            in_code = bool(nested) and nested[-1].kind in ("code", "pre")
            line_start = i == 0 or self.data[i - 1] == ord("\n")
            if c == ord(">") and line_start and not in_code:
                if quote_start is None:
                    quote_start = self.utf16
                i += 1
                continue
            if c == ord("\n") and quote_start is not None and self.at(i + 1) != ord(">"):
                self._add_quote(quote_start)
                quote_start = None
            reserved = b"`" if in_code else b"_*[]()~`>#+-=|{}.!"
            if c not in reserved:
                self.put(c)
                i += 1
                continue
            if nested and _ends_v2_entity(nested[-1].kind, c, self.at(i + 1), self.at(i + 2)):
                i = self._close_v2_entity(i, nested.pop())
            else:
                i = self._open_v2_entity(i, c, nested)
        if nested:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {nested[-1].begin}"
            )
        if quote_start is not None:
            self._add_quote(quote_start)
        return self.result()

    def _add_quote(self, start: int) -> None:
        self.add("blockquote", _Open("blockquote", "", start, 0, 0))

    def _open_v2_entity(self, i: int, c: int, nested: list[_Open]) -> int:
        begin = i
        argument = ""
        if c == ord("_") and self.at(i + 1) == ord("_"):
            kind, i = "underline", i + 1
        elif c in (ord("_"), ord("*"), ord("~")):
            kind = {ord("_"): "italic", ord("*"): "bold", ord("~"): "strikethrough"}[c]
        elif c == ord("|") and self.at(i + 1) == ord("|"):
            kind, i = "spoiler", i + 1
        elif c == ord("["):
            kind = "text_link"
        elif c == ord("`") and self.at(i + 1) == ord("`") and self.at(i + 2) == ord("`"):
            kind, i = "pre", i + 3
            language_end = i
            while self.at(language_end) not in _SPACES and self.at(language_end) != ord("`"):
                language_end += 1
            if i != language_end and self.at(language_end) not in (0, ord("`")):
                argument = self.data[i:language_end].decode("utf-8", errors="replace")
                i = language_end
            i = _skip_one_newline(self.data, i) - 1
        elif c == ord("`"):
            kind = "code"
        elif c == ord("!") and self.at(i + 1) == ord("["):
            kind, i = "custom_emoji", i + 1
        else:
            raise EntityParseError(
                f"Character '{chr(c)}' is reserved and must be escaped with the preceding '\\'"
            )
        nested.append(_Open(kind, argument, self.utf16, len(self.out), begin))
        return i + 1

    def _close_v2_entity(self, i: int, opened: _Open) -> int:
        kind = opened.kind
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind == "pre":
            i += 2
        if kind in ("text_link", "custom_emoji"):
            target, i = self._v2_link_target(i, opened)
            if kind == "custom_emoji":
                emoji_id = target.removeprefix("tg://emoji?id=")
                if not emoji_id.isdigit():
                    raise EntityParseError("Custom emoji URL must have an emoji identifier")
                self.add("custom_emoji", opened, custom_emoji_id=emoji_id)
            elif (url := _valid_url(target)) is not None:
                self.add("text_link", opened, url=url)
        elif kind == "pre" and opened.argument:
            self.add("pre", opened, language=opened.argument)
        else:
            self.add(kind, opened)
        return i + 1

    def _v2_link_target(self, i: int, opened: _Open) -> tuple[str, int]:
        if self.at(i + 1) != ord("("):
            return self.out[opened.out_offset :].decode("utf-8", errors="replace"), i
        i += 2
        url_begin = i
        url = bytearray()
        while i < len(self.data) and self.data[i] != ord(")"):
            if self.data[i] == ord("\\") and 0 < self.at(i + 1) <= 126:
                url.append(self.data[i + 1])
                i += 2
                continue
            url.append(self.data[i])
            i += 1
        if self.at(i) != ord(")"):
            raise EntityParseError(f"Can't find end of a URL at byte offset {url_begin}")
        return url.decode("utf-8", errors="replace"), i

    # Legacy Markdown

    def markdown_v1(self) -> tuple[str, list[Entity]]:
        size = len(self.data)
        i = 0
        while i < size:
            c = self.data[i]
            if c == ord("\\") and self.at(i + 1) in b"_*`[":
                self.put(self.data[i + 1])
                i += 2
                continue
            if c not in b"_*`[":
                self.put(c)
                i += 1
                continue
            begin = i
            end_char = ord("]") if c == ord("[") else c
            i += 1
            is_pre = False
            language = ""
            if c == ord("`") and self.at(i) == ord("`") and self.at(i + 1) == ord("`"):
                i += 2
                is_pre = True
                language_end = i
                while self.at(language_end) not in _SPACES and self.at(language_end) != ord("`"):
                    language_end += 1
                if i != language_end and language_end < size and self.at(language_end) != ord("`"):
                    language = self.data[i:language_end].decode("utf-8", errors="replace")
                    i = language_end
                i = _skip_one_newline(self.data, i)
            opened = _Open("", language, self.utf16, len(self.out), begin)
            while i < size and (
                self.data[i] != end_char
                or (is_pre and not (self.at(i + 1) == ord("`") and self.at(i + 2) == ord("`")))
            ):
                self.put(self.data[i])
                i += 1
            if i == size:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {begin}"
                )
            i = self._close_v1_entity(c, i, opened, is_pre)
        return self.result()

    def _close_v1_entity(self, c: int, i: int, opened: _Open, is_pre: bool) -> int:
        if c == ord("["):
            if self.at(i + 1) != ord("("):
                url = self.out[opened.out_offset :].decode("utf-8", errors="replace")
            else:
                i += 2
                start = i
                while i < len(self.data) and self.data[i] != ord(")"):
                    i += 1
                url = self.data[start:i].decode("utf-8", errors="replace")
            if (valid := _valid_url(url)) is not None:
                self.add("text_link", opened, url=valid)
        elif c == ord("`"):
            if is_pre and opened.argument:
                self.add("pre", opened, language=opened.argument)
            else:
                self.add("pre" if is_pre else "code", opened)
        else:
            self.add("italic" if c == ord("_") else "bold", opened)
        return i + (3 if is_pre else 1)


def _html_argument(tag: str, name: str, value: str, previous: str) -> str:
    if tag == "a" and name == "href":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value[len("language-") :]
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value[len("tg-") :]
    if tag == "tg-emoji" and name == "emoji-id":
        return value
    if tag == "blockquote" and name == "expandable":
        return "1"
    return previous


def _ends_v2_entity(kind: str, c: int, next1: int, next2: int) -> bool:
    return {
        "bold": c == ord("*"),
        "italic": c == ord("_") and next1 != ord("_"),
        "code": c == ord("`"),
        "pre": c == ord("`") and next1 == ord("`") and next2 == ord("`"),
        "text_link": c == ord("]"),
        "custom_emoji": c == ord("]"),
        "underline": c == ord("_") and next1 == ord("_"),
        "strikethrough": c == ord("~"),
        "spoiler": c == ord("|") and next1 == ord("|"),
    }[kind]


def _skip_one_newline(data: bytes, i: int) -> int:
    first = data[i] if i < len(data) else 0
    if first not in (ord("\n"), ord("\r")):
        return i
    second = data[i + 1] if i + 1 < len(data) else 0
    return i + 2 if second in (ord("\n"), ord("\r")) and second != first else i + 1


def _decode_html_entity(data: bytes, pos: int) -> tuple[str, int] | None:
    """Decodes &lt; &gt; &amp; &quot; &#NN; &#xHH; at pos; None leaves the '&' as it is."""
    end = pos + 1
    value = 0

    def at(i: int) -> int:
        return data[i] if i < len(data) else 0

    if at(end) == ord("#"):
        end += 1
        digits, base = ("0123456789abcdefABCDEF", 16) if at(end) == ord("x") else ("0123456789", 10)
        if base == 16:
            end += 1
        while at(end) and chr(at(end)) in digits:
            value = value * base + int(chr(at(end)), base)
            end += 1
            if value >= 0x10FFFF:
                return None
        if value == 0 or end - pos >= 10 or 0xD800 <= value <= 0xDFFF:
            return None
    else:
        while chr(at(end)).isascii() and chr(at(end)).isalpha():
            end += 1
        named = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}.get(data[pos + 1 : end])
        if named is None:
            return None
        value = ord(named)
    return chr(value), end + 1 if at(end) == ord(";") else end
