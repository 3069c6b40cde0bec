"""The engine in a terminal: screens as text, buttons numbered, no token and no network.

Type a number to press a button, `/privacy` or `/start <payload>` as in Telegram (a deep-link
payload, or a printed card's code: `/start h5f`), `location: 47.6, -122.3` to share a location,
anything else to search, `q` to quit. The prompt is in the language of the screen shown. Works
the same when stdin is a pipe (one input per line), so a session can be scripted:
`printf '1\n2\nq\n' | python -m bot try`.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable, Iterable
from typing import TextIO

from bot.flows.engine import Engine
from bot.flows.events import Command, Event, Located, Pressed, Start, Typed
from bot.flows.models import Effect
from bot.flows.screen import Screen

RULE = "─" * 60
QUIT_WORDS = frozenset({"q", "quit", "exit", "salir"})
# The terminal's own words, in every locale (conversations/locales/<language>.yaml).
PROMPT_KEY = "terminal.prompt"
ERASED_KEY = "terminal.erased"
BYE_KEY = "terminal.bye"
# A Telegram command: /name, maybe /name@SomeBot, then the rest (for /start, the payload).
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+(?P<rest>.*))?$")
# A shared location, as Telegram's location button would send it: "location: 47.6, -122.3".
_LOCATION = re.compile(r"loc(?:ation)?:\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)")


def format_screen(screen: Screen, width: int = 72) -> str:
    """A screen as plain text, with its buttons numbered from 1."""
    lines = [RULE]
    for paragraph in screen.paragraphs:
        text = paragraph.text.upper() if paragraph.heading else paragraph.text
        for raw in text.splitlines() or [""]:
            lines += textwrap.wrap(raw, width) or [""]
        lines.append("")
    number = 0
    for row in screen.rows:
        cells = []
        for button in row:
            number += 1
            cells.append(f"[{number}] {button.label}")
        lines.append("  ".join(cells))
    return "\n".join(lines)


def run_session(
    engine: Engine,
    inputs: Iterable[str],
    output: TextIO,
    *,
    language: str | None = None,
    echo: bool = False,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> int:
    """Talk to the engine until the inputs run out or the person types q. Returns 0."""
    screen = engine.handle(Start(language_code=language), clock())
    _show(engine, screen, output)
    for raw in inputs:
        entry = raw.strip()
        if echo:
            output.write(f"> {entry}\n")
        if entry.lower() in QUIT_WORDS:
            break
        if not entry:
            continue
        screen = engine.handle(event_for(entry, screen, language), clock())
        _show(engine, screen, output)
    output.write(_words(engine, screen, BYE_KEY) + "\n")
    return 0


def event_for(entry: str, screen: Screen, language: str | None) -> Event:
    """What a line typed at the prompt means: a button, a command, or text to search."""
    buttons = screen.buttons
    if entry.isdigit() and 1 <= int(entry) <= len(buttons):
        return Pressed(buttons[int(entry) - 1].data, language_code=language)
    shared = _LOCATION.fullmatch(entry)
    if shared:
        return Located(float(shared[1]), float(shared[2]), language_code=language)
    command = _COMMAND.match(entry)
    if command is None:
        return Typed(entry, language_code=language)
    name, rest = command["name"].lower(), (command["rest"] or "").split()
    if name == "start":  # as Telegram sends a deep link: /start <payload>
        return Start(rest[0] if rest else None, language_code=language)
    return Command(name, language_code=language)


def _show(engine: Engine, screen: Screen, output: TextIO) -> None:
    if Effect.ERASE in screen.effects:
        output.write(_words(engine, screen, ERASED_KEY) + "\n")
    output.write(format_screen(screen) + "\n")
    output.write(_words(engine, screen, PROMPT_KEY) + "\n")
    output.flush()


def _words(engine: Engine, screen: Screen, key: str) -> str:
    """The terminal's words, in the language of the screen shown."""
    return engine.flow.translations.text(screen.state.language, key)
