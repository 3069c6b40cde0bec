"""bot/channels/terminal.py: a line typed at the prompt becomes the event Telegram would send."""

from __future__ import annotations

import io

import pytest

from bot.channels.terminal import event_for, run_session
from bot.content import Content
from bot.flows.events import Command, Event, Pressed, Start, Typed
from tests.helpers.content import WEDNESDAY_MORNING


@pytest.mark.parametrize(
    ("typed", "event"),
    [
        ("/privacy", Command("privacy")),
        ("/PRIVACY", Command("privacy")),
        ("/privacy@CityInfoBot", Command("privacy")),
        ("/start", Start(None)),
        ("/start legal_wa-king_es", Start("legal_wa-king_es")),
        ("/start@CityInfoBot h5f", Start("h5f")),
        ("/nonsense", Command("nonsense")),  # the engine answers it with the start screen
        ("/ lawyer", Typed("/ lawyer")),
        ("lawyer near me", Typed("lawyer near me")),
        ("99", Typed("99")),  # no 99th button: a search, as in Telegram
    ],
)
def test_a_typed_line_is_the_event_telegram_would_send(
    typed: str, event: Event, content: Content
) -> None:
    screen = content.engine.handle(Start(), WEDNESDAY_MORNING)
    assert event_for(typed, screen, None) == event


def test_a_number_presses_that_button(content: Content) -> None:
    screen = content.engine.handle(Start(), WEDNESDAY_MORNING)
    assert event_for("1", screen, "es") == Pressed(screen.buttons[0].data, language_code="es")


def test_a_session_shows_what_the_engine_shows_for_the_same_event(content: Content) -> None:
    out = io.StringIO()
    run_session(content.engine, ["/start h5f"], out, clock=lambda: WEDNESDAY_MORNING)
    expected = content.engine.handle(Start("h5f"), WEDNESDAY_MORNING)
    assert expected.state.screen == "results"
    assert expected.paragraphs[0].text.upper() in out.getvalue()
