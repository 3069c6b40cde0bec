"""Telegram's MarkdownV2 and legacy Markdown parse modes, ported from tdlib."""

from __future__ import annotations

from tests.fakes.bot_api.markup_parser import (
    SPACES,
    Entity,
    EntityParseError,
    OpenEntity,
    TextParser,
    skip_one_newline,
    valid_url,
)


class MarkdownV2Parser(TextParser):
    """Parses one text in parse_mode MarkdownV2."""

    def parse(self) -> tuple[str, list[Entity]]:
        nested: list[OpenEntity] = []
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
        self.add("blockquote", OpenEntity("blockquote", "", start, 0, 0))

    def _open_v2_entity(self, i: int, c: int, nested: list[OpenEntity]) -> int:
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
            while self.at(language_end) not in SPACES and self.at(language_end) != ord("`"):
                language_end += 1
            if i != language_end and self.at(language_end) not in (0, ord("`")):
                argument = self.data[i:language_end].decode("utf-8", errors="replace")
                i = language_end
            i = skip_one_newline(self.data, i) - 1
        elif c == ord("`"):
            kind = "code"
        elif c == ord("!") and self.at(i + 1) == ord("["):
            kind, i = "custom_emoji", i + 1
        else:
            raise EntityParseError(
                f"Character '{chr(c)}' is reserved and must be escaped with the preceding '\\'"
            )
        nested.append(OpenEntity(kind, argument, self.utf16, len(self.out), begin))
        return i + 1

    def _close_v2_entity(self, i: int, opened: OpenEntity) -> int:
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
            elif (url := valid_url(target)) is not None:
                self.add("text_link", opened, url=url)
        elif kind == "pre" and opened.argument:
            self.add("pre", opened, language=opened.argument)
        else:
            self.add(kind, opened)
        return i + 1

    def _v2_link_target(self, i: int, opened: OpenEntity) -> tuple[str, int]:
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


class MarkdownParser(TextParser):
    """Parses one text in the legacy parse_mode Markdown."""

    def parse(self) -> tuple[str, list[Entity]]:
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
                while self.at(language_end) not in SPACES and self.at(language_end) != ord("`"):
                    language_end += 1
                if i != language_end and language_end < size and self.at(language_end) != ord("`"):
                    language = self.data[i:language_end].decode("utf-8", errors="replace")
                    i = language_end
                i = skip_one_newline(self.data, i)
            opened = OpenEntity("", language, self.utf16, len(self.out), begin)
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

    def _close_v1_entity(self, c: int, i: int, opened: OpenEntity, is_pre: bool) -> int:
        if c == ord("["):
            if self.at(i + 1) != ord("("):
                url = self.out[opened.out_offset :].decode("utf-8", errors="replace")
            else:
                i += 2
                start = i
                while i < len(self.data) and self.data[i] != ord(")"):
                    i += 1
                url = self.data[start:i].decode("utf-8", errors="replace")
            if (valid := valid_url(url)) is not None:
                self.add("text_link", opened, url=valid)
        elif c == ord("`"):
            if is_pre and opened.argument:
                self.add("pre", opened, language=opened.argument)
            else:
                self.add("pre" if is_pre else "code", opened)
        else:
            self.add("italic" if c == ord("_") else "bold", opened)
        return i + (3 if is_pre else 1)


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
