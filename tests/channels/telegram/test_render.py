"""Screens as Telegram HTML: everything escaped, headings bold, buttons in rows."""

from __future__ import annotations

import html
import json

from hypothesis import given
from hypothesis import strategies as st
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.render import MAX_TEXT_LENGTH, render
from bot.flows.screen import Button, Paragraph, Screen
from bot.flows.state import State

STATE = State(screen="welcome", language="en")


def screen(*paragraphs: Paragraph, rows: tuple[tuple[Button, ...], ...] = ()) -> Screen:
    return Screen(state=STATE, paragraphs=paragraphs, rows=rows)


def test_headings_are_bold_and_paragraphs_are_separated_by_a_blank_line() -> None:
    rendered = render(screen(Paragraph("Title", heading=True), Paragraph("Body\nline two")))
    assert rendered.html == "<b>Title</b>\n\nBody\nline two"
    assert rendered.keyboard is None


def test_markup_in_content_is_escaped_not_interpreted() -> None:
    rendered = render(screen(Paragraph("<b>Tom & Jerry</b>", heading=True), Paragraph("a<b")))
    assert rendered.html == "<b>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</b>\n\na&lt;b"


@given(st.text())
def test_any_text_reads_back_as_itself(text: str) -> None:
    rendered = render(screen(Paragraph(text)))
    assert html.unescape(rendered.html) == (text or "…")
    assert "<" not in rendered.html.replace("&lt;", "")


def test_a_lead_line_comes_first() -> None:
    rendered = render(screen(Paragraph("Welcome", heading=True)), lead="Sorry & again")
    assert rendered.html == "Sorry &amp; again\n\n<b>Welcome</b>"


def test_buttons_keep_their_rows_labels_and_data() -> None:
    rows = ((Button("A", "1.a.en...0."), Button("B", "1.b.en...0.")), (Button("C", "x"),))
    rendered = render(screen(Paragraph("Pick"), rows=rows))
    assert rendered.keyboard is not None
    keyboard = [
        [(b.text, b.callback_data) for b in row] for row in rendered.keyboard.inline_keyboard
    ]
    assert keyboard == [[("A", "1.a.en...0."), ("B", "1.b.en...0.")], [("C", "x")]]


def test_a_screen_too_long_for_telegram_loses_whole_paragraphs_from_the_end() -> None:
    # Telegram counts UTF-16 code units: each 🆘 counts twice, so each paragraph is 1,202 long.
    paragraphs = [Paragraph(f"{n} " + "🆘" * 600) for n in range(6)]
    rendered = render(screen(Paragraph("Title", heading=True), *paragraphs))
    kept = rendered.html.split("\n\n")
    assert kept == ["<b>Title</b>", *(f"{n} " + "🆘" * 600 for n in range(3))]
    visible = html.unescape(rendered.html.replace("<b>", "").replace("</b>", ""))
    assert len(visible.encode("utf-16-le")) // 2 <= MAX_TEXT_LENGTH


def test_a_keyboard_is_built_once_and_sent_as_ptb_would_send_it() -> None:
    rows = ((Button("Legal help", "1.choose_region.en.legal..0."),), (Button("Erase", "e"),))
    first, again = render(screen(rows=rows)).keyboard, render(screen(rows=rows)).keyboard
    assert first is not None and first is again  # the same keyboard object, built once
    plain = InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows]
    )
    assert first == plain
    assert json.dumps(first.to_dict()) == json.dumps(first.to_dict()) == json.dumps(plain.to_dict())


@given(st.lists(st.lists(st.text(min_size=1), min_size=1, max_size=3), max_size=4))
def test_any_keyboard_serialises_like_ptbs_own(labels: list[list[str]]) -> None:
    rows = tuple(tuple(Button(label, f"d{i}") for i, label in enumerate(row)) for row in labels)
    keyboard = render(screen(rows=rows)).keyboard
    if not rows:
        assert keyboard is None
        return
    assert keyboard is not None
    plain = InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows]
    )
    assert keyboard.to_dict() == plain.to_dict()
    assert keyboard.to_dict(recursive=False).keys() == plain.to_dict(recursive=False).keys()
