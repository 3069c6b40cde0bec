"""Atheris harness: any event a person (or a modified client) can cause, into the engine.

Input: a byte for the kind of event (a button pressed with text or bytes as its data, a
start payload, typed text, a command), a byte for the app's language, then the event's text
(UTF-8; invalid bytes become lone surrogates). The screen must be one a person can use
(tests/fuzz/checks.py), and data the bot never packed must give the start screen.

    python fuzz/fuzz_engine.py [corpus] -max_total_time=60    # or fuzz/run.py for all
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bot`, `fuzz` and `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import atheris

with atheris.instrument_imports(include=["bot"]):
    from bot.content import load_content
    from bot.directory.entries import LoadOptions
    from bot.flows.events import Command, Event, Pressed, Start, Typed
    from bot.flows.state import unpack

from fuzz.seeds import COMMAND, PRESSED, PRESSED_BYTES, START, TYPED
from tests.fuzz.checks import assert_usable
from tests.helpers.content import WEDNESDAY_MORNING

LANGUAGES = (None, "en", "es", "es-419", "fr")
_loaded = load_content(options=LoadOptions(today=dt.date(2026, 11, 28))).content
assert _loaded is not None, "the shipped content does not load"
CONTENT = _loaded


def event_of(data: bytes) -> Event:
    kind = data[0] % 5 if data else PRESSED
    language = LANGUAGES[data[1] % len(LANGUAGES)] if len(data) > 1 else None
    raw = data[2:]
    text = raw.decode("utf-8", "surrogateescape")
    if kind == PRESSED:
        return Pressed(text, language)
    if kind == PRESSED_BYTES:
        return Pressed(raw, language)
    if kind == START:
        return Start(text, language)
    if kind == TYPED:
        return Typed(text, language)
    assert kind == COMMAND
    return Command(text, language)


def test_one_input(data: bytes) -> None:
    event = event_of(data)
    screen = CONTENT.engine.handle(event, WEDNESDAY_MORNING)
    assert_usable(CONTENT, screen)
    if isinstance(event, Pressed) and unpack(event.data) is None:
        assert screen.state == CONTENT.engine.start_state(event.language_code)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
