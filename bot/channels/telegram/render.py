"""A Screen as Telegram shows it: HTML text (everything escaped, headings bold) and buttons."""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.flows.screen import Button, Paragraph, Screen

MAX_TEXT_LENGTH = 4096  # Telegram's limit for a message's text, after entities are parsed
KEYBOARDS_KEPT = 512  # distinct keyboards kept built (welcome, places, result pages...)


@dataclass(frozen=True)
class Rendered:
    """What one sendMessage or editMessageText carries."""

    html: str
    keyboard: InlineKeyboardMarkup | None


def render(screen: Screen, *, lead: str | None = None) -> Rendered:
    """The screen as HTML and an inline keyboard; `lead` is a line shown before it."""
    paragraphs = list(screen.paragraphs)
    if lead:
        paragraphs.insert(0, Paragraph(lead))
    return Rendered(_html(paragraphs), keyboard(screen))


def keyboard(screen: Screen) -> InlineKeyboardMarkup | None:
    return _keyboard(screen.rows)


class Keyboard(InlineKeyboardMarkup):
    """An inline keyboard that works out its Bot API form once, not at every message it goes
    out with (PTB's generic `to_dict` costs more than the rest of rendering)."""

    __slots__ = ("_as_dict",)

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        if not recursive:
            return super().to_dict(recursive=False)
        cached: dict[str, Any] | None = getattr(self, "_as_dict", None)
        if cached is None:
            cached = self._as_dict = super().to_dict()  # a "_" attribute: allowed when frozen
        return cached


@functools.lru_cache(maxsize=KEYBOARDS_KEPT)
def _keyboard(rows: tuple[tuple[Button, ...], ...]) -> Keyboard | None:
    """The keyboard for these buttons, built once: the same few keyboards come back again and
    again (every welcome screen in a language is the same). PTB's objects are immutable, so one
    can go out with many messages. The buttons hold labels and packed states only, nothing
    about the person."""
    built = [
        [InlineKeyboardButton(button.label, callback_data=button.data) for button in row]
        for row in rows
        if row
    ]
    return Keyboard(built) if built else None


def _html(paragraphs: list[Paragraph]) -> str:
    """Paragraphs separated by blank lines; whole paragraphs are dropped from the end rather
    than cutting the text (and its tags) in the middle."""
    parts = [_paragraph(p) for p in paragraphs if p.text]
    text = "\n\n".join(parts)
    # Telegram counts the UTF-16 units of the text without its tags: at most two per character
    # of `text`, so a text of at most half the limit in characters fits without counting.
    while len(parts) > 1 and len(text) > MAX_TEXT_LENGTH // 2 and _length(text) > MAX_TEXT_LENGTH:
        parts.pop()
        text = "\n\n".join(parts)
    return text or "…"


def _paragraph(paragraph: Paragraph) -> str:
    escaped = html.escape(paragraph.text, quote=False)
    return f"<b>{escaped}</b>" if paragraph.heading else escaped


def _length(text: str) -> int:
    """What Telegram counts: UTF-16 code units of the text without tags, entities decoded."""
    visible = html.unescape(text.replace("<b>", "").replace("</b>", ""))
    return len(visible.encode("utf-16-le")) // 2
