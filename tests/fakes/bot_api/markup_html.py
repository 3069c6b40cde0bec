"""Telegram's HTML parse mode, ported from tdlib: the same tags, attributes and error texts."""

from __future__ import annotations

import re

from tests.fakes.bot_api.markup_parser import (
    SPACES,
    Entity,
    EntityParseError,
    OpenEntity,
    TextParser,
    valid_url,
)

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
_LT, _GT, _AMP, _EQ, _SLASH = ord("<"), ord(">"), ord("&"), ord("="), ord("/")


class HtmlParser(TextParser):
    """Parses one text in parse_mode HTML."""

    def parse(self) -> tuple[str, list[Entity]]:
        nested: list[OpenEntity] = []
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

    def _html_start_tag(self, begin: int, nested: list[OpenEntity]) -> int:
        i = begin + 1
        while self.at(i) not in SPACES and self.at(i) != _GT:
            i += 1
        if self.at(i) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        tag = self.data[begin + 1 : i].decode("utf-8", errors="replace").lower()
        if tag not in _HTML_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
        argument = ""
        while self.at(i) != _GT:
            while self.at(i) != 0 and self.at(i) in SPACES:
                i += 1
            if self.at(i) == _GT:
                break
            name_begin = i
            while self.at(i) not in SPACES and self.at(i) not in (_EQ, _GT):
                i += 1
            name = self.data[name_begin:i].decode("utf-8", errors="replace")
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                )
            while self.at(i) != 0 and self.at(i) in SPACES:
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
            while self.at(i) != 0 and self.at(i) in SPACES:
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
        nested.append(OpenEntity(tag, argument, self.utf16, len(self.out), begin))
        return i + 1

    def _html_attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote not in (ord("'"), ord('"')):
            start = i
            while chr(self.at(i)).isascii() and (chr(self.at(i)).isalnum() or self.at(i) in b".-"):
                i += 1
            if self.at(i) not in SPACES and self.at(i) != _GT:
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

    def _html_end_tag(self, begin: int, nested: list[OpenEntity]) -> int:
        if not nested:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while self.at(i) not in SPACES and self.at(i) != _GT:
            i += 1
        end_name = self.data[begin + 2 : i].decode("utf-8", errors="replace")
        while self.at(i) != 0 and self.at(i) in SPACES:
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

    def _close_html_entity(self, opened: OpenEntity) -> None:
        tag, argument = opened.kind, opened.argument
        if tag in _HTML_ENTITY_TYPES:
            self.add(_HTML_ENTITY_TYPES[tag], opened)
        elif tag == "tg-emoji":
            if not re.fullmatch(r"-?\d{1,19}", argument):
                raise EntityParseError("Invalid custom emoji identifier specified")
            self.add("custom_emoji", opened, custom_emoji_id=argument)
        elif tag == "a":
            url = argument or self.out[opened.out_offset :].decode("utf-8", errors="replace")
            valid = valid_url(url)
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
