"""A Screen as Telegram shows it: HTML text (everything escaped, headings bold) and buttons."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.flows.screen import Paragraph, Screen

MAX_TEXT_LENGTH = 4096  # Telegram's limit for a message's text, after entities are parsed


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
    rows = [
        [InlineKeyboardButton(button.label, callback_data=button.data) for button in row]
        for row in screen.rows
        if row
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def _html(paragraphs: list[Paragraph]) -> str:
    """Paragraphs separated by blank lines; whole paragraphs are dropped from the end rather
    than cutting the text (and its tags) in the middle."""
    parts = [_paragraph(p) for p in paragraphs if p.text]
    while len(parts) > 1 and _length("\n\n".join(parts)) > MAX_TEXT_LENGTH:
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
